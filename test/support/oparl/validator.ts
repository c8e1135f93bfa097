/**
 * OParl 1.1 object validator for conformance tests. It knows only the
 * specification — the twelve official 1.1.1 schema files (unmodified copies in
 * ./schema) and the normative text — and nothing of our server.
 *
 * The schema files are not plain JSON Schema and lag behind the 1.1 text, so
 * they are patched in memory when loaded (docs/council/research-notes.md §5.2,
 * ./schema/ATTRIBUTION.md). Rules no schema can express are code below.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Problem, RuleId } from './problems.ts';

export const OPARL_TYPE_NAMES = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
] as const;
export type OParlTypeName = (typeof OPARL_TYPE_NAMES)[number];

export const OPARL_NAMESPACE = 'https://schema.oparl.org/1.1/';
export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const OPARL_ERROR_TYPE = 'https://schema.oparl.org/1.1/Error';

/** A JSON object as received. */
export type OParlObject = Record<string, unknown>;

/**
 * Where an object was met:
 * - `standalone`: the answer to a GET of its id;
 * - `listItem`: an item of an external list (ours: the same standalone representation, back-references included);
 * - `embedded`: inside another object ("interne Ausgabe").
 */
export type ValidationContext = 'standalone' | 'embedded' | 'listItem';

export interface ValidateOptions {
  context: ValidationContext;
  /** The object came from a list requested with omit_internal=true. */
  omitInternal?: boolean;
}

export interface PropertyTarget {
  type: OParlTypeName;
  array: boolean;
}

/** What the schema files say about a type's properties (read from the unmodified files). */
export interface TypeInfo {
  /** Properties holding embedded objects (`schema: "X.json"`). */
  embedded: Record<string, PropertyTarget>;
  /** Properties holding URLs of objects (`references: "X"`). */
  references: Record<string, PropertyTarget>;
  /** Properties holding the URL of an external list (`references: "externalList"`), with the list's item type. */
  externalLists: Record<string, OParlTypeName>;
}

export interface OParlValidator {
  validateObject(obj: unknown, options: ValidateOptions): Problem[];
  /** Property metadata of every type, derived from the schema files. */
  readonly types: Readonly<Record<OParlTypeName, TypeInfo>>;
}

// ------------------------------------------------------------------ rules of the text

/**
 * Back-references that only a standalone object carries, by child type and the
 * parent type they point at (strings.yml: "nur dann ausgegeben …, wenn das …
 * Objekt einzeln abgerufen wird"; spec/3-00).
 */
export const BACKREFERENCES: Readonly<Partial<Record<OParlTypeName, Readonly<Partial<Record<OParlTypeName, string>>>>>> = {
  LegislativeTerm: { Body: 'body' },
  Membership: { Person: 'person' },
  AgendaItem: { Meeting: 'meeting' },
  Consultation: { Paper: 'paper' },
  File: { Meeting: 'meeting', AgendaItem: 'agendaItem', Paper: 'paper' },
  Location: { Body: 'bodies', Organization: 'organizations', Person: 'persons', Meeting: 'meetings', Paper: 'papers' },
};

export function backreferenceKeys(type: OParlTypeName): string[] {
  return Object.values(BACKREFERENCES[type] ?? {});
}

/** Back-references a standalone object must carry ("muss … ausgegeben werden"). */
const REQUIRED_WHEN_STANDALONE: Partial<Record<OParlTypeName, readonly string[]>> = {
  LegislativeTerm: ['body'],
  Membership: ['person'],
  AgendaItem: ['meeting'],
  Consultation: ['paper'],
};

/** The internal lists a server leaves out for omit_internal=true (spec/2-05). */
export const OMIT_INTERNAL: Readonly<Partial<Record<OParlTypeName, readonly string[]>>> = {
  AgendaItem: ['auxiliaryFile'],
  Meeting: ['auxiliaryFile', 'agendaItem'],
  Paper: ['auxiliaryFile', 'location'],
  Person: ['membership'],
  Body: ['legislativeTerm'],
};

