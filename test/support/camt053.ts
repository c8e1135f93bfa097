/**
 * Builds camt.053 bank statements for tests, shaped like the files German
 * savings banks deliver (group header with pagination, balances, transaction
 * summary, DK bank transaction codes, debtor agent, AddtlNtryInf booking text).
 * Versions 001.02, 001.04 and 001.08 differ where the real ones do: Sts as
 * text or Sts/Cd, Dbtr/Nm or Dbtr/Pty/Nm, BIC or BICFI, TxDtls/Amt from .04.
 *
 *   buildCamt053({ iban: STADTKASSE_IBAN, entries: [{ amountCents: 3500, remittance: 'KZ 51.2026.000123.6', debtorName: 'Erika Mustermann' }] })
 *
 * SPARKASSE_SAMPLE_08 (at the end) is a hand-written day statement, independent
 * of the builder, for tests that want a fixed realistic file.
 */
import { createHash } from 'node:crypto';

export type Camt053BuildVersion = '02' | '04' | '08';

export interface Camt053TransactionSpec {
  /** Required for every transaction of a batch; a single transaction takes the entry's amount. */
  amountCents?: number;
  /** One string is one Ustrd line; an array gives one Ustrd per element. */
  remittance?: string | string[];
  /** Strd/CdtrRefInf/Ref, e.g. an RF creditor reference. */
  creditorReference?: string;
  /** Default NOTPROVIDED, as most banking apps send it. */
  endToEndId?: string;
  /** TxDtls/Refs/AcctSvcrRef (batches). */
  accountServicerRef?: string;
  debtorName?: string;
  debtorIban?: string;
  debtorBic?: string;
}

export interface Camt053EntrySpec {
  amountCents: number;
  creditDebit?: 'CRDT' | 'DBIT';
  status?: 'BOOK' | 'PDNG' | 'INFO';
  reversal?: boolean;
  /** Default: the statement date. */
  bookingDate?: string;
  valueDate?: string;
  /** Ntry/AcctSvcrRef; default derived from the entry's content, `null` leaves it out. */
  accountServicerRef?: string | null;
  /** AddtlNtryInf; default the usual booking text for a transfer or fee. */
  bookingText?: string;
  /** Several for a batch booking (Sammelbuchung); default one built from the fields below. */
  transactions?: Camt053TransactionSpec[];
  /** Without TxDtls (some banks book fees so). */
  withoutDetails?: boolean;
  remittance?: string | string[];
  creditorReference?: string;
  endToEndId?: string;
  debtorName?: string;
  debtorIban?: string;
  debtorBic?: string;
}

export interface Camt053StatementSpec {
  iban: string;
  ownerName?: string;
  bankName?: string;
  bankBic?: string;
  /** The statement's business day, YYYY-MM-DD; default 2026-03-02. */
  date?: string;
  statementId?: string;
  sequenceNumber?: number;
  /** Booked balance before the statement; may be negative. Default 0. */
  openingBalanceCents?: number;
  entries: Camt053EntrySpec[];
}

export interface Camt053Spec extends Camt053StatementSpec {
  /** Default '08', what German banks deliver since November 2023. */
  version?: Camt053BuildVersion;
  messageId?: string;
  /** GrpHdr and Stmt CreDtTm; default early morning of the day after the statement date. */
  createdAt?: string;
  /** Further statements in the same document (e.g. a second account). */
  moreStatements?: Camt053StatementSpec[];
}

