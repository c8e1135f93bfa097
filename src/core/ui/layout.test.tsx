import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog, createTranslator, type Locale } from '../i18n/i18n.ts';
import { Layout, languageHref, type LayoutProps } from './layout.tsx';
import { uiMessages } from './messages.ts';

const catalog = buildCatalog([uiMessages]);
const HOSTILE = '<script>alert(1)</script>';

function props(overrides: Partial<LayoutProps> = {}, locale: Locale = 'de'): LayoutProps {
  return {
    t: createTranslator(catalog, locale),
    locale,
    tenant: { name: 'Musterstadt', slug: 'musterstadt', hasLogo: false },
    title: 'Meldebescheinigung beantragen',
    area: 'public',
    nav: [
      { label: 'Leistungen', href: '/leistungen', current: true },
      { label: 'Termine', href: '/termine' },
    ],
    csrfToken: 'csrf-token-123',
    currentPath: '/leistungen',
    ...overrides,
  };
}

async function render(overrides: Partial<LayoutProps> = {}, locale: Locale = 'de'): Promise<string> {
  const p = props(overrides, locale);
  return await (
    <Layout {...p}>
      <h1>Seite</h1>
    </Layout>
  );
}

const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0;

describe('Layout', () => {
  it('is a full document in the page language with the tenant in the title', async () => {
    const html = await render({}, 'en');
    assert.ok(html.startsWith('<!doctype html>'));
    assert.match(html, /<html lang="en"/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"/);
    assert.match(html, /<title>Meldebescheinigung beantragen – Musterstadt<\/title>/);
  });

  it('contains no h1 of its own', async () => {
    const html = await render();
    assert.equal(count(html, /<h1[\s>]/g), 1, 'only the page h1');
    const empty = await (<Layout {...props()} />);
    assert.equal(count(empty, /<h1[\s>]/g), 0);
  });

  it('links the stylesheets and only a deferred external script, no inline code or style', async () => {
    const html = await render({ user: { displayName: 'Kim' }, flash: { kind: 'info', message: 'x' } });
    for (const href of ['/assets/kern/kern.min.css', '/assets/ui/rathaus.css', '/branding.css']) {
      assert.ok(html.includes(`<link rel="stylesheet" href="${href}"/>`), href);
    }
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script src="/assets/ui/app.js" defer>']);
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /\sstyle=/);
    assert.doesNotMatch(html, /\son[a-z]+=/);
  });

  it('has the skip link as the first focusable element, pointing at a focusable main', async () => {
    const html = await render({ user: { displayName: 'Kim' } });
    const body = html.slice(html.indexOf('<body'));
    const firstFocusable = body.match(/<(a|button|input|select|textarea)\s[^>]*>/)?.[0] ?? '';
    assert.match(firstFocusable, /class="rathaus-skip-link" href="#main"/);
    assert.match(body, /<main id="main" tabindex="-1"/);
  });

  it('marks the current navigation item and labels the navigation', async () => {
    const html = await render();
    assert.match(html, /<nav class="rathaus-nav" aria-label="Hauptnavigation">/);
    assert.match(html, /href="\/leistungen" aria-current="page">Leistungen</);
    assert.match(html, /href="\/termine">Termine</);
    assert.equal(count(html, /aria-current="page"/g), 1);
  });

  it('shows the staff strip and staff navigation label only in the staff area', async () => {
    const staff = await render({ area: 'staff' });
    assert.match(staff, /rathaus-staff-strip/);
    assert.match(staff, /aria-label="Navigation der Verwaltung"/);
    const citizen = await render();
    assert.doesNotMatch(citizen, /rathaus-staff-strip/);
  });

  it('renders breadcrumbs as an ordered list with the last one current and unlinked', async () => {
    const html = await render({ breadcrumbs: [{ label: 'Start', href: '/' }, { label: 'Leistungen', href: '/leistungen' }, { label: 'Antrag' }] });
    const crumbs = html.match(/<nav class="rathaus-breadcrumbs" aria-label="Brotkrumen"><ol[\s\S]*?<\/ol><\/nav>/)?.[0] ?? '';
    assert.ok(crumbs, 'breadcrumb nav present');
    assert.equal(count(crumbs, /<li/g), 3);
    assert.match(crumbs, /<span aria-current="page">Antrag<\/span><\/li><\/ol>/);
    assert.equal(count(crumbs, /<a /g), 2);
    const english = await render({ breadcrumbs: [{ label: 'Start' }] }, 'en');
    assert.match(english, /aria-label="Breadcrumb"/);
  });

  it('offers the other language on the same page, keeping the query', async () => {
    const html = await render({ currentPath: '/suche?q=Hund+%26+Katze&seite=2&lang=de' });
    assert.match(html, /href="\/suche\?q=Hund\+%26\+Katze&seite=2&lang=en" lang="en" hreflang="en">English</);
    assert.match(html, /href="\/suche\?q=Hund\+%26\+Katze&seite=2&lang=de" lang="de" hreflang="de" aria-current="true">Deutsch</);
  });

  it('builds language links that never leave the site', () => {
    assert.equal(languageHref('/a b/ä?x=1', 'en'), '/a%20b/%C3%A4?x=1&lang=en');
    assert.equal(languageHref('//evil.example/x', 'en'), '/x?lang=en');
    assert.equal(languageHref('/.//evil.example', 'en'), '/evil.example?lang=en');
    assert.equal(languageHref('/\\evil.example', 'de'), '/?lang=de');
  });

  it('shows the logo only when the tenant has one, as decoration beside the name', async () => {
    assert.doesNotMatch(await render(), /<img/);
    const html = await render({ tenant: { name: 'Musterstadt', slug: 'musterstadt', hasLogo: true } });
    assert.match(html, /<a class="rathaus-header__brand" href="\/"><img class="rathaus-header__logo" src="\/branding\/logo" alt=""\/>/);
  });

  it('shows the signed-in user with a logout form carrying the CSRF token', async () => {
    assert.doesNotMatch(await render(), /abmelden/);
    const html = await render({ area: 'staff', user: { displayName: 'Kim Muster' } });
    assert.match(html, /<strong>Kim Muster<\/strong>/);
    assert.match(
      html,
      /<form class="rathaus-user__logout" method="post" action="\/verwaltung\/abmelden"><input type="hidden" name="_csrf" value="csrf-token-123"\/><button[^>]*type="submit">Abmelden<\/button><\/form>/,
    );
  });

  it('announces flash messages with status or alert role, before the page content', async () => {
    const ok = await render({ flash: { kind: 'success', message: 'Gespeichert.' } });
    assert.match(ok, /<main[^>]*><div class="kern-alert kern-alert--success rathaus-flash" role="status">/);
    assert.ok(ok.indexOf('Gespeichert.') < ok.indexOf('<h1>'));
    const error = await render({ flash: { kind: 'error', message: 'Fehlgeschlagen.' } });
    assert.match(error, /kern-alert--danger rathaus-flash" role="alert"/);
    assert.doesNotMatch(await render({ flash: null }), /rathaus-flash/);
  });

  it('links the legally required pages in the footer', async () => {
    const html = await render();
    const footer = html.slice(html.indexOf('<footer'));
    for (const href of ['/impressum', '/datenschutz', '/barrierefreiheit', '/barriere-melden', '/leichte-sprache', '/kontakt']) {
      assert.ok(footer.includes(`href="${href}"`), href);
    }
    assert.match(footer, /Rathaus – freie Software \(EUPL-1\.2\)/);
  });

  it('escapes hostile tenant, user, navigation, breadcrumb, flash and title values', async () => {
    const html = await render({
      title: HOSTILE,
      tenant: { name: HOSTILE, slug: 'x', hasLogo: false },
      user: { displayName: HOSTILE },
      nav: [{ label: HOSTILE, href: '"><script>alert(1)</script>' }],
      breadcrumbs: [{ label: HOSTILE, href: '/' }, { label: HOSTILE }],
      flash: { kind: 'error', message: HOSTILE },
      csrfToken: '"><script>alert(1)</script>',
      currentPath: '/x?a="><script>alert(1)</script>',
    });
    // `"` is always escaped in attribute values, so no value can end early.
    const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
    assert.deepEqual(outsideAttributes.match(/<script[^>]*>/g), ['<script src="" defer>']);
    assert.ok(html.includes('&lt;script>alert(1)&lt;/script>'));
    assert.ok(html.includes('value="&#34;><script>alert(1)</script>"'));
    assert.match(html, /href="\/x\?a=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&lang=en"/);
  });

  it('has every message in both languages', async () => {
    // Rendering in English with all optional parts exercises each key; a missing one throws.
    const html = await render(
      { area: 'staff', user: { displayName: 'Kim' }, flash: { kind: 'info', message: 'x' }, breadcrumbs: [{ label: 'a' }] },
      'en',
    );
    assert.match(html, /Skip to main content/);
    assert.match(html, /Sign out/);
    assert.match(html, /Accessibility statement/);
  });
});
