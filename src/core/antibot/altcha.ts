/**
 * Self-hosted ALTCHA proof of work: signed challenges for the widget and the
 * check of what the widget submits. No third party is involved; the browser
 * spends about a second or two of CPU, which is cheap for one citizen and
 * expensive for a bot filling thousands of forms.
 *
 * A solved challenge is accepted once. Its id (signed inside the challenge)
 * is inserted into `altcha_spent` with ON CONFLICT DO NOTHING, so PostgreSQL
 * decides which of two concurrent submissions wins, also across app
 * instances. Rows live until the challenge would have expired anyway; then
 * `prune()` removes them.
 *
 * ALTCHA needs JavaScript. Callers must treat 'missing' as "not verified",
 * never as an error, so the form keeps working without JavaScript.
 */
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { createChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { z } from 'zod';
import type { Db } from '../db/database.ts';

export type AltchaChallenge = Challenge;

export type AntibotResult = 'verified' | 'missing' | 'invalid' | 'expired' | 'replayed';

export interface Antibot {
  /** A fresh signed challenge (JSON-serialisable), expiring in `ttlMinutes` (default 10). */
  challenge(): Promise<AltchaChallenge>;
  /**
   * Checks the widget's form/JSON field value (base64 JSON {challenge, solution}) and
   * spends it atomically, so a replay (also from another app instance) is refused.
   * Never throws because of the payload; database errors do propagate.
   */
  verify(payload: string | undefined | null): Promise<AntibotResult>;
  /** Deletes spent rows whose expiry has passed; returns the count. */
  prune(): Promise<number>;
}

export interface AntibotDeps {
  db: Db;
  /** At least 16 characters; the two HMAC secrets are derived from it. */
  secret: string;
  now?: () => Date;
  /** PBKDF2 iterations per attempt. */
  cost?: number;
  /** The secret counter is drawn from this range (inclusive); the browser has to count up to it. */
  counterRange?: [number, number];
  ttlMinutes?: number;
}

const ALGORITHM = 'PBKDF2/SHA-256';

/**
 * Cost 2000 with a counter of 2000–5000: measured on our 2-core machine, a
 * solve takes 1.1–1.7 s single-threaded in Node and 0.8–2.1 s in headless
 * Chromium with the widget's two workers (including its 0.5 s minimum). A
 * phone several times slower still finishes within seconds; a bot pays that
 * for every single submission.
 */
const DEFAULT_COST = 2_000;
const DEFAULT_COUNTER_RANGE: [number, number] = [2_000, 5_000];
const DEFAULT_TTL_MINUTES = 10;

/** A real payload is well under 1 kB; anything this large is not worth decoding. */
const MAX_PAYLOAD_LENGTH = 20_000;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The shape altcha-lib and this module rely on. The objects are loose on
 * purpose: altcha-lib verifies the HMAC over the parameters exactly as they
 * arrive, so stripping keys would only break valid payloads (and an added
 * key breaks the signature anyway).
 */
const payloadShape = z.looseObject({
  challenge: z.looseObject({
    parameters: z.looseObject({
      algorithm: z.literal(ALGORITHM),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      expiresAt: z.number().int().positive(),
      data: z.object({ challengeId: z.string().min(16).max(100) }).catchall(z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  solution: z.looseObject({
    counter: z.number().int().nonnegative(),
    derivedKey: z.string().max(256),
  }),
});
type Payload = z.infer<typeof payloadShape>;

function deriveSecret(secret: string, label: string): string {
  return createHmac('sha256', secret).update(`rathaus:altcha:${label}`).digest('hex');
}

function decode(payload: string): Payload | null {
  if (payload.length > MAX_PAYLOAD_LENGTH || !BASE64.test(payload)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = payloadShape.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function assertOptions(secret: string, cost: number, [min, max]: [number, number], ttlMinutes: number): void {
  if (secret.length < 16) throw new Error('antibot: the secret must have at least 16 characters');
  if (!Number.isInteger(cost) || cost < 1) throw new Error('antibot: cost must be a positive integer');
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min || max > 0xffff_ffff) {
    throw new Error('antibot: counterRange must be two integers 0 <= min <= max < 2^32');
  }
  if (!(ttlMinutes > 0)) throw new Error('antibot: ttlMinutes must be positive');
}

export function createAntibot(deps: AntibotDeps): Antibot {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const cost = deps.cost ?? DEFAULT_COST;
  const counterRange = deps.counterRange ?? DEFAULT_COUNTER_RANGE;
  const ttlMinutes = deps.ttlMinutes ?? DEFAULT_TTL_MINUTES;
  assertOptions(deps.secret, cost, counterRange, ttlMinutes);
  // Two independent keys: one signs the challenge, the other the expected key, so verifying needs no PBKDF2 run.
  const hmacSignatureSecret = deriveSecret(deps.secret, 'challenge-signature');
  const hmacKeySignatureSecret = deriveSecret(deps.secret, 'key-signature');

  async function spend(challengeId: string, expiresAt: Date): Promise<boolean> {
    const row = await db
      .insertInto('altcha_spent')
      .values({ challenge_id: challengeId, expires_at: expiresAt })
      .onConflict((oc) => oc.column('challenge_id').doNothing())
      .returning('challenge_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    async challenge() {
      const [min, max] = counterRange;
      return createChallenge({
        algorithm: ALGORITHM,
        cost,
        counter: randomInt(min, max + 1),
        deriveKey,
        expiresAt: new Date(now().getTime() + ttlMinutes * 60_000),
        hmacSignatureSecret,
        hmacKeySignatureSecret,
        data: { challengeId: randomUUID() },
      });
    },

    async verify(payload) {
      if (typeof payload !== 'string' || payload.trim() === '') return 'missing';
      const decoded = decode(payload.trim());
      if (!decoded) return 'invalid';
      let result;
      try {
        result = await verifySolution({
          challenge: decoded.challenge,
          solution: decoded.solution,
          deriveKey,
          hmacSignatureSecret,
          hmacKeySignatureSecret,
        });
      } catch {
        return 'invalid';
      }
      // altcha-lib checks expiry against the system clock before the signature; ours decides too (tests inject it).
      if (result.expired) return 'expired';
      if (!result.verified) return 'invalid';
      const { expiresAt, data } = decoded.challenge.parameters;
      const expires = new Date(expiresAt * 1000);
      if (expires.getTime() <= now().getTime()) return 'expired';
      return (await spend(data.challengeId, expires)) ? 'verified' : 'replayed';
    },

    async prune() {
      const result = await db.deleteFrom('altcha_spent').where('expires_at', '<', now()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
