/**
 * The Stadtkasse's back office (/verwaltung/zahlungen…), for the role
 * `kasse` and administrators: the payments list with open items, one
 * payment with reconciliation, refund and manual booking, the import of bank
 * statements (CAMT.053) with the credits to resolve, and the daily export
 * for the finance system. Routes parse and render; the rules and the
 * permission checks live in staff.service.ts.
 */
import { staffOf } from '../../../core/http/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, requireAccess } from '../../../core/auth/policy.ts';
import { contentDisposition } from '../../../core/files/download.ts';
import { formatDate, type Translate } from '../../../core/i18n/i18n.ts';
import { formValues } from '../../../core/http/validation.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Camt053Error } from '../../../core/payments/camt053.ts';
import type { Services } from '../../../core/services.ts';
import { titled, type FieldError } from '../../../core/ui/components.tsx';
import type { Breadcrumb } from '../../../core/ui/layout.tsx';
import { financeCsv } from './finance-export.ts';
import { berlinDay, formatEuro, isIsoDay, parseEuro } from './format.ts';
import { PROVIDERS, STATUS_GROUPS } from './labels.ts';
import {
  assignCredit,
  bookManualTransfer,
  CAMT_MAX_BYTES,
  creditFile,
  dayBookings,
  exampleKassenzeichen,
  importResult,
  importStatement,
  listPayments,
  markCreditResolved,
  paymentFile,
  reconcilePayment,
  recentImports,
  refundableCents,
  refundPayment,
  unresolvedCredits,
} from './staff.service.ts';
import { readStatementUpload } from './statement-upload.ts';
import { CreditPage, UnresolvedCreditsPage } from './views/credits.tsx';
import { FinanceExportPage } from './views/finance-export.tsx';
import { PaymentDetailPage, type Reconciliation } from './views/payment-detail.tsx';
import { PaymentListPage, type PaymentListValues } from './views/payment-list.tsx';
import { importPath, PAYMENTS_PATH, paymentPath, STATEMENT_PATH, UNRESOLVED_PATH } from './views/shared.tsx';
import { ImportResultPage, STATEMENT_FIELD, StatementImportPage } from './views/statement-import.tsx';

export { paymentStaffMessages } from './messages.ts';

export const paymentsStaffNavigation: NavEntry[] = [{ labelKey: 'kasse.nav', href: PAYMENTS_PATH, permission: 'payments.view', order: 65 }];

const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({
  status: z.union([z.literal(''), z.enum(STATUS_GROUPS)]).default(''),
  weg: z.union([z.literal(''), z.enum(PROVIDERS)]).default(''),
  von: z.string().max(20).default(''),
  bis: z.string().max(20).default(''),
  kz: z.string().max(40).default(''),
  seite: z.coerce.number().int().min(1).max(100_000).default(1),
});
const exportQuery = z.object({ tag: z.string().max(20).default('') });

const MAX_MEGABYTES = CAMT_MAX_BYTES / 1024 / 1024;

const IMPORT_ERRORS: Record<Camt053Error, string> = {
  'too-large': 'kasse.import.error.tooLarge',
  'not-xml': 'kasse.import.error.notXml',
  'doctype-forbidden': 'kasse.import.error.doctype',
  'not-camt053': 'kasse.import.error.notCamt',
  'unsupported-version': 'kasse.import.error.version',
  'invalid-statement': 'kasse.import.error.invalid',
};


function trail(t: Translate, ...rest: Breadcrumb[]): Breadcrumb[] {
  return [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('kasse.title'), href: PAYMENTS_PATH }, ...rest];
}

function listHref(values: PaymentListValues, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) search.set(key, value);
  if (page > 1) search.set('seite', String(page));
  const query = search.toString();
  return query ? `${PAYMENTS_PATH}?${query}` : PAYMENTS_PATH;
}

/** An amount in euros as typed ("12,50") → 1250 cents exactly, or the error with the given message. */
function readAmount(t: Translate, values: Record<string, string>, field: string, messageKey: string): { cents: number | null; error?: FieldError } {
  const cents = parseEuro(values[field] ?? '');
  return cents === null ? { cents, error: { field, message: t(messageKey) } } : { cents };
}

/** A text up to `max` characters; required when a message key for "missing" is given. */
function readText(t: Translate, values: Record<string, string>, field: string, max: number, messageKey: string | null): { text: string; error?: FieldError } {
  const text = (values[field] ?? '').trim();
  if (!text && messageKey) return { text, error: { field, message: t(messageKey) } };
  if (text.length > max) return { text, error: { field, message: t('validation.tooLong') } };
  return { text };
}

