import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAmountCents, parseCamt053, statementTransactions, type Camt053Result, type StatementTransaction } from './camt053.ts';
import { buildCamt053, formatCents, germanIban, SPARKASSE_SAMPLE_08, STADTKASSE_IBAN, type Camt053BuildVersion } from '../../../test/support/camt053.ts';

/** The older layout (001.02, still delivered by some banks): Sts as text, Dbtr/Nm, BookgDt as DtTm, a prefixed namespace. */
const VOLKSBANK_02 = `<?xml version="1.0" encoding="UTF-8"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <ns2:BkToCstmrStmt>
    <ns2:GrpHdr><ns2:MsgId>VB-20260302-0001</ns2:MsgId><ns2:CreDtTm>2026-03-03T02:00:00</ns2:CreDtTm></ns2:GrpHdr>
    <ns2:Stmt>
      <ns2:Id>VB-20260302</ns2:Id>
      <ns2:CreDtTm>2026-03-03T02:00:00</ns2:CreDtTm>
      <ns2:Acct><ns2:Id><ns2:IBAN>DE26 1205 0555 1000 1234 56</ns2:IBAN></ns2:Id></ns2:Acct>
      <ns2:Ntry>
        <ns2:Amt Ccy="EUR">7.00</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Sts>BOOK</ns2:Sts>
        <ns2:BookgDt><ns2:DtTm>2026-03-02T09:30:00</ns2:DtTm></ns2:BookgDt>
        <ns2:ValDt><ns2:Dt>2026-03-02</ns2:Dt></ns2:ValDt>
        <ns2:NtryDtls>
          <ns2:TxDtls>
            <ns2:Refs><ns2:EndToEndId>E2E-77</ns2:EndToEndId></ns2:Refs>
            <ns2:RltdPties>
              <ns2:Dbtr><ns2:Nm>Erika Mustermann</ns2:Nm></ns2:Dbtr>
              <ns2:DbtrAcct><ns2:Id><ns2:IBAN>DE90430609678214790100</ns2:IBAN></ns2:Id></ns2:DbtrAcct>
            </ns2:RltdPties>
            <ns2:RmtInf><ns2:Ustrd>Parkausweis 51.2026.000009.9</ns2:Ustrd></ns2:RmtInf>
          </ns2:TxDtls>
        </ns2:NtryDtls>
      </ns2:Ntry>
      <ns2:Ntry>
        <ns2:Amt Ccy="EUR">3.10</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Sts>PDNG</ns2:Sts>
        <ns2:ValDt><ns2:Dt>2026-03-03</ns2:Dt></ns2:ValDt>
      </ns2:Ntry>
    </ns2:Stmt>
  </ns2:BkToCstmrStmt>
</ns2:Document>
`;

function parsed(result: Camt053Result) {
  if (!result.ok) assert.fail(`expected a statement, got ${result.error}: ${result.message}`);
  return result.statements;
}

function failure(result: Camt053Result) {
  if (result.ok) assert.fail('expected a failure');
  return result;
}