const TOMBSTONE_KEYS = ['id', 'type', 'created', 'modified', 'deleted'];
const MEETING_STATES = ['terminiert', 'eingeladen', 'durchgeführt'];
const ORGANIZATION_TYPES = ['Gremium', 'Partei', 'Fraktion', 'Verwaltungsbereich', 'externes Gremium', 'Institution', 'Sonstiges'];
/** Mandatory arrays, which must be output even when empty (spec/2-04). */
const MANDATORY_ARRAYS: Partial<Record<OParlTypeName, readonly string[]>> = { Body: ['legislativeTerm'] };
const GERMANY = { lonMin: 5.8, lonMax: 15.1, latMin: 47.2, latMax: 55.2 };
const HTML_ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
const BODY_LISTS_OF_1_1 = ['agendaItem', 'consultation', 'file', 'locationList', 'legislativeTermList', 'membership'];

// ------------------------------------------------------------------ formats (spec/2-04)

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

function validCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isOParlDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Milliseconds since the epoch of a date-time in the strict spec form `yyyy-mm-ddThh:mm:ss±hh:mm`, else undefined. */
export function parseOParlDateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s, , oh, om] = m.slice(1).map(Number) as number[];
  if (!validCalendarDate(y!, mo!, d!) || h! > 23 || mi! > 59 || s! > 59 || oh! > 23 || om! > 59) return undefined;
  const offset = (m[7] === '-' ? -1 : 1) * (oh! * 60 + om!) * 60_000;
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - offset;
}

export function isOParlDateTime(value: string): boolean {
  return parseOParlDateTime(value) !== undefined;
}

/** Spec form of an instant at a fixed UTC offset (minutes), seconds truncated. */
export function formatOParlDateTime(ms: number, offsetMinutes = 0): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value) && URL.canParse(value);
}

// ------------------------------------------------------------------ small JSON helpers

export function isObject(value: unknown): value is OParlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type name of an object whose `type` is one of the twelve namespace URLs. */
export function typeNameOf(obj: unknown): OParlTypeName | undefined {
  if (!isObject(obj) || typeof obj.type !== 'string' || !obj.type.startsWith(OPARL_NAMESPACE)) return undefined;
  const name = obj.type.slice(OPARL_NAMESPACE.length);
  return (OPARL_TYPE_NAMES as readonly string[]).includes(name) ? (name as OParlTypeName) : undefined;
}

/** JSON text with object keys sorted, for order-insensitive comparison of objects. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function withoutKeys(obj: OParlObject, keys: readonly string[]): OParlObject {
  const copy: OParlObject = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** True if the pointer lies inside (or is) an object marked deleted: true. */
function insideTombstone(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  if (isObject(node) && node.deleted === true) return true;
  if (pointer === '') return false;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    if (isObject(node) && node.deleted === true) return true;
  }
  return false;
}

// ------------------------------------------------------------------ loading and patching the schema files

const SCHEMA_DIR = path.join(import.meta.dirname, 'schema');
const schemaId = (type: OParlTypeName): string => `https://schema.oparl.org/1.1/schema/${type}.json`;

