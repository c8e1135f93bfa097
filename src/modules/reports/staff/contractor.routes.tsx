/**
 * Public routes of the back office: the contractor's answer page
 * (/maengelmelder/auftrag/<token>, no login: the secret link is the key)
 * and the staff pages' script and stylesheet under /assets/.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkPhoto, type CheckedPhoto } from '../../../core/files/uploads.ts';
import { MAX_UPLOAD_BYTES, readForm } from '../../../core/http/forms.ts';
import { parseForm, type FieldError } from '../../../core/http/validation.ts';
import type { Services } from '../../../core/services.ts';
import { answerOrder, findOrder, ORDER_TOKEN } from './contractor-orders.ts';
import { ContractorClosedPage, ContractorPage } from './views/contractor.tsx';
import { STAFF_ASSETS } from './views/shared.tsx';
import { fromRoot } from '../../../core/paths.ts';

/** Photos a contractor may send with an answer. */
const MAX_CONTRACTOR_PHOTOS = 3;

const tokenParams = z.object({ token: z.string().regex(ORDER_TOKEN) });
const pageLimit = { rateLimit: { max: 300, timeWindow: '10 minutes' } };
const submitLimit = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

const answerForm = z.object({
  outcome: z.enum(['done', 'not_possible'], { error: 'validation.choose' }),
  remark: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.string().max(4000, 'validation.tooLong')),
});

const PHOTO_PROBLEM: Record<string, string> = {
  empty: 'reportsStaff.contractor.photoEmpty',
  'too-large': 'reportsStaff.contractor.photoTooLarge',
  'type-not-allowed': 'reportsStaff.contractor.photoType',
  unreadable: 'reportsStaff.contractor.photoUnreadable',
};


type TokenRequest = FastifyRequest<{ Params: z.infer<typeof tokenParams> }>;

export function contractorRoutes(app: FastifyInstance, services: Services): void {
  app.register(fastifyStatic, {
    root: fromRoot('src/modules/reports/staff/assets'),
    prefix: `${STAFF_ASSETS}/`,
    decorateReply: false,
    maxAge: '1h',
    index: false,
    allowedPath: (p) => /^\/?report-staff\.(css|js)$/.test(p),
  });

  const pathOf = (token: string): string => `/maengelmelder/auftrag/${token}`;

  async function render(request: TokenRequest, reply: FastifyReply, state: { errors: FieldError[]; values: Record<string, string> } = { errors: [], values: {} }, status = 200) {
    const t = request.t;
    const order = await findOrder(services, request.tenant, request.params.token);
    if (!order) return reply.errorPage(404, '404');
    if (order.respondedAt || order.revokedAt) {
      return reply.page({ title: order.revokedAt ? t('reportsStaff.contractor.revokedTitle') : t('reportsStaff.contractor.thanksTitle'), status: order.revokedAt ? 410 : 200, body: ContractorClosedPage({ t, locale: request.locale, order }) });
    }
    const title = t('reportsStaff.contractor.title', { reference: order.reference });
    return reply.page({
      title: state.errors.length ? `${t('ui.field.errorPrefix')} ${title}` : title,
      status,
      body: ContractorPage({ t, locale: request.locale, order, action: pathOf(request.params.token), maxPhotos: MAX_CONTRACTOR_PHOTOS, csrfToken: reply.csrfToken(), errors: state.errors, values: state.values }),
    });
  }

  app.get('/maengelmelder/auftrag/:token', { schema: { params: tokenParams }, config: pageLimit }, async (request, reply) => render(request as TokenRequest, reply));

  app.post('/maengelmelder/auftrag/:token', { schema: { params: tokenParams }, config: submitLimit }, async (request, reply) => {
    const req = request as TokenRequest;
    const t = request.t;
    const order = await findOrder(services, request.tenant, req.params.token);
    if (!order) return reply.errorPage(404, '404');
    if (order.respondedAt || order.revokedAt) return render(req, reply);
    const form = await readForm(request, MAX_CONTRACTOR_PHOTOS);
    if (!form.ok) return form.reason === 'csrf' ? reply.errorPage(403, 'csrf') : render(req, reply, { errors: [{ field: 'outcome', message: t('validation.form') }], values: {} }, 400);
    const values = Object.fromEntries(Object.entries(form.fields).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
    const parsed = parseForm(answerForm, values, t);
    const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
    // "Not possible" without a word why leaves the clerk guessing.
    if (parsed.ok && parsed.data.outcome === 'not_possible' && !parsed.data.remark) errors.push({ field: 'remark', message: t('reportsStaff.contractor.remarkRequired') });
    const photos: CheckedPhoto[] = [];
    for (const part of form.files.filter((f) => f.field === 'photos')) {
      const checked = part.truncated ? ({ ok: false, problem: 'too-large' } as const) : await checkPhoto(part.buffer, part.filename, { maxBytes: MAX_UPLOAD_BYTES });
      if (checked.ok) photos.push(checked.photo);
      else if (!errors.some((e) => e.field === 'photos')) errors.push({ field: 'photos', message: t(PHOTO_PROBLEM[checked.problem] as string, { max: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024) }) });
    }
    if (form.tooManyFiles) errors.push({ field: 'photos', message: t('reportsStaff.contractor.photoCount', { max: MAX_CONTRACTOR_PHOTOS }) });
    if (!parsed.ok || errors.length) return render(req, reply, { errors, values }, 422);
    const outcome = await answerOrder(services, request.tenant.id, order.id, { outcome: parsed.data.outcome, remark: parsed.data.remark, photos });
    if (!outcome.ok && outcome.reason === 'too-many-photos') return render(req, reply, { errors: [{ field: 'photos', message: t('reportsStaff.contractor.photoRoom') }], values }, 422);
    return reply.redirect(pathOf(req.params.token), 303);
  });
}