export function staffPaymentRoutes(app: FastifyInstance, services: Services): void {
  // ------------------------------------------------------------ list

  app.get<{ Querystring: z.infer<typeof listQuery> }>('/zahlungen', { schema: { querystring: listQuery } }, async (request, reply) => {
    const actor = staffOf(request);
    requireAccess(actor, 'payments.view', { tenantId: actor.tenantId });
    const t = request.t;
    const q = request.query;
    const values: PaymentListValues = { status: q.status, weg: q.weg, von: q.von.trim(), bis: q.bis.trim(), kz: q.kz.trim() };
    const errors: FieldError[] = [];
    for (const field of ['von', 'bis'] as const) if (values[field] && !isIsoDay(values[field])) errors.push({ field, message: t('kasse.filter.error.date') });
    if (errors.length === 0 && values.von && values.bis && values.von > values.bis) errors.push({ field: 'bis', message: t('kasse.filter.error.range') });
    const list = errors.length
      ? null
      : await listPayments(services.db, actor, { group: q.status || undefined, provider: q.weg || undefined, from: values.von || undefined, to: values.bis || undefined, kassenzeichen: values.kz || undefined }, q.seite);
    return reply.page({
      title: titled(t, t('kasse.title'), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('kasse.title') }],
      body: PaymentListPage({
        t,
        locale: request.locale,
        values,
        errors,
        list,
        canImport: can(actor, 'payments.import', { tenantId: actor.tenantId }),
        canExport: can(actor, 'payments.export', { tenantId: actor.tenantId }),
        hrefFor: (page) => listHref(values, page),
      }),
    });
  });

  // ------------------------------------------------------------ one payment

  async function renderPayment(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options: { errors?: FieldError[]; values?: Record<string, string>; reconciliation?: Reconciliation; status?: number } = {},
  ) {
    const actor = staffOf(request);
    const t = request.t;
    const file = await paymentFile(services, actor, id);
    if (!file) return reply.errorPage(404, '404');
    const errors = options.errors ?? [];
    const title = t('kasse.detail.title', { kassenzeichen: file.payment.kassenzeichen });
    return reply.page({
      title: titled(t, title, errors),
      status: options.status ?? 200,
      breadcrumbs: trail(t, { label: file.payment.kassenzeichen }),
      body: PaymentDetailPage({
        t,
        locale: request.locale,
        file,
        csrfToken: reply.csrfToken(),
        allowed: { refund: can(actor, 'payments.refund', { tenantId: actor.tenantId }), book: can(actor, 'payments.import', { tenantId: actor.tenantId }) },
        errors,
        values: options.values ?? {},
        reconciliation: options.reconciliation ?? null,
      }),
    });
  }

  app.get<{ Params: z.infer<typeof idParams> }>('/zahlungen/:id', { schema: { params: idParams } }, async (request, reply) => renderPayment(request, reply, request.params.id));

  app.post<{ Params: z.infer<typeof idParams> }>('/zahlungen/:id/abgleich', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const { id } = request.params;
    const outcome = await reconcilePayment(services, staffOf(request), id);
    if (outcome.ok) return renderPayment(request, reply, id, { reconciliation: { before: outcome.before, after: outcome.after } });
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    if (outcome.reason === 'no-provider') return renderPayment(request, reply, id, { errors: [{ field: 'reconcile', message: t('kasse.reconcile.noRef') }], status: 409 });
    const key = outcome.reason === 'unavailable' ? 'kasse.reconcile.error.unavailable' : 'kasse.reconcile.error.refused';
    return renderPayment(request, reply, id, { errors: [{ field: 'reconcile', message: t(key, { message: outcome.message }) }], status: 502 });
  });

  app.post<{ Params: z.infer<typeof idParams> }>('/zahlungen/:id/erstattung', { schema: { params: idParams } }, async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    const { id } = request.params;
    const values = formValues(request.body);
    const amount = readAmount(t, values, 'refundAmount', 'kasse.refund.error.amount');
    const reason = readText(t, values, 'refundReason', 500, 'kasse.refund.error.reason');
    const errors = [amount.error, reason.error].filter((e): e is FieldError => e !== undefined);
    if (errors.length || amount.cents === null) {
      requireAccess(actor, 'payments.refund', { tenantId: actor.tenantId });
      return renderPayment(request, reply, id, { errors, values, status: 422 });
    }
    const outcome = await refundPayment(services, actor, id, amount.cents, reason.text);
    if (outcome.ok) {
      reply.flash('success', t('kasse.refund.done', { amount: formatEuro(amount.cents, request.locale) }));
      return reply.redirect(paymentPath(id), 303);
    }
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    const unchanged = await services.payments.get(actor.tenantId, id);
    const max = formatEuro(unchanged ? refundableCents(unchanged) : 0, request.locale);
    const failure = {
      'not-paid': { message: t('kasse.refund.error.notPaid'), status: 409 },
      'too-much': { message: t('kasse.refund.error.tooMuch', { max }), status: 422 },
      'not-positive': { message: t('kasse.refund.error.notPositive'), status: 422 },
      'provider-error': { message: t('kasse.refund.error.provider', { message: outcome.message ?? '' }), status: 502 },
    }[outcome.reason];
    return renderPayment(request, reply, id, { errors: [{ field: 'refundAmount', message: failure.message }], values, status: failure.status });
  });

  app.post<{ Params: z.infer<typeof idParams> }>('/zahlungen/:id/eingang', { schema: { params: idParams } }, async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    const { id } = request.params;
    const values = formValues(request.body);
    const amount = readAmount(t, values, 'bookAmount', 'kasse.book.error.amount');
    const note = readText(t, values, 'bookNote', 300, 'kasse.book.error.note');
    const errors = [amount.error, note.error].filter((e): e is FieldError => e !== undefined);
    if (errors.length || amount.cents === null) {
      requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
      return renderPayment(request, reply, id, { errors, values, status: 422 });
    }
    const outcome = await bookManualTransfer(services, actor, id, amount.cents, note.text);
    if (outcome.ok) {
      reply.flash('success', t(outcome.becamePaid ? 'kasse.book.donePaid' : 'kasse.book.done', { amount: formatEuro(amount.cents, request.locale) }));
      return reply.redirect(paymentPath(id), 303);
    }
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    const message = outcome.reason === 'not-open' ? t('kasse.book.error.notOpen') : t('kasse.book.error.notPositive');
    return renderPayment(request, reply, id, { errors: [{ field: 'bookAmount', message }], values, status: outcome.reason === 'not-open' ? 409 : 422 });
  });

  // ------------------------------------------------------------ bank statements

  async function renderImportForm(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 200) {
    const t = request.t;
    const imports = await recentImports(services.db, staffOf(request));
    return reply.page({
      title: titled(t, t('kasse.import.title'), errors),
      status,
      breadcrumbs: trail(t, { label: t('kasse.import.title') }),
      body: StatementImportPage({ t, locale: request.locale, csrfToken: reply.csrfToken(), errors, maxMegabytes: MAX_MEGABYTES, imports }),
    });
  }

  app.get('/zahlungen/kontoauszug', async (request, reply) => renderImportForm(request, reply));

  app.post('/zahlungen/kontoauszug', async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    requireAccess(actor, 'payments.import', { tenantId: actor.tenantId });
    const upload = await readStatementUpload(request, STATEMENT_FIELD, CAMT_MAX_BYTES);
    const fail = (message: string, status = 422) => renderImportForm(request, reply, [{ field: STATEMENT_FIELD, message }], status);
    if (!upload.ok) {
      if (upload.reason === 'csrf') return reply.errorPage(403, 'csrf');
      const key = { malformed: 'kasse.import.error.form', missing: 'kasse.import.error.missing', empty: 'kasse.import.error.empty', 'too-large': 'kasse.import.error.tooLarge' }[upload.reason];
      return fail(t(key, { max: MAX_MEGABYTES }), upload.reason === 'too-large' ? 413 : 422);
    }
    const outcome = await importStatement(services, actor, { filename: upload.filename, bytes: upload.bytes });
    if (outcome.ok) {
      reply.flash('success', t('kasse.import.done'));
      return reply.redirect(importPath(outcome.importId), 303);
    }
    if (outcome.reason === 'duplicate') return fail(t('kasse.import.error.duplicate', { date: formatDate(outcome.importedAt, request.locale) }), 409);
    return fail(t(IMPORT_ERRORS[outcome.reason], { max: MAX_MEGABYTES, message: outcome.message }), outcome.reason === 'too-large' ? 413 : 422);
  });

  app.get('/zahlungen/kontoauszug/klaeren', async (request, reply) => {
    const t = request.t;
    const credits = await unresolvedCredits(services.db, staffOf(request));
    return reply.page({
      title: t('kasse.open.title'),
      breadcrumbs: trail(t, { label: t('kasse.import.title'), href: STATEMENT_PATH }, { label: t('kasse.open.title') }),
      body: UnresolvedCreditsPage({ t, locale: request.locale, credits }),
    });
  });

  async function renderCredit(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldError[] = [], values: Record<string, string> = {}, status = 200) {
    const actor = staffOf(request);
    const t = request.t;
    const file = await creditFile(services.db, actor, id);
    if (!file) return reply.errorPage(404, '404');
    return reply.page({
      title: titled(t, t('kasse.resolve.title'), errors),
      status,
      breadcrumbs: trail(t, { label: t('kasse.open.title'), href: UNRESOLVED_PATH }, { label: t('kasse.resolve.title') }),
      body: CreditPage({ t, locale: request.locale, file, csrfToken: reply.csrfToken(), example: await exampleKassenzeichen(services, actor.tenantId), errors, values }),
    });
  }

  app.get<{ Params: z.infer<typeof idParams> }>('/zahlungen/kontoauszug/klaeren/:id', { schema: { params: idParams } }, async (request, reply) => renderCredit(request, reply, request.params.id));

  app.post<{ Params: z.infer<typeof idParams> }>('/zahlungen/kontoauszug/klaeren/:id/zuordnen', { schema: { params: idParams } }, async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    const { id } = request.params;
    const values = formValues(request.body);
    const note = readText(t, values, 'assignNote', 500, null);
    if (note.error) return renderCredit(request, reply, id, [note.error], values, 422);
    const outcome = await assignCredit(services, actor, id, values.kassenzeichen ?? '', note.text);
    if (outcome.ok) {
      reply.flash('success', t('kasse.resolve.assigned', { kassenzeichen: outcome.kassenzeichen }));
      return reply.redirect(UNRESOLVED_PATH, 303);
    }
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    const example = await exampleKassenzeichen(services, actor.tenantId);
    const failure = {
      'invalid-kassenzeichen': { message: t('kasse.resolve.error.kassenzeichen', { example }), status: 422 },
      'no-payment': { message: t('kasse.resolve.error.noPayment'), status: 422 },
      resolved: { message: t('kasse.resolve.error.resolved'), status: 409 },
      booked: { message: t('kasse.resolve.error.booked'), status: 409 },
    }[outcome.reason];
    return renderCredit(request, reply, id, [{ field: 'kassenzeichen', message: failure.message }], values, failure.status);
  });

  app.post<{ Params: z.infer<typeof idParams> }>('/zahlungen/kontoauszug/klaeren/:id/erledigt', { schema: { params: idParams } }, async (request, reply) => {
    const actor = staffOf(request);
    const t = request.t;
    const { id } = request.params;
    const values = formValues(request.body);
    const note = readText(t, values, 'resolution', 500, 'kasse.resolve.error.note');
    if (note.error) return renderCredit(request, reply, id, [note.error], values, 422);
    const outcome = await markCreditResolved(services, actor, id, note.text);
    if (outcome.ok) {
      reply.flash('success', t('kasse.resolve.marked'));
      return reply.redirect(UNRESOLVED_PATH, 303);
    }
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    return renderCredit(request, reply, id, [{ field: 'resolution', message: t('kasse.resolve.error.resolved') }], values, 409);
  });

  app.get<{ Params: z.infer<typeof idParams> }>('/zahlungen/kontoauszug/:id', { schema: { params: idParams } }, async (request, reply) => {
    const t = request.t;
    const result = await importResult(services.db, staffOf(request), request.params.id);
    if (!result) return reply.errorPage(404, '404');
    return reply.page({
      title: t('kasse.import.result.title'),
      breadcrumbs: trail(t, { label: t('kasse.import.title'), href: STATEMENT_PATH }, { label: t('kasse.import.result.title') }),
      body: ImportResultPage({ t, locale: request.locale, import: result.import, credits: result.credits }),
    });
  });

  // ------------------------------------------------------------ finance export

  function renderExport(request: FastifyRequest, reply: FastifyReply, day: string, errors: FieldError[] = []) {
    const actor = staffOf(request);
    requireAccess(actor, 'payments.export', { tenantId: actor.tenantId });
    const t = request.t;
    return reply.page({
      title: titled(t, t('kasse.export.title'), errors),
      status: errors.length ? 422 : 200,
      breadcrumbs: trail(t, { label: t('kasse.export.title') }),
      body: FinanceExportPage({ t, day, errors }),
    });
  }

  app.get('/zahlungen/export', async (request, reply) => renderExport(request, reply, berlinDay(new Date(Date.now() - 86_400_000))));

  app.get<{ Querystring: z.infer<typeof exportQuery> }>('/zahlungen/export.csv', { schema: { querystring: exportQuery } }, async (request, reply) => {
    const t = request.t;
    const day = request.query.tag.trim();
    if (!isIsoDay(day)) return renderExport(request, reply, day, [{ field: 'tag', message: t('kasse.export.error.day') }]);
    const bookings = await dayBookings(services.db, staffOf(request), day);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(t('kasse.export.filename', { day })))
      .header('cache-control', 'no-store')
      .send(financeCsv(t, bookings));
  });
}

