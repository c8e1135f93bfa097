/** List parameters: lenient but strict filter parsing, limit rules, and links that keep every filter in one order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMIT, listLinks, listPageUrl, MAX_LIMIT, parseFilterDateTime, parseListQuery } from './params.ts';

test('filter values: the spec form, Z, fractions and a + that arrived as a space are accepted', () => {
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00+01:00'), '2014-01-01T00:00:00+01:00');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00-05:30'), '2014-01-01T00:00:00-05:30');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00Z'), '2014-01-01T00:00:00+00:00');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00.123456789+01:00'), '2014-01-01T00:00:00.123456+01:00');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00.500Z'), '2014-01-01T00:00:00.5+00:00');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00.000Z'), '2014-01-01T00:00:00+00:00');
  assert.equal(parseFilterDateTime('2014-01-01T00:00:00 01:00'), '2014-01-01T00:00:00+01:00');
});

test('filter values: anything else is refused', () => {
  for (const bad of ['', '2014-01-01', '2014-01-01T00:00:00', '2014-13-01T00:00:00Z', '2014-02-30T00:00:00Z', '2014-01-01T24:00:00Z', '2014-01-01T00:00:00+0100', 'gestern', '2014-01-01T00:00:00+01:00x', '2014-01-01 00:00:00Z']) {
    assert.equal(parseFilterDateTime(bad), null, bad);
  }
});

test('limit: default 100, 1..1000 honoured, above clamped, 0/negative/non-integer refused', () => {
  const ok = (q: Record<string, unknown>) => {
    const r = parseListQuery(q);
    assert.ok(r.ok, JSON.stringify(q));
    return r.value;
  };
  assert.equal(ok({}).limit, DEFAULT_LIMIT);
  assert.equal(ok({}).limitGiven, false);
  assert.equal(ok({ limit: '1' }).limit, 1);
  assert.equal(ok({ limit: '1000' }).limit, 1000);
  assert.equal(ok({ limit: '5000' }).limit, MAX_LIMIT);
  for (const bad of ['0', '-1', '1.5', 'abc', '', '1e3']) {
    const r = parseListQuery({ limit: bad });
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /limit/);
  }
  assert.equal(parseListQuery({ limit: ['1', '2'] }).ok, false);
});

test('unknown parameters are ignored; a bad filter or cursor is refused', () => {
  assert.ok(parseListQuery({ foo: 'bar', lang: 'en' }).ok);
  assert.equal(parseListQuery({ modified_since: 'yesterday' }).ok, false);
  assert.equal(parseListQuery({ after: 'not-a-uuid' }).ok, false);
  const omit = parseListQuery({ omit_internal: 'true' });
  assert.ok(omit.ok && omit.value.omitInternal);
  const notOmit = parseListQuery({ omit_internal: 'yes' });
  assert.ok(notOmit.ok && !notOmit.value.omitInternal);
});

test('links keep every filter, limit and omit_internal in alphabetical order, with the cursor first', () => {
  const parsed = parseListQuery({ omit_internal: 'true', modified_until: '2027-02-01T00:00:00Z', limit: '5000', created_since: '2027-01-01T00:00:00 01:00', zzz: '1' });
  assert.ok(parsed.ok);
  const base = 'https://rat.example/oparl/v1.1/body/b/papers';
  const after = '0190a000-0000-7000-8000-000000000001';
  assert.equal(
    listPageUrl(base, parsed.value, after),
    `${base}?after=${after}&created_since=2027-01-01T00%3A00%3A00%2B01%3A00&limit=1000&modified_until=2027-02-01T00%3A00%3A00%2B00%3A00&omit_internal=true`,
  );
  const links = listLinks(base, parsed.value, after);
  assert.equal(links.first, `${base}?created_since=2027-01-01T00%3A00%3A00%2B01%3A00&limit=1000&modified_until=2027-02-01T00%3A00%3A00%2B00%3A00&omit_internal=true`);
  assert.equal(links.self, links.first);
  assert.ok(links.next?.includes(`after=${after}&`));
  // The filter value survives a round trip through the link.
  const next = new URL(links.next as string);
  const again = parseListQuery(Object.fromEntries(next.searchParams));
  assert.ok(again.ok);
  assert.deepEqual(again.value.filters, parsed.value.filters);
  assert.equal(again.value.after, after);
  // The last page has no next.
  assert.equal(listLinks(base, parsed.value, null).next, undefined);
  // Without parameters, a bare URL.
  const plain = parseListQuery({});
  assert.ok(plain.ok);
  assert.equal(listPageUrl(base, plain.value, null), base);
});
