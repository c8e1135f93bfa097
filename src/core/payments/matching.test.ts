import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCamt053, statementTransactions, type StatementTransaction } from './camt053.ts';
import { formatKassenzeichen, type KassenzeichenScheme } from './kassenzeichen.ts';
import { dedupKeys, matchCredits, type MatchDecision, type OpenItem } from './matching.ts';
import { buildCamt053, germanIban, SPARKASSE_SAMPLE_08, STADTKASSE_IBAN, type Camt053EntrySpec, type Camt053Spec } from '../../../test/support/camt053.ts';

const scheme: KassenzeichenScheme = { prefix: '51' };
const KZ_MELDE = formatKassenzeichen(scheme, 2026, 123);
const KZ_GEWERBE = formatKassenzeichen(scheme, 2026, 124);
const KZ_PAID = formatKassenzeichen(scheme, 2025, 9);
const ERIKA = germanIban('43060967', '8214790100');

const openItems: OpenItem[] = [
  { kassenzeichen: KZ_MELDE, openCents: 1000, paymentId: 'pay-melde' },
  { kassenzeichen: KZ_GEWERBE, openCents: 2600, paymentId: 'pay-gewerbe' },
];

function transactionsOf(spec: Camt053Spec): StatementTransaction[] {
  const result = parseCamt053(buildCamt053(spec));
  if (!result.ok) assert.fail(result.message);
  return statementTransactions(result.statements);
}

function credits(...entries: Camt053EntrySpec[]): StatementTransaction[] {
  return transactionsOf({ iban: STADTKASSE_IBAN, entries });
}

function outcomes(decisions: MatchDecision[]): string[] {
  return decisions.map((decision) => decision.outcome);
}

test('an exact transfer settles its payment without review', () => {
  const [decision] = matchCredits(scheme, credits({ amountCents: 1000, remittance: `Meldebescheinigung KZ ${KZ_MELDE}`, debtorIban: ERIKA }), openItems, new Set());
  assert.deepEqual(
    { ...decision, transaction: undefined, dedupKey: undefined },
    {
      transaction: undefined,
      dedupKey: undefined,
      review: false,
      outcome: 'matched',
      paymentId: 'pay-melde',
      kassenzeichen: KZ_MELDE,
      openBeforeCents: 1000,
      appliedCents: 1000,
      completesEarlierPartial: false,
    },
  );
  assert.match(decision?.dedupKey ?? '', /^camt:[0-9a-f]{64}$/);
});

test('the Sparkasse sample statement, end to end', () => {
  const result = parseCamt053(SPARKASSE_SAMPLE_08);
  assert.ok(result.ok);
  const items: OpenItem[] = [
    { kassenzeichen: KZ_MELDE, openCents: 3500, paymentId: 'pay-melde' },
    { kassenzeichen: KZ_GEWERBE, openCents: 2600, paymentId: 'pay-gewerbe' },
    { kassenzeichen: formatKassenzeichen(scheme, 2026, 4711), openCents: 125_050, paymentId: 'pay-bau' },
  ];
  const decisions = matchCredits(scheme, statementTransactions(result.statements), items, new Set());
  assert.deepEqual(
    decisions.map((d) => [d.transaction.debtorName ?? null, d.transaction.amountCents, d.outcome, d.review]),
    [
      ['Erika Mustermann', 3500, 'matched', false],
      ['Müller & Söhne GmbH', 2000, 'partial', true],
      ['Hans Beispiel', 1250, 'unknown-reference', true],
      [null, 1290, 'ignored', false],
      [null, 100, 'ignored', false],
      ['Baufirma Beispiel GmbH & Co. KG', 125_050, 'matched', false],
    ],
  );
  assert.equal(new Set(decisions.map((d) => d.dedupKey)).size, decisions.length);
});

