/**
 * The Ratsbüro's Sitzungsdienst under /verwaltung/sitzungsdienst (role
 * ratsbuero, admins too: policy action council.manage): master data, papers
 * with files, meetings with the agenda builder, invitations at the legal
 * deadline, results and minutes. Routes parse (zod), authorize, call the
 * service and render; every form works without JavaScript (POST, 303, or 422
 * with the error summary).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../../core/auth/policy.ts';
import { contentDisposition, INLINE_VIEW_HEADERS } from '../../../core/files/download.ts';
import { readForm, type FormFields } from '../../../core/http/forms.ts';
import { staffOf } from '../../../core/http/context.ts';
import { fields, type FieldError } from '../../../core/http/validation.ts';
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { NavEntry } from '../../../core/module.ts';
import type { Services } from '../../../core/services.ts';
import { berlinDay, berlinTime, isIsoDay } from '../../../core/time/berlin.ts';
import { titled, type Option } from '../../../core/ui/components.tsx';
import { councilFileAccess, councilToday } from '../council.service.ts';
import { cancelMeeting, councilOfficeJobs, scheduleInvitations, sendAgendaUpdate, sendInvitations, unscheduleInvitations } from './invitations.service.ts';
import { councilOfficeMessages } from './messages.ts';
import * as q from './office.queries.ts';
import {
  emptyForm,
  LocationsPage,
  meetingHref,
  MeetingFormPage,
  MeetingListPage,
  MeetingPage,
  OFFICE,
  OrganizationFormPage,
  OrganizationListPage,
  orgHref,
  OverviewPage,
  PaperFormPage,
  paperHref,
  PaperListPage,
  PaperPage,
  PersonFormPage,
  personHref,
  PersonListPage,
  TermsPage,
  type FormState,
} from './office.views.tsx';
import {
  addAgendaItem,
  addMembership,
  attachFile,
  endMembership,
  invitationDays,
  invitationDeadline,
  locationLabel,
  markHeld,
  moveAgendaItem,
  ORGANIZATION_TYPES,
  PAPER_TYPES,
  publishMinutes,
  recordAttendance,
  recordResult,
  relatePapers,
  removeAgendaItem,
  removeFile,
  saveLocation,
  saveMeeting,
  saveOrganization,
  savePaper,
  savePerson,
  saveTerm,
  setAgendaItemPublic,
  setFilePublished,
  setPublishParticipants,
  unrelatePapers,
  AGENDA_RESULTS,
  type OfficeActor,
  type PaperInput,
  type UploadedPdf,
} from './sitzungsdienst.service.ts';

export { councilOfficeMessages, councilOfficeJobs };

export const councilOfficeNavigation: NavEntry[] = [{ labelKey: 'council.office.nav', href: OFFICE, permission: 'council.manage', order: 70 }];

const idParams = z.object({ id: z.uuid() });
type IdRequest = FastifyRequest<{ Params: z.infer<typeof idParams> }>;
const idSchema = { params: idParams };

const optionalDay = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(z.union([z.literal(''), z.string().refine(isIsoDay, 'co.error.date')]))
  .transform((s) => s || null);
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const time = (required: boolean) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .refine((s) => (required ? TIME.test(s) : s === '' || TIME.test(s)), required ? 'co.error.time' : 'co.error.time')
    .transform((s) => {
      const m = TIME.exec(s);
      return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? '00'}` : null;
    });
const optionalUuid = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim())
  .pipe(z.union([z.literal(''), z.uuid('validation.choose')]))
  .transform((s) => s || null);
const uuidList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]).filter((s) => s !== ''))
  .pipe(z.array(z.uuid('validation.choose')).max(200));
const checkbox = z
  .string()
  .optional()
  .transform((s) => s === '1' || s === 'on' || s === 'yes');

const meetingForm = z.object({
  name: fields.requiredText(300),
  gremium1: z.uuid('validation.choose'),
  weitere: uuidList,
  tag: z.string({ error: 'validation.required' }).refine(isIsoDay, 'co.error.date'),
  beginn: time(true),
  ende: time(false),
  ort: optionalUuid,
});

const paperForm = z.object({
  name: fields.requiredText(500),
  aktenzeichen: fields.optionalText(60),
  typ: z.enum(PAPER_TYPES, { error: 'validation.choose' }),
  datum: optionalDay,
  oeffentlich: checkbox,
  urheber_personen: uuidList,
  urheber_gremien: uuidList,
  federfuehrend: optionalUuid,
  freigeben: checkbox,
});

const personForm = z.object({
  titel: fields.optionalText(100),
  anrede: fields.optionalText(40),
  vorname: fields.requiredText(100),
  nachname: fields.requiredText(100),
  zusatz: fields.optionalText(100),
  geschlecht: z.union([z.literal(''), z.enum(['female', 'male', 'other'])]).optional(),
  status: fields.optionalText(200),
  email: z.union([z.literal(''), fields.email()]).optional(),
  telefon: fields.optionalText(60).pipe(z.string().regex(/^[0-9 +()/-]*$/, 'validation.phone')),
  kontakt_veroeffentlichen: checkbox,
  konto: z.union([z.literal(''), fields.email()]).optional(),
});

const membershipForm = z.object({
  gremium: z.uuid('validation.choose'),
  rolle: fields.optionalText(100),
  stimmrecht: checkbox,
  fraktion: optionalUuid,
  von: optionalDay,
  bis: optionalDay,
});

const organizationForm = z.object({
  name: fields.requiredText(200),
  kurzname: fields.optionalText(60),
  typ: z.enum(ORGANIZATION_TYPES, { error: 'validation.choose' }),
  klassifikation: fields.optionalText(100),
  von: optionalDay,
  bis: optionalDay,
  reihenfolge: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.union([z.literal(''), z.string().regex(/^\d{1,4}$/, 'co.error.number')]))
    .transform((s) => (s ? Number(s) : 0)),
});

const termForm = z.object({ name: fields.requiredText(200), von: optionalDay, bis: optionalDay });

const coordinate = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().replace(',', '.'))
    .refine((s) => s === '' || (/^-?\d{1,3}(\.\d{1,10})?$/.test(s) && Number(s) >= min && Number(s) <= max), 'co.error.coordinate')
    .transform((s) => (s === '' ? null : Number(s)));
const locationForm = z.object({
  bezeichnung: fields.requiredText(500),
  raum: fields.optionalText(100),
  strasse: fields.optionalText(200),
  plz: fields.optionalText(5).pipe(z.string().regex(/^(\d{5})?$/, 'co.error.postalCode')),
  ort: fields.optionalText(100),
  breite: coordinate(-90, 90),
  laenge: coordinate(-180, 180),
});

const agendaForm = z.object({
  name: fields.requiredText(500),
  teil: z.enum(['oeffentlich', 'nichtoeffentlich'], { error: 'validation.choose' }),
  vorlage: optionalUuid,
  rolle: z.enum(['Entscheidung', 'Vorberatung', 'Kenntnisnahme', 'Anhörung']).default('Entscheidung'),
  abschliessend: checkbox,
});

const backForm = z.object({ zurueck: z.string().max(300).optional() });

/** Only our own pages as a return address. */
function safeBack(value: string | undefined, fallback: string): string {
  return value && /^\/verwaltung\/sitzungsdienst(\/[a-z0-9/-]*)?$/.test(value) ? value : fallback;
}

