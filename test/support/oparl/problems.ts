/**
 * The findings of the OParl conformance validator and crawler. Every check has
 * a stable rule id so tests can assert on it; the catalogue below says what
 * each rule demands and where the demand comes from (spec chapter, or "ours"
 * where the spec leaves the choice to the server and we decided).
 */

export const RULES = {
  // ------------------------------------------------------------ single objects (validator.ts)
  schema: 'violates the official 1.1.1 schema as patched by the 1.1 text (required created/modified, the six Body lists, strict date/date-time/url)',
  'type.unknown': 'type is not one of the twelve namespace URLs of spec/3-01',
  'tombstone.shape': 'a deleted object is exactly {id, type, created, modified, deleted: true} (spec/2-08; ours: every other attribute removed)',
  'deleted.not-true': '`deleted` appears only on deleted objects and then only as true (spec/3-01)',
  'embedded.tombstone': 'embedded objects are never deleted ones (spec/2-05 "Interne Ausgabe")',
  'empty.value': 'no null, "" or [] on optional keys, never null on mandatory ones (spec/2-04; ours: leave such keys out)',
  'string.html-entity': 'no XML/HTML escaping in strings (spec/2-04)',
  'license.url': '`license` is a URL on every type (spec/3-01 "Lizenz-URL")',
  'time.created-after-modified': 'created <= modified',
  'backref.missing': 'a standalone object (GET or list item) carries its mandatory back-reference (LegislativeTerm.body, Membership.person, AgendaItem.meeting, Consultation.paper)',
  'backref.embedded': 'an embedded object carries no back-reference to its parent (spec/3-00, strings.yml)',
  'person.location-object': 'Person.locationObject requires Person.location pointing at the same Location (strings.yml)',
  'geojson.feature': 'Location.geojson is a complete GeoJSON Feature with geometry and properties (strings.yml)',
  'geojson.bbox': 'GeoJSON positions are [lon, lat] inside Germany (lon 5.8–15.1, lat 47.2–55.2)',
  'agenda-item.order': 'AgendaItem.order equals its 0-based index in Meeting.agendaItem (strings.yml)',
  'paper.main-file-in-auxiliary': 'Paper.auxiliaryFile never repeats the mainFile (strings.yml)',
  'meeting.state': 'meetingState is terminiert, eingeladen or durchgeführt (strings.yml; ours: enforced)',
  'organization.type': 'organizationType is one of the seven values of strings.yml (ours: enforced)',
  'body.legislative-term': 'Body.legislativeTerm is present (possibly []) unless omit_internal=true (spec/2-05)',
  'omit-internal.ignored': 'with omit_internal=true the seven internal lists of spec/2-05 are left out (ours: the server honours it)',

  // ------------------------------------------------------------ HTTP (crawler.ts, family K)
  'http.status': 'the request got an unexpected HTTP status',
  'http.cors': 'Access-Control-Allow-Origin: * on every JSON response, errors included (spec/2-06)',
  'http.content-type': 'JSON responses are sent as application/json (ours: application/json; charset=utf-8; the check accepts any application/json)',
  'http.bom': 'JSON without byte order mark (spec/2-04)',
  'http.json': 'the body is valid UTF-8 JSON (spec/2-04)',
  'http.set-cookie': 'OParl responses set no cookies (spec/2-03 "zustandslos")',
  'http.error-object': 'errors answer with an error status and {type: …/1.1/Error, message, debug} (spec/2-09; ours: always)',
  'http.options': 'OPTIONS answers 204 with ACAO *, Access-Control-Allow-Methods absent or including GET (spec/2-06; ours: 204)',
  'http.head': 'HEAD on an object URL answers 200 with ACAO *',
  'http.not-found': 'an unknown URL under the OParl base answers 404 (ours)',
  'http.depends-on-headers': 'the JSON is byte-identical with and without the alternate headers (e.g. a session cookie)',

  // ------------------------------------------------------------ entry, objects, references (families A, C, D, E)
  'system.entry': 'the System answers at its URL with type …/1.1/System and oparlVersion exactly https://schema.oparl.org/1.1/',
  'object.id-mismatch': 'an object fetched from URL u has id u (spec/2-03)',
  'object.list-item-differs': 'the standalone GET equals the list item, back-references aside (ours: list items are standalone representations)',
  'object.embedded-differs': 'an embedded copy equals the standalone object minus its back-references (spec/3-00)',
  'ref.broken': 'every referenced or embedded id answers 200 (spec/3-00 "muss jedes Objekt unter seiner ID abrufbar sein")',
  'ref.wrong-type': 'a referenced object has the type the property promises',
  'ref.not-in-list': 'every object appears in its Body 1.1 list (spec/4-01)',
  'ref.backreference-mismatch': 'back-references and 1:1 links agree with the embedding parent / the linked object',
  'body.legislative-term-list': 'Body.legislativeTerm holds the same objects as legislativeTermList (strings.yml)',
  'organization.meeting-list': 'Organization.meeting lists exactly the meetings whose organization contains it (schema backreference)',
  'organization.consultation-list': 'Organization.consultation lists exactly the consultations whose organization contains it (schema backreference)',
  'organization.membership': 'Organization.membership lists exactly the memberships whose organization it is (schema backreference)',
  'paper.main-file-missing': 'every paper has a mainFile (ours)',

  // ------------------------------------------------------------ lists (family B)
  'list.shape': 'every list page has data (array), pagination (object) and links (object) (spec/2-05)',
  'list.links': 'links.first and links.self are present and every links value is a URL (ours: keyset pagination with first/self/next)',
  'list.self-mismatch': 'links.self is the URL of the page just fetched (spec/2-05; ours: the request URL, parameter order aside)',
  'list.links-drop-params': 'every links URL keeps the filters, limit and omit_internal of the request (spec/2-05; ours for limit/omit_internal)',
  'list.next-missing': 'links.next is present on every page but the last (spec/2-05)',
  'list.cycle': 'following links.next never revisits a page',
  'list.page-size': 'pagination.elementsPerPage is present and equal on all pages, every page but the last is full (spec/2-05; ours: exact keyset pages)',
  'list.total-elements': 'pagination.totalElements, if given, equals the number of items crawled',
  'list.duplicate-id': 'an id appears at most once in a list',
  'list.wrong-type': 'a list holds only objects of its type',
  'list.tombstone-unfiltered': 'deleted objects appear in lists only when modified_since is set (spec/2-05)',
  'list.order-unstable': 'the paged order equals the order of one big page (spec/2-05 stable order)',
  'list.inconsistent': 'paging and one big page give the same objects',

  // ------------------------------------------------------------ files (family F)
  'file.metadata-missing': 'every File has mimeType, size, sha512Checksum and downloadUrl (ours)',
  'file.status': 'accessUrl and downloadUrl answer 200 to GET (spec/2-07)',
  'file.access-attachment': 'accessUrl sends no Content-Disposition: attachment (spec/2-07)',
  'file.download-disposition': 'downloadUrl sends Content-Disposition starting with attachment and naming a filename (spec/2-07)',
  'file.mime-type': 'the served Content-Type equals File.mimeType',
  'file.size': 'the served byte length (and Content-Length) equals File.size',
  'file.sha512': 'sha512 of the served bytes equals File.sha512Checksum',
  'file.download-bytes': 'downloadUrl serves the same bytes as accessUrl',

  // ------------------------------------------------------------ filters, limit (families G, J)
  'filter.result': 'a filtered list equals the client-side filter of the full list, bounds inclusive (spec/2-05; ours: inclusive)',
  'filter.far-future': 'modified_since in the far future answers 200 with an empty data array',
  'filter.malformed': 'a malformed filter value answers 400 with an Error object (ours)',
  'filter.plus': 'an unencoded + in a filter value works like %2B (ours)',
  'limit.exact': 'limit=n gives exactly n items on every page but the last and reports elementsPerPage n (ours)',
  'limit.default': 'without limit, elementsPerPage is the default page size (ours: 100)',
  'limit.clamp': 'a limit above the maximum is clamped and elementsPerPage reports the maximum (ours: 1000)',
  'limit.invalid': 'limit=0, -1, 1.5 or x answers 400 with an Error object (ours)',

  // ------------------------------------------------------------ deletion (family H)
  'tombstone.unknown-id': 'the id to check was not in the earlier crawl (test set-up error)',
  'tombstone.status': 'a deleted object answers 200 with its tombstone (spec/2-08)',
  'tombstone.in-unfiltered-list': 'a deleted object is gone from unfiltered lists (spec/2-05)',
  'tombstone.missing-from-since-list': 'a deleted object appears in its lists filtered with modified_since (spec/2-05)',
  'tombstone.list-differs': 'the tombstone in the list equals the standalone tombstone',
  'tombstone.created-changed': 'deletion keeps id, type and created (spec/2-08)',
  'tombstone.modified-too-early': 'the tombstone\'s modified is the deletion time, not earlier than the given instant (spec/2-08)',
  'tombstone.parent-not-bumped': 'every object the deleted one was embedded in has a newer modified (spec/2-08)',
  'tombstone.still-embedded': 'no object embeds the deleted one any more (spec/2-05)',
  'tombstone.file-not-gone': 'a deleted file\'s accessUrl and downloadUrl answer 410 (spec/2-07; ours: 410)',
  'absent.not-404': 'a never-public object answers 404 (ours)',

  // ------------------------------------------------------------ incremental sync (family I)
  'sync.missing': 'after the modified_since sync, an object of the fresh crawl is missing from the synced copy',
  'sync.extra': 'after the modified_since sync, the synced copy holds an object the fresh crawl does not',
  'sync.differs': 'after the modified_since sync, an object differs from the fresh crawl',
  'sync.created-changed': 'created never changes',
  'sync.modified-not-bumped': 'an object whose content changed has a newer modified (spec/3-01)',
  'sync.modified-without-change': 'an object whose content did not change kept its modified (ours: no-op saves do not bump)',
} as const;

export type RuleId = keyof typeof RULES;

/** One finding. `path` is a URL (crawler) or a JSON pointer (validator), or a URL + '#' + pointer. */
export interface Problem {
  path: string;
  rule: RuleId;
  message: string;
}

/** One line per problem, for assertion messages. */
export function formatProblems(problems: readonly Problem[], max = 40): string {
  const lines = problems.slice(0, max).map((p) => `${p.rule} @ ${p.path}: ${p.message}`);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines.join('\n');
}
