/**
 * Shared pieces of the volume seed: the tenants it fills, their settings
 * (with the app's own defaults), the clerks of each unit, fictional people,
 * deterministic pseudo-random numbers in SQL, and reference numbers in the
 * app's format (PREFIX-XXXXX-C, see src/core/cases/reference.ts).
 *
 * Randomness is a hash of a fixed label and the row's series index, so two
 * runs at the same scale and `now` produce the same distributions (ids and
 * clock-stamped council columns still differ).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor, Tx } from '../../src/core/db/database.ts';
import { coreSettings, settingDefinition } from '../../src/core/tenancy/settings.ts';
import { REFERENCE_ALPHABET } from '../../src/core/cases/reference.ts';
import type { Bundesland } from '../../src/core/time/holidays.ts';
import { modules } from '../../src/modules/index.ts';

export interface VolumeTenant {
  id: string;
  slug: string;
  name: string;
  bundesland: Bundesland;
}

export type Log = (msg: string) => void;

/** Everything a section needs: its transaction, the tenant it fills, the moment the data is as of, and a logger. */
export interface SectionContext {
  tx: Tx;
  tenant: VolumeTenant;
  now: Date;
  log: Log;
}

/**
 * A tenant setting as the app reads it (tenants.getSetting): the stored value
 * if it parses, else the declared default. Module settings are looked up in
 * the module manifests, so this works without a running app.
 */
export async function setting<T>(db: Executor, tenantId: string, key: string): Promise<T> {
  const def = settingDefinition(key) ?? coreSettings.find((s) => s.key === key) ?? modules.flatMap((m) => m.settings ?? []).find((s) => s.key === key);
  if (!def) throw new Error(`volume seed: unknown setting ${key}`);
  const row = await db.selectFrom('tenant_settings').select('value').where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  if (!row) return def.defaultValue as T;
  const parsed = def.schema.safeParse(row.value);
  return (parsed.success ? parsed.data : def.defaultValue) as T;
}

export interface Clerk {
  id: string;
  name: string;
}

/** Active clerks (role sachbearbeitung) per unit; units without one fall back to the admins, like the inbox's assignable staff. */
export async function clerksByUnit(db: Executor, tenantId: string): Promise<Map<string, Clerk[]>> {
  const rows = await db
    .selectFrom('staff_roles as r')
    .innerJoin('staff_users as u', (j) => j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.id', '=', 'r.user_id'))
    .select(['r.role', 'r.unit_id', 'u.id', 'u.display_name'])
    .where('r.tenant_id', '=', tenantId)
    .where('u.active', '=', true)
    .where('r.role', 'in', ['sachbearbeitung', 'admin'])
    .orderBy('u.email')
    .execute();
  const admins = rows.filter((r) => r.role === 'admin').map((r) => ({ id: r.id, name: r.display_name }));
  const units = await db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).execute();
  const out = new Map<string, Clerk[]>();
  for (const unit of units) {
    const own = rows.filter((r) => r.role === 'sachbearbeitung' && r.unit_id === unit.id).map((r) => ({ id: r.id, name: r.display_name }));
    out.set(unit.id, own.length ? own : admins);
  }
  return out;
}

/** Clerks as a JSON parameter: one row per unit with parallel id/name arrays. */
export function clerksJson(clerks: Map<string, Clerk[]>): string {
  return JSON.stringify([...clerks].map(([unit_id, list]) => ({ unit_id, ids: list.map((c) => c.id), names: list.map((c) => c.name) })));
}

/** Obviously fictional people: a short list of names, a number, and addresses under the reserved .invalid domain. */
export const GIVEN_NAMES = ['Erika', 'Max', 'Lena', 'Jonas', 'Mia', 'Paul', 'Hanna', 'Felix', 'Emma', 'Lukas', 'Sophie', 'Tim', 'Clara', 'Ben', 'Marie', 'Ole'];
export const FAMILY_NAMES = ['Mustermann', 'Musterfrau', 'Beispiel', 'Probst', 'Testfeld', 'Platzhalter', 'Demmler', 'Fiktiv', 'Exempel', 'Vorlage'];

/**
 * SQL for a fictional person of row `i` (an SQL expression): given name,
 * family name with the row number, and an e-mail address at example.invalid.
 */