test('reads a Sparkasse day statement (001.08)', () => {
  const [statement, ...rest] = parsed(parseCamt053(SPARKASSE_SAMPLE_08));
  assert.equal(rest.length, 0);
  assert.ok(statement);
  assert.deepEqual(
    { ...statement, entries: statement.entries.length },
    {
      version: 'camt.053.001.08',
      messageId: 'camt53-2026-03-03-05.12.44.123456',
      id: '2026-03-03-05.12.44.123456',
      electronicSequenceNumber: '43',
      iban: 'DE26120505551000123456',
      accountCurrency: 'EUR',
      createdAt: '2026-03-03T05:12:44.0+01:00',
      entries: 5,
    },
  );
  const [transfer, batch, fee, reversal, structured] = statement.entries;
  assert.deepEqual(transfer, {
    amountCents: 3500,
    currency: 'EUR',
    creditDebit: 'CRDT',
    status: 'BOOK',
    reversal: false,
    bookingDate: '2026-03-02',
    valueDate: '2026-03-02',
    accountServicerRef: '2026030200415273',
    transactions: [
      {
        accountIban: 'DE26120505551000123456',
        amountCents: 3500,
        currency: 'EUR',
        creditDebit: 'CRDT',
        status: 'BOOK',
        reversal: false,
        bookingDate: '2026-03-02',
        valueDate: '2026-03-02',
        entryAccountServicerRef: '2026030200415273',
        index: 0,
        remittance: 'Meldebescheinigung Kassenzeichen 51.2026.\n000123.6 Erika Mustermann',
        creditorReferences: [],
        debtorName: 'Erika Mustermann',
        debtorIban: 'DE90430609678214790100',
      },
    ],
  });

  assert.equal(batch?.amountCents, 3250);
  assert.deepEqual(
    batch?.transactions.map(({ amountCents, accountServicerRef, endToEndId, debtorName, debtorIban, remittance, index }) => ({
      amountCents, accountServicerRef, endToEndId, debtorName, debtorIban, remittance, index,
    })),
    [
      {
        amountCents: 2000,
        accountServicerRef: '2026030200415274-1',
        endToEndId: 'RE-2026-0042',
        debtorName: 'Müller & Söhne GmbH',
        debtorIban: 'DE20701500000012345678',
        remittance: 'KZ 51 2026 000124 8 Gewerbeanmeldung',
        index: 0,
      },
      {
        amountCents: 1250,
        accountServicerRef: '2026030200415274-2',
        endToEndId: undefined,
        debtorName: 'Hans Beispiel',
        debtorIban: 'DE61760501010009876543',
        remittance: 'Kassenzeichen 5120260001257 <Fuehrungszeugnis>',
        index: 1,
      },
    ],
  );

  assert.equal(fee?.creditDebit, 'DBIT');
  assert.equal(fee?.valueDate, '2026-02-28');
  assert.equal(fee?.transactions.length, 1, 'an entry without TxDtls is still one transaction');
  assert.equal(fee?.transactions[0]?.remittance, '');

  assert.equal(reversal?.reversal, true);
  assert.equal(reversal?.transactions[0]?.endToEndId, 'LS-2026-02-0815');

  assert.equal(structured?.amountCents, 125050);
  assert.equal(structured?.bookingDate, '2026-03-02');
  assert.deepEqual(structured?.transactions[0]?.creditorReferences, ['51.2026.004711.0']);
  assert.equal(structured?.transactions[0]?.debtorName, 'Baufirma Beispiel GmbH & Co. KG');
});

test('reads the 001.02 layout with a prefixed namespace', () => {
  const [statement] = parsed(parseCamt053(VOLKSBANK_02));
  assert.equal(statement?.version, 'camt.053.001.02');
  assert.equal(statement?.iban, 'DE26120505551000123456', 'spaces in the IBAN are dropped');
  assert.equal(statement?.electronicSequenceNumber, undefined);
  const [booked, pending] = statement?.entries ?? [];
  assert.equal(booked?.status, 'BOOK');
  assert.equal(booked?.bookingDate, '2026-03-02');
  assert.equal(booked?.accountServicerRef, undefined);
  assert.equal(booked?.transactions[0]?.debtorName, 'Erika Mustermann');
  assert.equal(booked?.transactions[0]?.endToEndId, 'E2E-77');
  assert.equal(pending?.status, 'PDNG');
  assert.equal(pending?.bookingDate, undefined);
  assert.equal(pending?.valueDate, '2026-03-03');
});

test('statementTransactions lists every transaction in document order', () => {
  const transactions = statementTransactions(parsed(parseCamt053(SPARKASSE_SAMPLE_08)));
  assert.deepEqual(transactions.map((t) => t.amountCents), [3500, 2000, 1250, 1290, 100, 125050]);
});

test('the test builder produces statements the parser reads back, in all three versions', () => {
  const transaction = fc.record(
    {
      amountCents: fc.integer({ min: 1, max: 10_000_000 }),
      remittance: fc.array(fc.string({ minLength: 1, maxLength: 35 }).filter((line) => line.trim() === line && line !== ''), { maxLength: 4 }),
      debtorName: fc.string({ minLength: 1, maxLength: 70 }).filter((name) => name.trim() === name && name !== ''),
      debtorIban: fc.tuple(fc.stringMatching(/^\d{8}$/), fc.stringMatching(/^\d{10}$/)).map(([bank, account]) => germanIban(bank, account)),
    },
    { requiredKeys: ['amountCents'] },
  );
  const entry = fc.record({
    creditDebit: fc.constantFrom('CRDT' as const, 'DBIT' as const),
    status: fc.constantFrom('BOOK' as const, 'PDNG' as const),
    reversal: fc.boolean(),
    transactions: fc.array(transaction, { minLength: 1, maxLength: 3 }),
  });
  fc.assert(
    fc.property(fc.constantFrom<Camt053BuildVersion>('02', '04', '08'), fc.array(entry, { maxLength: 5 }), (version, entries) => {
      const specs = entries.map((e) => ({ ...e, amountCents: e.transactions.reduce((sum, t) => sum + t.amountCents, 0) }));
      const [statement] = parsed(parseCamt053(buildCamt053({ version, iban: STADTKASSE_IBAN, entries: specs })));
      assert.equal(statement?.version, `camt.053.001.${version}`);
      assert.equal(statement?.entries.length, specs.length);
      statement?.entries.forEach((read, index) => {
        const spec = specs[index]!;
        assert.equal(read.amountCents, spec.amountCents);
        assert.equal(read.creditDebit, spec.creditDebit);
        assert.equal(read.status, spec.status);
        assert.equal(read.reversal, spec.reversal);
        assert.deepEqual(
          read.transactions.map((t) => ({ amountCents: t.amountCents, remittance: t.remittance, debtor: t.creditDebit === 'CRDT' ? [t.debtorName, t.debtorIban] : [] })),
          spec.transactions.map((t) => ({
            amountCents: t.amountCents,
            remittance: (t.remittance ?? []).join('\n'),
            debtor: spec.creditDebit === 'CRDT' ? [t.debtorName, t.debtorIban] : [],
          })),
        );
      });
    }),
    { numRuns: 150 },
  );
});

