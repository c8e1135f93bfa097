/**
 * What the app under test says about itself on /metrics (Prometheus text),
 * read by the harness around each load scenario: how many requests it
 * refused by load shedding, and why (`rathaus_requests_shed_total{reason}`,
 * src/core/http/load-shedding.ts). A report that shows 503s should say which
 * bound refused them: the event loop, the database queue, or a group's queue.
 */
import { request } from './http.ts';

const SHED = /^rathaus_requests_shed_total\{reason="([^"]+)"\} ([0-9.e+]+)$/;

/** The shed counters by reason from a /metrics text. */
export function parseShed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = SHED.exec(line.trim());
    if (m) out[m[1] as string] = Number(m[2]);
  }
  return out;
}

/** The app's shed counters now, or null when /metrics could not be read. */
export async function shedCounters(baseUrl: string): Promise<Record<string, number> | null> {
  const res = await request(`${baseUrl}/metrics`, { timeoutMs: 10_000 });
  return res.status === 200 ? parseShed(res.body) : null;
}

/** What was refused between two readings, by reason (reasons with none left out). */
export function shedBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [reason, count] of Object.entries(after)) {
    const n = count - (before[reason] ?? 0);
    if (n > 0) out[reason] = n;
  }
  return out;
}
