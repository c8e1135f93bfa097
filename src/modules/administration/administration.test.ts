import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { sessionCookieName } from '../../app.tsx';
import { modules } from '../index.ts';
import { administrationModule } from './module.ts';

const PASSWORD = 'Rathaus-Demo-2026';
const ADMIN = 'admin@musterstadt.example';
const CLERK = 'buergerbuero@musterstadt.example';

let t: TestApp;
let app: FastifyInstance;
let musterstadt: string;
let beispielhausen: string;

/** The module is listed in src/modules/index.ts, so the regular test app serves it. */
async function appWithModule(test: TestApp): Promise<FastifyInstance> {
  assert.ok(modules.some((m) => m.name === administrationModule.name), 'administration module is registered');
  return test.app;
}

/** A browser for inject() that starts logged in (the login page is not part of this module). */
class StaffBrowser {
  private readonly cookies = new Map<string, string>();
  lastBody = '';

  constructor(
    private readonly host: string,
    sessionToken?: string,
  ) {
    if (sessionToken) this.cookies.set(sessionCookieName(t.config.secureCookies), sessionToken);
  }

  private cookieHeader(): string {
    // light-my-request hands out decoded values; a browser sends back the encoded form (a flash text may hold ";").
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private store(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    this.lastBody = response.body;
    return response;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.store(await app.inject({ method: 'GET', url, headers: { host: this.host, cookie: this.cookieHeader() } }));
  }

  csrf(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!match?.[1]) throw new Error('no CSRF token on the last page');
    return match[1];
  }

