/**
 * Open TCP connections to a port, from the kernel's tables (/proc/net/tcp,
 * tcp6): the client ends of established connections whose remote port is
 * `port` — e.g. the app's sockets to the payment platform. 0 where /proc is
 * missing.
 */
import { readFileSync } from 'node:fs';

const ESTABLISHED = '01';

export function connectionsTo(port: number): number {
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const remote = fields[2];
      if (!local || !remote || fields[3] !== ESTABLISHED) continue;
      const localPort = parseInt(local.split(':')[1] ?? '', 16);
      const remotePort = parseInt(remote.split(':')[1] ?? '', 16);
      if (remotePort === port && localPort !== port) count++;
    }
  }
  return count;
}

/** A value of the app's Prometheus metrics (first sample of that name), or null. */
export function metricValue(metrics: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(metrics);
  return match?.[1] ? Number(match[1]) : null;
}
