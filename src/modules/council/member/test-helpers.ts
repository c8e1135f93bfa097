/**
 * Test helpers for the member area: `memberBrowser` signs a council member in
 * with the mandatory second factor (set-up on the first sign-in, the code on
 * later ones), and `createMemberFixture` builds a small council with canary
 * strings: Gremium X with a non-public agenda item, paper and files, Gremium
 * Y, a Fraktion shared by members of both, and member accounts.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../../core/auth/passwords.ts';
import type { Db } from '../../../core/db/database.ts';
import type { FileStore } from '../../../core/files/file-store.ts';
import { DEMO_PASSWORD } from '../../../../seed/demo.ts';
import { sessionCookieName } from '../../../app.tsx';
import { TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { totpFor } from '../../staff-account/test-helpers.ts';
import { linkCouncilFile, markPublished, storeCouncilFile } from '../council.service.ts';
import { renderCouncilDocument } from '../documents/council-pdf.ts';

/**
 * Signs a member in through the auth service (like staffBrowser, so many
 * sign-ins do not run into the per-IP limits of the login pages), including
 * the TOTP set-up their role forces, and returns a browser with the session.
 */
export async function memberBrowser(t: TestApp, email: string, host = 'localhost'): Promise<TestBrowser> {
  const { staffAuth, tenants, db } = t.services;
  const tenant = await tenants.resolve(host);
  if (!tenant) throw new Error(`no tenant for ${host}`);
  const login = await staffAuth.login(tenant.id, email, DEMO_PASSWORD);
  if (!login.ok) throw new Error(`login failed for ${email}: ${login.reason}`);
  let token = login.token;
  if (login.secondFactor === 'setup') {
    const session = await staffAuth.session(tenant.id, token);
    if (!session) throw new Error('no pending session');
    const secret = staffAuth.newTotpSecret();
    const enabled = await staffAuth.enableTotp(session.actor, session.email, tenant.name, secret, totpFor(secret).generate());
    if (!enabled.ok) throw new Error(`TOTP set-up failed for ${email}: ${enabled.reason}`);
    token = enabled.token;
  } else if (login.secondFactor === 'required') {
    const user = await db.selectFrom('staff_users').select('totp_secret').where('tenant_id', '=', tenant.id).where('email', '=', email).executeTakeFirstOrThrow();
    if (!user.totp_secret) throw new Error(`no TOTP secret for ${email}`);
    const verified = await staffAuth.verifySecondFactor(tenant.id, token, totpFor(user.totp_secret).generate());
    if (!verified.ok) throw new Error(`TOTP code refused for ${email}`);
    token = verified.token;
  }
  const browser = new TestBrowser(t.app, host);
  browser.setCookie(sessionCookieName(t.config.secureCookies), token);
  return browser;
}

export interface MemberFixture {
  tenantId: string;
  committeeX: string;
  committeeY: string;
  faction: string;
  /** Member of X and of the Fraktion. */
  memberA: { email: string; personId: string };
  /** Member of Y and of the same Fraktion. */
  memberB: { email: string; personId: string };
  /** Only in the Fraktion: that grants nothing. */
  memberF: { email: string; personId: string };
  /** A staff account with the role but no council person: no member. */
  unlinked: { email: string };
  meetingX: string;
  meetingY: string;
  /** Canary: the name of X's non-public agenda item. */
  secretItemName: string;
  /** Canary: a word only inside X's non-public files. */
  secretWord: string;
  secretPaper: string;
  secretPaperName: string;
  /** X's non-public agenda file and the non-public paper's main file. */
  secretItemFile: string;
  secretPaperFile: string;
  publicPaper: string;
  publicFile: string;
}

function pdf(title: string, text: string, tenantName: string): Promise<Buffer> {
  return renderCouncilDocument({ issuer: { name: tenantName }, title, sections: [{ heading: 'Sachverhalt', paragraphs: [text] }] }, { creationDate: new Date('2026-11-01T08:00:00Z') });
}

