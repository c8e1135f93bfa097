/**
 * The Tagesexport for the finance system: the booking records of one Berlin
 * calendar day, derived from the payment events of that day so that the
 * file shows exactly what happened then, whatever happened afterwards.
 *
 *   Soll  – a claim arose: an invoice was issued (the event that creates it),
 *           or an online payment became paid (an online attempt the citizen
 *           abandons, or that fails, is no claim and books nothing)
 *   Ist   – a payment became paid through its provider (amount of the event),
 *           a bank transfer was booked (CAMT.053 or by hand; part payments too),
 *           a refund was made (negative amount)
 *
 * Other events (pending, failed, a flagged amount mismatch) move no money and
 * are not bookings. Amounts stay integer cents until the cell is written.
 */
import type { Translate } from '../../../core/i18n/i18n.ts';
import { CSV_BOM, csvCell } from '../../portal/statistics/csv.ts';
import { berlinDay, berlinTime, csvAmount, germanDate } from './format.ts';
import { methodLabel, providerLabel } from './labels.ts';

export interface DayEvent {
  /** payment_events.id: a stable booking number. */
  id: string;
  at: Date;
  source: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountCents: number | null;
  kassenzeichen: string;
  haushaltsstelle: string;
  produktkonto: string;
  provider: string;
  method: string | null;
  purpose: string;
  caseReference: string | null;
}

export type BookingKind = 'due' | 'paid' | 'transfer' | 'refund';

export interface Booking extends DayEvent {
  kind: BookingKind;
  cents: number;
}

/** What a payment event means for the books; null when it moves no money. */
export function bookingOf(event: DayEvent): Booking | null {
  const cents = event.amountCents;
  if (cents === null || cents === 0) return null;
  if (event.fromStatus === null && event.toStatus === 'initial') return event.provider === 'invoice' ? { ...event, kind: 'due', cents } : null;
  if (event.source === 'bank' && cents > 0) return { ...event, kind: 'transfer', cents };
  if (event.source === 'staff' && cents < 0) return { ...event, kind: 'refund', cents };
  if (event.toStatus === 'paid' && event.fromStatus !== 'paid' && cents > 0) return { ...event, kind: 'paid', cents };
  return null;
}

/**
 * The bookings of a day's events, in their order. An online payment's claim
 * and its receipt are booked together when it is paid: the Soll (booking
 * number `<event>-S`) right before the Ist.
 */
export function bookingsOf(events: readonly DayEvent[]): Booking[] {
  return events.flatMap((event) => {
    const booking = bookingOf(event);
    if (!booking) return [];
    if (booking.kind === 'paid' && event.provider !== 'invoice') return [{ ...booking, id: `${event.id}-S`, kind: 'due' as const }, booking];
    return [booking];
  });
}

/** Sums in cents: Soll, Ist (received minus refunded). */
export function bookingTotals(bookings: readonly Booking[]): { dueCents: number; actualCents: number } {
  let dueCents = 0;
  let actualCents = 0;
  for (const b of bookings) {
    if (b.kind === 'due') dueCents += b.cents;
    else actualCents += b.cents;
  }
  return { dueCents, actualCents };
}

const TEXT_KEYS: Record<BookingKind, string> = {
  due: 'kasse.csv.text.due',
  paid: 'kasse.csv.text.paid',
  transfer: 'kasse.csv.text.transfer',
  refund: 'kasse.csv.text.refund',
};

/** A cell we produce ourselves as a number: written as it is (a "-" here is a sign, not a formula). */
interface NumberCell {
  number: string;
}

type Cell = string | NumberCell;

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? csvCell(cell) : cell.number;
}

/** The CSV file (UTF-8 with BOM, semicolons, CRLF), one row per booking in the order given. */
export function financeCsv(t: Translate, bookings: readonly Booking[]): string {
  const head: Cell[] = [
    t('kasse.csv.booking'),
    t('kasse.csv.kind'),
    t('kasse.csv.text'),
    t('kasse.csv.date'),
    t('kasse.csv.time'),
    t('kasse.csv.kassenzeichen'),
    t('kasse.csv.haushaltsstelle'),
    t('kasse.csv.produktkonto'),
    t('kasse.csv.amount'),
    t('kasse.csv.provider'),
    t('kasse.csv.method'),
    t('kasse.csv.case'),
    t('kasse.csv.purpose'),
  ];
  const rows: Cell[][] = bookings.map((b) => [
    b.id,
    t(b.kind === 'due' ? 'kasse.csv.kind.soll' : 'kasse.csv.kind.ist'),
    t(TEXT_KEYS[b.kind]),
    germanDate(berlinDay(b.at)),
    berlinTime(b.at),
    b.kassenzeichen,
    b.haushaltsstelle,
    b.produktkonto,
    { number: csvAmount(b.cents) },
    providerLabel(t, b.provider),
    b.kind === 'due' ? '' : b.kind === 'transfer' ? methodLabel(t, 'transfer') : b.method ? methodLabel(t, b.method) : '',
    b.caseReference ?? '',
    b.purpose,
  ]);
  return CSV_BOM + [head, ...rows].map((row) => `${row.map(cellText).join(';')}\r\n`).join('');
}
