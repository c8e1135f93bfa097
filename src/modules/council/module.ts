/**
 * Ratsinformationssystem: OParl 1.1's data model (migration 0013, schema.ts)
 * with four faces — the public portal (public/), the Ratsbüro's
 * Sitzungsdienst (office/), the member area for council members (member/)
 * and the read-only OParl 1.1 API (oparl/). Documents are rendered and read
 * in documents/; council.service.ts holds what all faces share, above all
 * the one rule who may read which council file.
 */
import { z } from 'zod';
import type { RathausModule } from '../../core/module.ts';
import { councilMessages } from './messages.ts';
import { COUNCIL_FILE_REPORT_CASE_TYPE } from './file-report.ts';
import { councilPublicMessages, councilPublicRoutes } from './public/public.routes.tsx';
import { councilOfficeJobs, councilOfficeMessages, councilOfficeNavigation, councilOfficeRoutes } from './office/office.routes.tsx';
import { councilMemberMessages, councilMemberNavigation, councilMemberRoutes } from './member/member.routes.tsx';
import { oparlRoutes } from './oparl/oparl.routes.ts';

export { COUNCIL_FILE_REPORT_CASE_TYPE };

export const councilModule: RathausModule = {
  name: 'council',
  messages: [councilMessages, councilPublicMessages, councilOfficeMessages, councilMemberMessages],
  navigation: {
    public: [{ labelKey: 'council.nav', href: '/ratsinfo', order: 40 }],
    staff: [...councilOfficeNavigation, ...councilMemberNavigation],
  },
  startTiles: [{ titleKey: 'council.tile.title', textKey: 'council.tile.text', href: '/ratsinfo', order: 40 }],
  settings: [
    { key: 'council.invitationDays', description: 'Ratsinformation: Ladungsfrist — full days between sending the invitation and the meeting (Geschäftsordnung; NRW commonly 7, Bayern 3–7)', schema: z.coerce.number().int().min(1).max(60), defaultValue: 7 },
    { key: 'council.officeUnit', description: 'Ratsinformation: slug of the Organisationseinheit of the Ratsbüro (receives "report this file" notices as Vorgänge)', schema: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), defaultValue: 'hauptamt' },
    { key: 'council.license', description: 'Ratsinformation: licence URL of the published council data (OParl System.license)', schema: z.string().regex(/^https?:\/\/\S+$/), defaultValue: 'https://www.govdata.de/dl-de/by-2-0' },
    { key: 'council.fileReportRetentionDays', description: 'Ratsinformation: days after closing until a "report this file" Vorgang is anonymised', schema: z.coerce.number().int().min(30).max(3650), defaultValue: 180 },
  ],
  caseTypes: [
    {
      type: COUNCIL_FILE_REPORT_CASE_TYPE,
      prefix: 'RI',
      labelKey: 'council.caseType.fileReport',
      retentionSetting: 'council.fileReportRetentionDays',
      describe: (data, t) => [
        { label: t('council.fileReport.field.file'), value: String(data.fileName ?? '') },
        { label: t('council.fileReport.field.reason'), value: t(`council.fileReport.reason.${String(data.reason ?? 'other')}`) },
        { label: t('council.fileReport.field.text'), value: String(data.text ?? '') },
      ],
    },
  ],
  publicRoutes: async (app, services) => {
    await councilPublicRoutes(app, services);
    await oparlRoutes(app, services);
  },
  staffRoutes: async (app, services) => {
    await councilOfficeRoutes(app, services);
    await councilMemberRoutes(app, services);
  },
  // Invitations scheduled for the legal deadline (Ladungsfrist) go out from here, once.
  jobs: councilOfficeJobs,
};