/** A German IBAN with correct check digits for a Bankleitzahl and account number. */
export function germanIban(bankCode: string, accountNumber: string): string {
  if (!/^\d{8}$/.test(bankCode) || !/^\d{1,10}$/.test(accountNumber)) throw new Error('Bankleitzahl has 8 digits, account number up to 10');
  const bban = bankCode + accountNumber.padStart(10, '0');
  // "DE" is 13 14 when letters count from A = 10; check digits make the whole ≡ 1 (mod 97).
  const check = 98n - (BigInt(`${bban}131400`) % 97n);
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

/** The account of the fictional Stadtkasse Musterstadt at the fictional Sparkasse Musterstadt (BLZ 12050555). */
export const STADTKASSE_IBAN = germanIban('12050555', '1000123456');
export const SPARKASSE_BIC = 'SPMUDE21XXX';

export function formatCents(cents: number): string {
  const absolute = Math.abs(cents);
  return `${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

export function buildCamt053(spec: Camt053Spec): string {
  const version = spec.version ?? '08';
  const date = spec.date ?? '2026-03-02';
  const createdAt = spec.createdAt ?? `${shiftDay(date, 1)}T05:12:44.0+01:00`;
  const messageId = spec.messageId ?? `CAMT053${date.replaceAll('-', '')}${digest(spec.iban).slice(0, 12).toUpperCase()}`;
  const statements = [spec, ...(spec.moreStatements ?? [])].map((statement) => statementXml(version, statement, createdAt));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version} camt.053.001.${version}.xsd">`,
    '  <BkToCstmrStmt>',
    '    <GrpHdr>',
    `      <MsgId>${escape(messageId)}</MsgId>`,
    `      <CreDtTm>${escape(createdAt)}</CreDtTm>`,
    '      <MsgPgntn>',
    '        <PgNb>1</PgNb>',
    '        <LastPgInd>true</LastPgInd>',
    '      </MsgPgntn>',
    '    </GrpHdr>',
    ...statements,
    '  </BkToCstmrStmt>',
    '</Document>',
    '',
  ].join('\n');
}

function statementXml(version: Camt053BuildVersion, statement: Camt053StatementSpec, createdAt: string): string {
  const date = statement.date ?? '2026-03-02';
  const sequenceNumber = statement.sequenceNumber ?? 1;
  const statementId = statement.statementId ?? `${date.slice(0, 4)}-${String(sequenceNumber).padStart(5, '0')}-${statement.iban.slice(-10)}`;
  const bic = version === '02' ? 'BIC' : 'BICFI';
  const opening = statement.openingBalanceCents ?? 0;
  const booked = statement.entries.filter((entry) => (entry.status ?? 'BOOK') === 'BOOK');
  const signed = (entry: Camt053EntrySpec): number => ((entry.creditDebit ?? 'CRDT') === 'CRDT' ? entry.amountCents : -entry.amountCents);
  const closing = opening + booked.reduce((sum, entry) => sum + signed(entry), 0);
  const credits = booked.filter((entry) => (entry.creditDebit ?? 'CRDT') === 'CRDT');
  const debits = booked.filter((entry) => entry.creditDebit === 'DBIT');
  const total = (entries: Camt053EntrySpec[]): number => entries.reduce((sum, entry) => sum + entry.amountCents, 0);
  return [
    '    <Stmt>',
    `      <Id>${escape(statementId)}</Id>`,
    `      <ElctrncSeqNb>${sequenceNumber}</ElctrncSeqNb>`,
    `      <CreDtTm>${escape(createdAt)}</CreDtTm>`,
    '      <FrToDt>',
    `        <FrDtTm>${date}T00:00:00.0+01:00</FrDtTm>`,
    `        <ToDtTm>${date}T23:59:59.9+01:00</ToDtTm>`,
    '      </FrToDt>',
    '      <Acct>',
    `        <Id><IBAN>${escape(statement.iban)}</IBAN></Id>`,
    '        <Ccy>EUR</Ccy>',
    `        <Ownr><Nm>${escape(statement.ownerName ?? 'Stadt Musterstadt Stadtkasse')}</Nm></Ownr>`,
    '        <Svcr>',
    '          <FinInstnId>',
    `            <${bic}>${escape(statement.bankBic ?? SPARKASSE_BIC)}</${bic}>`,
    `            <Nm>${escape(statement.bankName ?? 'Sparkasse Musterstadt')}</Nm>`,
    '          </FinInstnId>',
    '        </Svcr>',
    '      </Acct>',
    balanceXml('PRCD', opening, shiftDay(date, -1)),
    balanceXml('CLBD', closing, date),
    '      <TxsSummry>',
    `        <TtlNtries><NbOfNtries>${booked.length}</NbOfNtries></TtlNtries>`,
    `        <TtlCdtNtries><NbOfNtries>${credits.length}</NbOfNtries><Sum>${formatCents(total(credits))}</Sum></TtlCdtNtries>`,
    `        <TtlDbtNtries><NbOfNtries>${debits.length}</NbOfNtries><Sum>${formatCents(total(debits))}</Sum></TtlDbtNtries>`,
    '      </TxsSummry>',
    ...statement.entries.map((entry, index) => entryXml(version, entry, date, `${statementId}/${index}`, statement)),
    '    </Stmt>',
  ].join('\n');
}

