/**
 * The mixes of citizen actions the drills stream: writes (an application
 * through the journey, an appointment booking, a Mängelmelder report) and
 * reads (catalogue, a service page, the Open311 list, the slot calendar).
 */
import { request } from '../../bench/harness/http.ts';
import { applyOnline, bookAppointment, nextIp, reportProblem, type SlotPool } from './citizen.ts';
import type { Action, Outcome, Sample } from './stream.ts';
import type { Fixtures } from './template.ts';

/** The application every write mix sends: Briefwahl (no fee, no upload), the portal's busiest service at election time. */
export const APPLICATION_SLUG = 'briefwahl';

export function writeActions(base: () => string, fixtures: Fixtures, slots: SlotPool, timeoutMs: number, weights = { application: 2, booking: 3, report: 3 }): Action[] {
  return [
    {
      kind: 'application',
      weight: weights.application,
      run: async (): Promise<Outcome> => {
        const r = await applyOnline(base(), APPLICATION_SLUG, { timeoutMs });
        return { status: r.status, acknowledged: r.acknowledged, id: r.draftId, ...(r.step !== 'submit' ? { error: `stopped at ${r.step}` } : {}) };
      },
    },
    {
      kind: 'booking',
      weight: weights.booking,
      run: async (): Promise<Outcome> => {
        const slot = slots.next();
        if (!slot) return { status: 0, acknowledged: false, id: null, error: 'no free slot left' };
        return bookAppointment(base(), slot, fixtures, { timeoutMs });
      },
    },
    { kind: 'report', weight: weights.report, run: () => reportProblem(base(), fixtures.open311Keys, { timeoutMs }) },
  ];
}

/**
 * Reads: the catalogue as an anonymous visitor gets it (from the page cache
 * when it is warm), and reads that always reach the database (`?lang=`
 * bypasses the page cache; the appointment API reads live data).
 */
const READ_PATHS = ['/leistungen', '/leistungen/meldebescheinigung?lang=de', '/open311/v2/requests.json?lang=de', '/oparl/v1.1/bodies?lang=de', '/api/v1/appointments/locations'];

export function readActions(base: () => string, timeoutMs: number, weight = 4): Action[] {
  return READ_PATHS.map((path) => ({
    kind: `read ${path}`,
    weight: weight / READ_PATHS.length,
    run: async (): Promise<Outcome> => {
      const res = await request(`${base()}${path}`, { headers: { 'x-forwarded-for': nextIp() }, timeoutMs });
      return { status: res.status, acknowledged: false, id: null, ...(res.error ? { error: res.error } : {}) };
    },
  }));
}

/** The acknowledged writes of a stream, by kind, as database keys. */
export function acknowledgedWrites(samples: readonly Sample[]): { applications: string[]; bookings: string[]; reports: string[] } {
  const ids = (kind: string) => samples.filter((s) => s.kind === kind && s.outcome.acknowledged && s.outcome.id).map((s) => s.outcome.id as string);
  return { applications: ids('application'), bookings: ids('booking'), reports: ids('report') };
}
