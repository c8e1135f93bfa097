/**
 * Demo Standorte for the Terminbuchung: Musterstadt's Bürgerbüro (three
 * counters, one of them kept for phone bookings; Thursday afternoon and
 * Saturday morning with fewer) and the Ordnungsamt's trade office (advice on
 * Gewerbe by video or phone, too); Beispielhausen's Einwohnermeldeamt with
 * one counter. Durations are those Bürgerbüros typically plan.
 */
import type { Executor } from '../src/core/db/database.ts';
import type { ApptVariant } from '../src/core/db/tables.ts';

interface DemoLocation {
  slug: string;
  name: string;
  address: string;
  directions: string;
  unit: string;
  slotMinutes: number;
  services: { slug: string; minutes: number; maxQuantity: number; variants: ApptVariant[] }[];
  /** weekday (1 = Monday), from, to, counters, of them online, of them phone */
  hours: [number, string, string, number, number, number][];
}

const weekdays = (from: string, to: string, counters: number, online: number, phone: number): DemoLocation['hours'] => [1, 2, 3, 4, 5].map((d) => [d, from, to, counters, online, phone]);

const locations: Record<string, DemoLocation[]> = {
  musterstadt: [
    {
      slug: 'buergerbuero',
      name: 'Bürgerbüro im Rathaus',
      address: 'Marktplatz 1, 32999 Musterstadt',
      directions: 'Erdgeschoss, stufenloser Zugang über den Seiteneingang Kirchgasse; Behindertenparkplätze am Marktplatz. Bitte kommen Sie pünktlich; die Wartenummer erhalten Sie am Eingang.',
      unit: 'buergerbuero',
      slotMinutes: 10,
      services: [
        { slug: 'personalausweis', minutes: 20, maxQuantity: 5, variants: ['onsite'] },
        { slug: 'reisepass', minutes: 20, maxQuantity: 5, variants: ['onsite'] },
        { slug: 'anmeldung-wohnsitz', minutes: 15, maxQuantity: 6, variants: ['onsite'] },
        { slug: 'meldebescheinigung', minutes: 10, maxQuantity: 3, variants: ['onsite'] },
        { slug: 'fuehrungszeugnis', minutes: 10, maxQuantity: 2, variants: ['onsite'] },
      ],
      hours: [...weekdays('08:00', '12:30', 3, 2, 1), [4, '14:00', '18:00', 2, 1, 1], [6, '09:00', '12:00', 1, 1, 0]],
    },
    {
      slug: 'gewerbe',
      name: 'Gewerbeamt (Ordnungsamt)',
      address: 'Marktplatz 1, 32999 Musterstadt',
      directions: 'Rathaus, 1. Obergeschoss, Zimmer 104; Aufzug neben dem Haupteingang.',
      unit: 'ordnungsamt',
      slotMinutes: 15,
      services: [
        { slug: 'gewerbeanmeldung', minutes: 30, maxQuantity: 1, variants: ['onsite', 'phone', 'video'] },
        { slug: 'gewerbeummeldung', minutes: 15, maxQuantity: 1, variants: ['onsite', 'phone', 'video'] },
        { slug: 'gewerbeabmeldung', minutes: 15, maxQuantity: 1, variants: ['onsite', 'phone'] },
      ],
      hours: [
        [2, '09:00', '12:00', 1, 1, 0],
        [4, '09:00', '12:00', 1, 1, 0],
      ],
    },
  ],
  beispielhausen: [
    {
      slug: 'meldeamt',
      name: 'Einwohnermeldeamt',
      address: 'Rathausplatz 2, 94999 Beispielhausen',
      directions: 'Rathaus, Erdgeschoss links.',
      unit: 'einwohnermeldeamt',
      slotMinutes: 15,
      services: [
        { slug: 'personalausweis', minutes: 30, maxQuantity: 4, variants: ['onsite'] },
        { slug: 'reisepass', minutes: 30, maxQuantity: 4, variants: ['onsite'] },
        { slug: 'meldebescheinigung', minutes: 15, maxQuantity: 2, variants: ['onsite'] },
      ],
      hours: [...weekdays('08:00', '12:00', 1, 1, 0), [2, '14:00', '17:30', 1, 1, 0]],
    },
  ],
};

export async function seedAppointments(executor: Executor, tenantId: string, tenantSlug: string, unitId: (slug: string) => string): Promise<void> {
  for (const [position, demo] of (locations[tenantSlug] ?? []).entries()) {
    const location = await executor
      .insertInto('appt_locations')
      .values({ tenant_id: tenantId, slug: demo.slug, name: demo.name, address: demo.address, directions: demo.directions, unit_id: unitId(demo.unit), slot_minutes: demo.slotMinutes, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [index, s] of demo.services.entries()) {
      const service = await executor.selectFrom('portal_services').select('id').where('tenant_id', '=', tenantId).where('slug', '=', s.slug).executeTakeFirstOrThrow();
      await executor
        .insertInto('appt_services')
        .values({ tenant_id: tenantId, location_id: location.id, service_id: service.id, minutes: s.minutes, max_quantity: s.maxQuantity, variants: s.variants, position: index })
        .execute();
    }
    await executor
      .insertInto('appt_opening_hours')
      .values(demo.hours.map(([weekday, starts, ends, counters, online, phone]) => ({ tenant_id: tenantId, location_id: location.id, weekday, starts, ends, valid_from: '2026-01-01', counters, online, phone })))
      .execute();
  }
}
