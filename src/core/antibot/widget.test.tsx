import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Challenge } from 'altcha-lib';
import { buildCatalog, createTranslator } from '../i18n/i18n.ts';
import { antibotMessages } from './messages.ts';
import { ALTCHA_ASSETS, AltchaWidget, altchaScripts, jsonAttribute } from './widget.tsx';
import { ASSET_DIR } from './sync-assets.ts';

const catalog = buildCatalog([antibotMessages]);
const de = createTranslator(catalog, 'de');
const en = createTranslator(catalog, 'en');
const HINT = 'Ohne JavaScript können Sie trotzdem buchen; Sie bestätigen die Buchung dann per E-Mail-Link.';

const challenge: Challenge = {
  parameters: {
    algorithm: 'PBKDF2/SHA-256',
    nonce: 'ab',
    salt: 'cd',
    cost: 2000,
    keyLength: 32,
    keyPrefix: 'ef',
    expiresAt: 1_900_000_000,
    // Not what we sign, but proves any string survives the attribute.
    data: { challengeId: `"'&amp;<\/altcha-widget><script>alert(1)</script>` },
  },
  signature: '12',
};

/** The value of an attribute as a browser reads it (@kitajs/html writes `"` as &#34;; jsonAttribute leaves no other `&`). */
function attribute(markup: string, name: string): string {
  const raw = markup.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  assert.ok(raw !== undefined, `attribute ${name}`);
  assert.doesNotMatch(raw.replaceAll('&#34;', ''), /&/, 'no other character reference');
  return raw.replaceAll('&#34;', '"');
}

describe('AltchaWidget', () => {
  it('inlines the challenge so that the browser reads back the same JSON', async () => {
    const html = await (<AltchaWidget t={de} locale="de" challenge={challenge} noscriptHint={HINT} />);
    assert.deepEqual(JSON.parse(attribute(html, 'challenge')), challenge);
    const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
    assert.doesNotMatch(outsideAttributes, /<script|alert/);
  });

  it('carries German texts, the locale, the field name and no third-party links', async () => {
    const html = await (<AltchaWidget t={de} locale="de" challenge={challenge} noscriptHint={HINT} />);
    assert.match(html, /<altcha-widget /);
    assert.equal(attribute(html, 'language'), 'de');
    assert.equal(attribute(html, 'name'), 'altcha');
    assert.equal(attribute(html, 'auto'), 'onfocus');
    const strings = JSON.parse(attribute(html, 'data-strings')) as Record<string, string>;
    assert.equal(strings.label, 'Ich bin kein Roboter');
    assert.equal(strings.verified, 'Überprüft');
    assert.deepEqual(JSON.parse(attribute(html, 'configuration')), { hideLogo: true, hideFooter: true, humanInteractionSignature: false });
  });

  it('renders English texts and the caller’s options', async () => {
    const html = await (<AltchaWidget t={en} locale="en" challenge={challenge} noscriptHint="Book without JavaScript" name="pow" auto="onsubmit" />);
    assert.equal((JSON.parse(attribute(html, 'data-strings')) as Record<string, string>).label, "I'm not a robot");
    assert.equal(attribute(html, 'name'), 'pow');
    assert.equal(attribute(html, 'auto'), 'onsubmit');
  });

  it('shows the no-JavaScript hint, escaped, in <noscript>', async () => {
    const html = await (<AltchaWidget t={de} locale="de" challenge={challenge} noscriptHint={'<b>fett</b> & mehr'} />);
    assert.match(html, /<noscript><p class="kern-hint">&lt;b>fett&lt;\/b> &amp; mehr<\/p><\/noscript>/);
    const withHint = await (<AltchaWidget t={de} locale="de" challenge={challenge} noscriptHint={HINT} />);
    assert.ok(withHint.includes(HINT));
  });
});

describe('jsonAttribute', () => {
  it('leaves no & < > and round-trips through JSON.parse', () => {
    const value = { a: '&amp; <b> "q" \'s\' \u2028', n: 1 };
    const encoded = jsonAttribute(value);
    assert.doesNotMatch(encoded, /[&<>]/);
    assert.deepEqual(JSON.parse(encoded), value);
  });
});

describe('altchaScripts', () => {
  it('links the stylesheet and the setup module, which exist as files', async () => {
    const html = await altchaScripts();
    assert.ok(html.includes(`<link rel="stylesheet" href="${ALTCHA_ASSETS}/altcha.css"/>`));
    assert.ok(html.includes(`<script type="module" src="${ALTCHA_ASSETS}/altcha-setup.js"></script>`));
    for (const file of ['altcha.css', 'altcha-setup.js', 'altcha.min.js', 'pbkdf2.js']) {
      assert.ok(readFileSync(path.join(ASSET_DIR, file)).length > 0, file);
    }
  });
});
