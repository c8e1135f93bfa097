/** OParl's output formats: Berlin offsets across both DST switches, and compacting optional keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, toOParlDateTime, tombstone } from './format.ts';

const SPEC_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

test('date-times are Europe/Berlin with the offset valid at that instant, never Z, never fractions', () => {
  // Winter
  assert.equal(toOParlDateTime(new Date('2026-12-03T09:27:42.987Z')), '2026-12-03T10:27:42+01:00');
  // Spring forward: 2027-03-28 01:00 UTC is 03:00 CEST; one second earlier is 01:59:59 CET.
  assert.equal(toOParlDateTime(new Date('2027-03-28T00:59:59Z')), '2027-03-28T01:59:59+01:00');
  assert.equal(toOParlDateTime(new Date('2027-03-28T01:00:00Z')), '2027-03-28T03:00:00+02:00');
  // Fall back: 02:30 happens twice on 2027-10-31; the offset tells them apart.
  assert.equal(toOParlDateTime(new Date('2027-10-31T00:30:00Z')), '2027-10-31T02:30:00+02:00');
  assert.equal(toOParlDateTime(new Date('2027-10-31T01:30:00Z')), '2027-10-31T02:30:00+01:00');
  // Summer, around midnight (the Berlin day differs from the UTC day)
  assert.equal(toOParlDateTime(new Date('2027-06-30T22:15:05Z')), '2027-07-01T00:15:05+02:00');
  for (const iso of ['2027-01-01T00:00:00.999Z', '1999-12-31T23:59:59Z', '2038-03-28T01:00:00Z']) {
    const out = toOParlDateTime(new Date(iso));
    assert.match(out, SPEC_FORM);
    // The same instant (seconds truncated)
    assert.equal(Date.parse(out), Math.floor(Date.parse(iso) / 1000) * 1000);
  }
});

test('compact leaves out null, "", [] and undefined, but keeps false, 0 and mandatory arrays', () => {
  assert.deepEqual(compact({ a: null, b: '', c: [], d: undefined, e: false, f: 0, g: 'x', h: [] }, ['h']), { e: false, f: 0, g: 'x', h: [] });
});

test('a tombstone has exactly id, type, created, modified and deleted', () => {
  const t = tombstone('Paper', 'https://x.example/oparl/v1.1/paper/1', new Date('2027-01-01T10:00:00Z'), new Date('2027-02-01T10:00:00Z'));
  assert.deepEqual(Object.keys(t).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
  assert.equal(t.type, 'https://schema.oparl.org/1.1/Paper');
  assert.equal(t.deleted, true);
  assert.equal(t.modified, '2027-02-01T11:00:00+01:00');
});
