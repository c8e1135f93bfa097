/**
 * The citizen's mails about an appointment, each queued in the transaction of
 * the change it reports: the confirmation link, the confirmation (and a moved
 * time) with a calendar REQUEST, the reminder, and the cancellation with a
 * calendar CANCEL. The calendar entry keeps one UID for the appointment's
 * life; SEQUENCE follows `ics_sequence`.
 */
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Db, Tx } from '../../../core/db/database.ts';
import type { JobQueue } from '../../../core/jobs/jobs.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import type { Tenant, TenantService } from '../../../core/tenancy/tenants.ts';
import { queueMail } from '../../../core/mail/outbox.ts';
import { buildIcalEvent, type IcalMethod } from '../../../core/ical/ical.ts';
import { formatWhen, formatClock } from '../format.ts';

export interface BookingForMail {
  tenant: Tenant;
  id: string;
  reference: string;
  startsAt: Date;
  endsAt: Date;
  name: string | null;
  email: string | null;
  locale: Locale;
  variant: ApptVariant;
  videoRoom: string | null;
  icsSequence: number;
  caseId: string | null;
  confirmExpiresAt: Date | null;
  locationName: string;
  address: string;
  cancelUntilHours: number;
  organizer: { name: string; email: string | null };
  services: { title: string; quantity: number; requiredDocuments: string[] }[];
}

export function servicesText(services: readonly { title: string; quantity: number }[], locale: Locale): string {
  return services.map((s) => (s.quantity > 1 ? `${s.title} (${s.quantity} ${locale === 'de' ? 'Personen' : 'persons'})` : s.title)).join(', ');
}

export function videoUrl(base: string, room: string | null): string | undefined {
  if (!base || !room) return undefined;
  return `${base.replace(/\/+$/, '')}/${room}`;
}

export function appointmentNotifier(deps: { db: Db; jobs: JobQueue; tenants: TenantService; baseUrl(tenantId: string): Promise<string>; now: () => Date }) {
  const { jobs, tenants } = deps;

  async function calendar(b: BookingForMail, method: Exclude<IcalMethod, 'PUBLISH'>, manageUrl: string | undefined, video: string | undefined): Promise<{ method: IcalMethod; content: string }> {
    const host = new URL(await deps.baseUrl(b.tenant.id)).hostname;
    const organizerEmail = b.organizer.email ?? b.tenant.contact.email ?? `noreply@${host.includes('.') ? host : `${host}.invalid`}`;
    const bring = [...new Set(b.services.flatMap((s) => s.requiredDocuments))];
    const description = [
      `Buchungsnummer: ${b.reference}`,
      `Anliegen: ${servicesText(b.services, 'de')}`,
      ...(bring.length ? [`Bitte mitbringen: ${bring.join('; ')}`] : []),
      ...(video ? [`Videotermin: ${video}`] : []),
      ...(manageUrl ? [`Absagen oder verschieben: ${manageUrl}`] : []),
    ].join('\n');
    return {
      method,
      content: buildIcalEvent({
        method,
        prodId: `-//${b.tenant.name}//Rathaus Terminbuchung//DE`,
        uid: `${b.reference}@${host}`,
        sequence: b.icsSequence,
        dtstamp: deps.now(),
        start: b.startsAt,
        end: b.endsAt,
        summary: `Termin ${b.locationName}: ${servicesText(b.services, 'de')}`,
        location: b.variant === 'video' ? (video ?? b.locationName) : b.address ? `${b.locationName}, ${b.address}` : b.locationName,
        description,
        ...(manageUrl ? { url: manageUrl } : {}),
        organizer: { name: `${b.tenant.name}, ${b.organizer.name}`, email: organizerEmail },
        attendee: { name: b.name ?? '', email: b.email as string },
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        ...(method === 'REQUEST' ? { alarmMinutesBefore: 60 } : {}),
      }),
    };
  }

  async function common(b: BookingForMail, manageToken: string) {
    const base = await deps.baseUrl(b.tenant.id);
    const videoBase = await tenants.getSetting<string>(b.tenant.id, 'appointments.videoBaseUrl');
    return {
      manageUrl: `${base}/termine/buchung/${manageToken}`,
      video: b.variant === 'video' ? videoUrl(videoBase, b.videoRoom) : undefined,
      params: {
        tenantName: b.tenant.name,
        reference: b.reference,
        when: formatWhen(b.startsAt, b.locale),
        locationName: b.locationName,
        address: b.address,
        services: servicesText(b.services, b.locale),
      },
    };
  }

  return {
    async confirmRequest(tx: Tx, b: BookingForMail, confirmToken: string): Promise<void> {
      if (!b.email || !b.confirmExpiresAt) return;
      const base = await deps.baseUrl(b.tenant.id);
      await queueMail(tx, jobs, {
        tenantId: b.tenant.id,
        to: b.email,
        locale: b.locale,
        template: 'appointment.confirm',
        params: {
          tenantName: b.tenant.name,
          reference: b.reference,
          when: formatWhen(b.startsAt, b.locale),
          locationName: b.locationName,
          services: servicesText(b.services, b.locale),
          confirmUrl: `${base}/termine/bestaetigen/${confirmToken}`,
          expiresAt: formatClock(b.confirmExpiresAt, b.locale),
        },
      });
    },

    async confirmed(tx: Tx, b: BookingForMail, manageToken: string, options: { rescheduled: boolean }): Promise<void> {
      if (!b.email) return;
      const c = await common(b, manageToken);
      const cancelUntil = new Date(b.startsAt.getTime() - b.cancelUntilHours * 3_600_000);
      await queueMail(tx, jobs, {
        tenantId: b.tenant.id,
        caseId: b.caseId,
        to: b.email,
        locale: b.locale,
        template: 'appointment.confirmed',
        params: {
          ...c.params,
          manageUrl: c.manageUrl,
          videoUrl: c.video,
          phoneCall: b.variant === 'phone',
          rescheduled: options.rescheduled,
          bring: [...new Set(b.services.flatMap((s) => s.requiredDocuments))],
          cancelUntil: formatWhen(cancelUntil, b.locale),
        },
        calendar: await calendar(b, 'REQUEST', c.manageUrl, c.video),
      });
    },

    async reminder(tx: Tx, b: BookingForMail, manageToken: string): Promise<void> {
      if (!b.email) return;
      const c = await common(b, manageToken);
      await queueMail(tx, jobs, {
        tenantId: b.tenant.id,
        caseId: b.caseId,
        to: b.email,
        locale: b.locale,
        template: 'appointment.reminder',
        params: { ...c.params, manageUrl: c.manageUrl, videoUrl: c.video, phoneCall: b.variant === 'phone' },
      });
    },

    async cancelled(tx: Tx, b: BookingForMail, reason: string | null): Promise<void> {
      if (!b.email) return;
      const base = await deps.baseUrl(b.tenant.id);
      await queueMail(tx, jobs, {
        tenantId: b.tenant.id,
        caseId: b.caseId,
        to: b.email,
        locale: b.locale,
        template: 'appointment.cancelled',
        params: {
          tenantName: b.tenant.name,
          reference: b.reference,
          when: formatWhen(b.startsAt, b.locale),
          locationName: b.locationName,
          services: servicesText(b.services, b.locale),
          reason: reason ?? undefined,
          bookUrl: `${base}/termine`,
        },
        calendar: await calendar(b, 'CANCEL', undefined, undefined),
      });
    },
  };
}