test('amounts become exact integer cents', () => {
  const cases: [string, number | null][] = [
    ['0', 0], ['0.01', 1], ['0.1', 10], ['35', 3500], ['35.00', 3500], ['1250.5', 125050], ['12.500', 1250], ['00012.30', 1230],
    ['0.29', 29], ['1.15', 115], ['4.35', 435], ['90071992547409.91', 9007199254740991], ['90071992547409.92', null],
    ['12.345', null], ['1,00', null], ['-1.00', null], ['+1.00', null], ['1e3', null], ['', null], ['.5', null], ['5.', null], ['NaN', null],
  ];
  for (const [text, cents] of cases) assert.equal(parseAmountCents(text), cents, text);
});

test('property: cents survive decimal text of any form exactly', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.nat(3), (cents, extraZeros) => {
      const text = formatCents(cents);
      assert.equal(parseAmountCents(text), cents);
      assert.equal(parseAmountCents(`${text}${'0'.repeat(extraZeros)}`), cents);
      if (cents % 10 === 0) assert.equal(parseAmountCents(text.slice(0, -1)), cents);
    }),
    { numRuns: 5000 },
  );
});

test('a batch whose transaction amounts do not add up to the entry stays one transaction', () => {
  const xml = buildCamt053({
    iban: STADTKASSE_IBAN,
    entries: [{ amountCents: 5000, transactions: [{ amountCents: 2000, remittance: 'KZ A', debtorName: 'A' }, { amountCents: 2000, remittance: 'KZ B', debtorName: 'B' }] }],
  });
  const [transaction, ...more] = statementTransactions(parsed(parseCamt053(xml)));
  assert.equal(more.length, 0);
  assert.equal(transaction?.amountCents, 5000);
  assert.equal(transaction?.remittance, 'KZ A\nKZ B');
  assert.equal(transaction?.debtorName, undefined, 'different debtors are not merged into one');
});

test('a batch without per-transaction amounts stays one transaction for the whole entry', () => {
  const xml = SPARKASSE_SAMPLE_08.replace(/<AmtDtls><TxAmt><Amt Ccy="EUR">20\.00<\/Amt><\/TxAmt><\/AmtDtls>/, '');
  const batch = parsed(parseCamt053(xml))[0]?.entries[1];
  assert.equal(batch?.transactions.length, 1);
  assert.equal(batch?.transactions[0]?.amountCents, 3250);
  assert.equal(batch?.transactions[0]?.remittance, 'KZ 51 2026 000124 8 Gewerbeanmeldung\nKassenzeichen 5120260001257 <Fuehrungszeugnis>');
});

test('several statements in one document (two accounts)', () => {
  const second = germanIban('12050555', '1000987654');
  const xml = buildCamt053({
    iban: STADTKASSE_IBAN,
    entries: [{ amountCents: 100, remittance: 'a' }],
    moreStatements: [{ iban: second, statementId: 'second', entries: [{ amountCents: 200, remittance: 'b' }] }],
  });
  const statements = parsed(parseCamt053(xml));
  assert.deepEqual(statements.map((s) => [s.iban, s.entries[0]?.amountCents]), [[STADTKASSE_IBAN, 100], [second, 200]]);
  assert.deepEqual(statementTransactions(statements).map((t: StatementTransaction) => t.accountIban), [STADTKASSE_IBAN, second]);
});

