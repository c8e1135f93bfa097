/**
 * Matches incoming bank transfers (from a camt.053 statement) to open
 * payments by Kassenzeichen. Pure: the caller loads the open items and the
 * dedup keys of earlier imports and applies the decisions in one transaction.
 *
 * Only an exact amount settles a payment without a person looking at it;
 * partial and over-payments, unclear or missing references are flagged for
 * review. Amounts are integer cents throughout.
 */
import { createHash } from 'node:crypto';
import type { StatementTransaction } from './camt053.ts';
import { findKassenzeichen, normalizeKassenzeichen, type KassenzeichenScheme } from './kassenzeichen.ts';

export interface OpenItem {
  kassenzeichen: string;
  /** What is still owed, in cents. */
  openCents: number;
  paymentId: string;
}

export type IgnoredReason = 'debit' | 'not-booked' | 'reversal' | 'foreign-currency';

interface DecisionBase {
  transaction: StatementTransaction;
  /**
   * Stable identity of the transaction (see dedupKeys). Store it for every
   * decision except `ignored`: a pending entry must not block the booked one
   * that follows under the same bank reference.
   */
  dedupKey: string;
  /** True when a person has to look at it before anything else happens. */
  review: boolean;
}

interface Applied {
  paymentId: string;
  kassenzeichen: string;
  /** Still open before this transfer, after earlier transfers in the same run. */
  openBeforeCents: number;
  /** Booked against the payment; never more than openBeforeCents. */
  appliedCents: number;
}

export type MatchDecision = DecisionBase &
  (
    | (Applied & {
        outcome: 'matched';
        /** True when earlier transfers in this run paid part and this one pays the rest. */
        completesEarlierPartial: boolean;
      })
    | (Applied & { outcome: 'partial'; remainingCents: number })
    | (Applied & { outcome: 'over'; excessCents: number })
    | { outcome: 'ambiguous'; kassenzeichen: string[] }
    | { outcome: 'unknown-reference'; kassenzeichen: string }
    | { outcome: 'no-reference' }
    | { outcome: 'duplicate' }
    | { outcome: 'ignored'; reason: IgnoredReason }
  );

export type MatchOutcome = MatchDecision['outcome'];

/**
 * Decides, transfer by transfer in the given order, what each one means.
 * Several transfers for the same payment accumulate: two halves give
 * `partial` and then `matched` with completesEarlierPartial; a transfer for a
 * payment already settled earlier in the run is `over` with nothing applied.
 * Throws RangeError when an open amount is not a non-negative whole number of
 * cents: that is a caller's bug, not bank data.
 */
export function matchCredits(
  scheme: KassenzeichenScheme,
  credits: readonly StatementTransaction[],
  openItems: readonly OpenItem[],
  alreadyImported: ReadonlySet<string>,
): MatchDecision[] {
  const itemsByReference = new Map<string, OpenItem[]>();
  for (const item of openItems) {
    if (!Number.isSafeInteger(item.openCents) || item.openCents < 0) throw new RangeError(`open amount of ${item.paymentId} is not whole cents: ${item.openCents}`);
    const key = normalizeKassenzeichen(item.kassenzeichen);
    itemsByReference.set(key, [...(itemsByReference.get(key) ?? []), item]);
  }
  const appliedByPayment = new Map<string, number>();
  const keys = dedupKeys(credits);
  const seen = new Set<string>();

  return credits.map((transaction, index): MatchDecision => {
    const dedupKey = keys[index]!;
    const reason = ignoredReason(transaction);
    if (reason) return { transaction, dedupKey, review: reason === 'foreign-currency', outcome: 'ignored', reason };
    if (alreadyImported.has(dedupKey) || seen.has(dedupKey)) return { transaction, dedupKey, review: false, outcome: 'duplicate' };
    seen.add(dedupKey);

    const references = findKassenzeichen(scheme, [...transaction.creditorReferences, transaction.remittance].join('\n'));
    const [reference] = references;
    if (reference === undefined) return { transaction, dedupKey, review: true, outcome: 'no-reference' };
    if (references.length > 1) return { transaction, dedupKey, review: true, outcome: 'ambiguous', kassenzeichen: references };
    const items = itemsByReference.get(normalizeKassenzeichen(reference)) ?? [];
    const [item] = items;
    if (item === undefined) return { transaction, dedupKey, review: true, outcome: 'unknown-reference', kassenzeichen: reference };
    if (items.length > 1) return { transaction, dedupKey, review: true, outcome: 'ambiguous', kassenzeichen: [reference] };

    const appliedBefore = appliedByPayment.get(item.paymentId) ?? 0;
    const openBeforeCents = Math.max(0, item.openCents - appliedBefore);
    const appliedCents = Math.min(transaction.amountCents, openBeforeCents);
    appliedByPayment.set(item.paymentId, appliedBefore + appliedCents);
    const applied = { paymentId: item.paymentId, kassenzeichen: reference, openBeforeCents, appliedCents };
    if (transaction.amountCents === openBeforeCents) {
      return { transaction, dedupKey, review: false, outcome: 'matched', ...applied, completesEarlierPartial: appliedBefore > 0 };
    }
    if (transaction.amountCents < openBeforeCents) {
      return { transaction, dedupKey, review: true, outcome: 'partial', ...applied, remainingCents: openBeforeCents - appliedCents };
    }
    return { transaction, dedupKey, review: true, outcome: 'over', ...applied, excessCents: transaction.amountCents - appliedCents };
  });
}