export function personSql(salt: string, i: RawBuilder<unknown>): { given: RawBuilder<string>; family: RawBuilder<string>; email: RawBuilder<string> } {
  const g = sql<string>`(${GIVEN_NAMES}::text[])[1 + (abs(hashtext(${salt}::text || 'g' || ${i})::bigint) % ${GIVEN_NAMES.length}::int)::int]`;
  const f = sql<string>`(${FAMILY_NAMES}::text[])[1 + (abs(hashtext(${salt}::text || 'f' || ${i})::bigint) % ${FAMILY_NAMES.length}::int)::int]`;
  return {
    given: g,
    family: sql<string>`${f} || '-' || ${i}`,
    email: sql<string>`lower(${g} || '.' || ${f}) || '.' || ${i} || '@example.invalid'`,
  };
}

/**
 * Uniform numbers in [0, 1) from an md5 hex column: `u(col, k)` reads the
 * k-th 32-bit word (k = 0…3). One md5 per row gives four independent draws.
 */
export function u(column: string, k: 0 | 1 | 2 | 3): RawBuilder<number> {
  if (!/^[a-z_][a-z0-9_.]*$/.test(column)) throw new Error(`bad column ${column}`);
  return sql<number>`(('x' || substr(${sql.raw(column)}, ${sql.lit(1 + k * 8)}, 8))::bit(32)::bigint::float8 / 4294967296.0)`;
}

export const REFERENCE_SPACE = REFERENCE_ALPHABET.length ** 5;

/** A run of row numbers of one kind of object: `from` … `from + count - 1` (a section may be split into chunks). */
export interface Chunk {
  from: number;
  count: number;
}

/** Spare row numbers start here, far above any real one and below 31⁵, so references stay distinct. */
const SPARE_BASE = 20_000_000;
const SPARES = 64;

/**
 * A FROM item `series(i)`: the row numbers of a chunk plus spares of its own (used only where a
 * reference of the chunk is already taken by the demo): callers keep the
 * first `count` rows by number.
 */
export function seriesOf(chunk: Chunk): RawBuilder<number> {
  return sql<number>`(select generate_series(${chunk.from}::int, ${chunk.from + chunk.count - 1}::int) union all select generate_series(${SPARE_BASE + chunk.from}::int, ${SPARE_BASE + chunk.from + SPARES - 1}::int)) as series(i)`;
}

/**
 * A temporary SQL function `pg_temp.vol_ref(prefix, v)`: the reference with
 * body digits v (0 ≤ v < 31⁵) in base 31 and the app's check character.
 * Mapping distinct row numbers through a bijection of [0, 31⁵) gives
 * distinct references by construction. Dropped again by `dropReferenceFunction`.
 */
export async function createReferenceFunction(tx: Tx): Promise<void> {
  await sql`
create or replace function pg_temp.vol_ref(prefix text, v bigint) returns text language sql immutable as $f$
  with d as (select array[v % 31, (v / 31) % 31, (v / 961) % 31, (v / 29791) % 31, (v / 923521) % 31]::int[] as x)
  select prefix || '-' ||
    substr(${sql.lit(REFERENCE_ALPHABET)}, x[1] + 1, 1) || substr(${sql.lit(REFERENCE_ALPHABET)}, x[2] + 1, 1) || substr(${sql.lit(REFERENCE_ALPHABET)}, x[3] + 1, 1) ||
    substr(${sql.lit(REFERENCE_ALPHABET)}, x[4] + 1, 1) || substr(${sql.lit(REFERENCE_ALPHABET)}, x[5] + 1, 1) || '-' ||
    substr(${sql.lit(REFERENCE_ALPHABET)}, ((((31 - (x[1] + 2 * x[2] + 3 * x[3] + 4 * x[4] + 5 * x[5]) % 31) % 31) * 26) % 31) + 1, 1)
  from d
$f$`.execute(tx);
}

export async function dropReferenceFunction(tx: Tx): Promise<void> {
  await sql`drop function if exists pg_temp.vol_ref(text, bigint)`.execute(tx);
}

/**
 * The body number of row `i` for a kind of object: an affine bijection of
 * [0, 31⁵) (the multiplier is not divisible by 31), offset per tenant and kind.
 */
export function referenceNumber(i: RawBuilder<unknown>, tenantId: string, kind: string): RawBuilder<number> {
  return sql<number>`((${i}::bigint * 7368787 + (abs(hashtext(${tenantId}::text || ${kind}::text)::bigint) % ${REFERENCE_SPACE}::bigint)) % ${REFERENCE_SPACE}::bigint)`;
}

/** Rows added by an INSERT/UPDATE run through `sql`. */
export function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

/** Times a step and logs it. */
export async function step<T>(log: Log, label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Runs one statement of a section, logs its time, and returns the rows it wrote. */
export async function run(ctx: SectionContext, label: string, query: RawBuilder<unknown>): Promise<number> {
  const started = performance.now();
  const result = await query.execute(ctx.tx);
  ctx.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return affected(result);
}
