/**
 * Mängelmelder and Beschwerdemanagement: categories and the intake of
 * reports (reports.service.ts, one path for web, Open311 and staff), the
 * citizen's report journey and the public map/list (public/), the reporter's
 * loop (status page, reopen, feedback, "Meine Meldungen", following), the
 * back office (staff/), statistics (statistics/), complaints (complaints/)
 * and a complete Open311 GeoReport v2 server (open311/).
 */
import { z } from 'zod';
import type { RathausModule } from '../../core/module.ts';
import { reportMessages } from './messages.ts';
import { anonymiseReport, REPORT_CASE_TYPE, REPORT_PREFIX } from './reports.service.ts';
import { reportsOf } from './instance.ts';
import { reportJourneyMessages, reportJourneyRoutes } from './public/report.routes.tsx';
import { reportBrowseMessages, reportBrowseRoutes } from './public/browse.routes.tsx';
import { open311Routes } from './open311/open311.routes.ts';
import { contractorRoutes, reportStaffMessages, reportStaffNavigation, reportStaffRoutes } from './staff/staff.routes.tsx';
import { complaintMessages, complaintPublicRoutes, complaintStaffNavigation, complaintStaffRoutes } from './complaints/complaint.routes.tsx';
import { reportStatisticsMessages, reportStatisticsNavigation, reportStatisticsRoutes } from './statistics/statistics.routes.tsx';
import { COMPLAINT_CASE_TYPE, COMPLAINT_PREFIX } from './complaints/complaint-type.ts';
import { tidyReports } from './tidy.ts';

const TIDY_QUEUE = 'reports.tidy';

const booleanSetting = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export { reportsOf };

export const reportsModule: RathausModule = {
  name: 'reports',
  messages: [reportMessages, reportJourneyMessages, reportBrowseMessages, reportStaffMessages, complaintMessages, reportStatisticsMessages],
  navigation: {
    public: [{ labelKey: 'reports.nav', href: '/maengelmelder', order: 30 }],
    staff: [...reportStaffNavigation, ...reportStatisticsNavigation, ...complaintStaffNavigation],
  },
  startTiles: [
    { titleKey: 'reports.tile.title', textKey: 'reports.tile.text', href: '/maengelmelder', order: 30 },
    { titleKey: 'complaints.tile.title', textKey: 'complaints.tile.text', href: '/beschwerde', order: 60 },
  ],
  settings: [
    { key: 'reports.reviewBeforePublish', description: 'Mängelmelder: true = a report\'s description and photos are public (web and Open311) only after a clerk released them; false = published at once (staff can hide or redact)', schema: booleanSetting, defaultValue: false },
    { key: 'reports.retentionDays', description: 'Mängelmelder: days after closing until the reporter\'s personal data is anonymised (unpublished photos deleted)', schema: z.coerce.number().int().min(7).max(3650), defaultValue: 90 },
    { key: 'reports.reopenDays', description: 'Mängelmelder: days after closing in which the reporter can say "nicht erledigt" and reopen the report', schema: z.coerce.number().int().min(0).max(365), defaultValue: 28 },
    { key: 'reports.bounds', description: 'Mängelmelder: the municipality\'s area as "minLat,minLng,maxLat,maxLng" (WGS84); points outside are refused, the map starts here', schema: z.string().regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/).or(z.literal('')), defaultValue: '' },
    { key: 'reports.tileUrl', description: 'Mängelmelder: map tile server URL template with {z}/{x}/{y} (https; http only for localhost, e.g. a stand-in in tests); empty = no map (the address field always works)', schema: z.union([z.literal(''), z.string().regex(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)[^\s"'<>]*\{z\}[^\s"'<>]*$/)]), defaultValue: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' },
    { key: 'reports.tileAttribution', description: 'Mängelmelder: attribution text the tile server requires', schema: z.string().max(200), defaultValue: '© OpenStreetMap-Mitwirkende' },
    { key: 'reports.duplicateRadiusMetres', description: 'Mängelmelder: open reports of the same category within this distance are offered as "Ist es dieses?"', schema: z.coerce.number().int().min(0).max(1000), defaultValue: 50 },
    { key: 'complaints.unit', description: 'Beschwerden: slug of the Organisationseinheit that receives complaints (Beschwerdemanagement)', schema: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), defaultValue: 'hauptamt' },
    { key: 'complaints.ackDays', description: 'Beschwerden: working days to acknowledge a complaint (Eingangsbestätigung)', schema: z.coerce.number().int().min(1).max(30), defaultValue: 3 },
    { key: 'complaints.answerDays', description: 'Beschwerden: working days to answer a complaint', schema: z.coerce.number().int().min(1).max(120), defaultValue: 15 },
    { key: 'complaints.retentionDays', description: 'Beschwerden: days after closing until a complaint is anonymised', schema: z.coerce.number().int().min(30).max(3650), defaultValue: 365 },
  ],
  caseTypes: [
    {
      type: REPORT_CASE_TYPE,
      prefix: REPORT_PREFIX,
      labelKey: 'reports.caseType',
      retentionSetting: 'reports.retentionDays',
      describe: (data, t) => [
        { label: t('reports.field.category'), value: String(data.category ?? '') },
        { label: t('reports.field.place'), value: String(data.place ?? '') },
        { label: t('reports.field.source'), value: t(`reports.source.${String(data.source ?? 'web')}`) },
        ...(data.phone ? [{ label: t('reports.field.phone'), value: String(data.phone) }] : []),
      ],
      // The report's state drives the Vorgang's status, never the other way round.
      statusBlocker: async () => 'reports.staff.useReportPage',
      staffLinks: async (c, t, db) => {
        const report = await db.selectFrom('reports').select('id').where('tenant_id', '=', c.tenantId).where('case_id', '=', c.id).executeTakeFirst();
        return report ? [{ label: t('reports.staff.open'), href: `/verwaltung/maengel/${report.id}` }] : [];
      },
      anonymise: (tx, c, helpers) => anonymiseReport(tx, c.tenantId, c.id, helpers.removeFile),
    },
    {
      type: COMPLAINT_CASE_TYPE,
      prefix: COMPLAINT_PREFIX,
      labelKey: 'complaints.caseType',
      retentionSetting: 'complaints.retentionDays',
      describe: (data, t) => [
        { label: t('complaints.field.topic'), value: String(data.topic ?? '') },
        { label: t('complaints.field.text'), value: String(data.text ?? '') },
        ...(data.unit ? [{ label: t('complaints.field.unit'), value: String(data.unit) }] : []),
      ],
      staffLinks: (c, t) => [{ label: t('complaints.staff.open'), href: `/verwaltung/beschwerden/${c.id}` }],
    },
  ],
  publicRoutes: (app, services) => {
    reportJourneyRoutes(app, services);
    reportBrowseRoutes(app, services);
    contractorRoutes(app, services);
    complaintPublicRoutes(app, services);
    open311Routes(app, services);
  },
  staffRoutes: async (app, services) => {
    await reportStaffRoutes(app, services);
    await reportStatisticsRoutes(app, services);
    await complaintStaffRoutes(app, services);
  },
  jobs: {
    queues: [{ name: TIDY_QUEUE, policy: 'exclusive', retryLimit: 3, retryDelay: 600 }],
    register: async (services, logger) => {
        await services.jobs.work(TIDY_QUEUE, async () => {
        const done = await tidyReports(services);
        if (Object.values(done).some((n) => n > 0)) logger.info(done, 'reports: expired drafts and unconfirmed subscriptions removed');
      });
      await services.jobs.schedule(TIDY_QUEUE, '25 3 * * *');
    },
  },
};