test('too little is partial, too much is over, both for review', () => {
  const decisions = matchCredits(
    scheme,
    credits({ amountCents: 999, remittance: `KZ ${KZ_MELDE}` }, { amountCents: 2700, remittance: `Kassenzeichen ${KZ_GEWERBE}` }),
    openItems,
    new Set(),
  );
  assert.deepEqual(
    decisions.map((d) => ({ ...d, transaction: undefined, dedupKey: undefined })),
    [
      { transaction: undefined, dedupKey: undefined, review: true, outcome: 'partial', paymentId: 'pay-melde', kassenzeichen: KZ_MELDE, openBeforeCents: 1000, appliedCents: 999, remainingCents: 1 },
      { transaction: undefined, dedupKey: undefined, review: true, outcome: 'over', paymentId: 'pay-gewerbe', kassenzeichen: KZ_GEWERBE, openBeforeCents: 2600, appliedCents: 2600, excessCents: 100 },
    ],
  );
});

test('two partial transfers in one file add up; a third one is an over-payment', () => {
  const decisions = matchCredits(
    scheme,
    credits(
      { amountCents: 400, remittance: `1. Rate KZ ${KZ_MELDE}` },
      { amountCents: 600, remittance: `Rest ${KZ_MELDE.replaceAll('.', '')}` },
      { amountCents: 1000, remittance: `KZ ${KZ_MELDE}`, debtorName: 'Erika Mustermann' },
    ),
    openItems,
    new Set(),
  );
  assert.deepEqual(outcomes(decisions), ['partial', 'matched', 'over']);
  const [first, second, third] = decisions;
  assert.ok(first?.outcome === 'partial' && first.remainingCents === 600 && first.appliedCents === 400);
  assert.ok(second?.outcome === 'matched' && second.completesEarlierPartial && second.openBeforeCents === 600 && !second.review);
  assert.ok(third?.outcome === 'over' && third.appliedCents === 0 && third.openBeforeCents === 0 && third.excessCents === 1000 && third.review);
});

test('a batch credit is matched transfer by transfer', () => {
  const decisions = matchCredits(
    scheme,
    credits({
      amountCents: 3600,
      transactions: [
        { amountCents: 1000, remittance: `KZ ${KZ_MELDE}`, debtorName: 'Erika Mustermann' },
        { amountCents: 2600, remittance: `KZ ${KZ_GEWERBE}`, debtorName: 'Müller & Söhne GmbH' },
      ],
    }),
    openItems,
    new Set(),
  );
  assert.deepEqual(outcomes(decisions), ['matched', 'matched']);
  assert.deepEqual(decisions.map((d) => (d.outcome === 'matched' ? d.paymentId : null)), ['pay-melde', 'pay-gewerbe']);
});

test('references that do not settle anything go to review', () => {
  const decisions = matchCredits(
    scheme,
    credits(
      { amountCents: 1000, remittance: `KZ ${KZ_MELDE} und ${KZ_GEWERBE}` },
      { amountCents: 500, remittance: `Kassenzeichen ${KZ_PAID}` },
      { amountCents: 1000, remittance: 'Meldebescheinigung Erika Mustermann' },
      { amountCents: 1000, remittance: `KZ ${KZ_MELDE.slice(0, -1)}9` },
    ),
    openItems,
    new Set(),
  );
  assert.deepEqual(outcomes(decisions), ['ambiguous', 'unknown-reference', 'no-reference', 'no-reference']);
  assert.ok(decisions.every((d) => d.review));
  const [ambiguous, unknown] = decisions;
  assert.ok(ambiguous?.outcome === 'ambiguous');
  assert.deepEqual(ambiguous.kassenzeichen, [KZ_MELDE, KZ_GEWERBE]);
  assert.ok(unknown?.outcome === 'unknown-reference' && unknown.kassenzeichen === KZ_PAID);
});

test('a structured creditor reference counts like the Verwendungszweck', () => {
  const [decision] = matchCredits(scheme, credits({ amountCents: 1000, creditorReference: KZ_MELDE }), openItems, new Set());
  assert.equal(decision?.outcome, 'matched');
});