/** A staff account with the role mandatstraeger and the demo password. */
async function account(db: Db, tenantId: string, email: string, name: string, passwordHash: string): Promise<string> {
  const user = await db.insertInto('staff_users').values({ tenant_id: tenantId, email, display_name: name, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('staff_roles').values({ tenant_id: tenantId, user_id: user.id, role: 'mandatstraeger', unit_id: null }).execute();
  return user.id;
}

/** The fixture council in a test app's tenant (default: Musterstadt). */
export async function createMemberFixture(t: TestApp, options: { host?: string; now?: Date } = {}): Promise<MemberFixture> {
  const tenant = await t.services.tenants.resolve(options.host ?? 'localhost');
  if (!tenant) throw new Error('no tenant');
  return createMemberFixtureIn(t.services.db, t.services.files, { id: tenant.id, name: tenant.name }, options.now ?? t.services.now());
}

/**
 * Builds the fixture council in a tenant (its demo body, or a new one) of
 * any database and file store — also one a browser test's server runs on.
 */
export async function createMemberFixtureIn(db: Db, files: FileStore, tenant: { id: string; name: string }, now: Date): Promise<MemberFixture> {
  const tenantId = tenant.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tag = randomBytes(4).toString('hex');
  const secretWord = `Kanarienvogel${tag}`;
  const secretItemName = `Grundstücksangelegenheit Geheim-${tag}`;
  const secretPaperName = `Vertrauliche Vorlage ${tag}`;
  const emails = { a: `mandat-a-${tag}@musterstadt.example`, b: `mandat-b-${tag}@musterstadt.example`, f: `mandat-f-${tag}@musterstadt.example`, u: `mandat-u-${tag}@musterstadt.example` };
  const accountA = await account(db, tenantId, emails.a, 'Anna Ausschuss', passwordHash);
  const accountB = await account(db, tenantId, emails.b, 'Bernd Bauausschuss', passwordHash);
  const accountF = await account(db, tenantId, emails.f, 'Frieda Fraktion', passwordHash);
  await account(db, tenantId, emails.u, 'Uwe Unverknüpft', passwordHash);
  const pdfs = {
    secretItem: await pdf(`Anlage ${secretItemName}`, `Kaufpreisverhandlung ${secretWord} mit dem Eigentümer.`, tenant.name),
    secretPaper: await pdf(secretPaperName, `Der Inhalt ${secretWord} ist vertraulich.`, tenant.name),
    publicPaper: await pdf(`Radwegekonzept ${tag}`, 'Ausbau der Radwege in der Innenstadt.', tenant.name),
  };

  const ids = await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('council_bodies').select('id').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).executeTakeFirst();
    const bodyId = existing?.id ?? (await tx.insertInto('council_bodies').values({ tenant_id: tenantId, name: `Rat ${tenant.name}` }).returning('id').executeTakeFirstOrThrow()).id;
    const org = async (name: string, type: 'Gremium' | 'Fraktion') => (await tx.insertInto('council_organizations').values({ tenant_id: tenantId, body_id: bodyId, name, organization_type: type }).returning('id').executeTakeFirstOrThrow()).id;
    const committeeX = await org(`Ausschuss X ${tag}`, 'Gremium');
    const committeeY = await org(`Ausschuss Y ${tag}`, 'Gremium');
    const faction = await org(`Fraktion F ${tag}`, 'Fraktion');
    const person = async (name: string, accountId: string) => (await tx.insertInto('council_persons').values({ tenant_id: tenantId, body_id: bodyId, name, account_id: accountId }).returning('id').executeTakeFirstOrThrow()).id;
    const personA = await person('Anna Ausschuss', accountA);
    const personB = await person('Bernd Bauausschuss', accountB);
    const personF = await person('Frieda Fraktion', accountF);
    const since = '2024-01-01';
    await tx
      .insertInto('council_memberships')
      .values([
        { tenant_id: tenantId, person_id: personA, organization_id: committeeX, start_date: since },
        { tenant_id: tenantId, person_id: personA, organization_id: faction, start_date: since },
        { tenant_id: tenantId, person_id: personB, organization_id: committeeY, start_date: since },
        { tenant_id: tenantId, person_id: personB, organization_id: faction, start_date: since },
        { tenant_id: tenantId, person_id: personF, organization_id: faction, start_date: since },
      ])
      .execute();
    const meeting = async (name: string, organizationId: string) => {
      const id = (await tx.insertInto('council_meetings').values({ tenant_id: tenantId, body_id: bodyId, name, start_at: new Date(now.getTime() + 7 * 86_400_000), meeting_state: 'eingeladen' }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('council_meeting_organizations').values({ tenant_id: tenantId, meeting_id: id, organization_id: organizationId }).execute();
      return id;
    };
    const meetingX = await meeting(`Sitzung Ausschuss X ${tag}`, committeeX);
    const meetingY = await meeting(`Sitzung Ausschuss Y ${tag}`, committeeY);
    const publicItem = (await tx.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meetingX, position: 1, number: '1', name: `Radwegekonzept ${tag}`, public: true }).returning('id').executeTakeFirstOrThrow()).id;
    const secretItem = (await tx.insertInto('council_agenda_items').values({ tenant_id: tenantId, meeting_id: meetingX, position: 2, number: '2', name: secretItemName, public: false }).returning('id').executeTakeFirstOrThrow()).id;
    const paper = async (name: string, isPublic: boolean, reference: string) => (await tx.insertInto('council_papers').values({ tenant_id: tenantId, body_id: bodyId, name, paper_type: 'Beschlussvorlage', reference, date: '2026-11-01', public: isPublic }).returning('id').executeTakeFirstOrThrow()).id;
    const publicPaper = await paper(`Radwegekonzept ${tag}`, true, `V-${tag}-1`);
    const secretPaper = await paper(secretPaperName, false, `V-${tag}-2`);
    await tx.insertInto('council_consultations').values({ tenant_id: tenantId, paper_id: publicPaper, agenda_item_id: publicItem, meeting_id: meetingX }).execute();
    await tx.insertInto('council_consultations').values({ tenant_id: tenantId, paper_id: secretPaper, agenda_item_id: secretItem, meeting_id: meetingX }).execute();
    const store = (content: Buffer, name: string) => storeCouncilFile(tx, files, tenantId, bodyId, { content, fileName: `${name.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`, name, mimeType: 'application/pdf', date: '2026-11-01', published: true });
    const secretItemFile = (await store(pdfs.secretItem, `Anlage Geheim ${tag}`)).id;
    const secretPaperFile = (await store(pdfs.secretPaper, `Vorlage Geheim ${tag}`)).id;
    const publicFile = (await store(pdfs.publicPaper, `Radwegekonzept ${tag}`)).id;
    await linkCouncilFile(tx, tenantId, secretItemFile, 'agenda_aux', { agendaItemId: secretItem });
    await linkCouncilFile(tx, tenantId, secretPaperFile, 'paper_main', { paperId: secretPaper });
    await linkCouncilFile(tx, tenantId, publicFile, 'paper_main', { paperId: publicPaper });
    await tx.insertInto('council_invitations').values({ tenant_id: tenantId, meeting_id: meetingX, person_id: personA, sent_at: now }).execute();
    await markPublished(tx, tenantId);
    return { committeeX, committeeY, faction, personA, personB, personF, meetingX, meetingY, secretPaper, publicPaper, secretItemFile, secretPaperFile, publicFile };
  });
  return {
    tenantId,
    committeeX: ids.committeeX,
    committeeY: ids.committeeY,
    faction: ids.faction,
    memberA: { email: emails.a, personId: ids.personA },
    memberB: { email: emails.b, personId: ids.personB },
    memberF: { email: emails.f, personId: ids.personF },
    unlinked: { email: emails.u },
    meetingX: ids.meetingX,
    meetingY: ids.meetingY,
    secretItemName,
    secretWord,
    secretPaper: ids.secretPaper,
    secretPaperName,
    secretItemFile: ids.secretItemFile,
    secretPaperFile: ids.secretPaperFile,
    publicPaper: ids.publicPaper,
    publicFile: ids.publicFile,
  };
}
