/**
 * Reading /proc (Linux): resident memory of a process and of a process tree
 * (PostgreSQL is a postmaster plus one backend per connection), and the
 * machine facts a result records. Elsewhere the readers return 0 / [].
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** VmRSS of `pid` in MB (0 when the process is gone or /proc is missing). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/** Parent pid of every live process. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return map;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may contain spaces: the fields after the last ')' are fixed.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(entry), Number(rest[1]));
    } catch {
      // exited while we looked
    }
  }
  return map;
}

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  const ppids = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of ppids) if (parent === tree[i]) tree.push(child);
  }
  return tree.filter((p) => p === pid || ppids.has(p));
}

/**
 * Summed VmRSS of a process tree in MB. Shared memory pages (PostgreSQL's
 * shared buffers) are counted once per process that touched them, so for
 * PostgreSQL this is an upper bound; the report says so.
 */
export function treeRssMb(pid: number): number {
  return Math.round(processTree(pid).reduce((sum, p) => sum + rssMb(p), 0) * 10) / 10;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  platform: string;
  node: string;
  hostname: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    hostname: os.hostname(),
  };
}

/** 1-minute load average, two decimals. */
export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

/** Proportional set size of `pid` in MB (shared pages split among their users), from smaps_rollup; falls back to RSS. */
export function pssMb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = Number(/^Pss:\s+(\d+)\s+kB/m.exec(rollup)?.[1] ?? Number.NaN);
    if (Number.isFinite(kb)) return Math.round((kb / 1024) * 10) / 10;
  } catch {
    // not readable: fall back
  }
  return rssMb(pid);
}

/** PSS summed over a process tree (PostgreSQL: postmaster + backends), in MB: shared buffers counted once. */
export function treePssMb(pid: number): number {
  return Math.round(processTree(pid).reduce((sum, p) => sum + pssMb(p), 0) * 10) / 10;
}

export interface MemoryPeak {
  /** Highest app VmRSS seen (MB). */
  appPeakMb: number;
  /** Highest PostgreSQL PSS sum seen (MB), null when its pid is unknown. */
  postgresPeakMb: number | null;
  samples: number;
}

/** Samples app RSS and PostgreSQL memory every `intervalMs` until stop(). */
export function sampleMemory(target: { appPid: () => number | null; postgresPid: () => number | null }, intervalMs = 200): { stop(): MemoryPeak } {
  const peak: MemoryPeak = { appPeakMb: 0, postgresPeakMb: null, samples: 0 };
  const take = () => {
    const app = target.appPid();
    if (app) peak.appPeakMb = Math.max(peak.appPeakMb, rssMb(app));
    const pg = target.postgresPid();
    if (pg) peak.postgresPeakMb = Math.max(peak.postgresPeakMb ?? 0, treePssMb(pg));
    peak.samples++;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { ...peak };
    },
  };
}