function ignoredReason(transaction: StatementTransaction): IgnoredReason | null {
  if (transaction.creditDebit !== 'CRDT') return 'debit';
  if (transaction.status !== 'BOOK') return 'not-booked';
  if (transaction.reversal) return 'reversal';
  // Open items are EUR; a credit in another currency cannot be compared in cents.
  if (transaction.currency !== 'EUR') return 'foreign-currency';
  return null;
}

/**
 * Stable identities for transactions, the same whenever the same booking is
 * uploaded again (a re-upload, or a month statement after the day ones):
 *
 * 1. the bank's entry reference (AcctSvcrRef), plus the transaction's own
 *    reference, end-to-end id or position within a batch;
 * 2. else the transaction's own bank reference;
 * 3. else the payer's end-to-end id with the debtor IBAN;
 * 4. else value date, debtor and remittance text.
 *
 * Each adds direction, amount and booking date. Under 4, two identical
 * transfers on one day share an identity, so the second and further ones within
 * the list get an occurrence number.
 *
 * Keys are SHA-256 hashes: fixed length, and the stored key does not spell
 * out the payer's data. All are qualified by our account's IBAN.
 */
export function dedupKeys(transactions: readonly StatementTransaction[]): string[] {
  const occurrences = new Map<string, number>();
  return transactions.map((transaction) => {
    const [kind, ...parts] = identity(transaction);
    let material = [kind, transaction.accountIban, ...parts].join('\u0000');
    if (kind === 'content') {
      const occurrence = (occurrences.get(material) ?? 0) + 1;
      occurrences.set(material, occurrence);
      if (occurrence > 1) material += `\u0000#${occurrence}`;
    }
    return `camt:${createHash('sha256').update(material).digest('hex')}`;
  });
}

function identity(tx: StatementTransaction): string[] {
  // Amount and booking date never differ between two deliveries of one booking; they guard against a bank reusing a reference.
  const booking = [`${tx.creditDebit}${tx.amountCents}`, tx.bookingDate ?? ''];
  if (tx.entryAccountServicerRef) {
    const within = tx.accountServicerRef ?? (tx.endToEndId ? `e2e:${tx.endToEndId}` : `#${tx.index}`);
    return ['bank-entry', tx.entryAccountServicerRef, within, ...booking];
  }
  if (tx.accountServicerRef) return ['bank-transaction', tx.accountServicerRef, ...booking];
  if (tx.endToEndId) return ['end-to-end', tx.endToEndId, tx.debtorIban ?? '', ...booking];
  return ['content', ...booking, tx.valueDate ?? '', tx.debtorIban ?? '', tx.debtorName ?? '', tx.remittance, ...tx.creditorReferences];
}