function balanceXml(type: 'PRCD' | 'CLBD', cents: number, date: string): string {
  return [
    '      <Bal>',
    `        <Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp>`,
    `        <Amt Ccy="EUR">${formatCents(cents)}</Amt>`,
    `        <CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd>`,
    `        <Dt><Dt>${date}</Dt></Dt>`,
    '      </Bal>',
  ].join('\n');
}

function entryXml(version: Camt053BuildVersion, entry: Camt053EntrySpec, statementDate: string, seed: string, statement: Camt053StatementSpec): string {
  const creditDebit = entry.creditDebit ?? 'CRDT';
  const status = entry.status ?? 'BOOK';
  const bookingDate = entry.bookingDate ?? statementDate;
  const accountServicerRef = entry.accountServicerRef === undefined ? defaultServicerRef(bookingDate, seed, entry) : entry.accountServicerRef;
  const transactions = entry.withoutDetails ? [] : (entry.transactions ?? [singleTransaction(entry)]);
  const isFee = creditDebit === 'DBIT' && !entry.transactions && !entry.remittance;
  const code = isFee
    ? { domain: 'ACMT', family: 'MDOP', sub: 'CHRG', proprietary: 'NCHG+805+000' }
    : creditDebit === 'CRDT'
      ? { domain: 'PMNT', family: 'RCDT', sub: 'ESCT', proprietary: 'NTRF+166+9310' }
      : { domain: 'PMNT', family: 'ICDT', sub: 'ESCT', proprietary: 'NTRF+116+9310' };
  const bookingText = entry.bookingText ?? (isFee ? 'ABSCHLUSS' : creditDebit === 'CRDT' ? 'GUTSCHR. UEBERWEISUNG' : 'UEBERWEISUNG');
  return [
    '      <Ntry>',
    `        <Amt Ccy="EUR">${formatCents(entry.amountCents)}</Amt>`,
    `        <CdtDbtInd>${creditDebit}</CdtDbtInd>`,
    ...(entry.reversal ? ['        <RvslInd>true</RvslInd>'] : []),
    version === '08' ? `        <Sts><Cd>${status}</Cd></Sts>` : `        <Sts>${status}</Sts>`,
    ...(status === 'BOOK' || entry.bookingDate ? [`        <BookgDt><Dt>${bookingDate}</Dt></BookgDt>`] : []),
    `        <ValDt><Dt>${entry.valueDate ?? bookingDate}</Dt></ValDt>`,
    ...(accountServicerRef ? [`        <AcctSvcrRef>${escape(accountServicerRef)}</AcctSvcrRef>`] : []),
    bankTransactionCodeXml(code, '        '),
    ...(transactions.length > 0
      ? [
          '        <NtryDtls>',
          ...(transactions.length > 1
            ? [`          <Btch><NbOfTxs>${transactions.length}</NbOfTxs><TtlAmt Ccy="EUR">${formatCents(entry.amountCents)}</TtlAmt><CdtDbtInd>${creditDebit}</CdtDbtInd></Btch>`]
            : []),
          ...transactions.map((transaction) => transactionXml(version, transaction, entry, creditDebit, code, statement)),
          '        </NtryDtls>',
        ]
      : []),
    `        <AddtlNtryInf>${escape(bookingText)}</AddtlNtryInf>`,
    '      </Ntry>',
  ].join('\n');
}

