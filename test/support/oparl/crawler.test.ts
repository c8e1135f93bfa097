/**
 * The OParl crawler can fail: on a correct in-memory OParl server
 * (fixture-server.ts) every check reports nothing, and each broken variant of
 * that server is caught by the rule meant for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { formatProblems, type Problem, type RuleId } from './problems.ts';
import { checkAbsent, checkFilters, checkLimit, checkTombstones, compareSync, crawlOParl, injectFetch, syncSince, type CrawlResult, type OParlFetch } from './crawler.ts';
import { FIXTURE_BASE, FIXTURE_SYSTEM_URL, createFixtureServer, type FixtureDefects, type FixtureServer } from './fixture-server.ts';

const crawl = (fetch: OParlFetch, extra: { alternateHeaders?: Record<string, string> } = {}): Promise<CrawlResult> => crawlOParl({ fetch, systemUrl: FIXTURE_SYSTEM_URL, limit: 2, ...extra });
const at = (path: string): string => `${FIXTURE_BASE}${path}`;

/** Mutations of family I/H: a TOP, a file on a TOP, a membership, a consultation, a location, a legislative term, two deletions. */
const DELETED = [at('file/5'), at('membership/4')];
function mutate(server: FixtureServer): string {
  server.tick(10);
  const since = server.now();
  server.update(at('agenda-item/1'), { name: 'Satzungsänderung (geändert)' });
  server.update(at('file/3'), { name: 'Anlage zu TOP 1, 2. Fassung' });
  server.update(at('membership/1'), { role: 'Stellvertreter' });
  server.update(at('consultation/2'), { role: 'Anhörung' });
  server.update(at('location/1'), { description: 'Neues Rathaus, Ratshausplatz 1' });
  server.update(at('legislative-term/2'), { name: '21. Wahlperiode (2020–2026)' });
  for (const id of DELETED) server.remove(id);
  return since;
}

test('a correct server: the crawl, filters and limit checks report nothing', async () => {
  const server = createFixtureServer();
  const result = await crawl(server.fetch);
  assert.deepEqual(result.problems, [], formatProblems(result.problems));
  // It really walked everything: 12 types, 1 + 10 + 3 × 2 lists, pages of 2, every file.
  assert.equal(new Set(result.types.values()).size, 12);
  assert.equal(result.lists.size, 17);
  assert.equal(result.lists.get(at('body/1/files'))?.pageUrls.length, 4);
  assert.equal(result.lists.get(at('body/1/files'))?.ids.length, 8);
  assert.ok(!result.objects.has(at('paper/4')), 'the deleted paper is not crawled');
  assert.deepEqual([...(result.containers.get(at('file/3')) ?? [])].sort(), [at('agenda-item/1'), at('meeting/1')]);

  const filters = await checkFilters(server.fetch, result);
  assert.deepEqual(filters, [], formatProblems(filters));
  const limit = await checkLimit(server.fetch, result);
  assert.deepEqual(limit, [], formatProblems(limit));
});

test('a correct server: deletions are tombstones and an incremental sync equals a fresh crawl', async () => {
  const server = createFixtureServer();
  const before = await crawl(server.fetch);
  assert.deepEqual(before.problems, []);
  const since = mutate(server);

  const tombstones = await checkTombstones(server.fetch, before, since, DELETED);
  assert.deepEqual(tombstones, [], formatProblems(tombstones));
  const sync = await syncSince(server.fetch, FIXTURE_SYSTEM_URL, since, { limit: 2 });
  assert.deepEqual(sync.problems, [], formatProblems(sync.problems));
  assert.deepEqual([...sync.deleted].sort(), DELETED);
  const fresh = await crawl(server.fetch);
  assert.deepEqual(fresh.problems, [], formatProblems(fresh.problems));
  const comparison = compareSync(before, sync, fresh, { strictModified: true });
  assert.deepEqual(comparison, [], formatProblems(comparison));
  // The sync reached the changed objects and their parents, not everything.
  assert.ok(sync.objects.has(at('meeting/1')) && sync.objects.has(at('person/2')));
  assert.ok(!sync.objects.has(at('person/3')));
});

test('a correct server behind Fastify, through injectFetch', async () => {
  const server = createFixtureServer();
  const app = Fastify();
  app.route({
    method: ['GET', 'OPTIONS'],
    url: '/*',
    handler: async (request, reply) => {
      const response = await server.fetch(`https://${request.headers.host}${request.url}`, { method: request.method as 'GET' | 'OPTIONS' });
      return reply.code(response.status).headers(response.headers).send(response.body);
    },
  });
  try {
    const result = await crawl(injectFetch(app));
    assert.deepEqual(result.problems, [], formatProblems(result.problems));
    assert.equal(result.objects.size, 37);
  } finally {
    await app.close();
  }
});