test('open items are found whatever way their Kassenzeichen was stored', () => {
  const items = [{ kassenzeichen: KZ_MELDE.replaceAll('.', ''), openCents: 1000, paymentId: 'pay-melde' }];
  assert.equal(matchCredits(scheme, credits({ amountCents: 1000, remittance: `KZ ${KZ_MELDE}` }), items, new Set())[0]?.outcome, 'matched');
  const twice = [...items, { kassenzeichen: KZ_MELDE, openCents: 1000, paymentId: 'pay-other' }];
  assert.equal(matchCredits(scheme, credits({ amountCents: 1000, remittance: `KZ ${KZ_MELDE}` }), twice, new Set())[0]?.outcome, 'ambiguous');
});

test('open amounts must be whole cents', () => {
  for (const openCents of [10.5, -1, Number.NaN]) {
    assert.throws(() => matchCredits(scheme, [], [{ kassenzeichen: KZ_MELDE, openCents, paymentId: 'p' }], new Set()), RangeError);
  }
});

test('debits, pending and reversed entries are ignored; a foreign currency is flagged', () => {
  const transactions = credits(
    { amountCents: 1000, creditDebit: 'DBIT', remittance: `Erstattung KZ ${KZ_MELDE}` },
    { amountCents: 1000, status: 'PDNG', remittance: `KZ ${KZ_MELDE}` },
    { amountCents: 1000, reversal: true, remittance: `KZ ${KZ_MELDE}` },
  );
  const usd = { ...credits({ amountCents: 1000, remittance: `KZ ${KZ_MELDE}` })[0]!, currency: 'USD' };
  const decisions = matchCredits(scheme, [...transactions, usd], openItems, new Set());
  assert.deepEqual(decisions.map((d) => (d.outcome === 'ignored' ? [d.reason, d.review] : d.outcome)), [
    ['debit', false],
    ['not-booked', false],
    ['reversal', false],
    ['foreign-currency', true],
  ]);
});

test('a re-uploaded statement yields only duplicates', () => {
  const spec: Camt053Spec = {
    iban: STADTKASSE_IBAN,
    entries: [
      { amountCents: 1000, remittance: `KZ ${KZ_MELDE}` },
      { amountCents: 2600, remittance: `KZ ${KZ_GEWERBE}`, accountServicerRef: null, endToEndId: 'RE-42', debtorIban: ERIKA },
      { amountCents: 700, remittance: 'Spende', accountServicerRef: null },
      { amountCents: 50, creditDebit: 'DBIT' },
    ],
  };
  const first = matchCredits(scheme, transactionsOf(spec), openItems, new Set());
  assert.deepEqual(outcomes(first), ['matched', 'matched', 'no-reference', 'ignored']);
  const imported = new Set(first.filter((d) => d.outcome !== 'ignored').map((d) => d.dedupKey));
  const again = matchCredits(scheme, transactionsOf(spec), openItems, imported);
  assert.deepEqual(outcomes(again), ['duplicate', 'duplicate', 'duplicate', 'ignored']);
  assert.ok(again.filter((d) => d.outcome === 'duplicate').every((d) => !d.review));
});

test('the same booking in a day statement and a later month statement has one identity', () => {
  const booking: Camt053EntrySpec = { amountCents: 1000, bookingDate: '2026-03-02', accountServicerRef: '2026030200415273', remittance: `KZ ${KZ_MELDE}` };
  const day = transactionsOf({ iban: STADTKASSE_IBAN, date: '2026-03-02', statementId: 'day', entries: [booking] });
  const month = transactionsOf({
    version: '02',
    iban: STADTKASSE_IBAN,
    date: '2026-03-31',
    statementId: 'month',
    messageId: 'other',
    entries: [{ amountCents: 300, bookingDate: '2026-03-01', remittance: 'x' }, booking],
  });
  assert.equal(dedupKeys(day)[0], dedupKeys(month)[1]);
  const [decision] = matchCredits(scheme, month.slice(1), openItems, new Set(dedupKeys(day)));
  assert.equal(decision?.outcome, 'duplicate');
});

test('the same bank reference twice in one upload counts once', () => {
  const entry: Camt053EntrySpec = { amountCents: 1000, accountServicerRef: 'REF-1', remittance: `KZ ${KZ_MELDE}` };
  assert.deepEqual(outcomes(matchCredits(scheme, credits(entry, entry), openItems, new Set())), ['matched', 'duplicate']);
});

