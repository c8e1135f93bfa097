/**
 * API keys for machine clients: the JSON export API (`/api/v1/…`) and
 * Open311 POST. Staff create a key per municipality with a name and scopes
 * (back office "API-Schlüssel" or `npm run cli -- apikey:create`); the
 * plaintext is shown once and only its SHA-256 hash is stored, next to its
 * first characters so people can tell keys apart. Every lookup is scoped by
 * tenant: a key of one municipality is worthless at another.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { audit } from '../audit/audit.ts';
import type { Db, Executor } from '../db/database.ts';
import type { Locale } from '../i18n/i18n.ts';

/** The permissions a key can carry. A route checks the one it needs with `hasApiScope`. */
export const API_SCOPES = [
  {
    scope: 'applications:read',
    de: 'Anträge mit allen Angaben als JSON abrufen (Export-Schnittstelle /api/v1)',
    en: 'Read applications with all their answers as JSON (export API /api/v1)',
  },
  {
    scope: 'open311:write',
    de: 'Meldungen über die Open311-Schnittstelle einreichen',
    en: 'Submit service requests through the Open311 API',
  },
] as const;

export type ApiScope = (typeof API_SCOPES)[number]['scope'];

const SCOPE_NAMES: readonly string[] = API_SCOPES.map((s) => s.scope);

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && SCOPE_NAMES.includes(value);
}

export function apiScopeDescription(scope: ApiScope, locale: Locale): string {
  const entry = API_SCOPES.find((s) => s.scope === scope);
  return entry ? entry[locale] : scope;
}

export const API_KEY_NAME_MAX = 100;
const KEY_MARKER = 'rh_';
/** Characters of the key kept in clear text: enough to recognise a key in a list, far too few to guess the rest. */
const PREFIX_LENGTH = 8;
/** "rh_" + base64url of 32 random bytes (43 characters, no padding). */
const KEY_PATTERN = /^rh_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often, so an API client does not cause a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * SHA-256, not a slow password hash: the key carries 256 random bits, so
 * nobody can guess or brute-force it from the hash, and a fast hash lets us
 * find the key with one indexed lookup per request. The lookup is by hash, so
 * response time says nothing about how much of a presented key was right.
 */
const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApiKeyActor {
  /** Shown in the audit log and the key list, e.g. the staff member's name or "cli". */
  actorLabel: string;
  /** The staff user, when a person acted. */
  actorId?: string | null;
}

export interface CreateApiKeyInput extends ApiKeyActor {
  tenantId: string;
  name: string;
  scopes: readonly string[];
}

export type CreateApiKeyResult =
  | { ok: true; id: string; /** The plaintext key: returned now, never again. */ key: string; prefix: string }
  | { ok: false; reason: 'invalid-name' | 'no-scopes' | 'unknown-scope' };

/** Trims a key name; null when empty, too long or containing control characters. */
export function normaliseApiKeyName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > API_KEY_NAME_MAX) return null;
  if (/\p{Cc}/u.test(trimmed)) return null;
  return trimmed;
}

