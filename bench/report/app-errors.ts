/**
 * The app's error log lines during a run, grouped by message, so a report
 * can say what a 500 was without anyone reading thousands of request lines.
 */
import type { BenchResult } from './result.ts';

/** Groups the app's error log lines by message (pino: msg and err.message). */
export function summarizeErrors(errors: { lines: string[]; count: number }): NonNullable<BenchResult['appErrors']> {
  const byMessage = new Map<string, { message: string; count: number; example: string }>();
  for (const line of errors.lines) {
    let message = line.slice(0, 200);
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; type?: string }; res?: { statusCode?: number }; req?: { url?: string } };
      message = [entry.msg, entry.err?.type, entry.err?.message?.slice(0, 160)].filter(Boolean).join(': ');
    } catch {
      // not JSON: keep the raw start
    }
    const known = byMessage.get(message);
    if (known) known.count++;
    else byMessage.set(message, { message, count: 1, example: line.slice(0, 2000) });
  }
  return { count: errors.count, messages: [...byMessage.values()].sort((a, b) => b.count - a.count).slice(0, 20) };
}
