import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeReturnPath } from './return-path.ts';
import { groupSecret, openSetupToken, signSetupToken } from './setup-token.ts';

test('safeReturnPath keeps back-office paths and drops everything else', () => {
  for (const ok of ['/verwaltung', '/verwaltung/', '/verwaltung/konto', '/verwaltung?status=offen', '/verwaltung/vorgaenge/abc#verlauf']) {
    assert.equal(safeReturnPath(ok), ok);
  }
  for (const bad of [undefined, 42, '', '/', '//evil.example', 'https://evil.example', '/verwaltungx', '/verwaltung//evil.example', '/verwaltung/\\evil', '/verwaltung/ x', '/verwaltung/\r\nx', '/verwaltung/ä', ' /verwaltung', `/verwaltung/${'a'.repeat(600)}`]) {
    assert.equal(safeReturnPath(bad), null, String(bad));
  }
});

test('property: whatever comes in, what comes out stays on this site', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (tail) => {
      const result = safeReturnPath(`/verwaltung${tail}`);
      if (result === null) return;
      const url = new URL(result, 'https://rathaus.example');
      assert.equal(url.origin, 'https://rathaus.example');
      assert.ok(url.pathname.startsWith('/verwaltung'));
    }),
  );
});

test('set-up tokens: bound to owner, unforgeable, expiring', () => {
  const owner = { tenantId: 't1', userId: 'u1' };
  const secret = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const issued = 1_700_000_000_000;
  const token = signSetupToken('key', owner, secret, issued);
  assert.equal(openSetupToken('key', owner, token, issued + 1000), secret);
  assert.equal(openSetupToken('key', { tenantId: 't1', userId: 'u2' }, token, issued + 1000), null);
  assert.equal(openSetupToken('other-key', owner, token, issued + 1000), null);
  assert.equal(openSetupToken('key', owner, token.replace('ABCD', 'BBCD'), issued + 1000), null);
  assert.equal(openSetupToken('key', owner, token, issued + 31 * 60_000), null);
  assert.equal(openSetupToken('key', owner, undefined, issued), null);
  assert.equal(groupSecret(secret), 'ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567');
});
