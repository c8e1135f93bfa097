/**
 * Statistik der Online-Anträge (/verwaltung/statistik) and the CSV export of
 * one service's applications in a period. Both show only what the staff
 * member's inbox shows (own units; admins all). Every export is written to
 * the audit log: the file carries citizens' personal data.
 */
import { staffOf } from '../../../core/http/context.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../../core/audit/audit.ts';
import { workUnits } from '../../../core/auth/policy.ts';
import { statusLabelKey } from '../../../core/cases/statuses.ts';
import { contentDisposition } from '../../../core/files/download.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { getService, listServices } from '../catalog/catalog.service.ts';
import { todayInBerlin } from '../forms/engine.ts';
import { toCsv } from './csv.ts';
import { applicationRows } from './export-applications.ts';
import { casesForExport, yearFigures } from './statistics.service.ts';
import { StatisticsPage } from './views/statistics-page.tsx';

export { statisticsMessages } from './messages.ts';

export const statisticsNavigation: NavEntry[] = [{ labelKey: 'stats.nav', href: '/verwaltung/statistik', permission: 'inbox.view', order: 60 }];

const PATH = '/statistik';
/** How many years back the year selection offers. */
const YEARS_SHOWN = 10;

const serviceSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);

/** A real calendar date as YYYY-MM-DD (2025-02-30 is not one). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  });

const statsQuery = z.object({
  leistung: z.union([z.literal(''), serviceSlug]).optional(),
  jahr: z.coerce.number().int().min(2000).max(2100).optional(),
});

const exportQuery = z.object({ service: serviceSlug, from: isoDate, to: isoDate }).refine((q) => q.from <= q.to, { message: 'from after to' });

/** Services with an online form, A–Z; inactive ones too, their past applications still count. */
async function onlineServices(services: Services, tenantId: string) {
  return (await listServices(services.db, tenantId, { includeInactive: true })).filter((s): s is typeof s & { formId: string } => s.formId !== null);
}

export function statisticsStaffRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: z.infer<typeof statsQuery> }>(PATH, { schema: { querystring: statsQuery } }, async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    const today = todayInBerlin();
    const currentYear = Number(today.slice(0, 4));
    const year = request.query.jahr ?? currentYear;
    const catalogue = await onlineServices(services, request.tenant.id);
    const slug = request.query.leistung ?? '';
    const service = slug ? catalogue.find((s) => s.slug === slug) : null;
    if (service === undefined) return reply.errorPage(400, '400');
    const figures = await yearFigures(services.db, actor, service ? { slug: service.slug, formId: service.formId } : null, year);
    const years = [...new Set([year, ...Array.from({ length: YEARS_SHOWN }, (_, i) => currentYear - i)])].sort((a, b) => b - a);
    return reply.page({
      title: t('stats.title'),
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('stats.nav') }],
      body: StatisticsPage({
        t,
        locale: request.locale,
        allUnits: workUnits(actor) === null,
        services: catalogue,
        service,
        years,
        figures,
        exportDefaults: {
          service: service?.slug ?? catalogue[0]?.slug ?? '',
          from: `${year}-01-01`,
          to: year === currentYear ? today : `${year}-12-31`,
        },
      }),
    });
  });

  app.get<{ Querystring: z.infer<typeof exportQuery> }>(`${PATH}/export.csv`, { schema: { querystring: exportQuery } }, async (request, reply) => {
    const actor = staffOf(request);
    const { from, to } = request.query;
    const service = await getService(services.db, request.tenant.id, request.query.service, { includeInactive: true });
    if (!service?.formId) return reply.errorPage(400, '400');
    const cases = await casesForExport(services.db, actor, { slug: service.slug, formId: service.formId }, from, to);
    const t = request.t;
    const csv = toCsv(
      applicationRows(cases, {
        reference: t('stats.csv.reference'),
        submitted: t('stats.csv.submitted'),
        status: t('stats.csv.status'),
        closed: t('stats.csv.closed'),
        formVersion: t('stats.csv.formVersion'),
        yes: t('stats.csv.yes'),
        no: t('stats.csv.no'),
        statusLabel: (status) => t(statusLabelKey(status)),
      }),
    );
    await audit(services.db, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLabel: actor.displayName,
      action: 'stats.export',
      objectType: 'portal_service',
      objectId: service.id,
      details: { service: service.slug, from, to, rows: cases.length },
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(t('stats.csv.filename', { service: service.slug, from, to })))
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
