/**
 * The table behind the CSV export: one row per application with its
 * Vorgangsnummer, dates, status and form version, then its answers as the
 * JSON export of the form version it was made with gives them. When a period
 * spans several form versions, the columns are the union of their fields, in
 * the order of the newest form.
 */
import { exportJson, getForm, type Answers, type FormDefinition } from '../forms/engine.ts';
import { flattenAnswer, type CellFormat } from './csv.ts';
import type { ExportCase } from './statistics.service.ts';

export interface ExportLabels extends CellFormat {
  reference: string;
  submitted: string;
  status: string;
  closed: string;
  formVersion: string;
  statusLabel(status: string): string;
}

const berlinDateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "14.03.2025 09:05": a date and time German Excel recognises as such. */
export const csvDateTime = (at: Date): string => berlinDateTime.format(at).replace(', ', ' ');

/** Field id → position, over the given form versions (newest first, fields only older versions had go last). */
function fieldOrder(definitions: readonly FormDefinition[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const def of [...definitions].sort((a, b) => b.version - a.version)) {
    for (const field of def.pages.flatMap((p) => p.fields)) if (!order.has(field.id)) order.set(field.id, order.size);
  }
  return order;
}

export function applicationRows(cases: readonly ExportCase[], labels: ExportLabels): string[][] {
  const definitions = new Map<string, FormDefinition>();
  const answerCells = cases.map((c) => {
    const def = getForm(String(c.data.form ?? ''), Number(c.data.formVersion));
    if (!def) return new Map<string, string>();
    definitions.set(`${def.id}@${def.version}`, def);
    // Stored by the application journey from the engine's own output.
    const answers = (c.data.answers ?? {}) as Answers;
    const cells = new Map<string, string>();
    for (const [fieldId, value] of Object.entries(exportJson(def, answers).answers)) flattenAnswer(fieldId, value, labels, cells);
    return cells;
  });
  const order = fieldOrder([...definitions.values()]);
  const seen = new Map<string, number>();
  for (const cells of answerCells) for (const key of cells.keys()) if (!seen.has(key)) seen.set(key, seen.size);
  const rank = (key: string): number => order.get(key.split('.')[0] ?? key) ?? order.size;
  const columns = [...seen.keys()].sort((a, b) => rank(a) - rank(b) || (seen.get(a) ?? 0) - (seen.get(b) ?? 0));
  const head = [labels.reference, labels.submitted, labels.status, labels.closed, labels.formVersion, ...columns];
  const rows = cases.map((c, index) => [
    c.reference,
    csvDateTime(c.createdAt),
    labels.statusLabel(c.status),
    c.closedAt ? csvDateTime(c.closedAt) : '',
    c.data.formVersion === undefined ? '' : String(c.data.formVersion),
    ...columns.map((key) => answerCells[index]?.get(key) ?? ''),
  ]);
  return [head, ...rows];
}