  async post(url: string, form: Record<string, string>, options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    if (token !== null) body.set('_csrf', token);
    return this.store(
      await app.inject({
        method: 'POST',
        url,
        headers: { host: this.host, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }
}

async function login(tenantId: string, email: string, password = PASSWORD): Promise<string> {
  const result = await t.services.staffAuth.login(tenantId, email, password);
  if (!result.ok) throw new Error(`login failed for ${email}: ${result.reason}`);
  return result.token;
}

async function asAdmin(): Promise<StaffBrowser> {
  return new StaffBrowser('localhost', await login(musterstadt, ADMIN));
}

async function insertMail(tenantId: string, values: { subject: string; status?: 'queued' | 'sent' | 'held' | 'failed'; text?: string; html?: string }): Promise<string> {
  const row = await t.services.db
    .insertInto('mails')
    .values({
      tenant_id: tenantId,
      to_address: 'erika.mustermann@example.org',
      subject: values.subject,
      text_body: values.text ?? `Guten Tag,\n\nText zu ${values.subject}.`,
      html_body: values.html ?? `<p>HTML zu ${values.subject}</p>`,
      template: 'case.received',
      locale: 'de',
      status: values.status ?? 'held',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const h1Count = (body: string): number => body.match(/<h1[\s>]/g)?.length ?? 0;

before(async () => {
  t = await createTestApp();
  app = await appWithModule(t);
  const m = await t.services.tenants.bySlug('musterstadt');
  const b = await t.services.tenants.bySlug('beispielhausen');
  assert.ok(m && b);
  musterstadt = m.id;
  beispielhausen = b.id;
});

after(async () => {
  await t.close();
});

describe('Postausgang', () => {
  let ownMail: string;
  let otherTenantMail: string;

  before(async () => {
    ownMail = await insertMail(musterstadt, {
      subject: 'Ihre Meldebescheinigung',
      status: 'held',
      text: 'Guten Tag Frau Mustermann,\n\nIhr Antrag ist eingegangen.',
      html: '<p>NUR-IM-HTML <script>alert(1)</script></p>',
    });
    await insertMail(musterstadt, { subject: 'Zugestellte Nachricht', status: 'sent' });
    otherTenantMail = await insertMail(beispielhausen, { subject: 'Nur in Beispielhausen' });
  });

  test('an admin sees the tenant’s mails, newest first, with the offline hint and one h1', async () => {
    const browser = await asAdmin();
    const res = await browser.get('/verwaltung/postausgang');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /Ihre Meldebescheinigung/);
    assert.match(res.body, /Zurückgehalten/);
    assert.match(res.body, /Ohne SMTP_URL werden E-Mails nicht versendet, sondern hier angezeigt/);
    assert.match(res.body, /href="\/verwaltung"/, 'breadcrumb back to Verwaltung');
    assert.ok(res.body.indexOf('Zugestellte Nachricht') < res.body.indexOf('Ihre Meldebescheinigung'), 'newest first');
    assert.doesNotMatch(res.body, /Nur in Beispielhausen/);
  });

  test('the status filter narrows the list; an unknown status is a 400 page', async () => {
    const browser = await asAdmin();
    const sent = await browser.get('/verwaltung/postausgang?status=sent');
    assert.match(sent.body, /Zugestellte Nachricht/);
    assert.doesNotMatch(sent.body, /Ihre Meldebescheinigung/);
    const all = await browser.get('/verwaltung/postausgang?status=');
    assert.match(all.body, /Ihre Meldebescheinigung/);
    const bad = await browser.get('/verwaltung/postausgang?status=gelesen');
    assert.equal(bad.statusCode, 400);
    assert.equal((await browser.get('/verwaltung/postausgang?seite=abc')).statusCode, 400);
  });

  test('lists are paginated by 25', async () => {
    for (let i = 0; i < 26; i += 1) await insertMail(musterstadt, { subject: `Massenmail ${i}`, status: 'failed' });
    const browser = await asAdmin();
    const first = await browser.get('/verwaltung/postausgang?status=failed');
    assert.equal(first.body.match(/Massenmail \d+/g)?.length, 25);
    assert.match(first.body, /href="\/verwaltung\/postausgang\?status=failed&(amp;)?seite=2"/);
    const second = await browser.get('/verwaltung/postausgang?status=failed&seite=2');
    assert.equal(second.body.match(/Massenmail \d+/g)?.length, 1);
  });

  test('one mail shows headers and the text body, never the HTML body', async () => {
    const browser = await asAdmin();
    const res = await browser.get(`/verwaltung/postausgang/${ownMail}`);
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /erika\.mustermann@example\.org/);
    assert.match(res.body, /<pre[^>]*>Guten Tag Frau Mustermann,\n\nIhr Antrag ist eingegangen\.<\/pre>/);
    assert.doesNotMatch(res.body, /NUR-IM-HTML/);
    assert.doesNotMatch(res.body, /<script>alert/);
  });

  test('tenant isolation: another municipality’s mail id is a 404; a malformed id a 400', async () => {
    const browser = await asAdmin();
    assert.equal((await browser.get(`/verwaltung/postausgang/${otherTenantMail}`)).statusCode, 404);
    assert.equal((await browser.get('/verwaltung/postausgang/keine-uuid')).statusCode, 400);
    const beispielAdmin = new StaffBrowser('beispielhausen.localhost', await login(beispielhausen, 'admin@beispielhausen.example'));
    const own = await beispielAdmin.get(`/verwaltung/postausgang/${otherTenantMail}`);
    assert.equal(own.statusCode, 200);
    assert.equal((await beispielAdmin.get(`/verwaltung/postausgang/${ownMail}`)).statusCode, 404);
    const list = await beispielAdmin.get('/verwaltung/postausgang');
    assert.match(list.body, /Nur in Beispielhausen/);
    assert.doesNotMatch(list.body, /Meldebescheinigung|Massenmail/);
  });

  test('a Musterstadt session is not valid on the Beispielhausen host', async () => {
    const token = await login(musterstadt, ADMIN);
    const res = await new StaffBrowser('beispielhausen.localhost', token).get('/verwaltung/postausgang');
    assert.equal(res.statusCode, 303);
  });
});

describe('access', () => {
  const pages = ['/verwaltung/postausgang', '/verwaltung/einstellungen', '/verwaltung/protokoll', '/verwaltung/mitarbeitende', '/verwaltung/mitarbeitende/neu'];

  test('case workers get 403 on every admin page and action', async () => {
    const clerk = new StaffBrowser('localhost', await login(musterstadt, CLERK));
    const mail = await insertMail(musterstadt, { subject: 'Geheim für Sachbearbeitung' });
    for (const path of [...pages, `/verwaltung/postausgang/${mail}`]) {
      const res = await clerk.get(path);
      assert.equal(res.statusCode, 403, path);
      assert.match(res.body, /Kein Zugriff/, path);
      assert.doesNotMatch(res.body, /Geheim für Sachbearbeitung/, path);
    }
    const before = await t.services.tenants.getSetting<number>(musterstadt, 'session.idleMinutes');
    const post = await clerk.post('/verwaltung/einstellungen', { key: 'session.idleMinutes', value: '60' });
    assert.equal(post.statusCode, 403);
    assert.match(post.body, /Kein Zugriff/, 'refused by the policy, not by a missing CSRF token');
    assert.equal(await t.services.tenants.getSetting<number>(musterstadt, 'session.idleMinutes'), before);
    const created = await clerk.post('/verwaltung/mitarbeitende/neu', { displayName: 'Eva Eindringling', email: 'eva@musterstadt.example', password: 'ein-langes-passwort', role: 'admin' });
    assert.equal(created.statusCode, 403);
    const admin = await t.services.db.selectFrom('staff_users').select('id').where('tenant_id', '=', musterstadt).where('email', '=', ADMIN).executeTakeFirstOrThrow();
    const deactivate = await clerk.post(`/verwaltung/mitarbeitende/${admin.id}/deaktivieren`, {});
    assert.equal(deactivate.statusCode, 403);
    const users = await t.services.db.selectFrom('staff_users').select(['email', 'active']).where('tenant_id', '=', musterstadt).execute();
    assert.ok(!users.some((u) => u.email === 'eva@musterstadt.example'));
    assert.ok(users.find((u) => u.email === ADMIN)?.active);
  });

  test('the staff navigation shows admin entries to admins only', async () => {
    const admin = await asAdmin();
    const adminPage = await admin.get('/verwaltung/protokoll');
    for (const href of pages.slice(0, 4)) assert.match(adminPage.body, new RegExp(`class="rathaus-nav__link" href="${href}"`));
    const clerk = new StaffBrowser('localhost', await login(musterstadt, CLERK));
    const clerkPage = await clerk.get('/verwaltung/protokoll');
    assert.doesNotMatch(clerkPage.body, /href="\/verwaltung\/einstellungen"/);
  });

  test('without a session, pages redirect to the login', async () => {
    const res = await new StaffBrowser('localhost').get('/verwaltung/einstellungen');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/verwaltung\/anmelden\?weiter=/);
  });

  test('pages speak English too', async () => {
    const admin = await asAdmin();
    for (const [path, heading] of [
      ['/verwaltung/postausgang?lang=en', 'Outbox'],
      ['/verwaltung/einstellungen?lang=en', 'Settings'],
      ['/verwaltung/protokoll?lang=en', 'Audit log'],
      ['/verwaltung/mitarbeitende?lang=en', 'Staff'],
      ['/verwaltung/mitarbeitende/neu?lang=en', 'Create account'],
    ] as const) {
      const res = await admin.get(path);
      assert.equal(res.statusCode, 200, path);
      assert.match(res.body, new RegExp(`<h1[^>]*>${heading}</h1>`), path);
    }
  });
});

describe('Einstellungen', () => {
  test('shows every setting with its value and the master data', async () => {
    const admin = await asAdmin();
    const res = await admin.get('/verwaltung/einstellungen');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    for (const key of ['branding.primaryColor', 'session.idleMinutes', 'mail.replyTo']) assert.match(res.body, new RegExp(`value="${key.replace('.', '\\.')}"`));
    assert.match(res.body, /Stadt Musterstadt/);
    assert.match(res.body, /musterstadt\.localhost/);
  });

  test('a valid change persists and is audited', async () => {
    const admin = await asAdmin();
    await admin.get('/verwaltung/einstellungen');
    const res = await admin.post('/verwaltung/einstellungen', { key: 'session.idleMinutes', value: '45' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung/einstellungen');
    assert.equal(await t.services.tenants.getSetting<number>(musterstadt, 'session.idleMinutes'), 45);
    assert.equal(await t.services.tenants.getSetting<number>(beispielhausen, 'session.idleMinutes'), 30, 'other tenant untouched');
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'settings.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Andrea Adler');
    assert.deepEqual(entry.details, { key: 'session.idleMinutes' });
    const after = await admin.get('/verwaltung/einstellungen');
    assert.match(after.body, /Die Einstellung „session\.idleMinutes“ wurde gespeichert\./);
    assert.match(after.body, /Aktueller Wert: 45/);
  });

  for (const [key, value] of [
    ['session.idleMinutes', 'abc'],
    ['branding.primaryColor', 'red'],
    ['session.idleMinutes', '1'],
    ['mail.replyTo', 'keine-adresse'],
  ] as const) {
    test(`invalid value ${key}=${value} → 422 with error summary, nothing changed`, async () => {
      const admin = await asAdmin();
      await admin.get('/verwaltung/einstellungen');
      const before = await t.services.tenants.getSetting(musterstadt, key);
      const auditBefore = await t.services.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', musterstadt).where('action', '=', 'settings.set').executeTakeFirstOrThrow();
      const res = await admin.post('/verwaltung/einstellungen', { key, value });
      assert.equal(res.statusCode, 422);
      assert.equal(h1Count(res.body), 1);
      assert.match(res.body, /<title>Fehler: Einstellungen/);
      assert.match(res.body, /id="error-summary"/);
      const fieldId = `field-setting-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;
      assert.match(res.body, new RegExp(`href="#${fieldId}"`));
      assert.match(res.body, new RegExp(`id="${fieldId}"[^>]*value="${value}"|value="${value}"[^>]*aria-invalid="true"`));
      assert.deepEqual(await t.services.tenants.getSetting(musterstadt, key), before);
      const auditAfter = await t.services.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', musterstadt).where('action', '=', 'settings.set').executeTakeFirstOrThrow();
      assert.equal(auditAfter.n, auditBefore.n);
    });
  }

  test('an unknown key → 422; a POST without CSRF token → 403', async () => {
    const admin = await asAdmin();
    await admin.get('/verwaltung/einstellungen');
    const unknown = await admin.post('/verwaltung/einstellungen', { key: 'gibt.es.nicht', value: '1' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /Diese Einstellung gibt es nicht/);
    assert.match(unknown.body, /href="#field-settings"/);
    const missing = await admin.post('/verwaltung/einstellungen', { value: '1' });
    assert.equal(missing.statusCode, 422);
    await admin.get('/verwaltung/einstellungen');
    const noCsrf = await admin.post('/verwaltung/einstellungen', { key: 'session.idleMinutes', value: '50' }, { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
    assert.notEqual(await t.services.tenants.getSetting<number>(musterstadt, 'session.idleMinutes'), 50);
  });

  test('mail.replyTo can be set and emptied again', async () => {
    const admin = await asAdmin();
    await admin.get('/verwaltung/einstellungen');
    assert.equal((await admin.post('/verwaltung/einstellungen', { key: 'mail.replyTo', value: 'buergerbuero@musterstadt.example' })).statusCode, 303);
    assert.equal(await t.services.tenants.getSetting(musterstadt, 'mail.replyTo'), 'buergerbuero@musterstadt.example');
    await admin.get('/verwaltung/einstellungen');
    assert.equal((await admin.post('/verwaltung/einstellungen', { key: 'mail.replyTo', value: '' })).statusCode, 303);
    assert.equal(await t.services.tenants.getSetting(musterstadt, 'mail.replyTo'), '');
  });
});

describe('Mitarbeitende', () => {
  const form = { displayName: 'Nina Neumann', email: 'nina.neumann@musterstadt.example', password: 'ein-sicheres-passwort-2026', role: 'sachbearbeitung', unit: 'ordnungsamt' };

  test('lists accounts with roles, units and second-factor state', async () => {
    const admin = await asAdmin();
    const res = await admin.get('/verwaltung/mitarbeitende');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /Birgit Brandt/);
    assert.match(res.body, /Sachbearbeitung – Bürgerbüro/);
    assert.match(res.body, /Nicht eingerichtet/);
    assert.doesNotMatch(res.body, /Xaver Huber/, 'no staff of another tenant');
  });

  test('creates an account that can log in; the creation is audited', async () => {
    const admin = await asAdmin();
    await admin.get('/verwaltung/mitarbeitende/neu');
    const res = await admin.post('/verwaltung/mitarbeitende/neu', form);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung/mitarbeitende');
    const list = await admin.get('/verwaltung/mitarbeitende');
    assert.match(list.body, /Das Konto für Nina Neumann wurde angelegt\./);
    assert.match(list.body, /Sachbearbeitung – Ordnungsamt/);
    const session = await t.services.staffAuth.session(musterstadt, await login(musterstadt, form.email, form.password));
    assert.deepEqual(session?.actor.roles.map((r) => r.role), ['sachbearbeitung']);
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'staff.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'Andrea Adler');
  });

  test('duplicate e-mail, weak password, missing unit and empty form → 422 with errors, password never echoed', async () => {
    const admin = await asAdmin();
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...form, email: CLERK.toUpperCase() }, /Es gibt schon ein Konto mit dieser E-Mail-Adresse/],
      [{ ...form, email: 'kurz@musterstadt.example', password: 'zu-kurz' }, /mindestens 12 Zeichen/],
      [{ ...form, email: 'ohne-einheit@musterstadt.example', unit: '' }, /Bitte wählen Sie die Organisationseinheit aus/],
      [{ ...form, email: 'fremde-einheit@musterstadt.example', unit: 'einwohnermeldeamt' }, /Bitte wählen Sie eine der Möglichkeiten aus/],
      [{}, /Bitte füllen Sie dieses Feld aus/],
    ];
    for (const [values, message] of cases) {
      await admin.get('/verwaltung/mitarbeitende/neu');
      const res = await admin.post('/verwaltung/mitarbeitende/neu', values);
      assert.equal(res.statusCode, 422, JSON.stringify(values));
      assert.match(res.body, /id="error-summary"/);
      assert.match(res.body, message);
      assert.equal(h1Count(res.body), 1);
      if (values.password) assert.ok(!res.body.includes(values.password), 'password not sent back');
    }
    const emails = (await t.services.db.selectFrom('staff_users').select('email').where('tenant_id', '=', musterstadt).execute()).map((u) => u.email);
    for (const email of ['kurz@musterstadt.example', 'ohne-einheit@musterstadt.example', 'fremde-einheit@musterstadt.example']) assert.ok(!emails.includes(email));
  });

  test('deactivating ends the person’s sessions and is audited; admins cannot deactivate themselves', async () => {
    const clerkToken = await login(musterstadt, 'ordnungsamt@musterstadt.example');
    assert.ok(await t.services.staffAuth.session(musterstadt, clerkToken));
    const clerk = await t.services.db.selectFrom('staff_users').select('id').where('tenant_id', '=', musterstadt).where('email', '=', 'ordnungsamt@musterstadt.example').executeTakeFirstOrThrow();
    const admin = await asAdmin();
    await admin.get('/verwaltung/mitarbeitende');
    const res = await admin.post(`/verwaltung/mitarbeitende/${clerk.id}/deaktivieren`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(await t.services.staffAuth.session(musterstadt, clerkToken), null);
    const row = await t.services.db.selectFrom('staff_users').select('active').where('tenant_id', '=', musterstadt).where('id', '=', clerk.id).executeTakeFirstOrThrow();
    assert.equal(row.active, false);
    assert.equal((await t.services.staffAuth.login(musterstadt, 'ordnungsamt@musterstadt.example', PASSWORD)).ok, false);
    const entry = await t.services.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', musterstadt).where('action', '=', 'staff.deactivate').executeTakeFirstOrThrow();
    assert.equal(entry.object_id, clerk.id);

    const list = await admin.get('/verwaltung/mitarbeitende');
    assert.match(list.body, /Das Konto von Oliver Ostermann wurde deaktiviert/);
    const self = await t.services.db.selectFrom('staff_users').select('id').where('tenant_id', '=', musterstadt).where('email', '=', ADMIN).executeTakeFirstOrThrow();
    const selfRes = await admin.post(`/verwaltung/mitarbeitende/${self.id}/deaktivieren`, {});
    assert.equal(selfRes.statusCode, 422);
    assert.match(selfRes.body, /Sie können Ihr eigenes Konto nicht deaktivieren/);
    assert.equal(h1Count(selfRes.body), 1);
  });

  test('an account of another municipality cannot be deactivated (404)', async () => {
    const other = await t.services.db.selectFrom('staff_users').select('id').where('tenant_id', '=', beispielhausen).where('email', '=', 'meldeamt@beispielhausen.example').executeTakeFirstOrThrow();
    const admin = await asAdmin();
    await admin.get('/verwaltung/mitarbeitende');
    const res = await admin.post(`/verwaltung/mitarbeitende/${other.id}/deaktivieren`, {});
    assert.equal(res.statusCode, 404);
    const row = await t.services.db.selectFrom('staff_users').select('active').where('tenant_id', '=', beispielhausen).where('id', '=', other.id).executeTakeFirstOrThrow();
    assert.equal(row.active, true);
    await admin.get('/verwaltung/mitarbeitende');
    assert.equal((await admin.post('/verwaltung/mitarbeitende/nicht-uuid/deaktivieren', {})).statusCode, 400);
  });
});

describe('Protokoll', () => {
  test('lists the tenant’s actions, newest first, filterable by prefix', async () => {
    const admin = await asAdmin();
    await admin.get('/verwaltung/einstellungen');
    await admin.post('/verwaltung/einstellungen', { key: 'cases.contactDueDays', value: '7' });
    const res = await admin.get('/verwaltung/protokoll');
    assert.equal(res.statusCode, 200);
    assert.equal(h1Count(res.body), 1);
    assert.match(res.body, /<code>settings\.set<\/code>/);
    assert.match(res.body, /<code>auth\.login<\/code>/);
    assert.match(res.body, /\{&#34;key&#34;:&#34;cases\.contactDueDays&#34;\}|\{&quot;key&quot;:&quot;cases\.contactDueDays&quot;\}/);
    const filtered = await admin.get('/verwaltung/protokoll?aktion=settings.');
    assert.match(filtered.body, /<code>settings\.set<\/code>/);
    assert.doesNotMatch(filtered.body, /<code>auth\.login<\/code>/);
    const literal = await admin.get('/verwaltung/protokoll?aktion=%25');
    assert.match(literal.body, /Keine Einträge gefunden/, '% is taken literally, not as a wildcard');
  });

  test('never shows another tenant’s entries', async () => {
    await login(beispielhausen, 'admin@beispielhausen.example');
    const admin = await asAdmin();
    const res = await admin.get('/verwaltung/protokoll?aktion=auth.');
    assert.doesNotMatch(res.body, /Xaver Huber/);
  });
});