test('never-public objects: 404 passes, anything else is reported', async () => {
  const server = createFixtureServer();
  assert.deepEqual(await checkAbsent(server.fetch, [at('paper/999'), at('file/999/content')]), []);
  const problems = await checkAbsent(server.fetch, [at('paper/1')]);
  assert.deepEqual(problems.map((p) => p.rule), ['absent.not-404']);
});

test('responses that depend on a session cookie are reported', async () => {
  const server = createFixtureServer();
  const leaky: OParlFetch = async (url, init) => {
    const response = await server.fetch(url, init);
    if (!init?.headers?.cookie || !response.headers['content-type']?.startsWith('application/json')) return response;
    return { ...response, body: Buffer.from(response.body.toString('utf8').replace('"Beispiel-System"', '"Beispiel-System (intern)"')) };
  };
  assert.deepEqual((await crawl(leaky)).problems, []);
  const result = await crawl(leaky, { alternateHeaders: { cookie: 'session=member' } });
  assert.deepEqual([...new Set(result.problems.map((p) => p.rule))], ['http.depends-on-headers']);
});

// ------------------------------------------------------------------ every defect is caught

type Check = 'crawl' | 'filters' | 'limit' | 'tombstones' | 'sync';

async function problemsOf(defects: FixtureDefects, check: Check): Promise<Problem[]> {
  const server = createFixtureServer(defects);
  const result = await crawl(server.fetch);
  switch (check) {
    case 'crawl':
      return result.problems;
    case 'filters':
      return checkFilters(server.fetch, result);
    case 'limit':
      return checkLimit(server.fetch, result);
    case 'tombstones':
      return checkTombstones(server.fetch, result, mutate(server), DELETED);
    case 'sync': {
      const since = mutate(server);
      const sync = await syncSince(server.fetch, FIXTURE_SYSTEM_URL, since);
      return compareSync(result, sync, await crawl(server.fetch));
    }
  }
}

const defects: Array<{ defect: keyof FixtureDefects; check: Check; rule: RuleId; detail?: RegExp }> = [
  { defect: 'noNextLink', check: 'crawl', rule: 'list.next-missing' },
  { defect: 'filterIgnored', check: 'filters', rule: 'filter.result', detail: /created_since=/ },
  { defect: 'filtersDroppedFromNext', check: 'filters', rule: 'list.links-drop-params', detail: /links\.next does not keep/ },
  { defect: 'tombstoneUnfiltered', check: 'crawl', rule: 'list.tombstone-unfiltered', detail: /paper\/4/ },
  { defect: 'wrongSha512', check: 'crawl', rule: 'file.sha512', detail: /file\/1\b/ },
  { defect: 'attachmentOnAccessUrl', check: 'crawl', rule: 'file.access-attachment' },
  { defect: 'noCorsOnError', check: 'crawl', rule: 'http.cors', detail: /HTTP 404/ },
  { defect: 'orderNotIndex', check: 'crawl', rule: 'agenda-item.order' },
  { defect: 'embeddedWithoutCreated', check: 'crawl', rule: 'schema', detail: /required property 'created'/ },
  { defect: 'idNotRequestUrl', check: 'crawl', rule: 'object.id-mismatch', detail: /person\/1\/"/ },
  { defect: 'limitIgnored', check: 'limit', rule: 'limit.exact' },
  { defect: 'noParentBump', check: 'sync', rule: 'sync.modified-not-bumped', detail: /meeting\/1|agendaItem/ },
  { defect: 'noParentBump', check: 'tombstones', rule: 'tombstone.parent-not-bumped' },
  { defect: 'hardDelete', check: 'tombstones', rule: 'tombstone.status', detail: /HTTP|answered 404/ },
];

for (const { defect, check, rule, detail } of defects) {
  test(`defect ${defect} is caught by ${check} as ${rule}`, async () => {
    const problems = await problemsOf({ [defect]: true }, check);
    const hits = problems.filter((p) => p.rule === rule && (!detail || detail.test(`${p.path} ${p.message}`)));
    assert.ok(hits.length > 0, `expected ${rule}${detail ? ` matching ${detail}` : ''}, got:\n${formatProblems(problems)}`);
  });
}