/**
 * Creates a key for a municipality.
 * Outcomes: ok (with the plaintext key, shown once); invalid-name (empty,
 * longer than 100 characters or with control characters); no-scopes (a key
 * must be allowed something); unknown-scope. The key and its audit entry
 * commit together.
 */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<CreateApiKeyResult> {
  const name = normaliseApiKeyName(input.name);
  if (!name) return { ok: false, reason: 'invalid-name' };
  if (input.scopes.length === 0) return { ok: false, reason: 'no-scopes' };
  if (!input.scopes.every(isApiScope)) return { ok: false, reason: 'unknown-scope' };
  const scopes = SCOPE_NAMES.filter((s) => input.scopes.includes(s));
  const key = `${KEY_MARKER}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, PREFIX_LENGTH);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_keys')
      .values({ tenant_id: input.tenantId, name, key_prefix: prefix, key_hash: hashKey(key), scopes, created_by_label: input.actorLabel })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      tenantId: input.tenantId,
      actorId: input.actorId ?? null,
      actorLabel: input.actorLabel,
      action: 'apikey.create',
      objectType: 'api_key',
      objectId: row.id,
      details: { name, prefix, scopes },
    });
    return row.id;
  });
  return { ok: true, id, key, prefix };
}

export interface ApiKeyListRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  createdByLabel: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The tenant's keys (never their hashes), active ones first, newest first. */
export async function listApiKeys(db: Executor, tenantId: string): Promise<ApiKeyListRow[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'key_prefix', 'scopes', 'created_at', 'created_by_label', 'last_used_at', 'revoked_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy((eb) => eb('revoked_at', 'is not', null))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    scopes: r.scopes,
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export type RevokeApiKeyResult = { ok: true; name: string; alreadyRevoked: boolean } | { ok: false; reason: 'not-found' };

/**
 * Revokes a key of the municipality; it stops working with the next request.
 * Outcomes: ok (also when it was revoked already: the end state is what
 * counts, and the first revocation time is kept); not-found (no such key in
 * this tenant, including ids that are not UUIDs). Audited when it changes.
 */
export async function revokeApiKey(db: Db, tenantId: string, id: string, actor: ApiKeyActor): Promise<RevokeApiKeyResult> {
  if (!UUID.test(id)) return { ok: false, reason: 'not-found' };
  return db.transaction().execute(async (tx) => {
    const key = await tx
      .selectFrom('api_keys')
      .select(['name', 'key_prefix', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!key) return { ok: false as const, reason: 'not-found' as const };
    if (key.revoked_at) return { ok: true as const, name: key.name, alreadyRevoked: true };
    await tx.updateTable('api_keys').set({ revoked_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await audit(tx, {
      tenantId,
      actorId: actor.actorId ?? null,
      actorLabel: actor.actorLabel,
      action: 'apikey.revoke',
      objectType: 'api_key',
      objectId: id,
      details: { name: key.name, prefix: key.key_prefix },
    });
    return { ok: true as const, name: key.name, alreadyRevoked: false };
  });
}

/** Who is calling: the key's id and name (for logs and audit) and what it may do. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: ApiScope[];
}

/**
 * The key behind a presented value, or null: for anything that is not a
 * well-formed key (no database query then), an unknown key, a key of another
 * municipality, or a revoked key. Never throws on what a client sends.
 * Records the use at most once a minute per key.
 */
export async function authenticateApiKey(db: Db, tenantId: string, presented: unknown, now: Date = new Date()): Promise<ApiKeyPrincipal | null> {
  if (typeof presented !== 'string' || !KEY_PATTERN.test(presented)) return null;
  const key = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'scopes', 'last_used_at'])
    .where('tenant_id', '=', tenantId)
    .where('key_hash', '=', hashKey(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!key) return null;
  const cutoff = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  if (!key.last_used_at || key.last_used_at < cutoff) {
    // Conditional, so concurrent requests of one client still write once.
    await db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', key.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', cutoff)]))
      .execute();
  }
  return { id: key.id, name: key.name, scopes: key.scopes.filter(isApiScope) };
}

export function hasApiScope(principal: ApiKeyPrincipal | null, scope: ApiScope): boolean {
  return principal !== null && principal.scopes.includes(scope);
}

/**
 * The key a request presents in a header: `Authorization: Bearer <key>` or
 * `X-API-Key: <key>`. Deliberately not from the query string, where keys end
 * up in access logs and browser histories; for Open311, whose standard puts
 * `api_key` in the form or query, use `apiKeyFromParameter`.
 */
export function apiKeyFromRequest(request: { headers: IncomingHttpHeaders }): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  return undefined;
}

/** A key passed as a parameter (Open311 `api_key`): only a single string counts, not a repeated parameter. */
export function apiKeyFromParameter(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
