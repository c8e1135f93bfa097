/**
 * The member area for council members (role mandatstraeger, incl.
 * sachkundige Bürger) under /verwaltung/mandat: their meetings and
 * invitations with Zusage/Absage, agendas and papers including the
 * non-public ones of their Gremien (and only those), a page per document with
 * private or faction-shared notes and highlights, search, and an offline
 * service worker as an enhancement. The document bytes come from the
 * portal's one file route (/ratsinfo/dokumente/:id), which applies
 * councilFileAccess and audits members' non-public reads.
 *
 * Who may enter: a staff account with the role, a passed TOTP second factor
 * (the login forces its set-up for this role) and a council person linked to
 * the account — memberOf() decides, per request.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type StaffActor } from '../../../core/auth/policy.ts';
import type { NavEntry } from '../../../core/module.ts';
import { fields, formValues, parseForm, type FieldError } from '../../../core/http/validation.ts';
import type { Services } from '../../../core/services.ts';
import { auditNonPublicRead, councilFileAccess, councilToday, memberOf, type CouncilMember } from '../council.service.ts';
import { searchCouncil } from '../search/search.service.ts';
import { addNote, dashboard, deleteNote, documentFor, factionsOf, meetingFor, myNote, notesFor, paperFor, respond, updateNote, type DocumentDetail, type Faction, type NoteInput } from './member.service.ts';
import { DashboardPage, DocumentPage, MeetingPage, NoteEditPage, OfflinePage, PaperPage, SearchPage, type NoteFormState, type RsvpFormState } from './member.views.tsx';
import { MEMBER_ASSETS, MEMBER_HOME, OFFLINE_PATH, SERVICE_WORKER_PATH, documentPath, meetingPath } from './paths.ts';
import { fromRoot } from '../../../core/paths.ts';

export { councilMemberMessages } from './messages.ts';

export const councilMemberNavigation: NavEntry[] = [{ labelKey: 'council.member.nav', href: MEMBER_HOME, permission: 'council.member', order: 5 }];

/** Routes are registered inside the staff group, which is mounted at /verwaltung. */
const local = (fullPath: string): string => fullPath.slice('/verwaltung'.length);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idParams = z.object({ id: z.string().regex(UUID) });
const fileParams = z.object({ fileId: z.string().regex(UUID) });
const noteParams = z.object({ fileId: z.string().regex(UUID), noteId: z.string().regex(UUID) });
const searchQuery = z.object({ q: z.string().max(1000).optional(), seite: z.coerce.number().int().min(1).max(1000).optional() });

const rsvpSchema = z.object({
  status: z.enum(['attending', 'absent'], { error: 'validation.choose' }),
  note: fields.optionalText(500),
});

const noteSchema = z.object({
  page: fields.optionalText(10),
  quote: fields.optionalText(2000),
  body: fields.optionalText(10000),
  visibility: fields.optionalText(40),
});

const ASSET_TYPES: Record<string, string> = { 'member.css': 'text/css; charset=utf-8', 'member.js': 'text/javascript; charset=utf-8' };

function readAsset(name: string): Buffer {
  return readFileSync(fromRoot('src/modules/council/member/assets', name));
}

/** The page's extra stylesheet and script (same origin, deferred: the pages work without them). */
function memberHead(): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={`${MEMBER_ASSETS}/member.css`} />
      <script src={`${MEMBER_ASSETS}/member.js`} defer data-service-worker={SERVICE_WORKER_PATH}></script>
    </>
  );
}

/** Validates a note form; page, empty note and the Fraktion get their own messages. */
function parseNote(body: unknown, t: FastifyRequest['t'], maxPage: number, factions: readonly Faction[], keepFaction: string | null): { ok: true; data: NoteInput } | { ok: false; errors: FieldError[]; values: Record<string, string> } {
  const form = parseForm(noteSchema, body, t);
  if (!form.ok) return form;
  const errors: FieldError[] = [];
  const { page, quote, body: text, visibility } = form.data;
  let pageNumber: number | null = null;
  if (page !== '') {
    pageNumber = /^\d{1,5}$/.test(page) ? Number(page) : NaN;
    if (!(pageNumber >= 1 && pageNumber <= maxPage)) errors.push({ field: 'page', message: t('councilMember.notes.pageRange', { max: maxPage }) });
  }
  if (quote === '' && text === '') errors.push({ field: 'body', message: t('councilMember.notes.empty') });
  const shared = visibility === '' || visibility === 'private' ? null : visibility;
  if (shared !== null && shared !== keepFaction && !factions.some((f) => f.id === shared)) errors.push({ field: 'visibility', message: t('councilMember.notes.notMyFaction') });
  if (errors.length) return { ok: false, errors, values: formValues(body) };
  return { ok: true, data: { page: pageNumber, quote: quote === '' ? null : quote, body: text, sharedWithFaction: shared } };
}

