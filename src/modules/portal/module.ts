/**
 * Bürgerserviceportal: the Leistungskatalog (catalog/), the declarative form
 * definitions and their engine (forms/), and the online application journey
 * that turns a filled form into a Vorgang (applications/).
 */
import type { RathausModule } from '../../core/module.ts';
import { catalogMessages, catalogNavigation, catalogPublicRoutes, catalogStaffRoutes, catalogStartTile } from './catalog/catalog.routes.tsx';
import { formDefinitions, formMessages, getForm, summary, type Answers } from './forms/engine.ts';
import { applyMessages } from './applications/messages.ts';
import { applicationRoutes } from './applications/applications.routes.tsx';
import { applicationCaseType } from './applications/submit-application.ts';
import { createDraftStore } from './applications/drafts.service.ts';
import { processingRoutes } from './applications/processing.routes.tsx';
import { approvalPath, approvalRoutes, approvalsNavigation } from './applications/approvals.routes.tsx';
import { approvalState, closeBlocker } from './applications/approvals.service.ts';
import { anonymiseExemption, exemptionBlocker, exemptionOf } from './applications/fee-exemptions.service.ts';
import { exemptionPath, feeExemptionRoutes } from './applications/fee-exemption.routes.tsx';
import { getProcessing } from './catalog/processing.ts';
import { portalPayables } from './applications/payment-step.ts';
import { z } from 'zod';
import { applicationApiDocs, applicationApiRoutes } from './applications/api.routes.ts';
import { statisticsMessages, statisticsNavigation, statisticsStaffRoutes } from './statistics/statistics.routes.tsx';

const DRAFT_PURGE_QUEUE = 'portal.drafts.purge';

export const portalModule: RathausModule = {
  name: 'portal',
  messages: [catalogMessages, formMessages, applyMessages, statisticsMessages],
  caseTypes: [...formDefinitions.values()].map((form) => ({
    type: applicationCaseType(form.id),
    prefix: form.prefix,
    labelKey: 'apply.caseType',
    labels: form.title,
    retentionSetting: 'cases.applicationRetentionDays',
    dueSetting: 'cases.contactDueDays',
    describe: (data, _t, locale) => {
      const definition = getForm(String(data.form ?? form.id), Number(data.formVersion ?? form.version)) ?? form;
      // Stored by the journey from the engine's own output.
      const answers = (data.answers ?? {}) as Answers;
      return summary(definition, answers, locale).flatMap((section) => section.rows.map((row) => ({ label: `${section.pageTitle}: ${row.label}`, value: row.value })));
    },
    retentionDays: async (tx, c) => (await getProcessing(tx, c.tenantId, String(c.data.service ?? '')))?.caseRetentionDays ?? null,
    statusBlocker: async (tx, c, toStatus) => (await exemptionBlocker(tx, c.tenantId, c.id, toStatus)) ?? closeBlocker(tx, c.tenantId, c, toStatus),
    anonymise: (tx, c) => anonymiseExemption(tx, c.tenantId, c.id),
    staffLinks: async (c, t, db) => {
      const exemption = await exemptionOf(db, c.tenantId, c.id);
      const exemptionLink = exemption ? [{ label: t(exemption.status === 'requested' ? 'process.link.exemptionOpen' : 'process.link.exemption'), href: exemptionPath(c.id) }] : [];
      if (c.closed) return exemptionLink;
      const approval = await approvalState(db, c.tenantId, c);
      return [
        ...exemptionLink,
        { label: t('process.link.document'), href: `/verwaltung/antraege/${c.id}/bescheid` },
        ...(approval.required ? [{ label: t('process.link.approval'), href: approvalPath(c.id) }] : []),
        { label: t('process.link.dispatch'), href: `/verwaltung/antraege/${c.id}/versand` },
      ];
    },
  })),
  payables: portalPayables,
  settings: [
    {
      key: 'cases.applicationRetentionDays',
      description: 'Days after closing until an online application is anonymised, unless its service sets its own period',
      schema: z.coerce.number().int().min(30).max(36500),
      defaultValue: 730,
    },
  ],
  navigation: { public: catalogNavigation.public, staff: [...catalogNavigation.staff, ...approvalsNavigation, ...statisticsNavigation] },
  startTiles: [catalogStartTile],
  publicRoutes: async (app, services) => {
    await catalogPublicRoutes(app, services);
    applicationRoutes(app, services);
  },
  staffRoutes: async (app, services) => {
    await catalogStaffRoutes(app, services);
    processingRoutes(app, services);
    approvalRoutes(app, services);
    feeExemptionRoutes(app, services);
    await statisticsStaffRoutes(app, services);
  },
  apiRoutes: applicationApiRoutes,
  apiDocs: applicationApiDocs,
  jobs: {
    queues: [{ name: DRAFT_PURGE_QUEUE, policy: 'exclusive', retryLimit: 3 }],
    register: async (services, logger) => {
      const drafts = createDraftStore(services.db, services.files);
      await services.jobs.work(DRAFT_PURGE_QUEUE, async () => {
        const purged = await drafts.purgeExpired();
        if (purged) logger.info({ purged }, 'portal: expired drafts deleted');
      });
      await services.jobs.schedule(DRAFT_PURGE_QUEUE, '30 2 * * *');
    },
  },
};
