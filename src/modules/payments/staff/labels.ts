/**
 * What the back office shows for the payment core's codes: status, provider,
 * method, event source, the matching outcome of a bank credit, and the
 * meaning of `needs_review`. Pure, shared by views, routes and the export.
 */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { MatchOutcome } from '../../../core/payments/matching.ts';
import { PAYMENT_STATUSES, type PaymentProviderId, type PaymentStatus } from '../../../core/payments/schema.ts';
import type { Tone } from '../../../core/ui/components.tsx';

export const PROVIDERS: readonly PaymentProviderId[] = ['testkasse', 'xbezahldienste', 'invoice'];
const METHODS = ['creditcard', 'paypal', 'wero', 'directdebit', 'invoice', 'transfer', 'other'];
const SOURCES = ['citizen', 'callback', 'poll', 'staff', 'system', 'bank'];

/** The status filter of the list: groups of statuses as the Kasse thinks of them, and "zu prüfen". */
export const STATUS_GROUPS = ['offen', 'bezahlt', 'gescheitert', 'erstattet', 'pruefen'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export const GROUP_STATUSES: Record<Exclude<StatusGroup, 'pruefen'>, readonly PaymentStatus[]> = {
  offen: ['initial', 'pending'],
  bezahlt: ['paid'],
  gescheitert: ['failed', 'cancelled', 'expired'],
  erstattet: ['refunded', 'partially_refunded'],
};

/** A code we know gets its label; anything else (a provider's own method name) is shown as it is. */
function known(t: Translate, prefix: string, list: readonly string[], value: string): string {
  return list.includes(value) ? t(`${prefix}${value}`) : value;
}

export const statusLabel = (t: Translate, status: string): string => known(t, 'kasse.status.', PAYMENT_STATUSES, status);
export const providerLabel = (t: Translate, provider: string): string => known(t, 'kasse.provider.', PROVIDERS, provider);
export const methodLabel = (t: Translate, method: string | null): string => (method ? known(t, 'kasse.method.', METHODS, method) : t('kasse.none'));
export const sourceLabel = (t: Translate, source: string): string => known(t, 'kasse.source.', SOURCES, source);

export const STATUS_TONE: Record<PaymentStatus, Tone> = {
  initial: 'neutral',
  pending: 'info',
  paid: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  expired: 'neutral',
  refunded: 'warning',
  partially_refunded: 'warning',
};

/** Outcomes a person has to resolve (the "Zu klären" list). */
export const REVIEW_OUTCOMES = ['partial', 'over', 'ambiguous', 'unknown-reference', 'no-reference'] as const satisfies readonly MatchOutcome[];

/** Outcomes stored for a credit, plus the import summary's counts (duplicate, ignored, foreign currency). */
export type CreditOutcome = MatchOutcome | 'foreign-currency';

const OUTCOME_KEYS: Record<CreditOutcome, string> = {
  matched: 'kasse.outcome.matched',
  partial: 'kasse.outcome.partial',
  over: 'kasse.outcome.over',
  ambiguous: 'kasse.outcome.ambiguous',
  'unknown-reference': 'kasse.outcome.unknownReference',
  'no-reference': 'kasse.outcome.noReference',
  duplicate: 'kasse.outcome.duplicate',
  ignored: 'kasse.outcome.ignored',
  'foreign-currency': 'kasse.outcome.foreignCurrency',
};

export const OUTCOME_ORDER = Object.keys(OUTCOME_KEYS) as CreditOutcome[];

export function outcomeLabel(t: Translate, outcome: string): string {
  return Object.hasOwn(OUTCOME_KEYS, outcome) ? t(OUTCOME_KEYS[outcome as CreditOutcome]) : outcome;
}

/** `needs_review` as the payment core writes it (payment-service.ts), read back into its parts. */
export type ReviewNote =
  | { kind: 'amount-mismatch'; providerCents: number; providerCurrency: string; oursCents: number }
  | { kind: 'paid-twice'; otherPaymentId: string }
  | { kind: 'partial'; openCents: number }
  | { kind: 'overpaid'; excessCents: number }
  | { kind: 'other'; text: string };

export function parseReview(text: string): ReviewNote {
  const mismatch = /^amount-mismatch: provider (-?\d+) (\S+), ours (\d+) /.exec(text);
  if (mismatch) return { kind: 'amount-mismatch', providerCents: Number(mismatch[1]), providerCurrency: mismatch[2]!, oursCents: Number(mismatch[3]) };
  const twice = /^paid-twice: also ([0-9a-f-]{36})$/.exec(text);
  if (twice) return { kind: 'paid-twice', otherPaymentId: twice[1]! };
  const partial = /^partial: (\d+) open$/.exec(text);
  if (partial) return { kind: 'partial', openCents: Number(partial[1]) };
  const over = /^overpaid: (\d+)$/.exec(text);
  if (over) return { kind: 'overpaid', excessCents: Number(over[1]) };
  return { kind: 'other', text };
}
