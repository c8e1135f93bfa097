/** Password hashing with Argon2id (OWASP parameters: 19 MiB, 2 iterations). */
import { hash, verify } from '@node-rs/argon2';

const options = { algorithm: 2 /* Argon2id (a const enum, not importable under verbatimModuleSyntax) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Minimum rules for staff passwords (BSI: length beats composition rules). */
export function passwordProblem(password: string): 'too-short' | 'too-long' | null {
  if (password.length < 12) return 'too-short';
  if (password.length > 256) return 'too-long';
  return null;
}
