/**
 * The Sitzungsdienst's commands against the real database: agenda numbering,
 * the invitation at the legal deadline (sent exactly once, by the job, with a
 * controllable clock), refused non-PDFs leave nothing behind, tombstones
 * instead of deletes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { berlinInstant } from '../../../core/time/berlin.ts';
import { sendDueInvitations, scheduleInvitations, sendInvitations, cancelMeeting, sendAgendaUpdate } from './invitations.service.ts';
import { addAgendaItem, attachFile, invitationDeadline, moveAgendaItem, removeAgendaItem, saveMeeting, savePaper, setAgendaItemPublic } from './sitzungsdienst.service.ts';
import { createOfficeFixture, officeActorFor, testPdf, type OfficeFixture } from './test-fixtures.ts';

let t: TestApp;
let clock = new Date('2025-03-03T08:00:00Z');
let fx: OfficeFixture;

before(async () => {
  t = await createTestApp({ now: () => clock });
  fx = await createOfficeFixture(t.services, await officeActorFor(t.services, 'ratsbuero@musterstadt.example'));
});
after(async () => t.close());

async function meeting(day: string, time = '17:00'): Promise<string> {
  const result = await saveMeeting(t.services, fx.actor, null, { name: `Sitzung ${fx.tag} ${day}`, organizationIds: [fx.gremiumId], day, startTime: time, endTime: null, locationId: fx.locationId });
  assert.ok(result.ok);
  return result.id;
}

async function agenda(meetingId: string) {
  return t.services.db.selectFrom('council_agenda_items').select(['id', 'number', 'name', 'public', 'position']).where('meeting_id', '=', meetingId).where('deleted_at', 'is', null).orderBy('position').execute();
}

async function mailsTo(addresses: string[]) {
  return t.services.db.selectFrom('mails').select(['to_address', 'subject', 'text_body', 'template']).where('to_address', 'in', addresses).execute();
}

describe('agenda builder', () => {
  test('numbers follow the parts (Ö 1.., N 1..) through add, move, part change and removal', async () => {
    const id = await meeting('2027-04-20');
    const add = async (name: string, isPublic: boolean) => {
      const r = await addAgendaItem(t.services, fx.actor, id, { name, public: isPublic, paperId: null, consultationRole: '', authoritative: false });
      assert.ok(r.ok);
      return r.id;
    };
    const a = await add('Eröffnung', true);
    const secret = await add('Grundstücksangelegenheit', false);
    const b = await add('Haushalt', true);
    assert.deepEqual((await agenda(id)).map((i) => `${i.number} ${i.name}`), ['Ö 1 Eröffnung', 'Ö 2 Haushalt', 'N 1 Grundstücksangelegenheit']);

    assert.ok((await moveAgendaItem(t.services, fx.actor, b, 'up')).ok);
    assert.deepEqual((await agenda(id)).map((i) => `${i.number} ${i.name}`), ['Ö 1 Haushalt', 'Ö 2 Eröffnung', 'N 1 Grundstücksangelegenheit']);
    const edge = await moveAgendaItem(t.services, fx.actor, b, 'up');
    assert.deepEqual(edge, { ok: false, reason: 'edge' });

    assert.ok((await setAgendaItemPublic(t.services, fx.actor, a, false)).ok);
    assert.deepEqual((await agenda(id)).map((i) => `${i.number} ${i.name}`), ['Ö 1 Haushalt', 'N 1 Grundstücksangelegenheit', 'N 2 Eröffnung']);

    assert.ok((await removeAgendaItem(t.services, fx.actor, secret)).ok);
    assert.deepEqual((await agenda(id)).map((i) => `${i.number} ${i.name}`), ['Ö 1 Haushalt', 'N 1 Eröffnung']);
    // Removed, not deleted: the TOP is a tombstone.
    const tomb = await t.services.db.selectFrom('council_agenda_items').select('deleted_at').where('id', '=', secret).executeTakeFirstOrThrow();
    assert.ok(tomb.deleted_at);
  });
});

describe('papers and files', () => {
  test('a non-PDF is refused and nothing is half-written', async () => {
    const before = await t.services.db.selectFrom('council_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const papersBefore = await t.services.db.selectFrom('council_papers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const result = await savePaper(t.services, fx.actor, null, { name: 'Kein PDF', reference: `T-${fx.tag}-X`, paperType: 'Vorlage', date: '2027-03-01', public: true, originatorPersonIds: [], originatorOrganizationIds: [], directionOrganizationId: null }, { content: Buffer.from('<html>not a pdf</html>'), fileName: 'vorlage.pdf', published: true });
    assert.deepEqual(result, { ok: false, reason: 'not-pdf' });
    // A file that starts like a PDF is not enough for an attachment either when it is not one.
    const fake = await attachFile(t.services, fx.actor, { kind: 'meeting', meetingId: await meeting('2027-05-04'), role: 'meeting_aux' }, { content: Buffer.from('GIF89a%PDF-1.7'), fileName: 'x.pdf', published: false });
    assert.deepEqual(fake, { ok: false, reason: 'not-pdf' });
    const after = await t.services.db.selectFrom('council_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const papersAfter = await t.services.db.selectFrom('council_papers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
    assert.equal(papersAfter.n, papersBefore.n);
  });

  test('a public paper needs a main file; a new main file replaces the old one (tombstone)', async () => {
    const input = { name: 'Radweg Nord', reference: `T-${fx.tag}-1`, paperType: 'Vorlage', date: '2027-03-01', public: true, originatorPersonIds: [], originatorOrganizationIds: [], directionOrganizationId: null };
    assert.deepEqual(await savePaper(t.services, fx.actor, null, input), { ok: false, reason: 'main-file-missing' });
    assert.equal((await t.services.db.selectFrom('council_papers').select('id').where('reference', '=', input.reference).execute()).length, 0, 'rolled back');
    const created = await savePaper(t.services, fx.actor, null, input, { content: await testPdf('Fahrradstraße'), fileName: 'radweg.pdf', published: true });
    assert.ok(created.ok);
    assert.deepEqual(await savePaper(t.services, fx.actor, null, { ...input, public: false }), { ok: false, reason: 'reference-taken' });
    const first = await t.services.db.selectFrom('council_file_links').select('file_id').where('paper_id', '=', created.id).where('role', '=', 'paper_main').executeTakeFirstOrThrow();
    const replaced = await attachFile(t.services, fx.actor, { kind: 'paper', paperId: created.id, role: 'paper_main' }, { content: await testPdf('Radschnellweg'), fileName: 'radweg-neu.pdf', published: true });
    assert.ok(replaced.ok);
    const old = await t.services.db.selectFrom('council_files').select(['deleted_at', 'first_published_at']).where('id', '=', first.file_id).executeTakeFirstOrThrow();
    assert.ok(old.deleted_at && old.first_published_at, 'the old main file is a tombstone that was public once');
    const text = await t.services.db.selectFrom('council_public_files').select('text').where('id', '=', replaced.id).executeTakeFirstOrThrow();
    assert.match(text.text ?? '', /Radschnellweg/);
  });
});

describe('invitations at the legal deadline', () => {
  test('the deadline is start minus the Ladungsfrist in Berlin days, across the DST change', () => {
    // 7 days before 30 March 2027 17:00 CEST is 23 March 17:00 CET: same wall time, 7*24-1 hours.
    const start = berlinInstant('2027-03-30', '17:00') as Date;
    assert.equal(invitationDeadline(start, 7).toISOString(), (berlinInstant('2027-03-23', '17:00') as Date).toISOString());
  });

  test('a scheduled invitation is sent by the job once the deadline has come, to the members only, and never twice', async () => {
    clock = new Date('2025-03-03T08:00:00Z');
    const id = await meeting('2025-03-27', '18:00');
    assert.ok((await addAgendaItem(t.services, fx.actor, id, { name: `Bebauungsplan ${fx.tag}`, public: true, paperId: null, consultationRole: '', authoritative: false })).ok);
    assert.ok((await addAgendaItem(t.services, fx.actor, id, { name: `Personalsache ${fx.tag}`, public: false, paperId: null, consultationRole: '', authoritative: false })).ok);
    const scheduled = await scheduleInvitations(t.services, fx.actor, id);
    assert.ok(scheduled.ok);
    // Musterstadt: 7 days.
    assert.equal(scheduled.dueAt.toISOString(), (berlinInstant('2025-03-20', '18:00') as Date).toISOString());
    const everyone = [...fx.members, fx.formerMember, fx.outsider].map((m) => m.email);

    const sentAt = async () => (await t.services.db.selectFrom('council_meetings').select('invitation_sent_at').where('id', '=', id).executeTakeFirstOrThrow()).invitation_sent_at;
    clock = new Date(scheduled.dueAt.getTime() - 60_000);
    await sendDueInvitations(t.services);
    assert.equal(await sentAt(), null, 'not before the deadline');
    assert.equal((await mailsTo(everyone)).length, 0);

    clock = new Date(scheduled.dueAt.getTime() + 60_000);
    // Two instances running the job at the same moment still send once; a later run sends nothing more.
    await Promise.all([sendDueInvitations(t.services), sendDueInvitations(t.services)]);
    assert.equal((await sentAt())?.toISOString(), clock.toISOString());
    await sendDueInvitations(t.services);
    const mails = await mailsTo(everyone);
    assert.deepEqual(mails.map((m) => m.to_address).sort(), fx.members.map((m) => m.email).sort());
    for (const mail of mails) {
      assert.equal(mail.template, 'council.invitation');
      assert.match(mail.text_body, new RegExp(`Ö 1  Bebauungsplan ${fx.tag}`));
      assert.match(mail.text_body, new RegExp(`N 1  Personalsache ${fx.tag}`), 'members see non-public titles');
      assert.match(mail.text_body, new RegExp(`/verwaltung/mandat/sitzungen/${id}`));
      assert.match(mail.text_body, new RegExp(`/ratsinfo/sitzungen/${id}`));
    }
    const invitations = await t.services.db.selectFrom('council_invitations').select('person_id').where('meeting_id', '=', id).execute();
    assert.equal(invitations.length, fx.members.length);
    const m = await t.services.db.selectFrom('council_meetings').select(['meeting_state', 'invitation_sent_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(m.meeting_state, 'eingeladen');
    assert.deepEqual(await sendInvitations(t.services, fx.actor, id), { ok: false, reason: 'already-sent' });

    // The public invitation names no non-public item.
    const pdf = await t.services.db
      .selectFrom('council_public_files as f')
      .innerJoin('council_file_links as l', (j) => j.onRef('l.tenant_id', '=', 'f.tenant_id').onRef('l.file_id', '=', 'f.id'))
      .select('f.text')
      .where('l.meeting_id', '=', id)
      .where('l.role', '=', 'meeting_invitation')
      .executeTakeFirstOrThrow();
    assert.match(pdf.text ?? '', new RegExp(`Bebauungsplan ${fx.tag}`));
    assert.doesNotMatch(pdf.text ?? '', /Personalsache/);

    // Nachtrag and cancellation reach the invited, nobody else.
    const update = await sendAgendaUpdate(t.services, fx.actor, id);
    assert.ok(update.ok && update.sent === fx.members.length);
    const cancelled = await cancelMeeting(t.services, fx.actor, id);
    assert.ok(cancelled.ok && cancelled.sent === fx.members.length);
    const all = await mailsTo(everyone);
    assert.deepEqual(all.map((x) => x.template).sort(), [...fx.members.map(() => 'council.cancellation'), ...fx.members.map(() => 'council.invitation'), ...fx.members.map(() => 'council.update')].sort());
  });

  test('a meeting without agenda is not sent by the job', async () => {
    clock = new Date('2025-03-03T08:00:00Z');
    const id = await meeting('2025-03-14');
    assert.ok((await scheduleInvitations(t.services, fx.actor, id)).ok);
    clock = new Date('2025-03-12T08:00:00Z');
    await sendDueInvitations(t.services);
    const m = await t.services.db.selectFrom('council_meetings').select('invitation_sent_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(m.invitation_sent_at, null);
  });
});