test('two identical transfers without any reference are two payments, and stay so on re-upload', () => {
  const entry: Camt053EntrySpec = { amountCents: 500, accountServicerRef: null, remittance: `KZ ${KZ_MELDE}`, debtorIban: ERIKA };
  const first = matchCredits(scheme, credits(entry, entry), openItems, new Set());
  assert.deepEqual(outcomes(first), ['partial', 'matched']);
  assert.notEqual(first[0]?.dedupKey, first[1]?.dedupKey);
  const again = matchCredits(scheme, credits(entry, entry), openItems, new Set(first.map((d) => d.dedupKey)));
  assert.deepEqual(outcomes(again), ['duplicate', 'duplicate']);
});

test('a pending entry does not block the booked entry that follows under the same reference', () => {
  const pending: Camt053EntrySpec = { amountCents: 1000, status: 'PDNG', bookingDate: '2026-03-02', accountServicerRef: 'REF-7', remittance: `KZ ${KZ_MELDE}` };
  const earlier = matchCredits(scheme, credits(pending), openItems, new Set());
  assert.equal(earlier[0]?.outcome, 'ignored');
  const imported = new Set(earlier.filter((d) => d.outcome !== 'ignored').map((d) => d.dedupKey));
  assert.equal(matchCredits(scheme, credits({ ...pending, status: 'BOOK' }), openItems, imported)[0]?.outcome, 'matched');
});

test('batch transactions under one entry reference have distinct identities', () => {
  const transactions = credits({
    amountCents: 2000,
    accountServicerRef: 'BATCH-1',
    transactions: [{ amountCents: 1000, remittance: 'a' }, { amountCents: 1000, remittance: 'a' }],
  });
  const [a, b] = dedupKeys(transactions);
  assert.notEqual(a, b);
});

test('property: money is conserved and outcomes agree with the amounts', () => {
  const items = fc.uniqueArray(fc.nat(999_999), { minLength: 1, maxLength: 4 }).chain((sequences) =>
    fc.tuple(...sequences.map((sequence) => fc.record({
      kassenzeichen: fc.constant(formatKassenzeichen(scheme, 2026, sequence)),
      openCents: fc.integer({ min: 1, max: 100_000 }),
      paymentId: fc.constant(`pay-${sequence}`),
    }))),
  );
  fc.assert(
    fc.property(
      items,
      fc.array(fc.record({ item: fc.nat(), amountCents: fc.integer({ min: 1, max: 120_000 }), half: fc.boolean() }), { maxLength: 12 }),
      (open, transfers) => {
        const specs = transfers.map(({ item, amountCents, half }) => {
          const target = open[item % open.length]!;
          return { amountCents: half ? Math.max(1, Math.floor(target.openCents / 2)) : amountCents, remittance: `KZ ${target.kassenzeichen}` };
        });
        const decisions = matchCredits(scheme, specs.length ? credits(...specs) : [], open, new Set());
        for (const item of open) {
          const mine = decisions.filter((d) => 'paymentId' in d && d.paymentId === item.paymentId);
          const paid = mine.reduce((sum, d) => sum + d.transaction.amountCents, 0);
          const applied = mine.reduce((sum, d) => sum + ('appliedCents' in d ? d.appliedCents : 0), 0);
          assert.equal(applied, Math.min(paid, item.openCents));
          let remaining = item.openCents;
          for (const d of mine) {
            assert.ok('openBeforeCents' in d);
            assert.equal(d.openBeforeCents, remaining);
            const amount = d.transaction.amountCents;
            assert.equal(d.outcome, amount === remaining ? 'matched' : amount < remaining ? 'partial' : 'over');
            if (d.outcome === 'over') assert.equal(d.appliedCents + d.excessCents, amount);
            if (d.outcome === 'partial') assert.equal(d.remainingCents, remaining - amount);
            remaining -= d.appliedCents;
          }
        }
        assert.ok(decisions.every((d) => Number.isSafeInteger(d.transaction.amountCents)));
      },
    ),
    { numRuns: 300 },
  );
});