function singleTransaction(entry: Camt053EntrySpec): Camt053TransactionSpec {
  const { remittance, creditorReference, endToEndId, debtorName, debtorIban, debtorBic } = entry;
  return { amountCents: entry.amountCents, remittance, creditorReference, endToEndId, debtorName, debtorIban, debtorBic };
}

interface BankTransactionCode {
  domain: string;
  family: string;
  sub: string;
  proprietary: string;
}

function bankTransactionCodeXml(code: BankTransactionCode, indent: string): string {
  return [
    `${indent}<BkTxCd>`,
    `${indent}  <Domn><Cd>${code.domain}</Cd><Fmly><Cd>${code.family}</Cd><SubFmlyCd>${code.sub}</SubFmlyCd></Fmly></Domn>`,
    `${indent}  <Prtry><Cd>${code.proprietary}</Cd><Issr>DK</Issr></Prtry>`,
    `${indent}</BkTxCd>`,
  ].join('\n');
}

function transactionXml(
  version: Camt053BuildVersion,
  transaction: Camt053TransactionSpec,
  entry: Camt053EntrySpec,
  creditDebit: 'CRDT' | 'DBIT',
  code: BankTransactionCode,
  statement: Camt053StatementSpec,
): string {
  const amountCents = transaction.amountCents ?? entry.amountCents;
  const bic = version === '02' ? 'BIC' : 'BICFI';
  const party = (name: string): string => (version === '08' ? `<Pty><Nm>${escape(name)}</Nm></Pty>` : `<Nm>${escape(name)}</Nm>`);
  const lines = transaction.remittance === undefined ? [] : Array.isArray(transaction.remittance) ? transaction.remittance : [transaction.remittance];
  // Incoming: the citizen is the debtor, we are the creditor; outgoing the other way round.
  const counterparty = {
    name: transaction.debtorName,
    iban: transaction.debtorIban,
    bic: transaction.debtorBic,
  };
  const owner = { name: statement.ownerName ?? 'Stadt Musterstadt Stadtkasse', iban: statement.iban };
  const debtor = creditDebit === 'CRDT' ? counterparty : owner;
  const creditor = creditDebit === 'CRDT' ? owner : counterparty;
  return [
    '          <TxDtls>',
    '            <Refs>',
    ...(transaction.accountServicerRef ? [`              <AcctSvcrRef>${escape(transaction.accountServicerRef)}</AcctSvcrRef>`] : []),
    `              <EndToEndId>${escape(transaction.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
    '            </Refs>',
    ...(version === '02'
      ? []
      : [`            <Amt Ccy="EUR">${formatCents(amountCents)}</Amt>`, `            <CdtDbtInd>${creditDebit}</CdtDbtInd>`]),
    `            <AmtDtls><TxAmt><Amt Ccy="EUR">${formatCents(amountCents)}</Amt></TxAmt></AmtDtls>`,
    bankTransactionCodeXml(code, '            '),
    '            <RltdPties>',
    ...(debtor.name ? [`              <Dbtr>${party(debtor.name)}</Dbtr>`] : []),
    ...(debtor.iban ? [`              <DbtrAcct><Id><IBAN>${escape(debtor.iban)}</IBAN></Id></DbtrAcct>`] : []),
    ...(creditor.name ? [`              <Cdtr>${party(creditor.name)}</Cdtr>`] : []),
    ...(creditor.iban ? [`              <CdtrAcct><Id><IBAN>${escape(creditor.iban)}</IBAN></Id></CdtrAcct>`] : []),
    '            </RltdPties>',
    ...(counterparty.bic
      ? [`            <RltdAgts><${creditDebit === 'CRDT' ? 'DbtrAgt' : 'CdtrAgt'}><FinInstnId><${bic}>${escape(counterparty.bic)}</${bic}></FinInstnId></${creditDebit === 'CRDT' ? 'DbtrAgt' : 'CdtrAgt'}></RltdAgts>`]
      : []),
    ...(lines.length > 0 || transaction.creditorReference
      ? [
          '            <RmtInf>',
          ...lines.map((line) => `              <Ustrd>${escape(line)}</Ustrd>`),
          ...(transaction.creditorReference
            ? [`              <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${escape(transaction.creditorReference)}</Ref></CdtrRefInf></Strd>`]
            : []),
          '            </RmtInf>',
        ]
      : []),
    '          </TxDtls>',
  ].join('\n');
}

/** Deterministic but content-dependent, so that two different built statements do not share bank references by accident. */
function defaultServicerRef(bookingDate: string, seed: string, entry: Camt053EntrySpec): string {
  const digits = BigInt(`0x${digest(JSON.stringify([seed, entry])).slice(0, 12)}`).toString().padStart(15, '0').slice(-8);
  return `${bookingDate.replaceAll('-', '')}${digits}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function shiftDay(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * A day statement as a Sparkasse delivers it since the switch to 001.08
 * (fictional bank, people and accounts; IBAN check digits are real): a
 * transfer whose Verwendungszweck the bank split over two Ustrd lines, a
 * batch credit (Sammelgutschrift) of two transfers, the account fee, a
 * reversed direct debit and a transfer with a structured creditor reference.
 * Kassenzeichen scheme: prefix 51 (51.2026.000123.6, …124.8, …125.7, …004711.0).
 */
export const SPARKASSE_SAMPLE_08 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08 camt.053.001.08.xsd">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>camt53-2026-03-03-05.12.44.123456</MsgId>
      <CreDtTm>2026-03-03T05:12:44.0+01:00</CreDtTm>
      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>
    </GrpHdr>
    <Stmt>
      <Id>2026-03-03-05.12.44.123456</Id>
      <ElctrncSeqNb>43</ElctrncSeqNb>
      <LglSeqNb>43</LglSeqNb>
      <CreDtTm>2026-03-03T05:12:44.0+01:00</CreDtTm>
      <FrToDt>
        <FrDtTm>2026-03-02T00:00:00.0+01:00</FrDtTm>
        <ToDtTm>2026-03-02T23:59:59.9+01:00</ToDtTm>
      </FrToDt>
      <Acct>
        <Id><IBAN>DE26120505551000123456</IBAN></Id>
        <Ccy>EUR</Ccy>
        <Ownr><Nm>Stadt Musterstadt Stadtkasse</Nm></Ownr>
        <Svcr><FinInstnId><BICFI>SPMUDE21XXX</BICFI><Nm>Sparkasse Musterstadt</Nm></FinInstnId></Svcr>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">152340.17</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-03-01</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">153646.27</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-03-02</Dt></Dt>
      </Bal>
      <TxsSummry>
        <TtlNtries><NbOfNtries>5</NbOfNtries></TtlNtries>
        <TtlCdtNtries><NbOfNtries>4</NbOfNtries><Sum>1319.00</Sum></TtlCdtNtries>
        <TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>12.90</Sum></TtlDbtNtries>
      </TxsSummry>
      <Ntry>
        <Amt Ccy="EUR">35.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt>
        <ValDt><Dt>2026-03-02</Dt></ValDt>
        <AcctSvcrRef>2026030200415273</AcctSvcrRef>
        <BkTxCd>
          <Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>
          <Prtry><Cd>NTRF+166+9310</Cd><Issr>DK</Issr></Prtry>
        </BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <Amt Ccy="EUR">35.00</Amt>
            <CdtDbtInd>CRDT</CdtDbtInd>
            <AmtDtls><TxAmt><Amt Ccy="EUR">35.00</Amt></TxAmt></AmtDtls>
            <BkTxCd><Prtry><Cd>NTRF+166+9310</Cd><Issr>DK</Issr></Prtry></BkTxCd>
            <RltdPties>
              <Dbtr><Pty><Nm>Erika Mustermann</Nm></Pty></Dbtr>
              <DbtrAcct><Id><IBAN>DE90430609678214790100</IBAN></Id></DbtrAcct>
              <Cdtr><Pty><Nm>Stadt Musterstadt Stadtkasse</Nm></Pty></Cdtr>
              <CdtrAcct><Id><IBAN>DE26120505551000123456</IBAN></Id></CdtrAcct>
            </RltdPties>
            <RltdAgts><DbtrAgt><FinInstnId><BICFI>GENODEM1XXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>
            <RmtInf>
              <Ustrd>Meldebescheinigung Kassenzeichen 51.2026.</Ustrd>
              <Ustrd>000123.6 Erika Mustermann</Ustrd>
            </RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>GUTSCHR. UEBERWEISUNG</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">32.50</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt>
        <ValDt><Dt>2026-03-02</Dt></ValDt>
        <AcctSvcrRef>2026030200415274</AcctSvcrRef>
        <BkTxCd>
          <Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>
          <Prtry><Cd>NTRF+166+9310</Cd><Issr>DK</Issr></Prtry>
        </BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="EUR">32.50</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>
          <TxDtls>
            <Refs><AcctSvcrRef>2026030200415274-1</AcctSvcrRef><EndToEndId>RE-2026-0042</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">20.00</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Pty><Nm>M&#252;ller &amp; S&#246;hne GmbH</Nm></Pty></Dbtr>
              <DbtrAcct><Id><IBAN>DE20701500000012345678</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Ustrd>KZ 51 2026 000124 8 Gewerbeanmeldung</Ustrd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>2026030200415274-2</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">12.50</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Pty><Nm>Hans Beispiel</Nm></Pty></Dbtr>
              <DbtrAcct><Id><IBAN>DE61760501010009876543</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Ustrd><![CDATA[Kassenzeichen 5120260001257 <Fuehrungszeugnis>]]></Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>SAMMEL-GUTSCHRIFT</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">12.90</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt>
        <ValDt><Dt>2026-02-28</Dt></ValDt>
        <AcctSvcrRef>2026030200000001</AcctSvcrRef>
        <BkTxCd>
          <Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn>
          <Prtry><Cd>NCHG+805+000</Cd><Issr>DK</Issr></Prtry>
        </BkTxCd>
        <AddtlNtryInf>ABSCHLUSS</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <RvslInd>true</RvslInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt>
        <ValDt><Dt>2026-03-02</Dt></ValDt>
        <AcctSvcrRef>2026030200415275</AcctSvcrRef>
        <BkTxCd>
          <Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn>
          <Prtry><Cd>NRTI+109+9310+901</Cd><Issr>DK</Issr></Prtry>
        </BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>LS-2026-02-0815</EndToEndId></Refs></TxDtls></NtryDtls>
        <AddtlNtryInf>RUECKLASTSCHRIFT</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1250.5</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><DtTm>2026-03-02T14:03:11.0+01:00</DtTm></BookgDt>
        <ValDt><Dt>2026-03-02</Dt></ValDt>
        <AcctSvcrRef>2026030200415276</AcctSvcrRef>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>BAU-4711</EndToEndId></Refs>
            <RltdPties>
              <Dbtr><Pty><Nm>Baufirma Beispiel GmbH &amp; Co. KG</Nm></Pty></Dbtr>
              <DbtrAcct><Id><IBAN>DE28100100100555000777</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>51.2026.004711.0</Ref></CdtrRefInf></Strd></RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>GUTSCHR. UEBERWEISUNG</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
