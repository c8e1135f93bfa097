/**
 * Terminbuchung: Standorte, opening hours and capacity (model/), the booking
 * engine and its state machine (booking/), the citizen journey (public/),
 * the Bürgerbüro's day and week views and bookings on behalf (staff/), and
 * the public JSON API (api/).
 */
import { z } from 'zod';
import type { RathausModule } from '../../core/module.ts';
import { appointmentMessages } from './messages.ts';
import { journeyRoutes } from './public/journey.routes.tsx';
import { journeyMessages } from './public/messages.ts';
import { setupMessages } from './setup/messages.ts';
import { setupNavigation, setupRoutes } from './setup/setup.routes.tsx';
import { appointmentApiRoutes } from './api/api.routes.ts';
import { appointmentApiDocs } from './api/api.docs.ts';
import { appointmentStaffMessages, appointmentStaffNavigation, appointmentStaffRoutes } from './staff/staff.routes.tsx';
import { APPOINTMENT_CASE_TYPE, REFERENCE_PREFIX } from './booking/booking.service.ts';
import { appointmentsOf } from './booking/instance.ts';
import { formatWhen } from './format.ts';

const RELEASE_QUEUE = 'appointments.release';
const REMINDER_QUEUE = 'appointments.reminders';
const TIDY_QUEUE = 'appointments.tidy';

export { appointmentsOf };

export const appointmentsModule: RathausModule = {
  name: 'appointments',
  messages: [appointmentMessages, journeyMessages, setupMessages, appointmentStaffMessages],
  navigation: { public: [{ labelKey: 'appointments.nav', href: '/termine', order: 20 }], staff: [...appointmentStaffNavigation, ...setupNavigation] },
  startTiles: [{ titleKey: 'appointments.tile.title', textKey: 'appointments.tile.text', href: '/termine', order: 20 }],
  staffRoutes: async (app, services) => {
    setupRoutes(app, services);
    await appointmentStaffRoutes(app, services);
  },
  settings: [
    { key: 'appointments.captcha', description: 'Termine: ALTCHA proof of work (self-hosted) on the calendar and the booking; false switches it off, e.g. for a load test', schema: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]), defaultValue: true },
    { key: 'appointments.maxActivePerPerson', description: 'Termine: upcoming appointments one person (normalised e-mail) may hold at once, unconfirmed ones included', schema: z.coerce.number().int().min(1).max(100), defaultValue: 3 },
    { key: 'appointments.reminderHours', description: 'Termine: hours before an appointment that the reminder mail goes out (for citizens who asked for one)', schema: z.coerce.number().int().min(1).max(168), defaultValue: 24 },
    { key: 'appointments.videoBaseUrl', description: 'Termine: base URL of the video conference server (Jitsi, OpenTalk …) for video appointments; empty: no video appointments', schema: z.union([z.literal(''), z.url({ protocol: /^https$/ })]), defaultValue: '' },
    { key: 'appointments.retentionDays', description: 'Termine: days after an appointment (or its cancellation) until its personal data is anonymised', schema: z.coerce.number().int().min(7).max(3650), defaultValue: 90 },
  ],
  caseTypes: [
    {
      type: APPOINTMENT_CASE_TYPE,
      prefix: REFERENCE_PREFIX,
      labelKey: 'appointments.caseType',
      retentionSetting: 'appointments.retentionDays',
      describe: (data, t, locale) => {
        const services = (data.services ?? []) as { title: string; quantity: number }[];
        return [
          { label: t('appointments.field.when'), value: typeof data.startsAt === 'string' ? formatWhen(new Date(data.startsAt), locale) : '' },
          { label: t('appointments.field.location'), value: String(data.location ?? '') },
          { label: t('appointments.field.services'), value: services.map((s) => (s.quantity > 1 ? `${s.title} × ${s.quantity}` : s.title)).join(', ') },
          { label: t('appointments.field.variant'), value: t(`appointments.variant.${String(data.variant ?? 'onsite')}`) },
          { label: t('appointments.field.channel'), value: t(`appointments.channel.${String(data.channel ?? 'online')}`) },
          ...(data.phone ? [{ label: t('appointments.field.phone'), value: String(data.phone) }] : []),
          ...(data.note ? [{ label: t('appointments.field.note'), value: String(data.note) }] : []),
        ];
      },
      anonymise: async (tx, c) => {
        await tx
          .updateTable('appt_bookings')
          .set({ name: null, email: null, email_key: null, phone: null, note: null, cancel_reason: null, holder_hash: null, anonymised_at: new Date() })
          .where('tenant_id', '=', c.tenantId)
          .where('case_id', '=', c.id)
          .execute();
      },
      staffLinks: (c, t) => (typeof c.data.bookingId === 'string' ? [{ label: t('appointments.staff.open'), href: `/verwaltung/termine/buchung/${c.data.bookingId}` }] : []),
    },
  ],
  publicRoutes: journeyRoutes,
  apiRoutes: appointmentApiRoutes,
  apiDocs: appointmentApiDocs,
  jobs: {
    queues: [
      { name: RELEASE_QUEUE, policy: 'exclusive', retryLimit: 1 },
      { name: REMINDER_QUEUE, policy: 'exclusive', retryLimit: 3, retryDelay: 60 },
      { name: TIDY_QUEUE, policy: 'exclusive', retryLimit: 3, retryDelay: 600 },
    ],
    register: async (services, logger) => {
      const appointments = appointmentsOf(services);
      await services.jobs.work(RELEASE_QUEUE, async () => {
        const released = await appointments.releaseDue();
        if (released) logger.info({ released }, 'appointments: expired holds and due releases done');
      });
      await services.jobs.schedule(RELEASE_QUEUE, '* * * * *');
      await services.jobs.work(REMINDER_QUEUE, async () => {
        const sent = await appointments.sendReminders();
        if (sent) logger.info({ sent }, 'appointments: reminders queued');
      });
      // Every minute: a reminder is due at an exact lead time, and the query touches only the partial index of open reminders.
      await services.jobs.schedule(REMINDER_QUEUE, '* * * * *');
      await services.jobs.work(TIDY_QUEUE, async () => {
        const done = await appointments.tidyUp();
        if (done.closed || done.anonymised) logger.info(done, 'appointments: past Vorgänge closed, old bookings anonymised');
      });
      await services.jobs.schedule(TIDY_QUEUE, '10 3 * * *');
    },
  },
};
