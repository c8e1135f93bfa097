/**
 * Open311's two representations of one document. Every answer is built once
 * as a small tree and written either as XML or as JSON by the "Spark
 * convention" the spec prescribes: a container of one repeating child type
 * becomes a JSON array, every other element an object key. No dependency:
 * the documents are small and flat, and owning the escaping keeps umlauts,
 * ampersands and control characters right in both formats.
 */

export type Format = 'xml' | 'json';

/** A value of the tree: a leaf (null = "may not be returned": empty element / JSON null), an element with children, or a list. */
export type Value = string | number | boolean | null | Fields | List;

/** An element with named children, in the order they are written. */
export interface Fields {
  kind: 'fields';
  entries: readonly (readonly [string, Value])[];
}

/** A container of repeated `item` elements: `<services><service>…` in XML, an array in JSON. */
export interface List {
  kind: 'list';
  item: string;
  items: readonly Value[];
}

/** An element with children; `undefined` values are left out (Open311: "may not be returned"). */
export function fields(entries: Record<string, Value | undefined>): Fields {
  return { kind: 'fields', entries: Object.entries(entries).filter((e): e is [string, Value] => e[1] !== undefined) };
}

export function list(item: string, items: readonly Value[]): List {
  return { kind: 'list', item, items };
}

export const CONTENT_TYPE: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF). They are dropped, so that a stray control
 * character in a citizen's text can never make the whole list unparseable.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Text content for XML: markup characters escaped; a carriage return kept as a reference (parsers would normalise it away). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"'\r]/g, (c) => ENTITY[c] as string);
}

function leafText(value: string | number | boolean): string {
  return typeof value === 'string' ? escapeXml(value) : String(value);
}

function writeXml(name: string, value: Value, out: string[]): void {
  if (value === null) {
    out.push(`<${name}></${name}>`);
    return;
  }
  if (typeof value !== 'object') {
    out.push(`<${name}>${leafText(value)}</${name}>`);
    return;
  }
  out.push(`<${name}>`);
  if (value.kind === 'list') for (const item of value.items) writeXml(value.item, item, out);
  else for (const [key, child] of value.entries) writeXml(key, child, out);
  out.push(`</${name}>`);
}

export function toXml(root: string, value: Value): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeXml(root, value, out);
  out.push('\n');
  return out.join('');
}

export function toJsonValue(value: Value): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value.kind === 'list') return value.items.map(toJsonValue);
  return Object.fromEntries(value.entries.map(([key, child]) => [key, toJsonValue(child)]));
}

/** The document in the requested format; the root element's name appears only in XML. */
export function render(format: Format, root: string, value: Value): string {
  return format === 'xml' ? toXml(root, value) : JSON.stringify(toJsonValue(value));
}

export interface Open311Error {
  code: number;
  description: string;
}

/** The spec's error document: `<errors><error><code/><description/></error></errors>`, or `[{code, description}]`. */
export function renderErrors(format: Format, errors: readonly Open311Error[]): string {
  return render(format, 'errors', list('error', errors.map((e) => fields({ code: e.code, description: e.description }))));
}

/** W3C-DTF with zone, as the spec wants every datetime: second precision, UTC. */
export function w3c(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
