/**
 * `npm run cli -- <command>`: operator commands. They work while the server
 * runs (the CLI joins the embedded PostgreSQL the app owns, or uses
 * DATABASE_URL) and print progress for long work on stderr.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig, ConfigError, type Config } from './core/config/config.ts';
import { openDatabase, registerModules, type Database, type Logger } from './core/runtime.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { createTenantService } from './core/tenancy/tenants.ts';
import { parseSettingValue, settingDefinitions } from './core/tenancy/settings.ts';
import { createStaffAuth } from './core/auth/staff-auth.ts';
import { audit } from './core/audit/audit.ts';
import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey } from './core/auth/api-keys.ts';
import { createBackup, restoreBackup, BackupError } from './core/db/backup.ts';
import { seedDemo } from '../seed/demo.ts';
import { createFileStore } from './core/files/file-store.ts';
import type { StaffRole } from './core/db/tables.ts';

const USAGE = `Rathaus CLI

  npm run cli -- migrate
  npm run cli -- seed                        demo data (only into an empty database)
  npm run cli -- tenants                     list municipalities
  npm run cli -- user:create --tenant <slug> --email <e> --password <p> --role <admin|sachbearbeitung|redaktion|kasse> [--unit <unit-slug>] [--name "<display name>"]
  npm run cli -- settings:list --tenant <slug>
  npm run cli -- settings:get --tenant <slug> <key>
  npm run cli -- settings:set --tenant <slug> <key>=<value>
  npm run cli -- apikey:create --tenant <slug> --name <name> [--scope <scope> …]   prints the key as the last line (shown only once); default: all scopes
  npm run cli -- apikey:list --tenant <slug>
  npm run cli -- apikey:revoke --tenant <slug> --id <key-id>
  npm run cli -- backup <file.tar.gz>
  npm run cli -- restore <file.tar.gz>        into an empty database (fresh DATA_DIR, or an empty DATABASE_URL)
`;

class UsageError extends Error {}

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const quietLogger: Logger = { info() {}, warn: (o) => progress(`warning: ${JSON.stringify(o)}`), error: (o) => progress(`error: ${JSON.stringify(o)}`) };

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const database = await openDatabase(config, quietLogger, { attach: true, migrate: options.migrate ?? true });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function tenantId(database: Database, slug: string | undefined): Promise<string> {
  if (!slug) throw new UsageError('--tenant <slug> is required');
  const tenant = await createTenantService(database.handle.db).bySlug(slug);
  if (!tenant) throw new UsageError(`unknown tenant "${slug}" (see: npm run cli -- tenants)`);
  return tenant.id;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return;
  }
  registerModules();
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      await withDatabase(config, async (db) => {
        const applied = await migrateToLatest(db.handle.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      }, { migrate: false });
      return;
    case 'seed':
      await withDatabase(config, async (db) => {
        progress('seeding demo municipalities …');
        console.log((await seedDemo(db.handle.db, createFileStore(path.join(config.dataDir, 'files')))) ? 'demo data seeded (musterstadt, beispielhausen)' : 'database already has tenants: nothing seeded');
      });
      return;
    case 'tenants':
      await withDatabase(config, async (db) => {
        for (const t of await createTenantService(db.handle.db).all()) console.log(`${t.slug}\t${t.name}\tAGS ${t.ags}\t${t.hostnames.join(',')}${t.isDefault ? '\t(default)' : ''}`);
      });
      return;
    case 'user:create':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        const role = values.role as StaffRole | undefined;
        if (!values.email || !values.password || !role || !['admin', 'sachbearbeitung', 'redaktion', 'kasse', 'ratsbuero', 'mandatstraeger'].includes(role)) throw new UsageError('user:create needs --email, --password and --role admin|sachbearbeitung|redaktion|kasse|ratsbuero|mandatstraeger');
        const auth = createStaffAuth({ db: db.handle.db, tenants: createTenantService(db.handle.db), config });
        const result = await auth.createUser({ tenantId: id, email: values.email, displayName: values.name ?? values.email, password: values.password, role, ...(values.unit ? { unitSlug: values.unit } : {}), actorLabel: 'cli' });
        if (!result.ok) {
          const why = { exists: 'a user with this e-mail exists already', 'weak-password': 'the password needs at least 12 characters', 'unknown-unit': `unknown unit "${values.unit}"`, 'unit-required': 'role sachbearbeitung needs --unit <unit-slug>' }[result.reason];
          throw new UsageError(why);
        }
        console.log(`created user ${values.email} (${role}) with id ${result.id}`);
      });
      return;
    case 'settings:list':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        const tenants = createTenantService(db.handle.db);
        for (const def of settingDefinitions()) console.log(`${def.key}=${JSON.stringify(await tenants.getSetting(id, def.key))}\t# ${def.description}`);
      });
      return;
    case 'settings:get':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        const key = args[0];
        if (!key || !settingDefinitions().some((d) => d.key === key)) throw new UsageError(`unknown setting "${key ?? ''}" (see: settings:list)`);
        console.log(JSON.stringify(await createTenantService(db.handle.db).getSetting(id, key)));
      });
      return;
    case 'settings:set':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        const pair = args[0] ?? '';
        const eq = pair.indexOf('=');
        if (eq < 1) throw new UsageError('settings:set needs <key>=<value>');
        const key = pair.slice(0, eq);
        const parsed = parseSettingValue(key, pair.slice(eq + 1));
        if (!parsed.ok) throw new UsageError(`${key}: ${parsed.error}`);
        await db.handle.db.transaction().execute(async (tx) => {
          await createTenantService(db.handle.db).setSetting(id, key, parsed.value, tx);
          await audit(tx, { tenantId: id, actorId: null, actorLabel: 'cli', action: 'settings.set', details: { key } });
        });
        console.log(`${key}=${JSON.stringify(parsed.value)}`);
      });
      return;
    case 'apikey:create':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        const scopes = values.scope ?? API_SCOPES.map((s) => s.scope);
        const result = await createApiKey(db.handle.db, { tenantId: id, name: values.name ?? '', scopes, actorLabel: 'cli' });
        if (!result.ok) {
          const known = API_SCOPES.map((s) => s.scope).join(', ');
          const why = { 'invalid-name': 'apikey:create needs --name <name> (at most 100 characters)', 'no-scopes': `give at least one --scope (${known})`, 'unknown-scope': `unknown scope; known scopes: ${known}` }[result.reason];
          throw new UsageError(why);
        }
        progress(`created API key ${result.id} (${result.prefix}…) for ${values.tenant ?? ''}. Store it now: it is shown only this once.`);
        console.log(result.key);
      });
      return;
    case 'apikey:list':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        for (const k of await listApiKeys(db.handle.db, id)) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          console.log(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\t${state}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
        }
      });
      return;
    case 'apikey:revoke':
      await withDatabase(config, async (db) => {
        const id = await tenantId(db, values.tenant);
        if (!values.id) throw new UsageError('apikey:revoke needs --id <key-id> (see: apikey:list)');
        const result = await revokeApiKey(db.handle.db, id, values.id, { actorLabel: 'cli' });
        if (!result.ok) throw new UsageError(`no API key with id "${values.id}" in ${values.tenant ?? ''}`);
        console.log(result.alreadyRevoked ? `API key "${result.name}" was already revoked` : `revoked API key "${result.name}"`);
      });
      return;
    case 'backup': {
      const file = args[0];
      if (!file) throw new UsageError('backup needs a target file, e.g. backup rathaus.tar.gz');
      await withDatabase(config, async (db) => {
        const summary = await createBackup({ databaseUrl: db.url, filesDir: path.join(config.dataDir, 'files'), outFile: path.resolve(file), onProgress: progress });
        console.log(`backup written to ${path.resolve(file)}: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files`);
      });
      return;
    }
    case 'restore': {
      const file = args[0];
      if (!file) throw new UsageError('restore needs a backup file');
      await withDatabase(
        config,
        async (db) => {
          const summary = await restoreBackup({ databaseUrl: db.url, filesDir: path.join(config.dataDir, 'files'), inFile: path.resolve(file), onProgress: progress });
          console.log(`restored ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files`);
        },
        { migrate: false },
      );
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

try {
  await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof BackupError) {
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