function officeActor(request: FastifyRequest): OfficeActor {
  const actor = staffOf(request);
  requireAccess(actor, 'council.manage', { tenantId: actor.tenantId });
  return { tenantId: actor.tenantId, userId: actor.userId, displayName: actor.displayName };
}

function stringValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === '_csrf') continue;
      if (typeof value === 'string') values[key] = value.slice(0, 20000);
      else if (Array.isArray(value)) values[key] = value.filter((x): x is string => typeof x === 'string').slice(0, 200);
    }
  }
  return values;
}

/**
 * Like core's parseForm, for urlencoded and multipart bodies alike, and
 * keeping this module's own messages (co.error.*) instead of the generic one.
 */
function parse<S extends z.ZodType>(schema: S, body: Record<string, unknown> | FormFields, t: Translate): { result: { ok: true; data: z.infer<S> } | { ok: false; errors: FieldError[] }; values: Record<string, string | string[]> } {
  const values = stringValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { result: { ok: true, data: parsed.data }, values };
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors.some((err) => err.field === field)) continue;
    const key = issue.message.startsWith('validation.') || issue.message.startsWith('co.error.') ? issue.message : 'validation.invalid';
    errors.push({ field, message: t(key) });
  }
  return { result: { ok: false, errors }, values };
}

const ERROR_KEYS: Record<string, [field: string, key: string]> = {
  'reference-taken': ['aktenzeichen', 'co.error.referenceTaken'],
  'main-file-missing': ['oeffentlich', 'co.error.mainFileMissing'],
  'originator-invalid': ['urheber_personen', 'validation.choose'],
  empty: ['datei', 'validation.file.empty'],
  'too-large': ['datei', 'co.error.fileTooLarge'],
  'not-pdf': ['datei', 'co.error.notPdf'],
  'account-unknown': ['konto', 'co.error.accountUnknown'],
  'account-taken': ['konto', 'co.error.accountTaken'],
  dates: ['bis', 'co.error.dates'],
  organizations: ['gremium1', 'validation.choose'],
  location: ['ort', 'validation.choose'],
  time: ['ende', 'co.error.endBeforeStart'],
  person: ['gremium', 'validation.choose'],
  organization: ['gremium', 'validation.choose'],
  faction: ['fraktion', 'validation.choose'],
  paper: ['vorlage', 'validation.choose'],
};

function errorOf(t: Translate, reason: string, fieldOverride?: string): FieldError {
  const [field, key] = ERROR_KEYS[reason] ?? ['form', 'validation.invalid'];
  return { field: fieldOverride ?? field, message: t(key) };
}

const MESSAGE_OF: Record<string, string> = {
  'already-sent': 'co.error.alreadySent',
  cancelled: 'co.error.cancelled',
  'no-agenda': 'co.error.noAgenda',
  'not-sent': 'co.error.notSent',
  held: 'co.error.held',
  'not-held': 'co.error.notHeld',
  'in-future': 'co.error.inFuture',
  edge: 'co.error.edge',
  'main-file-of-public-paper': 'co.error.mainFileOfPublicPaper',
  self: 'co.error.relateSelf',
};

