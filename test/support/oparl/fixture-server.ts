/**
 * A tiny OParl 1.1 server in memory, only for testing the conformance
 * crawler: it answers an OParlFetch directly (no sockets, no database).
 * Its objects are the official examples corrected (created/modified
 * everywhere, [lon, lat], AgendaItem.order, one id per file, Feature
 * geojson), and it follows our decisions: inclusive filter bounds, keyset
 * pages (default 100, max 1000), tombstones only with modified_since, 410 for
 * deleted files. Each `defects` flag breaks one rule so the tests can prove
 * the crawler notices.
 *
 * It deliberately shares no code with crawler.ts/validator.ts, so a mistake
 * in their reading of the spec is not copied into the server they check.
 */
import { createHash } from 'node:crypto';
import type { OParlFetch, OParlHttpResponse, OParlRequestInit } from './crawler.ts';

export interface FixtureDefects {
  /** Pages never carry links.next. */
  noNextLink?: boolean;
  /** created_since is ignored. */
  filterIgnored?: boolean;
  /** links.next keeps only the cursor and limit, not the filters. */
  filtersDroppedFromNext?: boolean;
  /** Unfiltered lists include deleted objects. */
  tombstoneUnfiltered?: boolean;
  /** file/1 announces a wrong sha512Checksum. */
  wrongSha512?: boolean;
  /** accessUrl sends Content-Disposition: attachment. */
  attachmentOnAccessUrl?: boolean;
  /** Error responses lack Access-Control-Allow-Origin. */
  noCorsOnError?: boolean;
  /** AgendaItem.order counts from 1. */
  orderNotIndex?: boolean;
  /** Embedded objects lack created. */
  embeddedWithoutCreated?: boolean;
  /** GET person/1 answers with an id that is not the request URL. */
  idNotRequestUrl?: boolean;
  /** Changing or deleting an embedded object leaves its parents' modified alone. */
  noParentBump?: boolean;
  /** limit is ignored (pages of 100). */
  limitIgnored?: boolean;
  /** Deleted objects answer 404 instead of a tombstone. */
  hardDelete?: boolean;
}

export const FIXTURE_BASE = 'https://oparl.example.org/oparl/v1.1/';
export const FIXTURE_SYSTEM_URL = `${FIXTURE_BASE}system`;
const NS = 'https://schema.oparl.org/1.1/';

type TypeName = 'System' | 'Body' | 'LegislativeTerm' | 'Organization' | 'Person' | 'Membership' | 'Meeting' | 'AgendaItem' | 'Paper' | 'Consultation' | 'File' | 'Location';
type Json = Record<string, unknown>;

interface Rec {
  id: string;
  type: TypeName;
  fields: Json;
  created: number;
  modified: number;
  deleted: boolean;
}

const PATH: Record<TypeName, string> = {
  System: 'system',
  Body: 'body',
  LegislativeTerm: 'legislative-term',
  Organization: 'organization',
  Person: 'person',
  Membership: 'membership',
  Meeting: 'meeting',
  AgendaItem: 'agenda-item',
  Paper: 'paper',
  Consultation: 'consultation',
  File: 'file',
  Location: 'location',
};

/** Embedded properties (spec/3-00 + Person.locationObject). */
const EMBEDS: Partial<Record<TypeName, Record<string, 'one' | 'many'>>> = {
  Body: { legislativeTerm: 'many', location: 'one' },
  Organization: { location: 'one' },
  Person: { locationObject: 'one', membership: 'many' },
  Meeting: { location: 'one', invitation: 'one', resultsProtocol: 'one', verbatimProtocol: 'one', auxiliaryFile: 'many', agendaItem: 'many' },
  AgendaItem: { resolutionFile: 'one', auxiliaryFile: 'many' },
  Paper: { mainFile: 'one', auxiliaryFile: 'many', location: 'many', consultation: 'many' },
};
const STANDALONE_ONLY: Partial<Record<TypeName, string[]>> = {
  LegislativeTerm: ['body'],
  Membership: ['person'],
  AgendaItem: ['meeting'],
  Consultation: ['paper'],
  File: ['meeting', 'agendaItem', 'paper'],
  Location: ['bodies', 'organizations', 'persons', 'meetings', 'papers'],
};
const OMIT_INTERNAL: Partial<Record<TypeName, string[]>> = {
  AgendaItem: ['auxiliaryFile'],
  Meeting: ['auxiliaryFile', 'agendaItem'],
  Paper: ['auxiliaryFile', 'location'],
  Person: ['membership'],
  Body: ['legislativeTerm'],
};
const BODY_LISTS: Record<string, [string, TypeName]> = {
  organizations: ['organization', 'Organization'],
  persons: ['person', 'Person'],
  meetings: ['meeting', 'Meeting'],
  papers: ['paper', 'Paper'],
  'agenda-items': ['agendaItem', 'AgendaItem'],
  consultations: ['consultation', 'Consultation'],
  files: ['file', 'File'],
  locations: ['locationList', 'Location'],
  'legislative-terms': ['legislativeTermList', 'LegislativeTerm'],
  memberships: ['membership', 'Membership'],
};
const PARAM_ORDER = ['after', 'created_since', 'created_until', 'limit', 'modified_since', 'modified_until', 'omit_internal'];

