/**
 * Realistic data volume for the benchmarks (issue 8), on top of the demo
 * seed: at scale 1, for the default tenant (Musterstadt)
 *   - 10,000 online applications (Vorgänge) over the last 12 months,
 *   - 100,000 Mängelmeldungen over the last 2 years,
 *   - 5,000 council papers over the 10 years before the current one,
 *   - a year of appointment capacity at the Bürgerbüro with the next four
 *     weeks about 60 % booked and the last twelve weeks of visits,
 * and 5 % as many applications and reports for Beispielhausen.
 *
 * Every row is one the app itself would have written (see each section's
 * header for what that is and what is left out), in a few large
 * INSERT … SELECT statements over generate_series with hash-based
 * pseudo-randomness; every constraint and trigger stays on. One transaction
 * per section, two sections at a time on their own connections (the
 * reports in two halves); afterwards the touched tables are analysed.
 *
 * Two booking days stay free for the slot-release storm: `volumeFreeDay(now)`
 * (first weekday from tomorrow) and `volumeFreeSaturday(now)`.
 *
 * CLI (runs migrations and the demo seed first when they are missing):
 *   node --import tsx bench/volume/seed-volume.ts --database-url postgres://… --data-dir DIR [--scale 1] [--now ISO]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectDatabase, ensureDatabase, type Db } from '../../src/core/db/database.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { createFileStore, type FileStore } from '../../src/core/files/file-store.ts';
import type { Bundesland } from '../../src/core/time/holidays.ts';
import { seedDemo } from '../../seed/demo.ts';
import { seedApplications } from './applications.ts';
import { seedAppointments } from './appointments.ts';
import { createReferenceFunction, dropReferenceFunction, step, type Chunk, type Log, type SectionContext, type VolumeTenant } from './common.ts';
import { removePlaced, seedCouncil } from './council.ts';
import { seedReports } from './reports.ts';

export { volumeFreeDay, volumeFreeSaturday } from './appointments.ts';

/** Objects at scale 1 for the default tenant; the second demo tenant gets `OTHER_SHARE` of applications and reports. */
export const VOLUME_AT_SCALE_1 = { applications: 10_000, reports: 100_000, councilPapers: 5_000 } as const;
const OTHER_SHARE = 0.05;

/** Tables the volume writes to (analysed afterwards, so the planner sees their new size). */
export const VOLUME_TABLES = [
  'cases', 'case_events', 'consents', 'audit_log', 'reports', 'report_updates',
  'files', 'council_papers', 'council_files', 'council_file_links', 'council_paper_originators', 'council_consultations', 'council_consultation_organizations',
  'appt_locations', 'appt_bookings', 'appt_booking_services', 'appt_slots', 'appt_claims',
] as const;

export interface VolumeOptions {
  /** 1 = the volume above; 0.01 for tests. */
  scale: number;
  /** The moment the data is "as of" (creation dates, states, the booking window). */
  now: Date;
  log?: Log;
  /** Sections written at the same time, each on its own connection (default 2: one per core of the reference machine). */
  concurrency?: number;
}

async function tenantsOf(db: Db): Promise<{ main: VolumeTenant; other: VolumeTenant | null }> {
  const rows = await db.selectFrom('tenants').select(['id', 'slug', 'name', 'bundesland', 'is_default']).orderBy('slug').execute();
  const toTenant = (r: (typeof rows)[number]): VolumeTenant => ({ id: r.id, slug: r.slug, name: r.name, bundesland: r.bundesland as Bundesland });
  const main = rows.find((r) => r.is_default);
  if (!main) throw new Error('volume seed: no default tenant — run the demo seed first');
  const other = rows.find((r) => !r.is_default && r.slug === 'beispielhausen') ?? null;
  return { main: toTenant(main), other: other ? toTenant(other) : null };
}

/** One transaction's worth of the volume. `prefix` marks counts of the second tenant. */
interface Section {
  label: string;
  tenant: VolumeTenant;
  prefix: string;
  work: (ctx: SectionContext) => Promise<Record<string, number>>;
}

/** Splits `count` objects into `parts` runs of row numbers. */
function chunks(count: number, parts: number): Chunk[] {
  const size = Math.ceil(count / parts);
  return Array.from({ length: parts }, (_, k) => ({ from: k * size, count: Math.max(0, Math.min(size, count - k * size)) })).filter((c) => c.count > 0);
}

/**
 * Adds the volume to a migrated, demo-seeded database and returns the rows
 * written per table (and per kind of object). Refuses to run twice. Each
 * section commits on its own; if one fails, the error is thrown after the
 * running ones finish (start again from a fresh database then).
 */