export async function councilOfficeRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const db = services.db;

  const gremienOptions = async (tenantId: string): Promise<Option[]> => (await q.organizations(db, tenantId, 'Gremium')).map((o) => ({ value: o.id, label: o.name }));
  const orgOptions = async (tenantId: string, type?: 'Fraktion' | 'Verwaltungsbereich'): Promise<Option[]> => (await q.organizations(db, tenantId, type)).map((o) => ({ value: o.id, label: type ? o.name : `${o.name} (${o.type})` }));

  // ------------------------------------------------------------ overview

  app.get('/sitzungsdienst', async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const now = services.now();
    const days = await invitationDays(services, actor.tenantId);
    const [upcoming, withoutFile, recent] = await Promise.all([
      q.meetings(db, actor.tenantId, { from: new Date(now.getTime() - 12 * 3_600_000), invitationDays: days, limit: 20 }),
      q.papers(db, actor.tenantId, { withoutMainFile: true }, 20),
      q.recentChanges(db, actor.tenantId, 10),
    ]);
    return reply.page({ title: t('co.title'), area: 'staff', breadcrumbs: [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('co.title') }], body: OverviewPage({ t, locale: request.locale, now, upcoming, withoutFile, recent }) });
  });

  const crumbs = (t: Translate, ...rest: { label: string; href?: string }[]) => [{ label: t('staff.area'), href: '/verwaltung' }, { label: t('co.title'), href: OFFICE }, ...rest];

  // ------------------------------------------------------------ meetings

  app.get('/sitzungsdienst/sitzungen', { schema: { querystring: z.object({ zeit: z.enum(['vergangen', 'kommend']).optional(), lang: z.string().optional() }) } }, async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const past = (request.query as { zeit?: string }).zeit === 'vergangen';
    const now = services.now();
    const days = await invitationDays(services, actor.tenantId);
    const rows = await q.meetings(db, actor.tenantId, past ? { before: now, invitationDays: days, order: 'desc' } : { from: new Date(now.getTime() - 12 * 3_600_000), invitationDays: days });
    return reply.page({ title: t('co.meetings.title'), area: 'staff', breadcrumbs: crumbs(t, { label: t('co.meetings.title') }), body: MeetingListPage({ t, locale: request.locale, now, rows, past }) });
  });

  async function renderMeetingForm(request: FastifyRequest, reply: FastifyReply, id: string | null, state: FormState, status = 200) {
    const actor = officeActor(request);
    const t = request.t;
    const title = id ? t('co.meeting.edit') : t('co.meeting.new');
    const [gremien, locs] = await Promise.all([gremienOptions(actor.tenantId), q.locations(db, actor.tenantId)]);
    return reply.page({
      title: titled(t, title, state.errors),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.meetings.title'), href: `${OFFICE}/sitzungen` }, { label: title }),
      body: MeetingFormPage({ t, title, action: id ? `${meetingHref(id)}/bearbeiten` : `${OFFICE}/sitzungen/neu`, csrf: reply.csrfToken(), state, gremien, locations: locs.map((l) => ({ value: l.id, label: locationLabel(l) })), back: id ? meetingHref(id) : `${OFFICE}/sitzungen` }),
    });
  }

  async function postMeeting(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(meetingForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderMeetingForm(request, reply, id, { errors: result.errors, values }, 422);
    const f = result.data;
    const outcome = await saveMeeting(services, actor, id, { name: f.name, organizationIds: [f.gremium1, ...f.weitere.filter((w) => w !== f.gremium1)], day: f.tag, startTime: f.beginn ?? '', endTime: f.ende, locationId: f.ort });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderMeetingForm(request, reply, id, { errors: [errorOf(t, outcome.reason)], values }, 422);
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(meetingHref(outcome.id), 303);
  }

  app.get('/sitzungsdienst/sitzungen/neu', async (request, reply) => renderMeetingForm(request, reply, null, emptyForm({ beginn: '17:00' })));
  app.post('/sitzungsdienst/sitzungen/neu', async (request, reply) => postMeeting(request, reply, null));

  app.get('/sitzungsdienst/sitzungen/:id/bearbeiten', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const detail = await q.meetingDetail(db, actor.tenantId, request.params.id);
    if (!detail) return reply.errorPage(404, '404');
    const m = detail.meeting;
    return renderMeetingForm(
      request,
      reply,
      m.id,
      emptyForm({ name: m.name, gremium1: detail.orgs[0]?.id ?? '', weitere: detail.orgs.slice(1).map((o) => o.id), tag: berlinDay(m.start_at), beginn: berlinTime(m.start_at), ende: m.end_at ? berlinTime(m.end_at) : '', ort: m.location_id ?? '' }),
    );
  });
  app.post('/sitzungsdienst/sitzungen/:id/bearbeiten', { schema: idSchema }, async (request: IdRequest, reply) => postMeeting(request, reply, request.params.id));

  async function renderMeeting(request: FastifyRequest, reply: FastifyReply, id: string, state: FormState = emptyForm(), status = 200, errorForm?: string) {
    const actor = officeActor(request);
    const t = request.t;
    const detail = await q.meetingDetail(db, actor.tenantId, id);
    if (!detail) return reply.errorPage(404, '404');
    const m = detail.meeting;
    const [days, location, paperRows] = await Promise.all([
      invitationDays(services, actor.tenantId),
      m.location_id ? db.selectFrom('council_locations').select(['description', 'street_address', 'room', 'locality']).where('tenant_id', '=', actor.tenantId).where('id', '=', m.location_id).executeTakeFirst() : Promise.resolve(undefined),
      q.papers(db, actor.tenantId, {}, 300),
    ]);
    const sentAt = m.invitation_sent_at;
    const lastNotice = detail.invitations.reduce<Date | null>((max, i) => (i.kind !== 'cancellation' && (!max || new Date(i.last) > max) ? new Date(i.last) : max), sentAt);
    const changed = lastNotice ? await q.agendaChangedSince(db, actor.tenantId, id, lastNotice) : false;
    return reply.page({
      title: titled(t, m.name, state.errors),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.meetings.title'), href: `${OFFICE}/sitzungen` }, { label: m.name }),
      body: MeetingPage({
        t,
        locale: request.locale,
        now: services.now(),
        csrf: reply.csrfToken(),
        detail,
        location: locationLabel(location),
        deadline: invitationDeadline(m.start_at, days),
        changedSinceInvitation: changed,
        papers: paperRows.map((p) => ({ value: p.id, label: `${p.reference ?? ''} ${p.name}`.trim() })),
        state,
        ...(errorForm ? { errorForm } : {}),
      }),
    });
  }

  app.get('/sitzungsdienst/sitzungen/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderMeeting(request, reply, request.params.id));

  /** A command on a meeting: 303 back with a flash, or the page again with the reason. */
  async function afterCommand(request: FastifyRequest, reply: FastifyReply, meetingId: string, outcome: { ok: true } | { ok: false; reason: string }, success: string, anchor = '') {
    const t = request.t;
    if (outcome.ok) {
      reply.flash('success', success);
      return reply.redirect(`${meetingHref(meetingId)}${anchor}`, 303);
    }
    if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
    return renderMeeting(request, reply, meetingId, { errors: [{ field: 'form', message: t(MESSAGE_OF[outcome.reason] ?? 'validation.invalid') }], values: {} }, 422);
  }

  app.post('/sitzungsdienst/sitzungen/:id/einladung', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const parsed = z.object({ aktion: z.enum(['jetzt', 'planen', 'nicht-planen']) }).safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const id = request.params.id;
    if (parsed.data.aktion === 'jetzt') {
      const outcome = await sendInvitations(services, actor, id);
      return afterCommand(request, reply, id, outcome, outcome.ok ? t('co.invitation.sent', { n: outcome.sent }) : '', '#einladung');
    }
    if (parsed.data.aktion === 'planen') {
      const outcome = await scheduleInvitations(services, actor, id);
      return afterCommand(request, reply, id, outcome, t('co.invitation.scheduled'), '#einladung');
    }
    const outcome = await unscheduleInvitations(services, actor, id);
    return afterCommand(request, reply, id, outcome.ok ? outcome : { ok: false, reason: 'already-sent' }, t('co.invitation.unscheduled'), '#einladung');
  });

  app.post('/sitzungsdienst/sitzungen/:id/nachtrag', { schema: idSchema }, async (request: IdRequest, reply) => {
    const outcome = await sendAgendaUpdate(services, officeActor(request), request.params.id);
    return afterCommand(request, reply, request.params.id, outcome, outcome.ok ? request.t('co.invitation.updateSent', { n: outcome.sent }) : '', '#einladung');
  });

  app.post('/sitzungsdienst/sitzungen/:id/absagen', { schema: idSchema }, async (request: IdRequest, reply) => {
    const outcome = await cancelMeeting(services, officeActor(request), request.params.id);
    return afterCommand(request, reply, request.params.id, outcome, outcome.ok ? request.t('co.meeting.cancelled', { n: outcome.sent }) : '');
  });

  app.post('/sitzungsdienst/sitzungen/:id/tagesordnung', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(agendaForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderMeeting(request, reply, request.params.id, { errors: result.errors, values }, 422);
    const f = result.data;
    const outcome = await addAgendaItem(services, actor, request.params.id, { name: f.name, public: f.teil === 'oeffentlich', paperId: f.vorlage, consultationRole: f.rolle, authoritative: f.abschliessend });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      const error = outcome.reason === 'cancelled' ? { field: 'name', message: t('co.error.cancelled') } : errorOf(t, outcome.reason);
      return renderMeeting(request, reply, request.params.id, { errors: [error], values }, 422);
    }
    reply.flash('success', t('co.agenda.added'));
    return reply.redirect(`${meetingHref(request.params.id)}#tagesordnung`, 303);
  });

  app.post('/sitzungsdienst/sitzungen/:id/anwesenheit', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = z.object({ personen: uuidList }).safeParse(request.body ?? {});
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await recordAttendance(services, officeActor(request), request.params.id, parsed.data.personen);
    return afterCommand(request, reply, request.params.id, outcome, request.t('co.after.attendanceSaved'), '#nach-der-sitzung');
  });

  app.post('/sitzungsdienst/sitzungen/:id/teilnehmende', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = z.object({ veroeffentlichen: checkbox }).safeParse(request.body ?? {});
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await setPublishParticipants(services, officeActor(request), request.params.id, parsed.data.veroeffentlichen);
    return afterCommand(request, reply, request.params.id, outcome, request.t('co.saved'), '#nach-der-sitzung');
  });

  app.post('/sitzungsdienst/sitzungen/:id/durchgefuehrt', { schema: idSchema }, async (request: IdRequest, reply) => {
    const outcome = await markHeld(services, officeActor(request), request.params.id);
    return afterCommand(request, reply, request.params.id, outcome, request.t('co.after.held'), '#nach-der-sitzung');
  });

  app.post('/sitzungsdienst/sitzungen/:id/niederschrift', { schema: idSchema }, async (request: IdRequest, reply) => {
    const outcome = await publishMinutes(services, officeActor(request), request.params.id);
    return afterCommand(request, reply, request.params.id, outcome, request.t('co.after.minutesDone'), '#nach-der-sitzung');
  });

  // ------------------------------------------------------------ agenda items

  async function meetingOfItem(tenantId: string, itemId: string): Promise<string | null> {
    const row = await db.selectFrom('council_agenda_items').select('meeting_id').where('tenant_id', '=', tenantId).where('id', '=', itemId).where('deleted_at', 'is', null).executeTakeFirst();
    return row?.meeting_id ?? null;
  }

  app.post('/sitzungsdienst/tops/:id/verschieben', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const parsed = z.object({ richtung: z.enum(['hoch', 'runter']) }).safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await moveAgendaItem(services, actor, request.params.id, parsed.data.richtung === 'hoch' ? 'up' : 'down');
    if (!outcome.ok && outcome.reason === 'not-found') return reply.errorPage(404, '404');
    const meetingId = outcome.ok ? outcome.meetingId : await meetingOfItem(actor.tenantId, request.params.id);
    if (!meetingId) return reply.errorPage(404, '404');
    return afterCommand(request, reply, meetingId, outcome, request.t('co.agenda.moved'), `#top-${request.params.id}`);
  });

  app.post('/sitzungsdienst/tops/:id/teil', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = z.object({ oeffentlich: z.enum(['0', '1']) }).safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await setAgendaItemPublic(services, officeActor(request), request.params.id, parsed.data.oeffentlich === '1');
    if (!outcome.ok) return reply.errorPage(404, '404');
    return afterCommand(request, reply, outcome.meetingId, outcome, request.t('co.agenda.moved'), `#top-${request.params.id}`);
  });

  app.post('/sitzungsdienst/tops/:id/entfernen', { schema: idSchema }, async (request: IdRequest, reply) => {
    const outcome = await removeAgendaItem(services, officeActor(request), request.params.id);
    if (!outcome.ok) return reply.errorPage(404, '404');
    return afterCommand(request, reply, outcome.meetingId, outcome, request.t('co.agenda.removed'), '#tagesordnung');
  });

  app.post('/sitzungsdienst/tops/:id/ergebnis', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const id = request.params.id;
    const meetingId = await meetingOfItem(actor.tenantId, id);
    if (!meetingId) return reply.errorPage(404, '404');
    const schema = z.object({ [`ergebnis-${id}`]: z.union([z.literal(''), z.enum(AGENDA_RESULTS, { error: 'validation.choose' })]).optional(), [`beschluss-${id}`]: fields.optionalText(20000) });
    const { result, values } = parse(schema, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderMeeting(request, reply, meetingId, { errors: result.errors, values }, 422, id);
    const data = result.data as Record<string, string | undefined>;
    const outcome = await recordResult(services, actor, id, data[`ergebnis-${id}`] ?? '', data[`beschluss-${id}`] ?? '');
    if (!outcome.ok) return reply.errorPage(404, '404');
    return afterCommand(request, reply, meetingId, outcome, t('co.agenda.resultSaved'), `#top-${id}`);
  });

  app.post('/sitzungsdienst/tops/:id/dateien', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const id = request.params.id;
    const meetingId = await meetingOfItem(actor.tenantId, id);
    if (!meetingId) return reply.errorPage(404, '404');
    const upload = await readUpload(request, `datei-${id}`);
    if (!upload.ok) return upload.reason === 'csrf' ? reply.errorPage(403, 'csrf') : renderMeeting(request, reply, meetingId, { errors: [{ field: `datei-${id}`, message: t(upload.messageKey) }], values: {} }, 422, id);
    const role = upload.fields.rolle === 'agenda_resolution' ? 'agenda_resolution' : 'agenda_aux';
    const outcome = await attachFile(services, actor, { kind: 'agendaItem', agendaItemId: id, role }, { ...upload.file, published: upload.fields.freigeben === '1' });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderMeeting(request, reply, meetingId, { errors: [errorOf(t, outcome.reason, `datei-${id}`)], values: {} }, 422, id);
    }
    reply.flash('success', t('co.file.uploaded'));
    return reply.redirect(`${meetingHref(meetingId)}#top-${id}`, 303);
  });

  /** Reads a multipart form with one PDF: CSRF, exactly one file, size. */
  async function readUpload(request: FastifyRequest, field: string): Promise<{ ok: true; file: Omit<UploadedPdf, 'published'>; fields: Record<string, string> } | { ok: false; reason: 'csrf' | 'invalid'; messageKey: string }> {
    const form = await readForm(request, 1);
    if (!form.ok) return { ok: false, reason: form.reason === 'csrf' ? 'csrf' : 'invalid', messageKey: 'validation.form' };
    const flat = Object.fromEntries(Object.entries(form.fields).map(([k, val]) => [k, Array.isArray(val) ? (val[0] ?? '') : val]));
    const part = form.files.find((f) => f.field === field);
    if (!part) return { ok: false, reason: 'invalid', messageKey: 'co.error.fileMissing' };
    if (part.truncated) return { ok: false, reason: 'invalid', messageKey: 'co.error.fileTooLarge' };
    return { ok: true, file: { content: part.buffer, fileName: part.filename || 'dokument.pdf' }, fields: flat };
  }

  // ------------------------------------------------------------ files

  app.get('/sitzungsdienst/dateien/:id', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const access = await councilFileAccess(db, actor.tenantId, request.params.id, { kind: 'office', actor: staffOf(request) }, councilToday(services.now()));
    if (access !== 'office' && access !== 'public') return reply.errorPage(404, '404');
    const row = await db.selectFrom('council_files').select(['stored_file_id', 'file_name', 'mime_type']).where('tenant_id', '=', actor.tenantId).where('id', '=', request.params.id).executeTakeFirst();
    const stored = row ? await services.files.read(db, actor.tenantId, row.stored_file_id) : null;
    if (!row || !stored) return reply.errorPage(404, '404');
    return reply.headers({ ...INLINE_VIEW_HEADERS, 'content-type': row.mime_type, 'content-disposition': contentDisposition(row.file_name, 'inline') }).send(stored.content);
  });

  app.post('/sitzungsdienst/dateien/:id/freigabe', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = backForm.extend({ freigegeben: z.enum(['0', '1']) }).safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await setFilePublished(services, officeActor(request), request.params.id, parsed.data.freigegeben === '1');
    if (!outcome.ok) return reply.errorPage(404, '404');
    reply.flash('success', parsed.data.freigegeben === '1' ? request.t('co.file.published') : request.t('co.file.depublished'));
    return reply.redirect(safeBack(parsed.data.zurueck, OFFICE), 303);
  });

  app.post('/sitzungsdienst/dateien/:id/entfernen', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = backForm.safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await removeFile(services, officeActor(request), request.params.id);
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      reply.flash('error', request.t(MESSAGE_OF[outcome.reason] ?? 'validation.invalid'));
    } else reply.flash('success', request.t('co.file.removed'));
    return reply.redirect(safeBack(parsed.data.zurueck, OFFICE), 303);
  });

  // ------------------------------------------------------------ papers

  const paperQuery = z.object({ q: z.string().max(100).optional(), typ: z.union([z.literal(''), z.enum(PAPER_TYPES)]).optional(), 'ohne-datei': z.string().max(3).optional(), lang: z.string().optional() });
  app.get('/sitzungsdienst/vorlagen', { schema: { querystring: paperQuery } }, async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const query = request.query as z.infer<typeof paperQuery>;
    const filters = { q: query.q?.trim() ?? '', typ: query.typ ?? '', ohneDatei: Boolean(query['ohne-datei']) };
    const rows = await q.papers(db, actor.tenantId, { q: filters.q, type: filters.typ, withoutMainFile: filters.ohneDatei });
    return reply.page({ title: t('co.papers.title'), area: 'staff', breadcrumbs: crumbs(t, { label: t('co.papers.title') }), body: PaperListPage({ t, rows, filters }) });
  });

  async function paperOptions(tenantId: string) {
    const [people, orgs, departments] = await Promise.all([q.persons(db, tenantId), orgOptions(tenantId), orgOptions(tenantId, 'Verwaltungsbereich')]);
    return { persons: people.map((p) => ({ value: p.id, label: p.name })), organizations: orgs, departments };
  }

  async function renderNewPaper(request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
    const actor = officeActor(request);
    const t = request.t;
    const title = t('co.paper.new');
    return reply.page({
      title: titled(t, title, state.errors),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.papers.title'), href: `${OFFICE}/vorlagen` }, { label: title }),
      body: PaperFormPage({ t, title, action: `${OFFICE}/vorlagen/neu`, csrf: reply.csrfToken(), state, withFile: true, back: `${OFFICE}/vorlagen`, ...(await paperOptions(actor.tenantId)) }),
    });
  }

  function paperInput(f: z.infer<typeof paperForm>): PaperInput {
    return { name: f.name, reference: f.aktenzeichen, paperType: f.typ, date: f.datum, public: f.oeffentlich, originatorPersonIds: f.urheber_personen, originatorOrganizationIds: f.urheber_gremien, directionOrganizationId: f.federfuehrend };
  }

  app.get('/sitzungsdienst/vorlagen/neu', async (request, reply) => renderNewPaper(request, reply, emptyForm({ typ: 'Vorlage' })));

  app.post('/sitzungsdienst/vorlagen/neu', async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const form = await readForm(request, 1);
    if (!form.ok) return form.reason === 'csrf' ? reply.errorPage(403, 'csrf') : renderNewPaper(request, reply, { errors: [{ field: 'datei', message: t('validation.form') }], values: {} }, 422);
    const { result, values } = parse(paperForm, form.fields, t);
    const part = form.files.find((f) => f.field === 'datei');
    const errors: FieldError[] = result.ok ? [] : [...result.errors];
    if (part?.truncated) errors.push({ field: 'datei', message: t('co.error.fileTooLarge') });
    if (!result.ok || errors.length) return renderNewPaper(request, reply, { errors, values }, 422);
    const mainFile = part ? { content: part.buffer, fileName: part.filename || 'vorlage.pdf', published: result.data.freigeben } : undefined;
    const outcome = await savePaper(services, actor, null, paperInput(result.data), mainFile);
    if (!outcome.ok) return renderNewPaper(request, reply, { errors: [errorOf(t, outcome.reason)], values }, 422);
    reply.flash('success', t('co.paper.created'));
    return reply.redirect(paperHref(outcome.id), 303);
  });

  async function renderPaper(request: FastifyRequest, reply: FastifyReply, id: string, state?: FormState, status = 200, errorForm?: string) {
    const actor = officeActor(request);
    const t = request.t;
    const detail = await q.paper(db, actor.tenantId, id);
    if (!detail) return reply.errorPage(404, '404');
    const p = detail.row;
    const values = state?.values && !errorForm ? state.values : {
      name: p.name,
      aktenzeichen: p.reference ?? '',
      typ: p.paper_type,
      datum: p.date ?? '',
      oeffentlich: p.public ? '1' : '',
      urheber_personen: detail.originators.filter((o) => o.kind === 'originator' && o.person_id).map((o) => o.person_id ?? ''),
      urheber_gremien: detail.originators.filter((o) => o.kind === 'originator' && o.organization_id).map((o) => o.organization_id ?? ''),
      federfuehrend: detail.originators.find((o) => o.kind === 'direction')?.organization_id ?? '',
    };
    const formState = { errors: state?.errors ?? [], values };
    const title = p.reference ? `${p.reference}: ${p.name}` : p.name;
    return reply.page({
      title: titled(t, title, formState.errors),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.papers.title'), href: `${OFFICE}/vorlagen` }, { label: p.reference ?? p.name }),
      body: PaperPage({
        t,
        locale: request.locale,
        title,
        action: paperHref(p.id),
        csrf: reply.csrfToken(),
        state: formState,
        withFile: false,
        modified: p.modified,
        files: detail.files,
        related: detail.related,
        consultations: detail.consultations,
        ...(errorForm ? { errorForm } : {}),
        ...(await paperOptions(actor.tenantId)),
      }),
    });
  }

  app.get('/sitzungsdienst/vorlagen/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderPaper(request, reply, request.params.id));

  app.post('/sitzungsdienst/vorlagen/:id', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(paperForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderPaper(request, reply, request.params.id, { errors: result.errors, values }, 422);
    const outcome = await savePaper(services, actor, request.params.id, paperInput(result.data));
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderPaper(request, reply, request.params.id, { errors: [errorOf(t, outcome.reason)], values }, 422);
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(paperHref(outcome.id), 303);
  });

  app.post('/sitzungsdienst/vorlagen/:id/dateien', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const id = request.params.id;
    const upload = await readUpload(request, 'datei');
    if (!upload.ok) return upload.reason === 'csrf' ? reply.errorPage(403, 'csrf') : renderPaper(request, reply, id, { errors: [{ field: 'datei', message: t(upload.messageKey) }], values: {} }, 422, 'datei');
    const role = upload.fields.rolle === 'paper_main' ? 'paper_main' : 'paper_aux';
    const outcome = await attachFile(services, actor, { kind: 'paper', paperId: id, role }, { ...upload.file, published: upload.fields.freigeben === '1' });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderPaper(request, reply, id, { errors: [errorOf(t, outcome.reason, 'datei')], values: {} }, 422, 'datei');
    }
    reply.flash('success', t('co.file.uploaded'));
    return reply.redirect(`${paperHref(id)}#dateien`, 303);
  });

  app.post('/sitzungsdienst/vorlagen/:id/verwandt', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const id = request.params.id;
    const parsed = z.object({ verwandt: fields.requiredText(60) }).safeParse(request.body);
    const other = parsed.success ? await db.selectFrom('council_papers').select('id').where('tenant_id', '=', actor.tenantId).where('reference', '=', parsed.data.verwandt).where('deleted_at', 'is', null).executeTakeFirst() : undefined;
    if (!other) return renderPaper(request, reply, id, { errors: [{ field: 'verwandt', message: t('co.error.paperUnknown') }], values: {} }, 422, 'verwandt');
    const outcome = await relatePapers(services, actor, id, other.id, 'related');
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderPaper(request, reply, id, { errors: [{ field: 'verwandt', message: t('co.error.relateSelf') }], values: {} }, 422, 'verwandt');
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(`${paperHref(id)}#verwandt`, 303);
  });

  app.post('/sitzungsdienst/vorlagen/:id/verwandt/entfernen', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = z.object({ andere: z.uuid() }).safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await unrelatePapers(services, officeActor(request), request.params.id, parsed.data.andere);
    if (!outcome.ok) return reply.errorPage(404, '404');
    reply.flash('success', request.t('co.saved'));
    return reply.redirect(`${paperHref(request.params.id)}#verwandt`, 303);
  });

  // ------------------------------------------------------------ persons

  app.get('/sitzungsdienst/personen', { schema: { querystring: z.object({ q: z.string().max(100).optional(), lang: z.string().optional() }) } }, async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const search = (request.query as { q?: string }).q?.trim() ?? '';
    const rows = await q.persons(db, actor.tenantId, search);
    return reply.page({ title: t('co.persons.title'), area: 'staff', breadcrumbs: crumbs(t, { label: t('co.persons.title') }), body: PersonListPage({ t, rows, q: search }) });
  });

  async function renderPerson(request: FastifyRequest, reply: FastifyReply, id: string | null, state?: FormState, status = 200, membershipState?: FormState) {
    const actor = officeActor(request);
    const t = request.t;
    let values = state?.values ?? {};
    let title = t('co.person.new');
    if (id) {
      const p = await q.person(db, actor.tenantId, id);
      if (!p) return reply.errorPage(404, '404');
      title = p.name;
      if (!state || membershipState) {
        values = {
          titel: p.title.join(' '),
          anrede: p.form_of_address ?? '',
          vorname: p.given_name ?? '',
          nachname: p.family_name ?? '',
          zusatz: p.affix ?? '',
          geschlecht: p.gender ?? '',
          status: p.status.join(', '),
          email: p.email[0] ?? '',
          telefon: p.phone[0] ?? '',
          kontakt_veroeffentlichen: p.publish_contact ? '1' : '',
          konto: p.account_email ?? '',
        };
      }
    }
    const formState = { errors: membershipState ? [] : (state?.errors ?? []), values };
    const extra = id
      ? { memberships: await q.memberships(db, actor.tenantId, { personId: id }), organizations: await orgOptions(actor.tenantId), factions: await orgOptions(actor.tenantId, 'Fraktion'), membershipState: membershipState ?? emptyForm() }
      : {};
    return reply.page({
      title: titled(t, title, [...formState.errors, ...(membershipState?.errors ?? [])]),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.persons.title'), href: `${OFFICE}/personen` }, { label: title }),
      body: PersonFormPage({ t, title, action: id ? personHref(id) : `${OFFICE}/personen/neu`, csrf: reply.csrfToken(), state: formState, back: `${OFFICE}/personen`, ...extra }),
    });
  }

  async function postPerson(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(personForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderPerson(request, reply, id, { errors: result.errors, values }, 422);
    const f = result.data;
    const outcome = await savePerson(services, actor, id, {
      title: f.titel ? f.titel.split(/\s+/).filter(Boolean) : [],
      formOfAddress: f.anrede,
      givenName: f.vorname,
      familyName: f.nachname,
      affix: f.zusatz,
      gender: f.geschlecht ?? '',
      status: f.status ? f.status.split(',').map((s) => s.trim()).filter(Boolean) : [],
      email: f.email ?? '',
      phone: f.telefon,
      publishContact: f.kontakt_veroeffentlichen,
      accountEmail: f.konto ?? '',
    });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderPerson(request, reply, id, { errors: [errorOf(t, outcome.reason)], values }, 422);
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(personHref(outcome.id), 303);
  }

  app.get('/sitzungsdienst/personen/neu', async (request, reply) => renderPerson(request, reply, null));
  app.post('/sitzungsdienst/personen/neu', async (request, reply) => postPerson(request, reply, null));
  app.get('/sitzungsdienst/personen/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderPerson(request, reply, request.params.id));
  app.post('/sitzungsdienst/personen/:id', { schema: idSchema }, async (request: IdRequest, reply) => postPerson(request, reply, request.params.id));

  app.post('/sitzungsdienst/personen/:id/mitgliedschaften', { schema: idSchema }, async (request: IdRequest, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const id = request.params.id;
    const { result, values } = parse(membershipForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderPerson(request, reply, id, emptyForm(), 422, { errors: result.errors, values });
    const f = result.data;
    const outcome = await addMembership(services, actor, { personId: id, organizationId: f.gremium, role: f.rolle, votingRight: f.stimmrecht, onBehalfOf: f.fraktion, startDate: f.von, endDate: f.bis });
    if (!outcome.ok) {
      if (outcome.reason === 'person') return reply.errorPage(404, '404');
      return renderPerson(request, reply, id, emptyForm(), 422, { errors: [errorOf(t, outcome.reason)], values });
    }
    reply.flash('success', t('co.memberships.added'));
    return reply.redirect(`${personHref(id)}#mitgliedschaften`, 303);
  });

  app.post('/sitzungsdienst/mitgliedschaften/:id/beenden', { schema: idSchema }, async (request: IdRequest, reply) => {
    const parsed = backForm.safeParse(request.body);
    if (!parsed.success) return reply.errorPage(400, '400');
    const outcome = await endMembership(services, officeActor(request), request.params.id, councilToday(services.now()));
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      reply.flash('error', request.t('co.error.dates'));
    } else reply.flash('success', request.t('co.memberships.ended'));
    return reply.redirect(safeBack(parsed.data.zurueck, `${OFFICE}/personen`), 303);
  });

  // ------------------------------------------------------------ organizations

  app.get('/sitzungsdienst/gremien', { schema: { querystring: z.object({ typ: z.union([z.literal(''), z.enum(ORGANIZATION_TYPES)]).optional(), lang: z.string().optional() }) } }, async (request, reply) => {
    const actor = officeActor(request);
    const t = request.t;
    const type = (request.query as { typ?: (typeof ORGANIZATION_TYPES)[number] | '' }).typ || undefined;
    const rows = await q.organizations(db, actor.tenantId, type);
    return reply.page({ title: t('co.organizations.title'), area: 'staff', breadcrumbs: crumbs(t, { label: t('co.organizations.title') }), body: OrganizationListPage({ t, rows, type: type ?? '' }) });
  });

  async function renderOrganization(request: FastifyRequest, reply: FastifyReply, id: string | null, state?: FormState, status = 200) {
    const actor = officeActor(request);
    const t = request.t;
    let values = state?.values ?? { typ: 'Gremium' };
    let title = t('co.organization.new');
    if (id) {
      const o = await q.organization(db, actor.tenantId, id);
      if (!o) return reply.errorPage(404, '404');
      title = o.name;
      if (!state) values = { name: o.name, kurzname: o.short_name ?? '', typ: o.organization_type, klassifikation: o.classification ?? '', von: o.start_date ?? '', bis: o.end_date ?? '', reihenfolge: String(o.position) };
    }
    return reply.page({
      title: titled(t, title, state?.errors ?? []),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, { label: t('co.organizations.title'), href: `${OFFICE}/gremien` }, { label: title }),
      body: OrganizationFormPage({ t, title, action: id ? orgHref(id) : `${OFFICE}/gremien/neu`, csrf: reply.csrfToken(), state: { errors: state?.errors ?? [], values }, back: `${OFFICE}/gremien`, ...(id ? { memberships: await q.memberships(db, actor.tenantId, { organizationId: id }) } : {}) }),
    });
  }

  async function postOrganization(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(organizationForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderOrganization(request, reply, id, { errors: result.errors, values }, 422);
    const f = result.data;
    const outcome = await saveOrganization(services, actor, id, { name: f.name, shortName: f.kurzname, type: f.typ, classification: f.klassifikation, startDate: f.von, endDate: f.bis, position: f.reihenfolge });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderOrganization(request, reply, id, { errors: [errorOf(t, outcome.reason)], values }, 422);
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(orgHref(outcome.id), 303);
  }

  app.get('/sitzungsdienst/gremien/neu', async (request, reply) => renderOrganization(request, reply, null));
  app.post('/sitzungsdienst/gremien/neu', async (request, reply) => postOrganization(request, reply, null));
  app.get('/sitzungsdienst/gremien/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderOrganization(request, reply, request.params.id));
  app.post('/sitzungsdienst/gremien/:id', { schema: idSchema }, async (request: IdRequest, reply) => postOrganization(request, reply, request.params.id));

  // ------------------------------------------------------------ terms

  async function renderTerms(request: FastifyRequest, reply: FastifyReply, id: string | null, state?: FormState, status = 200) {
    const actor = officeActor(request);
    const t = request.t;
    const rows = await q.terms(db, actor.tenantId);
    let values = state?.values ?? {};
    if (id) {
      const row = rows.find((r) => r.id === id);
      if (!row) return reply.errorPage(404, '404');
      if (!state) values = { name: row.name, von: row.start_date ?? '', bis: row.end_date ?? '' };
    }
    const title = id ? t('co.terms.edit') : t('co.terms.title');
    return reply.page({
      title: titled(t, title, state?.errors ?? []),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, ...(id ? [{ label: t('co.terms.title'), href: `${OFFICE}/wahlperioden` }] : []), { label: title }),
      body: TermsPage({ t, csrf: reply.csrfToken(), rows, state: { errors: state?.errors ?? [], values }, action: id ? `${OFFICE}/wahlperioden/${id}` : `${OFFICE}/wahlperioden`, title, editing: id !== null }),
    });
  }

  async function postTerm(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(termForm, request.body as Record<string, unknown>, t);
    if (!result.ok) return renderTerms(request, reply, id, { errors: result.errors, values }, 422);
    const outcome = await saveTerm(services, actor, id, { name: result.data.name, startDate: result.data.von, endDate: result.data.bis });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.errorPage(404, '404');
      return renderTerms(request, reply, id, { errors: [errorOf(t, outcome.reason)], values }, 422);
    }
    reply.flash('success', t('co.saved'));
    return reply.redirect(`${OFFICE}/wahlperioden`, 303);
  }

  app.get('/sitzungsdienst/wahlperioden', async (request, reply) => renderTerms(request, reply, null));
  app.post('/sitzungsdienst/wahlperioden', async (request, reply) => postTerm(request, reply, null));
  app.get('/sitzungsdienst/wahlperioden/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderTerms(request, reply, request.params.id));
  app.post('/sitzungsdienst/wahlperioden/:id', { schema: idSchema }, async (request: IdRequest, reply) => postTerm(request, reply, request.params.id));

  // ------------------------------------------------------------ locations

  async function renderLocations(request: FastifyRequest, reply: FastifyReply, id: string | null, state?: FormState, status = 200) {
    const actor = officeActor(request);
    const t = request.t;
    const rows = await q.locations(db, actor.tenantId);
    let values = state?.values ?? {};
    if (id) {
      const row = rows.find((r) => r.id === id);
      if (!row) return reply.errorPage(404, '404');
      const coords = row.geojson?.geometry.type === 'Point' ? (row.geojson.geometry.coordinates as [number, number]) : null;
      if (!state) values = { bezeichnung: row.description ?? '', raum: row.room ?? '', strasse: row.street_address ?? '', plz: row.postal_code ?? '', ort: row.locality ?? '', breite: coords ? String(coords[1]) : '', laenge: coords ? String(coords[0]) : '' };
    }
    const title = id ? t('co.locations.edit') : t('co.locations.title');
    return reply.page({
      title: titled(t, title, state?.errors ?? []),
      status,
      area: 'staff',
      breadcrumbs: crumbs(t, ...(id ? [{ label: t('co.locations.title'), href: `${OFFICE}/orte` }] : []), { label: title }),
      body: LocationsPage({ t, csrf: reply.csrfToken(), rows, state: { errors: state?.errors ?? [], values }, action: id ? `${OFFICE}/orte/${id}` : `${OFFICE}/orte`, title, editing: id !== null }),
    });
  }

  async function postLocation(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const actor = officeActor(request);
    const t = request.t;
    const { result, values } = parse(locationForm, request.body as Record<string, unknown>, t);
    const errors = result.ok ? [] : [...result.errors];
    if (result.ok && (result.data.breite === null) !== (result.data.laenge === null)) errors.push({ field: result.data.breite === null ? 'breite' : 'laenge', message: t('co.error.coordinatePair') });
    if (!result.ok || errors.length) return renderLocations(request, reply, id, { errors, values }, 422);
    const f = result.data;
    const outcome = await saveLocation(services, actor, id, { description: f.bezeichnung, room: f.raum, streetAddress: f.strasse, postalCode: f.plz, locality: f.ort, lat: f.breite, lon: f.laenge });
    if (!outcome.ok) return reply.errorPage(404, '404');
    reply.flash('success', t('co.saved'));
    return reply.redirect(`${OFFICE}/orte`, 303);
  }

  app.get('/sitzungsdienst/orte', async (request, reply) => renderLocations(request, reply, null));
  app.post('/sitzungsdienst/orte', async (request, reply) => postLocation(request, reply, null));
  app.get('/sitzungsdienst/orte/:id', { schema: idSchema }, async (request: IdRequest, reply) => renderLocations(request, reply, request.params.id));
  app.post('/sitzungsdienst/orte/:id', { schema: idSchema }, async (request: IdRequest, reply) => postLocation(request, reply, request.params.id));
}