function readSchema(type: OParlTypeName): OParlObject {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${type}.json`), 'utf8')) as OParlObject;
}

const typeOfSchemaFile = (file: unknown): OParlTypeName | undefined => {
  if (typeof file !== 'string') return undefined;
  const name = file.replace(/\.json$/, '');
  return (OPARL_TYPE_NAMES as readonly string[]).includes(name) ? (name as OParlTypeName) : undefined;
};

function describeType(schema: OParlObject): TypeInfo {
  const info: TypeInfo = { embedded: {}, references: {}, externalLists: {} };
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, OParlObject>)) {
    const items = isObject(raw.items) ? raw.items : undefined;
    if (raw.references === 'externalList') {
      const t = typeOfSchemaFile(items?.schema);
      if (t) info.externalLists[name] = t;
      continue;
    }
    const embeddedType = typeOfSchemaFile(raw.schema) ?? (raw.type === 'array' ? typeOfSchemaFile(items?.schema) : undefined);
    if (embeddedType) {
      info.embedded[name] = { type: embeddedType, array: raw.type === 'array' };
      continue;
    }
    const referenced = typeof raw.references === 'string' ? raw.references : items?.references;
    if (typeof referenced === 'string' && (OPARL_TYPE_NAMES as readonly string[]).includes(referenced)) {
      info.references[name] = { type: referenced as OParlTypeName, array: raw.type === 'array' };
    }
  }
  return info;
}

/** The §5.2 patch: embedding → $ref, no `items` on string-typed list URLs. */
function patchNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patchNode);
  if (!isObject(node)) return node;
  if (typeof node.schema === 'string') {
    const patched: OParlObject = { $ref: node.schema };
    if (typeof node.description === 'string') patched.description = node.description;
    return patched;
  }
  const out: OParlObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'items' && node.type === 'string') continue;
    out[k] = patchNode(v);
  }
  return out;
}

function patchSchema(type: OParlTypeName, raw: OParlObject): OParlObject {
  const patched = patchNode(raw) as OParlObject;
  patched.$id = schemaId(type);
  const required = new Set(Array.isArray(raw.required) ? (raw.required as string[]) : []);
  required.add('created');
  required.add('modified');
  if (type === 'Body') for (const list of BODY_LISTS_OF_1_1) required.add(list);
  patched.required = [...required];
  return patched;
}

function buildAjv(): { validators: Record<OParlTypeName, ValidateFunction>; types: Record<OParlTypeName, TypeInfo> } {
  const ajv = new Ajv2020({ allErrors: true, strict: true, unicodeRegExp: false });
  for (const keyword of ['references', 'backreference', 'cardinality']) ajv.addKeyword(keyword);
  ajv.addFormat('url', { type: 'string', validate: isUrl });
  ajv.addFormat('date', { type: 'string', validate: isOParlDate });
  ajv.addFormat('date-time', { type: 'string', validate: isOParlDateTime });
  const types = {} as Record<OParlTypeName, TypeInfo>;
  for (const type of OPARL_TYPE_NAMES) {
    const raw = readSchema(type);
    types[type] = describeType(raw);
    ajv.addSchema(patchSchema(type, raw));
  }
  const validators = {} as Record<OParlTypeName, ValidateFunction>;
  for (const type of OPARL_TYPE_NAMES) {
    const fn = ajv.getSchema(schemaId(type));
    if (!fn) throw new Error(`OParl schema ${type} did not compile`);
    validators[type] = fn;
  }
  return { validators, types };
}

// ------------------------------------------------------------------ the validator

export function createOParlValidator(): OParlValidator {
  const { validators, types } = buildAjv();

  function validateObject(obj: unknown, options: ValidateOptions): Problem[] {
    const problems: Problem[] = [];
    if (!isObject(obj)) return [{ path: '', rule: 'schema', message: 'must be a JSON object' }];
    const type = typeNameOf(obj);
    if (!type) return [{ path: '/type', rule: 'type.unknown', message: `type ${JSON.stringify(obj.type)} is not an OParl 1.1 namespace URL` }];
    if (obj.deleted !== true) problems.push(...schemaProblems(type, obj, options));
    checkObject(obj, type, options.context, '', options.omitInternal === true, problems);
    return problems;
  }

  function schemaProblems(type: OParlTypeName, obj: OParlObject, options: ValidateOptions): Problem[] {
    const validate = validators[type];
    if (validate(obj)) return [];
    return (validate.errors ?? []).filter((e) => !coveredByCode(obj, e)).map(toProblem);
  }

  /** Errors a code rule reports more precisely (or that the text overrides). */
  function coveredByCode(root: OParlObject, e: ErrorObject): boolean {
    if (insideTombstone(root, e.instancePath)) return true;
    if (e.keyword === 'type' && valueAt(root, e.instancePath) === null) return true; // empty.value
    if (e.keyword === 'format' && e.instancePath.endsWith('/license')) return true; // license.url
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    return e.keyword === 'required' && missing === 'legislativeTerm' && typeNameOf(valueAt(root, e.instancePath)) === 'Body'; // body.legislative-term
  }

  function toProblem(e: ErrorObject): Problem {
    const params = e.params as { missingProperty?: string; pattern?: string; format?: string };
    if (e.keyword === 'required' && params.missingProperty) {
      return { path: `${e.instancePath}/${escapePointer(params.missingProperty)}`, rule: 'schema', message: `must have required property '${params.missingProperty}'` };
    }
    return { path: e.instancePath, rule: 'schema', message: e.message ?? e.keyword };
  }

  function push(problems: Problem[], path: string, rule: RuleId, message: string): void {
    problems.push({ path, rule, message });
  }

  function checkObject(obj: OParlObject, type: OParlTypeName, context: ValidationContext, at: string, omitInternal: boolean, problems: Problem[]): void {
    if (obj.deleted !== undefined && obj.deleted !== true) {
      push(problems, `${at}/deleted`, 'deleted.not-true', `deleted must be true or absent, got ${JSON.stringify(obj.deleted)}`);
    }
    if (obj.deleted === true) {
      checkTombstone(obj, type, context, at, problems);
      return;
    }
    checkEmptyValues(obj, type, at, problems);
    checkStrings(obj, type, at, problems);
    if (typeof obj.license === 'string' && !isUrl(obj.license)) push(problems, `${at}/license`, 'license.url', `license must be a URL, got ${JSON.stringify(obj.license)}`);
    checkTimes(obj, at, problems);
    checkBackreferences(obj, type, context, at, problems);
    checkTypeRules(obj, type, at, problems);
    if (type === 'Body' && obj.legislativeTerm === undefined && !omitInternal) {
      push(problems, `${at}/legislativeTerm`, 'body.legislative-term', 'Body.legislativeTerm is mandatory (it may be left out only with omit_internal=true)');
    }
    if (omitInternal && context !== 'embedded') {
      for (const key of OMIT_INTERNAL[type] ?? []) {
        if (obj[key] !== undefined) push(problems, `${at}/${key}`, 'omit-internal.ignored', `${type}.${key} is an internal list and must be left out with omit_internal=true`);
      }
    }
    for (const [key, target] of Object.entries(types[type].embedded)) {
      const value = obj[key];
      if (target.array && Array.isArray(value)) {
        value.forEach((child, i) => {
          if (isObject(child)) checkObject(child, target.type, 'embedded', `${at}/${key}/${i}`, false, problems);
        });
      } else if (!target.array && isObject(value)) {
        checkObject(value, target.type, 'embedded', `${at}/${key}`, false, problems);
      }
    }
  }

  function checkTombstone(obj: OParlObject, type: OParlTypeName, context: ValidationContext, at: string, problems: Problem[]): void {
    if (context === 'embedded') push(problems, at, 'embedded.tombstone', `a deleted ${type} must not be embedded`);
    const keys = Object.keys(obj);
    const extra = keys.filter((k) => !TOMBSTONE_KEYS.includes(k));
    const missing = TOMBSTONE_KEYS.filter((k) => !keys.includes(k));
    if (extra.length || missing.length) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean);
      push(problems, at, 'tombstone.shape', `tombstone must be exactly {id, type, created, modified, deleted}: ${parts.join('; ')}`);
    }
    if (typeof obj.id !== 'string' || !isUrl(obj.id)) push(problems, `${at}/id`, 'tombstone.shape', 'tombstone id must be a URL');
    for (const key of ['created', 'modified']) {
      const v = obj[key];
      if (v !== undefined && (typeof v !== 'string' || !isOParlDateTime(v))) push(problems, `${at}/${key}`, 'tombstone.shape', `${key} must be a date-time yyyy-mm-ddThh:mm:ss±hh:mm`);
    }
    checkTimes(obj, at, problems);
  }

  function checkEmptyValues(obj: OParlObject, type: OParlTypeName, at: string, problems: Problem[]): void {
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'geojson') continue; // GeoJSON has its own null rules (Feature.properties may be null)
      const where = `${at}/${escapePointer(key)}`;
      if (value === null) push(problems, where, 'empty.value', `${key} is null: leave the key out (mandatory keys must never be null)`);
      else if (value === '') push(problems, where, 'empty.value', `${key} is "": leave the key out`);
      else if (Array.isArray(value)) {
        if (value.length === 0 && !(MANDATORY_ARRAYS[type] ?? []).includes(key)) push(problems, where, 'empty.value', `${key} is []: leave the key out`);
        value.forEach((item, i) => {
          if (item === null || item === '') push(problems, `${where}/${i}`, 'empty.value', `${key}[${i}] is ${JSON.stringify(item)}`);
        });
      }
    }
  }

  function checkStrings(obj: OParlObject, type: OParlTypeName, at: string, problems: Problem[]): void {
    const embedded = types[type].embedded;
    const visit = (value: unknown, where: string): void => {
      if (typeof value === 'string') {
        const m = HTML_ENTITY.exec(value);
        if (m) push(problems, where, 'string.html-entity', `HTML/XML escaping ${JSON.stringify(m[0])} is not allowed in JSON strings`);
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}/${i}`));
      else if (isObject(value)) for (const [k, v] of Object.entries(value)) visit(v, `${where}/${escapePointer(k)}`);
    };
    for (const [key, value] of Object.entries(obj)) if (!embedded[key]) visit(value, `${at}/${escapePointer(key)}`);
  }

  function checkTimes(obj: OParlObject, at: string, problems: Problem[]): void {
    const created = typeof obj.created === 'string' ? parseOParlDateTime(obj.created) : undefined;
    const modified = typeof obj.modified === 'string' ? parseOParlDateTime(obj.modified) : undefined;
    if (created !== undefined && modified !== undefined && created > modified) {
      push(problems, `${at}/modified`, 'time.created-after-modified', `created ${String(obj.created)} is after modified ${String(obj.modified)}`);
    }
  }

  function checkBackreferences(obj: OParlObject, type: OParlTypeName, context: ValidationContext, at: string, problems: Problem[]): void {
    if (context === 'embedded') {
      for (const key of backreferenceKeys(type)) {
        if (obj[key] !== undefined) push(problems, `${at}/${key}`, 'backref.embedded', `an embedded ${type} carries no back-reference (${key}) to its parent`);
      }
      return;
    }
    for (const key of REQUIRED_WHEN_STANDALONE[type] ?? []) {
      if (obj[key] === undefined) push(problems, `${at}/${key}`, 'backref.missing', `a standalone ${type} must carry its back-reference ${key}`);
    }
  }

  function checkTypeRules(obj: OParlObject, type: OParlTypeName, at: string, problems: Problem[]): void {
    switch (type) {
      case 'Person':
        if (isObject(obj.locationObject) && obj.location !== obj.locationObject.id) {
          push(problems, `${at}/location`, 'person.location-object', `locationObject ${String(obj.locationObject.id)} requires location with the same id, got ${JSON.stringify(obj.location)}`);
        }
        break;
      case 'Location':
        if (obj.geojson !== undefined) checkGeojson(obj.geojson, `${at}/geojson`, problems);
        break;
      case 'Meeting':
        if (Array.isArray(obj.agendaItem)) {
          obj.agendaItem.forEach((item, i) => {
            if (isObject(item) && typeof item.order === 'number' && item.order !== i) {
              push(problems, `${at}/agendaItem/${i}/order`, 'agenda-item.order', `order ${item.order} must equal the index ${i} in Meeting.agendaItem`);
            }
          });
        }
        if (obj.meetingState !== undefined && !MEETING_STATES.includes(obj.meetingState as string)) {
          push(problems, `${at}/meetingState`, 'meeting.state', `meetingState ${JSON.stringify(obj.meetingState)} is not one of ${MEETING_STATES.join(', ')}`);
        }
        break;
      case 'Paper':
        if (isObject(obj.mainFile) && Array.isArray(obj.auxiliaryFile)) {
          const mainId = obj.mainFile.id;
          obj.auxiliaryFile.forEach((file, i) => {
            if (isObject(file) && file.id === mainId) push(problems, `${at}/auxiliaryFile/${i}`, 'paper.main-file-in-auxiliary', `the mainFile ${String(mainId)} must not appear in auxiliaryFile`);
          });
        }
        break;
      case 'Organization':
        if (obj.organizationType !== undefined && !ORGANIZATION_TYPES.includes(obj.organizationType as string)) {
          push(problems, `${at}/organizationType`, 'organization.type', `organizationType ${JSON.stringify(obj.organizationType)} is not one of ${ORGANIZATION_TYPES.join(', ')}`);
        }
        break;
      default:
        break;
    }
  }

  function checkGeojson(geojson: unknown, at: string, problems: Problem[]): void {
    if (!isObject(geojson) || geojson.type !== 'Feature') {
      const got = isObject(geojson) ? `a bare ${JSON.stringify(geojson.type)}` : JSON.stringify(geojson);
      push(problems, at, 'geojson.feature', `geojson must be a complete GeoJSON Feature, got ${got}`);
      return;
    }
    const geometry = geojson.geometry;
    if (!isObject(geometry) || typeof geometry.type !== 'string' || !('properties' in geojson)) {
      push(problems, at, 'geojson.feature', 'a GeoJSON Feature needs a geometry object and a properties member (RFC 7946 §3.2)');
      return;
    }
    const positions = collectPositions(geometry);
    if (positions === undefined || positions.length === 0) {
      push(problems, `${at}/geometry`, 'geojson.feature', `geometry ${geometry.type} has no valid coordinates`);
      return;
    }
    const outside = positions.find(([lon, lat]) => lon < GERMANY.lonMin || lon > GERMANY.lonMax || lat < GERMANY.latMin || lat > GERMANY.latMax);
    if (outside) {
      push(problems, `${at}/geometry/coordinates`, 'geojson.bbox', `position [${outside.join(', ')}] lies outside Germany: GeoJSON positions are [lon, lat]`);
    }
  }

  return { validateObject, types };
}

function collectPositions(geometry: OParlObject): Array<[number, number]> | undefined {
  if (geometry.type === 'GeometryCollection') {
    if (!Array.isArray(geometry.geometries)) return undefined;
    const all: Array<[number, number]> = [];
    for (const g of geometry.geometries) {
      const inner = isObject(g) ? collectPositions(g) : undefined;
      if (!inner) return undefined;
      all.push(...inner);
    }
    return all;
  }
  const depth: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
  const d = depth[geometry.type as string];
  if (d === undefined) return undefined;
  const out: Array<[number, number]> = [];
  const walk = (node: unknown, level: number): boolean => {
    if (!Array.isArray(node)) return false;
    if (level === 0) {
      if (node.length < 2 || !node.every((n) => typeof n === 'number' && Number.isFinite(n))) return false;
      out.push([node[0] as number, node[1] as number]);
      return true;
    }
    return node.every((child) => walk(child, level - 1));
  };
  return walk(geometry.coordinates, d) ? out : undefined;
}

let shared: OParlValidator | undefined;

/** One compiled validator per process (compiling the twelve schemas takes a moment). */
export function sharedOParlValidator(): OParlValidator {
  shared ??= createOParlValidator();
  return shared;
}
