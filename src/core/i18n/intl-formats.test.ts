import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateTimeFormat, numberFormat } from './intl-formats.ts';

test('formatters are made once per locale and options and format as Intl does', () => {
  const a = dateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  assert.equal(a, dateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }), 'the same object for the same arguments');
  assert.notEqual(a, dateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }));
  assert.equal(a.format(new Date('2026-12-31T23:30:00Z')), '01.01.2027', 'Berlin time');
  assert.equal(numberFormat('de-DE', { maximumFractionDigits: 1 }).format(1234.56), '1.234,6');
  assert.equal(numberFormat('en-GB').format(1234.5), '1,234.5');
});