export async function seedVolume(db: Db, files: FileStore, options: VolumeOptions): Promise<Record<string, number>> {
  const log = options.log ?? (() => {});
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error(`volume seed: scale must be in (0, 10], got ${options.scale}`);
  const earlier = await db.selectFrom('cases').select('id').where('idempotency_key', 'like', 'volume:%').limit(1).executeTakeFirst();
  if (earlier) throw new Error('volume seed: this database already has the volume');
  const { main, other } = await tenantsOf(db);
  const n = (count: number, share = 1): number => Math.round(count * options.scale * share);

  // Largest first, so the two connections finish at about the same time.
  const sections: Section[] = [
    ...chunks(n(VOLUME_AT_SCALE_1.reports), 2).map((chunk, k): Section => ({ label: `reports ${k + 1}/2`, tenant: main, prefix: '', work: (ctx) => seedReports(ctx, chunk) })),
    {
      label: 'council',
      tenant: main,
      prefix: '',
      work: async (ctx) => {
        const placed: string[] = [];
        try {
          return await seedCouncil(ctx, files, n(VOLUME_AT_SCALE_1.councilPapers), placed);
        } catch (error) {
          await removePlaced(placed);
          throw error;
        }
      },
    },
    { label: 'applications', tenant: main, prefix: '', work: (ctx) => seedApplications(ctx, n(VOLUME_AT_SCALE_1.applications)) },
    { label: 'appointments', tenant: main, prefix: '', work: (ctx) => seedAppointments(ctx) },
    ...(other
      ? [
          { label: 'reports', tenant: other, prefix: 'other.', work: (ctx: SectionContext) => seedReports(ctx, { from: 0, count: n(VOLUME_AT_SCALE_1.reports, OTHER_SHARE) }) },
          { label: 'applications', tenant: other, prefix: 'other.', work: (ctx: SectionContext) => seedApplications(ctx, n(VOLUME_AT_SCALE_1.applications, OTHER_SHARE)) },
        ]
      : []),
  ];

  async function runSection(section: Section): Promise<Record<string, number>> {
    const label = `${section.label} (${section.tenant.slug})`;
    return step(log, label, () =>
      db.transaction().execute(async (tx) => {
        // Large statements: the pool's per-statement limit is for requests, not for this.
        await sql`set local statement_timeout = 0`.execute(tx);
        // The staging tables and their sorts stay in memory instead of spilling to disk.
        await sql`set local work_mem = '256MB'`.execute(tx);
        await createReferenceFunction(tx);
        const rows = await section.work({ tx, tenant: section.tenant, now: options.now, log: (msg) => log(`[${label}] ${msg.trim()}`) });
        await dropReferenceFunction(tx);
        return rows;
      }),
    );
  }

  const counts: Record<string, number> = {};
  const started = performance.now();
  const queue = [...sections];
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    for (let section = queue.shift(); section && failures.length === 0; section = queue.shift()) {
      try {
        for (const [key, value] of Object.entries(await runSection(section))) counts[`${section.prefix}${key}`] = (counts[`${section.prefix}${key}`] ?? 0) + value;
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  if (failures.length) throw failures[0];
  await step(log, 'analyze', () => sql`analyze ${sql.join(VOLUME_TABLES.map((t) => sql.table(t)))}`.execute(db));
  log(`volume seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

// ---------------------------------------------------------------- CLI

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      'data-dir': { type: 'string' },
      scale: { type: 'string', default: '1' },
      now: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values['database-url'] || !values['data-dir']) {
    console.log('usage: node --import tsx bench/volume/seed-volume.ts --database-url postgres://… --data-dir DIR [--scale 1] [--now 2026-12-03T10:00:00Z]\n  migrates and demo-seeds the database if needed, then adds the benchmark volume (files go to DIR/files, like the app\'s DATA_DIR)');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`invalid --now ${values.now}`);
  const url = values['database-url'];
  await ensureDatabase(url);
  const handle = connectDatabase(url, { max: 3, applicationName: 'rathaus-volume' });
  try {
    await migrateToLatest(handle.db);
    const files = createFileStore(path.join(path.resolve(values['data-dir']), 'files'));
    if (await seedDemo(handle.db, files, now)) console.log('demo data seeded');
    const counts = await seedVolume(handle.db, files, { scale: Number(values.scale), now, log: (msg) => console.log(msg) });
    console.log(JSON.stringify(counts, null, 2));
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