test('bytes: UTF-8 with or without BOM, declared ISO-8859-1, and broken encodings', () => {
  const utf8 = Buffer.from(SPARKASSE_SAMPLE_08, 'utf8');
  assert.equal(parsed(parseCamt053(utf8))[0]?.entries.length, 5);
  assert.equal(parsed(parseCamt053(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])))[0]?.entries.length, 5);

  const latin1 = Buffer.from(
    SPARKASSE_SAMPLE_08.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('M&#252;ller &amp; S&#246;hne', 'Müller &amp; Söhne'),
    'latin1',
  );
  assert.equal(parsed(parseCamt053(latin1))[0]?.entries[1]?.transactions[0]?.debtorName, 'Müller & Söhne GmbH');

  const invalidUtf8 = Buffer.from(SPARKASSE_SAMPLE_08.replace('M&#252;ller', 'M\u00fcller'), 'latin1');
  assert.equal(failure(parseCamt053(invalidUtf8)).error, 'not-xml');
  assert.equal(failure(parseCamt053(Buffer.from(SPARKASSE_SAMPLE_08.replace('UTF-8', 'x-no-such-charset')))).error, 'not-xml');
});

test('documents with a DOCTYPE are refused: external entities (XXE) and entity bombs', () => {
  const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${SPARKASSE_SAMPLE_08.split('\n').slice(1).join('\n').replace('Erika Mustermann</Nm>', '&xxe;</Nm>')}`;
  const bomb = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ']>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&lol9;</Document>',
  ].join('\n');
  const lowercase = '<!doctype Document><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>';
  const entityOnly = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><![CDATA[x]]><!ENTITY a "b"></Document>`;
  for (const xml of [xxe, bomb, lowercase, entityOnly]) assert.equal(failure(parseCamt053(xml)).error, 'doctype-forbidden');
});

test('the size limit applies before parsing, to strings and bytes', () => {
  const limit = { maxBytes: 1000 };
  assert.equal(failure(parseCamt053(SPARKASSE_SAMPLE_08, limit)).error, 'too-large');
  assert.equal(failure(parseCamt053(Buffer.from(SPARKASSE_SAMPLE_08), limit)).error, 'too-large');
  // Multi-byte characters count as the bytes they take.
  assert.equal(failure(parseCamt053('ä'.repeat(600), limit)).error, 'too-large');
  assert.equal(parsed(parseCamt053(SPARKASSE_SAMPLE_08, { maxBytes: Buffer.byteLength(SPARKASSE_SAMPLE_08) })).length, 1);
  assert.equal(failure(parseCamt053(' '.repeat(21 * 1024 * 1024))).error, 'too-large', 'default limit 20 MiB');
});

test('malformed XML is an error, never an exception', () => {
  const inputs = [
    '',
    'Kontoauszug',
    '%PDF-1.7',
    '<Document',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt></Document>',
    SPARKASSE_SAMPLE_08.slice(0, SPARKASSE_SAMPLE_08.length / 2),
    SPARKASSE_SAMPLE_08.replace('&amp;', '&nbsp;'),
    SPARKASSE_SAMPLE_08.replace('<Ntry>', '<Ntry attr=1>'),
    `${SPARKASSE_SAMPLE_08}<Document/>`,
    '<a xmlns:x="urn:x"><y:b/></a>',
  ];
  for (const input of inputs) assert.equal(failure(parseCamt053(input)).error, 'not-xml', input.slice(0, 60));
});

test('property: arbitrary text, bytes and truncated statements never throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 300 })), (input) => {
      assert.equal(typeof parseCamt053(input).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.nat(SPARKASSE_SAMPLE_08.length), fc.nat(SPARKASSE_SAMPLE_08.length), (cut, insertAt) => {
      assert.equal(typeof parseCamt053(SPARKASSE_SAMPLE_08.slice(0, cut)).ok, 'boolean');
      assert.equal(typeof parseCamt053(`${SPARKASSE_SAMPLE_08.slice(0, insertAt)}<${SPARKASSE_SAMPLE_08.slice(insertAt)}`).ok, 'boolean');
    }),
    { numRuns: 200 },
  );
});