const id = (type: TypeName, n: number | string): string => `${FIXTURE_BASE}${PATH[type]}/${n}`;

function formatTime(ms: number): string {
  const local = new Date(ms + 3_600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}T${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}+01:00`;
}

/** Spec form (plus Z and fractions, leniently); an unencoded + arrives as a space. */
function parseTime(raw: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(raw.replace(/ (\d{2}:\d{2})$/, '+$1'));
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const zone = m[7] as string;
  const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return utc - offset * 60_000;
}

const fakePdf = (label: string): Buffer => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');

export class FixtureServer {
  clock = Date.UTC(2027, 0, 10, 8, 0, 0);
  readonly records = new Map<string, Rec>();
  readonly bytes = new Map<string, Buffer>();

  constructor(public defects: FixtureDefects = {}) {
    seed(this);
  }

  readonly fetch: OParlFetch = async (url, init) => this.handle(url, init);

  tick(seconds = 60): void {
    this.clock += seconds * 1000;
  }

  now(): string {
    return formatTime(this.clock);
  }

  create(type: TypeName, n: number | string, fields: Json): string {
    const key = id(type, n);
    this.records.set(key, { id: key, type, fields, created: this.clock, modified: this.clock, deleted: false });
    this.tick();
    return key;
  }

  addFile(n: number, name: string, backrefs: Json): string {
    const content = fakePdf(`Fixture ${name}`);
    const fileId = id('File', n);
    this.bytes.set(fileId, content);
    return this.create('File', n, {
      name,
      fileName: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`,
      mimeType: 'application/pdf',
      date: '2027-01-08',
      size: content.length,
      sha512Checksum: createHash('sha512').update(content).digest('hex'),
      accessUrl: `${fileId}/content`,
      downloadUrl: `${fileId}/download`,
      ...backrefs,
    });
  }

  /** Changes fields and stamps modified on the object and everything that embeds it. */
  update(key: string, patch: Json): void {
    const rec = this.rec(key);
    Object.assign(rec.fields, patch);
    rec.modified = this.clock;
    this.bumpAround(key);
    this.tick();
  }

  /** Deletes (or depublishes): a tombstone from now on; parents and referrers get a new modified. */
  remove(key: string): void {
    const rec = this.rec(key);
    rec.deleted = true;
    rec.modified = this.clock;
    this.bumpAround(key);
    this.tick();
  }

  private rec(key: string): Rec {
    const rec = this.records.get(key);
    if (!rec) throw new Error(`no fixture object ${key}`);
    return rec;
  }

  private bumpAround(key: string): void {
    if (this.defects.noParentBump) return;
    for (const other of this.containersOf(key)) other.modified = this.clock;
    if (!this.rec(key).deleted) return;
    for (const other of this.records.values()) {
      if (other.id === key || other.deleted) continue;
      if (Object.values(other.fields).some((v) => v === key || (Array.isArray(v) && v.includes(key)))) other.modified = this.clock;
    }
  }

  private containersOf(key: string, out = new Set<Rec>()): Set<Rec> {
    for (const rec of this.records.values()) {
      if (rec.deleted || out.has(rec)) continue;
      const embeds = EMBEDS[rec.type] ?? {};
      if (Object.keys(embeds).some((prop) => rec.fields[prop] === key || (Array.isArray(rec.fields[prop]) && (rec.fields[prop] as unknown[]).includes(key)))) {
        out.add(rec);
        this.containersOf(rec.id, out);
      }
    }
    return out;
  }

  private live(key: unknown): boolean {
    return typeof key === 'string' && this.records.get(key)?.deleted === false;
  }

  render(key: string, mode: 'standalone' | 'embedded', omitInternal = false): Json {
    const rec = this.rec(key);
    if (rec.deleted) return { id: rec.id, type: NS + rec.type, created: formatTime(rec.created), modified: formatTime(rec.modified), deleted: true };
    const out: Json = { id: rec.id, type: NS + rec.type };
    const embeds = EMBEDS[rec.type] ?? {};
    for (const [k, v] of Object.entries(rec.fields)) {
      if (embeds[k] === 'one') {
        if (this.live(v)) out[k] = this.render(v as string, 'embedded');
      } else if (embeds[k] === 'many') {
        const children = (v as string[]).filter((c) => this.live(c)).map((c) => this.render(c, 'embedded'));
        if (children.length || (rec.type === 'Body' && k === 'legislativeTerm')) out[k] = children;
      } else if (Array.isArray(v)) {
        // Reference arrays leave out what is deleted; other arrays (keyword, post, …) are kept as they are.
        const kept = v.filter((x) => typeof x !== 'string' || !this.records.has(x) || this.live(x));
        if (kept.length) out[k] = kept;
      } else out[k] = v;
    }
    if (rec.type === 'AgendaItem') {
      const meeting = this.records.get(rec.fields.meeting as string);
      const siblings = ((meeting?.fields.agendaItem ?? []) as string[]).filter((c) => this.live(c));
      out.order = siblings.indexOf(rec.id) + (this.defects.orderNotIndex ? 1 : 0);
    }
    if (rec.type === 'File' && this.defects.wrongSha512 && rec.id === id('File', 1)) out.sha512Checksum = `${String(out.sha512Checksum).slice(0, -1)}0`;
    out.created = formatTime(rec.created);
    out.modified = formatTime(rec.modified);
    if (mode === 'embedded') {
      for (const k of STANDALONE_ONLY[rec.type] ?? []) delete out[k];
      if (this.defects.embeddedWithoutCreated) delete out.created;
    }
    if (omitInternal) for (const k of OMIT_INTERNAL[rec.type] ?? []) delete out[k];
    return out;
  }

  // -------------------------------------------------------------- HTTP

  private json(status: number, body: unknown, cors = true): OParlHttpResponse {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (cors) headers['access-control-allow-origin'] = '*';
    return { status, headers, body: Buffer.from(JSON.stringify(body), 'utf8') };
  }

  private error(status: number, message: string, debug: string): OParlHttpResponse {
    return this.json(status, { type: `${NS}Error`, message, debug }, !this.defects.noCorsOnError);
  }

  private async handle(url: string, init: OParlRequestInit = {}): Promise<OParlHttpResponse> {
    const method = init.method ?? 'GET';
    if (method === 'OPTIONS') return { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD, OPTIONS' }, body: Buffer.alloc(0) };
    const response = this.route(url);
    return method === 'HEAD' ? { ...response, body: Buffer.alloc(0) } : response;
  }

  private route(url: string): OParlHttpResponse {
    const u = new URL(url);
    if (!url.startsWith(FIXTURE_BASE)) return this.error(404, 'Nicht gefunden.', `not under ${FIXTURE_BASE}`);
    const parts = u.pathname.slice(new URL(FIXTURE_BASE).pathname.length).split('/');
    const [head, n, sub] = parts;
    if (parts.length === 1 && head === 'system') return this.json(200, this.render(FIXTURE_SYSTEM_URL, 'standalone'));
    if (parts.length === 1 && head === 'bodies') return this.list(u, () => this.ofType('Body'));
    if (parts.length === 3 && head === 'body' && sub && BODY_LISTS[sub]) {
      const type = BODY_LISTS[sub][1];
      return this.list(u, () => this.ofType(type));
    }
    if (parts.length === 3 && head === 'organization' && (sub === 'meetings' || sub === 'consultations')) {
      const org = id('Organization', n ?? '');
      const type: TypeName = sub === 'meetings' ? 'Meeting' : 'Consultation';
      return this.list(u, () => this.ofType(type).filter((r) => (r.fields.organization as string[] | undefined)?.includes(org)));
    }
    if (parts.length === 3 && head === 'file' && (sub === 'content' || sub === 'download')) return this.file(id('File', n ?? ''), sub);
    const type = (Object.keys(PATH) as TypeName[]).find((t) => PATH[t] === head);
    if (parts.length === 2 && type) {
      const key = id(type, n ?? '');
      const rec = this.records.get(key);
      if (!rec || (rec.deleted && this.defects.hardDelete)) return this.error(404, 'Das angeforderte Objekt existiert nicht.', `no object at ${u.pathname}`);
      const out = this.render(key, 'standalone');
      if (this.defects.idNotRequestUrl && key === id('Person', 1)) out.id = `${key}/`;
      return this.json(200, out);
    }
    return this.error(404, 'Das angeforderte Objekt existiert nicht.', `no route for ${u.pathname}`);
  }

  private ofType(type: TypeName): Rec[] {
    return [...this.records.values()].filter((r) => r.type === type);
  }

  private file(key: string, kind: 'content' | 'download'): OParlHttpResponse {
    const rec = this.records.get(key);
    const content = this.bytes.get(key);
    if (!rec || !content) return this.error(404, 'Die Datei existiert nicht.', `no file ${key}`);
    if (rec.deleted) return this.error(410, 'Die Datei wurde gelöscht.', `file ${key} is deleted`);
    const name = String(rec.fields.fileName);
    const attachment = kind === 'download' || this.defects.attachmentOnAccessUrl;
    return {
      status: 200,
      headers: {
        'content-type': String(rec.fields.mimeType),
        'content-length': String(content.length),
        'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename="${name}"`,
      },
      body: content,
    };
  }

  private list(u: URL, all: () => Rec[]): OParlHttpResponse {
    const q = u.searchParams;
    const filters: Array<[string, (r: Rec) => number, 'since' | 'until']> = [
      ['created_since', (r) => r.created, 'since'],
      ['created_until', (r) => r.created, 'until'],
      ['modified_since', (r) => r.modified, 'since'],
      ['modified_until', (r) => r.modified, 'until'],
    ];
    const bounds: Array<{ at: (r: Rec) => number; kind: 'since' | 'until'; t: number }> = [];
    for (const [name, at, kind] of filters) {
      const raw = q.get(name);
      if (raw === null) continue;
      const t = parseTime(raw);
      if (t === undefined) return this.error(400, 'Ungültiger Filterwert.', `${name}=${raw} is not a date-time`);
      if (name === 'created_since' && this.defects.filterIgnored) continue;
      bounds.push({ at, kind, t });
    }
    const rawLimit = q.get('limit');
    if (rawLimit !== null && !/^[1-9]\d*$/.test(rawLimit)) return this.error(400, 'Ungültiges Limit.', `limit=${rawLimit}`);
    const limit = this.defects.limitIgnored ? 100 : Math.min(rawLimit === null ? 100 : Number(rawLimit), 1000);
    const omitInternal = q.get('omit_internal') === 'true';
    const withDeleted = q.has('modified_since') || this.defects.tombstoneUnfiltered;
    const after = q.get('after');
    const matching = all()
      .filter((r) => withDeleted || !r.deleted)
      .filter((r) => bounds.every((b) => (b.kind === 'since' ? b.at(r) >= b.t : b.at(r) <= b.t)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rest = after === null ? matching : matching.filter((r) => r.id > after);
    const page = rest.slice(0, limit);
    const link = (cursor: string | null, keepFilters = true): string => {
      const params: Array<[string, string]> = [];
      for (const name of PARAM_ORDER) {
        if (name === 'after') {
          if (cursor !== null) params.push([name, cursor]);
        } else if (q.has(name) && (keepFilters || name === 'limit')) params.push([name, q.get(name) as string]);
      }
      const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      return `${u.origin}${u.pathname}${query ? `?${query}` : ''}`;
    };
    const links: Json = { first: link(null), self: link(after) };
    const last = page.at(-1);
    if (rest.length > page.length && last && !this.defects.noNextLink) links.next = link(last.id, !this.defects.filtersDroppedFromNext);
    return this.json(200, {
      data: page.map((r) => this.render(r.id, 'standalone', omitInternal)),
      pagination: { totalElements: matching.length, elementsPerPage: limit },
      links,
    });
  }
}

export function createFixtureServer(defects: FixtureDefects = {}): FixtureServer {
  return new FixtureServer(defects);
}

// ------------------------------------------------------------------ the data: the official examples, corrected

function seed(s: FixtureServer): void {
  const body = id('Body', 1);
  const list = (name: string): string => `${body}/${name}`;
  const feature = (lon: number, lat: number, name: string): Json => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { name } });

  s.records.set(FIXTURE_SYSTEM_URL, {
    id: FIXTURE_SYSTEM_URL,
    type: 'System',
    fields: {
      oparlVersion: 'https://schema.oparl.org/1.1/',
      body: `${FIXTURE_BASE}bodies`,
      name: 'Beispiel-System',
      license: 'https://www.govdata.de/dl-de/by-2-0',
      contactEmail: 'info@example.org',
      contactName: 'Allgemeiner OParl Kontakt',
      website: 'https://www.example.org/',
      vendor: 'https://example-software.example/',
      product: 'https://example-software.example/oparl-server/',
    },
    created: s.clock,
    modified: s.clock,
    deleted: false,
  });
  s.tick();

  const loc1 = s.create('Location', 1, {
    description: 'Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt',
    geojson: feature(10.4321, 50.1234, 'Rathausplatz'),
    bodies: [body],
    organizations: [id('Organization', 1)],
    meetings: [id('Meeting', 1), id('Meeting', 2)],
  });
  const loc2 = s.create('Location', 2, { description: 'Musterweg 5, 12345 Beispielstadt', streetAddress: 'Musterweg 5', postalCode: '12345', locality: 'Beispielstadt', persons: [id('Person', 1)] });
  const loc3 = s.create('Location', 3, { description: 'Honschaftsstraße 312, Köln', geojson: feature(7.03291, 50.98249, 'Honschaftsstraße'), papers: [id('Paper', 1)] });

  const lt1 = s.create('LegislativeTerm', 1, { body, name: '20. Wahlperiode', startDate: '2014-06-01', endDate: '2020-10-31' });
  const lt2 = s.create('LegislativeTerm', 2, { body, name: '21. Wahlperiode', startDate: '2020-11-01', endDate: '2026-10-31' });

  s.create('Body', 1, {
    system: FIXTURE_SYSTEM_URL,
    contactEmail: 'ris@beispielstadt.example',
    contactName: 'RIS-Betreuung',
    ags: '05315000',
    rgs: '053150000000',
    equivalent: ['http://d-nb.info/gnd/2015732-0'],
    shortName: 'Beispielstadt',
    name: 'Stadt Beispielstadt, kreisfreie Stadt',
    website: 'https://www.beispielstadt.example/',
    licenseValidSince: '2014-01-01T00:00:00+01:00',
    organization: list('organizations'),
    person: list('persons'),
    meeting: list('meetings'),
    paper: list('papers'),
    agendaItem: list('agenda-items'),
    consultation: list('consultations'),
    file: list('files'),
    locationList: list('locations'),
    legislativeTermList: list('legislative-terms'),
    membership: list('memberships'),
    legislativeTerm: [lt1, lt2],
    location: loc1,
    classification: 'Kreisfreie Stadt',
  });

  const org = (n: number, fields: Json): string =>
    s.create('Organization', n, { body, ...fields, meeting: `${id('Organization', n)}/meetings`, consultation: `${id('Organization', n)}/consultations` });
  const rat = org(1, { name: 'Rat der Stadt Beispielstadt', shortName: 'Rat', organizationType: 'Gremium', classification: 'Parlament', location: loc1, membership: [id('Membership', 1), id('Membership', 3)], post: ['Vorsitzender', 'Mitglied'] });
  const finanz = org(2, { name: 'Ausschuss für Haushalt und Finanzen', shortName: 'Finanzausschuss', organizationType: 'Gremium', classification: 'Ausschuss', startDate: '2012-07-17', membership: [id('Membership', 2)], keyword: ['finanzen', 'haushalt'] });
  const fraktion = org(3, { name: 'Fraktion Beispielpartei', organizationType: 'Fraktion', classification: 'Fraktion', membership: [id('Membership', 4)] });

  const m1 = s.create('Membership', 1, { person: id('Person', 1), organization: rat, role: 'Mitglied', votingRight: true, startDate: '2020-11-01' });
  const m2 = s.create('Membership', 2, { person: id('Person', 1), organization: finanz, role: 'Vorsitzende', votingRight: true, startDate: '2020-11-01', onBehalfOf: fraktion });
  const m3 = s.create('Membership', 3, { person: id('Person', 2), organization: rat, role: 'Mitglied', votingRight: true, startDate: '2020-11-01' });
  const m4 = s.create('Membership', 4, { person: id('Person', 2), organization: fraktion, role: 'Mitglied', startDate: '2020-11-01' });
  s.create('Person', 1, { body, name: 'Prof. Dr. Max Mustermann', familyName: 'Mustermann', givenName: 'Max', title: ['Prof.', 'Dr.'], formOfAddress: 'Ratsherr', gender: 'male', status: ['Ratsmitglied'], location: loc2, locationObject: loc2, membership: [m1, m2] });
  s.create('Person', 2, { body, name: 'Erika Beispiel', familyName: 'Beispiel', givenName: 'Erika', formOfAddress: 'Ratsfrau', gender: 'female', membership: [m3, m4] });
  s.create('Person', 3, { body, name: 'Sachkundiger Bürger', familyName: 'Bürger', givenName: 'Sachkundiger' });

  const f1 = s.addFile(1, 'Einladung', { meeting: [id('Meeting', 1)] });
  const f2 = s.addFile(2, 'Nachtrags-Tagesordnung', { meeting: [id('Meeting', 2)] });
  const f3 = s.addFile(3, 'Anlage zu TOP 1', { agendaItem: [id('AgendaItem', 1)] });
  const f4 = s.addFile(4, 'Antwort auf Anfrage', { paper: [id('Paper', 1)] });
  const f5 = s.addFile(5, 'Anlage 1 zur Anfrage', { paper: [id('Paper', 1)] });
  const f6 = s.addFile(6, 'Beschlussvorlage Radweg', { paper: [id('Paper', 2)] });
  const f7 = s.addFile(7, 'Mitteilung Haushalt', { paper: [id('Paper', 3)] });
  const f8 = s.addFile(8, 'Beschluss zu TOP 2', { agendaItem: [id('AgendaItem', 2)] });

  const meeting1 = id('Meeting', 1);
  const meeting2 = id('Meeting', 2);
  const a1 = s.create('AgendaItem', 1, { meeting: meeting1, number: '1', name: 'Satzungsänderung für Ausschreibungen', public: true, consultation: id('Consultation', 1), result: 'Geändert beschlossen', resolutionText: 'Der Beschluss weicht wie folgt vom Antrag ab: …', auxiliaryFile: [f3] });
  const a2 = s.create('AgendaItem', 2, { meeting: meeting1, number: '2', name: 'Haushalt 2027', public: true, resolutionFile: f8 });
  const a3 = s.create('AgendaItem', 3, { meeting: meeting2, number: '1', name: 'Radweg Hauptstraße', public: true, consultation: id('Consultation', 3) });
  s.create('Meeting', 1, { name: '4. Sitzung des Rates', meetingState: 'durchgeführt', cancelled: false, start: '2027-01-04T17:00:00+01:00', end: '2027-01-04T20:00:00+01:00', location: loc1, organization: [rat], participant: [id('Person', 1)], invitation: f1, agendaItem: [a1, a2] });
  s.create('Meeting', 2, { name: '2. Sitzung des Finanzausschusses', meetingState: 'eingeladen', start: '2027-02-01T17:00:00+01:00', location: loc1, organization: [finanz], auxiliaryFile: [f2], agendaItem: [a3] });
  s.create('Meeting', 3, { name: 'Gemeinsame Sitzung', meetingState: 'terminiert', start: '2027-03-01T17:00:00+01:00', organization: [rat, finanz] });

  const c1 = s.create('Consultation', 1, { paper: id('Paper', 1), agendaItem: a1, meeting: meeting1, organization: [rat], authoritative: true, role: 'Beschlussfassung' });
  const c2 = s.create('Consultation', 2, { paper: id('Paper', 1), organization: [finanz], authoritative: false, role: 'Vorberatung' });
  const c3 = s.create('Consultation', 3, { paper: id('Paper', 2), agendaItem: a3, meeting: meeting2, organization: [finanz], authoritative: true, role: 'Entscheidung' });
  s.create('Paper', 1, { body, name: 'Antwort auf Anfrage 1200/2014', reference: '1234/2014', date: '2014-04-04', paperType: 'Beantwortung einer Anfrage', mainFile: f4, auxiliaryFile: [f5], location: [loc3], originatorPerson: [id('Person', 1)], underDirectionOf: [finanz], consultation: [c1, c2] });
  s.create('Paper', 2, { body, name: 'Radweg Hauptstraße', reference: '0007/2027', date: '2027-01-15', paperType: 'Beschlussvorlage', mainFile: f6, consultation: [c3] });
  s.create('Paper', 3, { body, name: 'Mitteilung zum Haushalt', reference: '0008/2027', date: '2027-01-20', paperType: 'Mitteilung', mainFile: f7 });
  s.create('Paper', 4, { body, name: 'Zurückgezogene Vorlage', reference: '0009/2027', paperType: 'Antrag' });

  // Some history: a later change, and one paper that was published and then deleted.
  s.update(id('Meeting', 2), { name: '2. Sitzung des Ausschusses für Haushalt und Finanzen' });
  s.remove(id('Paper', 4));
}