export async function councilMemberRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const assets = new Map(Object.keys(ASSET_TYPES).map((name) => [name, readAsset(name)]));
  const serviceWorker = readAsset('offline-sw.js');

  // Assets need only the staff login (the pages check membership); they hold no council data.
  app.get(local(`${MEMBER_ASSETS}/:name`), { schema: { params: z.object({ name: z.enum(['member.css', 'member.js']) }) } }, async (request, reply) => {
    const { name } = request.params as { name: 'member.css' | 'member.js' };
    return reply.type(ASSET_TYPES[name] as string).header('cache-control', 'private, max-age=3600').send(assets.get(name));
  });

  // Scope '/': the worker must see the portal's file route (documents opened from here) and the logout POST.
  app.get(local(SERVICE_WORKER_PATH), async (_request, reply) => {
    return reply.type('text/javascript; charset=utf-8').header('service-worker-allowed', '/').header('cache-control', 'no-cache').send(serviceWorker);
  });

  await app.register(async (scope) => memberPages(scope, services));
}

function memberPages(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const members = new WeakMap<FastifyRequest, { actor: StaffActor; member: CouncilMember }>();

  app.addHook('preHandler', async (request, reply) => {
    const staff = request.staff;
    // The role alone is not enough: a session from before the role was granted may lack the second factor.
    if (!staff || !request.staffSession?.totpEnabled || !can(staff, 'council.member', { tenantId: request.tenant.id })) return reply.errorPage(403, '403');
    const member = await memberOf(db, staff, councilToday(services.now()));
    if (!member) return reply.errorPage(403, '403');
    members.set(request, { actor: staff, member });
  });

  // Member pages hold non-public content: no shared or browser HTTP cache keeps them (the service worker's own cache is cleared on logout).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'private, no-store');
    return payload;
  });

  function who(request: FastifyRequest): { actor: StaffActor; member: CouncilMember } {
    const found = members.get(request);
    if (!found) throw new Error('member guard did not run');
    return found;
  }

  const today = (): string => councilToday(services.now());
  const home = (t: FastifyRequest['t']) => ({ label: t('councilMember.title'), href: MEMBER_HOME });
  const staffHome = (t: FastifyRequest['t']) => ({ label: t('staff.area'), href: '/verwaltung' });

  app.get(local(MEMBER_HOME), async (request, reply) => {
    const { member } = who(request);
    const t = request.t;
    const data = await dashboard(db, request.tenant.id, member, services.now());
    return reply.page({ title: t('councilMember.title'), head: memberHead(), breadcrumbs: [staffHome(t), { label: t('councilMember.title') }], body: <DashboardPage t={t} locale={request.locale} data={data} /> });
  });

  app.get(local(OFFLINE_PATH), async (request, reply) => {
    const t = request.t;
    return reply.page({ title: t('councilMember.offline.title'), head: memberHead(), breadcrumbs: [staffHome(t), home(t), { label: t('councilMember.offline.title') }], body: <OfflinePage t={t} /> });
  });

  async function renderMeeting(request: FastifyRequest, reply: FastifyReply, id: string, rsvp: RsvpFormState, status = 200) {
    const { member } = who(request);
    const t = request.t;
    const meeting = await meetingFor(db, request.tenant.id, member, id, today());
    if (!meeting) return reply.errorPage(404, '404');
    const rsvpOpen = !meeting.cancelled && meeting.startAt.getTime() > services.now().getTime();
    return reply.page({
      title: rsvp.errors.length ? `${t('ui.field.errorPrefix')} ${meeting.name}` : meeting.name,
      status,
      head: memberHead(),
      breadcrumbs: [staffHome(t), home(t), { label: meeting.name }],
      body: <MeetingPage t={t} locale={request.locale} meeting={meeting} csrfToken={reply.csrfToken()} rsvp={rsvp} rsvpOpen={rsvpOpen} />,
    });
  }

  app.get(local(meetingPath(':id')), { schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    return renderMeeting(request, reply, id, { errors: [], values: {} });
  });

  app.post(local(`${meetingPath(':id')}/rueckmeldung`), { schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const { actor, member } = who(request);
    const t = request.t;
    const form = parseForm(rsvpSchema, request.body, t);
    if (!form.ok) return renderMeeting(request, reply, id, form, 422);
    if (form.data.status === 'absent' && form.data.note === '') {
      return renderMeeting(request, reply, id, { errors: [{ field: 'note', message: t('councilMember.rsvp.reasonRequired') }], values: formValues(request.body) }, 422);
    }
    const input = { status: form.data.status, note: form.data.status === 'absent' ? form.data.note : '' };
    const result = await respond(db, request.tenant.id, actor, member, id, input, services.now(), today());
    if (!result.ok && result.reason === 'not-found') return reply.errorPage(404, '404');
    if (!result.ok) {
      reply.flash('error', t('councilMember.rsvp.closed'));
      return reply.redirect(meetingPath(id), 303);
    }
    reply.flash('success', t('councilMember.rsvp.saved'));
    return reply.redirect(`${meetingPath(id)}#teilnahme`, 303);
  });

  app.get(local(`${MEMBER_HOME}/vorlagen/:id`), { schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const { member } = who(request);
    const t = request.t;
    const paper = await paperFor(db, request.tenant.id, member, id, today());
    if (!paper) return reply.errorPage(404, '404');
    return reply.page({ title: paper.name, head: memberHead(), breadcrumbs: [staffHome(t), home(t), { label: paper.reference ?? paper.name }], body: <PaperPage t={t} locale={request.locale} paper={paper} /> });
  });

  /** A document the member may read (public, or of one of their Gremien), or null: 404 without saying whether it exists. */
  async function readableDocument(request: FastifyRequest, fileId: string): Promise<{ doc: DocumentDetail; access: 'public' | 'member' } | null> {
    const { member } = who(request);
    const access = await councilFileAccess(db, request.tenant.id, fileId, { kind: 'member', member }, today());
    if (access !== 'public' && access !== 'member') return null;
    const doc = await documentFor(db, request.tenant.id, member, fileId, today());
    return doc ? { doc, access } : null;
  }

  async function renderDocument(request: FastifyRequest, reply: FastifyReply, fileId: string, noteForm: NoteFormState, status = 200) {
    const { actor, member } = who(request);
    const t = request.t;
    const found = await readableDocument(request, fileId);
    if (!found) return reply.errorPage(404, '404');
    if (found.access === 'member') await auditNonPublicRead(db, request.tenant.id, actor, fileId, 'view');
    const [notes, factions] = await Promise.all([notesFor(db, request.tenant.id, member, fileId), factionsOf(db, request.tenant.id, member)]);
    return reply.page({
      title: noteForm.errors.length ? `${t('ui.field.errorPrefix')} ${found.doc.name}` : found.doc.name,
      status,
      head: memberHead(),
      breadcrumbs: [staffHome(t), home(t), { label: found.doc.name }],
      body: <DocumentPage t={t} locale={request.locale} doc={found.doc} access={found.access} notes={notes} factions={factions} csrfToken={reply.csrfToken()} noteForm={noteForm} />,
    });
  }

  app.get(local(documentPath(':fileId')), { schema: { params: fileParams } }, async (request, reply) => {
    const { fileId } = request.params as z.infer<typeof fileParams>;
    return renderDocument(request, reply, fileId, { errors: [], values: {} });
  });

  app.post(local(`${documentPath(':fileId')}/notizen`), { schema: { params: fileParams } }, async (request, reply) => {
    const { fileId } = request.params as z.infer<typeof fileParams>;
    const { member } = who(request);
    const t = request.t;
    const found = await readableDocument(request, fileId);
    if (!found) return reply.errorPage(404, '404');
    const factions = await factionsOf(db, request.tenant.id, member);
    const form = parseNote(request.body, t, found.doc.pageCount ?? 10000, factions, null);
    if (!form.ok) return renderDocument(request, reply, fileId, form, 422);
    const result = await addNote(db, request.tenant.id, member, fileId, form.data);
    if (!result.ok) return renderDocument(request, reply, fileId, { errors: [{ field: 'visibility', message: t('councilMember.notes.notMyFaction') }], values: formValues(request.body) }, 422);
    reply.flash('success', t('councilMember.notes.saved'));
    return reply.redirect(`${documentPath(fileId)}#notiz-${result.id}`, 303);
  });

  async function renderNoteEdit(request: FastifyRequest, reply: FastifyReply, fileId: string, noteId: string, state: NoteFormState | null, status = 200) {
    const { member } = who(request);
    const t = request.t;
    const found = await readableDocument(request, fileId);
    const note = found ? await myNote(db, request.tenant.id, member, fileId, noteId) : null;
    if (!found || !note) return reply.errorPage(404, '404');
    const factions = await factionsOf(db, request.tenant.id, member);
    const values = state?.values ?? { page: note.page ? String(note.page) : '', quote: note.quote ?? '', body: note.body, visibility: note.faction?.id ?? 'private' };
    const title = t('councilMember.notes.editTitle');
    return reply.page({
      title: state?.errors.length ? `${t('ui.field.errorPrefix')} ${title}` : title,
      status,
      head: memberHead(),
      breadcrumbs: [staffHome(t), home(t), { label: found.doc.name, href: documentPath(fileId) }, { label: title }],
      body: <NoteEditPage t={t} doc={found.doc} note={note} factions={factions} csrfToken={reply.csrfToken()} state={{ errors: state?.errors ?? [], values }} />,
    });
  }

  app.get(local(`${documentPath(':fileId')}/notizen/:noteId`), { schema: { params: noteParams } }, async (request, reply) => {
    const { fileId, noteId } = request.params as z.infer<typeof noteParams>;
    return renderNoteEdit(request, reply, fileId, noteId, null);
  });

  app.post(local(`${documentPath(':fileId')}/notizen/:noteId`), { schema: { params: noteParams } }, async (request, reply) => {
    const { fileId, noteId } = request.params as z.infer<typeof noteParams>;
    const { member } = who(request);
    const t = request.t;
    const found = await readableDocument(request, fileId);
    const note = found ? await myNote(db, request.tenant.id, member, fileId, noteId) : null;
    if (!found || !note) return reply.errorPage(404, '404');
    const factions = await factionsOf(db, request.tenant.id, member);
    const form = parseNote(request.body, t, found.doc.pageCount ?? 10000, factions, note.faction?.id ?? null);
    if (!form.ok) return renderNoteEdit(request, reply, fileId, noteId, form, 422);
    const result = await updateNote(db, request.tenant.id, member, fileId, noteId, form.data);
    if (!result.ok) return renderNoteEdit(request, reply, fileId, noteId, { errors: [{ field: 'visibility', message: t('councilMember.notes.notMyFaction') }], values: formValues(request.body) }, 422);
    reply.flash('success', t('councilMember.notes.updated'));
    return reply.redirect(`${documentPath(fileId)}#notiz-${noteId}`, 303);
  });

  app.post(local(`${documentPath(':fileId')}/notizen/:noteId/loeschen`), { schema: { params: noteParams } }, async (request, reply) => {
    const { fileId, noteId } = request.params as z.infer<typeof noteParams>;
    const { member } = who(request);
    const result = await deleteNote(db, request.tenant.id, member, fileId, noteId);
    if (!result.ok) return reply.errorPage(404, '404');
    reply.flash('success', request.t('councilMember.notes.deleted'));
    return reply.redirect(`${documentPath(fileId)}#notizen`, 303);
  });

  app.get(local(`${MEMBER_HOME}/suche`), { schema: { querystring: searchQuery } }, async (request, reply) => {
    const { actor, member } = who(request);
    const t = request.t;
    const { q = '', seite = 1 } = request.query as z.infer<typeof searchQuery>;
    const query = q.trim();
    const base = { t, locale: request.locale, query, hits: [], total: 0, page: 1, pageCount: 1 };
    const title = t('councilMember.search.title');
    const breadcrumbs = [staffHome(t), home(t), { label: title }];
    if (query === '') return reply.page({ title, head: memberHead(), breadcrumbs, body: <SearchPage {...base} /> });
    const result = await searchCouncil(db, request.tenant.id, query, { page: seite }, { kind: 'member', member, today: today() });
    if (!result.ok) {
      const error = t('validation.tooLong');
      return reply.page({ title: `${t('ui.field.errorPrefix')} ${title}`, status: 422, head: memberHead(), breadcrumbs, body: <SearchPage {...base} error={error} /> });
    }
    // A snippet or title of a non-public document shown in the results is a read of it.
    const nonPublic = new Set(result.hits.flatMap((h) => h.files.filter((f) => !f.public).map((f) => f.id)));
    for (const fileId of nonPublic) await auditNonPublicRead(db, request.tenant.id, actor, fileId, 'search');
    return reply.page({ title, head: memberHead(), breadcrumbs, body: <SearchPage {...base} hits={result.hits} total={result.total} page={result.page} pageCount={result.pageCount} /> });
  });
}