test('other documents are told apart by their namespace', () => {
  const as = (namespace: string) => SPARKASSE_SAMPLE_08.replace('urn:iso:std:iso:20022:tech:xsd:camt.053.001.08', namespace);
  const camt054 = failure(parseCamt053(as('urn:iso:std:iso:20022:tech:xsd:camt.054.001.08')));
  assert.equal(camt054.error, 'not-camt053');
  assert.match(camt054.message, /camt\.054\.001\.08/);
  assert.equal(failure(parseCamt053(as('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09'))).error, 'not-camt053');
  assert.equal(failure(parseCamt053(SPARKASSE_SAMPLE_08.replace(/ xmlns="[^"]*"/, ''))).error, 'not-camt053');
  assert.equal(failure(parseCamt053('<html><body>Online-Banking</body></html>')).error, 'not-camt053');
  for (const version of ['01', '03', '06', '07', '09', '13']) {
    const result = failure(parseCamt053(as(`urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`)));
    assert.equal(result.error, 'unsupported-version', version);
  }
  assert.equal(parsed(parseCamt053(as('urn:iso:std:iso:20022:tech:xsd:camt.053.001.04'))).length, 1);
});

test('a statement missing what matching needs is invalid, with a message saying where', () => {
  const broken: [string, RegExp][] = [
    [SPARKASSE_SAMPLE_08.replace('<Amt Ccy="EUR">35.00</Amt>', '<Amt Ccy="EUR">35,00</Amt>'), /Stmt 1, Ntry 1: "35,00"/],
    [SPARKASSE_SAMPLE_08.replace('<Amt Ccy="EUR">35.00</Amt>', '<Amt>35.00</Amt>'), /Ntry 1: the amount has no currency/],
    [SPARKASSE_SAMPLE_08.replace('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>SOLL</CdtDbtInd>'), /Ntry 3: CdtDbtInd "SOLL"/],
    [SPARKASSE_SAMPLE_08.replace('<IBAN>DE26120505551000123456</IBAN>', '<Othr><Id>1000123456</Id></Othr>'), /Stmt 1: the account has no IBAN/],
    [SPARKASSE_SAMPLE_08.replace('<Dt>2026-02-28</Dt>', '<Dt>28.02.2026</Dt>'), /Ntry 3: "28.02.2026" is not a date/],
    [SPARKASSE_SAMPLE_08.replace(/<Sts><Cd>BOOK<\/Cd><\/Sts>/, ''), /Ntry 1: Sts is missing/],
    [SPARKASSE_SAMPLE_08.replace(/<Stmt>[\s\S]*<\/Stmt>/, ''), /no statement/],
    [SPARKASSE_SAMPLE_08.replace(/<MsgId>[^<]*<\/MsgId>/, ''), /MsgId/],
    [SPARKASSE_SAMPLE_08.replace('<Amt Ccy="EUR">20.00</Amt>', '<Amt Ccy="EUR">20.001</Amt>'), /TxDtls 1: "20.001"/],
  ];
  for (const [xml, message] of broken) {
    const result = failure(parseCamt053(xml));
    assert.equal(result.error, 'invalid-statement');
    assert.match(result.message, message);
  }
});

test('unknown and foreign elements are skipped; odd names do no harm', () => {
  const withExtras = SPARKASSE_SAMPLE_08
    .replace('<Ntry>', '<Ntry><SplmtryData xmlns="urn:bank:extra"><Amt Ccy="EUR">999.99</Amt></SplmtryData><Wrapper><x><y/></x></Wrapper><__proto__>x</__proto__><constructor/>')
    .replace('<Ustrd>000123.6 Erika Mustermann</Ustrd>', '<Ustrd>000123.6 Erika Mustermann</Ustrd><toString/><hasOwnProperty>y</hasOwnProperty>');
  const [statement] = parsed(parseCamt053(withExtras));
  assert.equal(statement?.entries[0]?.amountCents, 3500);
  assert.equal(statement?.entries[0]?.transactions[0]?.remittance, 'Meldebescheinigung Kassenzeichen 51.2026.\n000123.6 Erika Mustermann');
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
});

test('deep nesting is refused quickly', () => {
  const nested = (depth: number) => `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</Document>`;
  assert.equal(failure(parseCamt053(nested(62))).error, 'invalid-statement');
  const started = performance.now();
  const result = failure(parseCamt053(nested(1_000_000)));
  assert.equal(result.error, 'not-camt053');
  assert.match(result.message, /nested more than 64 levels/);
  assert.ok(performance.now() - started < 2000, 'refused without walking a million levels');
});

test('a statement just under the 20 MiB default limit parses in reasonable time', () => {
  const entry = { amountCents: 3500, remittance: ['Meldebescheinigung Kassenzeichen 51.2026.000123.6', 'Erika Mustermann'], debtorName: 'Erika Mustermann', debtorIban: 'DE90430609678214790100' };
  const xml = buildCamt053({ iban: STADTKASSE_IBAN, entries: Array.from({ length: 13_000 }, () => entry) });
  assert.ok(Buffer.byteLength(xml) > 19_500_000, `built ${Buffer.byteLength(xml)} bytes`);
  const started = performance.now();
  const [statement] = parsed(parseCamt053(xml));
  assert.equal(statement?.entries.length, 13_000);
  assert.ok(performance.now() - started < 20_000);
});
