/**
 * One seeded PostgreSQL cluster per drill run, copied for every drill.
 *
 * The demo seed takes ~30 s (the council PDFs), far too long to repeat for
 * each drill; and the drills need whole clusters of their own (one restarts
 * its server, two let the app own it as in the default deployment). So the
 * run prepares a cluster once — migrated, seeded, job schema installed, plus
 * what the drills need (API keys, the load-test switch for the appointment
 * captcha) — stops it cleanly and copies its data directory wherever a drill
 * wants a server: `<dir>/postgres` (+ `postgres.json` with port and password,
 * + `files/`) is exactly the layout the app uses in DATA_DIR and the harness
 * uses for `startPostgres({ dir })`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase, ensureDatabase } from '../../src/core/db/database.ts';
import { startEmbeddedPostgres } from '../../src/core/db/embedded.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { createFileStore } from '../../src/core/files/file-store.ts';
import { installJobSchema } from '../../src/core/jobs/jobs.ts';
import { createApiKey } from '../../src/core/auth/api-keys.ts';
import { createTenantService } from '../../src/core/tenancy/tenants.ts';
import { findLocation } from '../../src/modules/appointments/booking/locations.ts';
import { seedDemo } from '../../seed/demo.ts';

/** The database the app uses on its embedded server (src/core/runtime.ts). */
export const APP_DATABASE = 'rathaus';

export interface Fixtures {
  tenantId: string;
  /** Open311 keys (scope open311:write), several so the per-key limit (300 per 10 min) never binds. */
  open311Keys: string[];
  /** The Bürgerbüro and a one-slot service there, for bookings. */
  location: string;
  serviceId: string;
}

export interface Template {
  /** Holds postgres/, postgres.json and files/. */
  dir: string;
  fixtures: Fixtures;
  /** Seconds the seed took (reported, not asserted). */
  seconds: number;
}

/** Lets PostgreSQL (as root it runs as `postgres`) walk into a directory we created with mkdtemp (0700). */
export function openForPostgres(dir: string): void {
  chmodSync(dir, 0o711);
}

export async function prepareTemplate(workDir: string): Promise<Template> {
  const started = Date.now();
  const dir = path.join(workDir, 'template');
  // files/ is the app's file store in a DATA_DIR copy; the seed may put nothing there.
  mkdirSync(path.join(dir, 'files'), { recursive: true });
  openForPostgres(dir);
  const server = await startEmbeddedPostgres(path.join(dir, 'postgres'), { persistent: true });
  try {
    const url = server.urlFor(APP_DATABASE);
    await ensureDatabase(url);
    const handle = connectDatabase(url, { max: 4 });
    let fixtures: Fixtures;
    try {
      await migrateToLatest(handle.db);
      await seedDemo(handle.db, createFileStore(path.join(dir, 'files')), new Date(), { council: false });
      const tenants = createTenantService(handle.db);
      const tenant = await tenants.bySlug('musterstadt');
      if (!tenant) throw new Error('demo tenant musterstadt missing');
      // The setting exists for load tests: a client cannot solve a proof of work per request.
      await tenants.setSetting(tenant.id, 'appointments.captcha', false);
      const open311Keys: string[] = [];
      for (let i = 0; i < 8; i++) {
        const created = await createApiKey(handle.db, { tenantId: tenant.id, name: `Drill ${i + 1}`, scopes: ['open311:write'], actorLabel: 'drills' });
        if (!created.ok) throw new Error(`api key: ${created.reason}`);
        open311Keys.push(created.key);
      }
      const location = await findLocation(handle.db, tenant.id, 'buergerbuero');
      const serviceId = location?.services.find((s) => s.slug === 'meldebescheinigung')?.id;
      if (!serviceId) throw new Error('demo Bürgerbüro service meldebescheinigung missing');
      fixtures = { tenantId: tenant.id, open311Keys, location: 'buergerbuero', serviceId };
    } finally {
      await handle.close();
    }
    await installJobSchema(url);
    writeFileSync(path.join(dir, 'fixtures.json'), JSON.stringify(fixtures));
    return { dir, fixtures, seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    // A clean shutdown, so every copy starts without crash recovery.
    await server.stop();
  }
}

/**
 * A template prepared earlier in `workDir` (drills/run.ts --template-cache),
 * or null. Reusing one saves the seed when drills are run again and again
 * during development; its data is as old as the cache (appointment slots
 * move on with the days), so CI always seeds afresh.
 */
export function loadTemplate(workDir: string): Template | null {
  const dir = path.join(workDir, 'template');
  const file = path.join(dir, 'fixtures.json');
  if (!existsSync(file) || existsSync(path.join(dir, 'postgres', 'postmaster.pid'))) return null;
  return { dir, fixtures: JSON.parse(readFileSync(file, 'utf8')) as Fixtures, seconds: 0 };
}

/**
 * Copies the template's cluster (and files) into `dest`, which then holds
 * postgres/, postgres.json and files/ — a DATA_DIR for the app's own
 * embedded server, or a `dir` for the harness's startPostgres.
 */
export function copyTemplate(template: Template, dest: string): void {
  mkdirSync(dest, { recursive: true });
  openForPostgres(dest);
  // cp -a keeps owner (postgres, when we run as root) and modes (0700 data directory).
  execFileSync('cp', ['-a', path.join(template.dir, 'postgres'), path.join(template.dir, 'postgres.json'), path.join(template.dir, 'files'), dest]);
}

/** Stops an embedded server left running in `<dir>/postgres` (its app was killed), so the directory can go. */
export async function stopLeftoverPostgres(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  // Adopts the running server; stop() is pg_ctl's fast shutdown.
  await (await startEmbeddedPostgres(path.join(dir, 'postgres'), { persistent: true })).stop();
}
