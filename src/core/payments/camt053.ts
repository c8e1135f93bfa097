/**
 * Reads bank account statements in ISO 20022 camt.053 (BankToCustomerStatement)
 * as German banks deliver them: versions 001.02, 001.04 and 001.08, told apart
 * by the namespace. Returns plain data for matching; never throws on input.
 *
 * Uploaded files are hostile until proven otherwise: a document with a DOCTYPE
 * is refused outright (no entity expansion, no external entities), the size is
 * capped before parsing, and only the elements we read are kept in memory, so
 * neither deep nesting nor millions of foreign elements can exhaust it.
 *
 * Amounts become integer cents straight from the decimal text, never through
 * floating point. Dates stay the strings the bank wrote (YYYY-MM-DD): they are
 * the bank's calendar days and must not shift with a time zone.
 */
import { SaxesParser } from 'saxes';

export type CamtVersion = 'camt.053.001.02' | 'camt.053.001.04' | 'camt.053.001.08';
export type CreditDebit = 'CRDT' | 'DBIT';

export interface Statement {
  version: CamtVersion;
  /** GrpHdr/MsgId. */
  messageId: string;
  /** Stmt/Id. */
  id: string;
  /** Stmt/ElctrncSeqNb: the bank's running number of electronic statements. */
  electronicSequenceNumber?: string;
  iban: string;
  /** Acct/Ccy when the bank names it. */
  accountCurrency?: string;
  /** Stmt/CreDtTm as written (ISO 8601 date-time). */
  createdAt: string;
  entries: StatementEntry[];
}

/** One booking line (Ntry). A batch booking holds several transactions. */
export interface StatementEntry {
  amountCents: number;
  currency: string;
  creditDebit: CreditDebit;
  /** BOOK, PDNG, INFO, … as the bank sent it (001.02: Sts text; 001.08: Sts/Cd). */
  status: string;
  reversal: boolean;
  bookingDate?: string;
  valueDate?: string;
  accountServicerRef?: string;
  transactions: StatementTransaction[];
}

/**
 * One transfer, carrying its entry's booking data so that matching needs
 * nothing else.
 */
export interface StatementTransaction {
  /** IBAN of the statement's account (ours). */
  accountIban: string;
  amountCents: number;
  currency: string;
  creditDebit: CreditDebit;
  status: string;
  reversal: boolean;
  bookingDate?: string;
  valueDate?: string;
  /** The bank's reference of the entry (Ntry/AcctSvcrRef). */
  entryAccountServicerRef?: string;
  /** The bank's reference of this transaction within a batch (TxDtls/Refs/AcctSvcrRef). */
  accountServicerRef?: string;
  /** Position within the entry, from 0. */
  index: number;
  /** Absent when the payer left it empty ("NOTPROVIDED"). */
  endToEndId?: string;
  /** All Ustrd lines, joined with line breaks. */
  remittance: string;
  /** Strd/CdtrRefInf/Ref values. */
  creditorReferences: string[];
  debtorName?: string;
  debtorIban?: string;
}

export type Camt053Error = 'too-large' | 'not-xml' | 'doctype-forbidden' | 'not-camt053' | 'unsupported-version' | 'invalid-statement';

export type Camt053Result =
  | { ok: true; statements: Statement[] }
  | { ok: false; error: Camt053Error; message: string };

export interface Camt053Options {
  /** Largest accepted document in bytes; default 20 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';
const SUPPORTED_VERSIONS: readonly string[] = ['camt.053.001.02', 'camt.053.001.04', 'camt.053.001.08'];
/** camt.053 nests about 15 levels deep; the parser's namespace lookup costs time per level. */
const MAX_DEPTH = 64;
/** Placeholders banks and payers use for "no reference". */
const NO_REFERENCE = new Set(['NOTPROVIDED', 'NONREF', 'NOREF']);

/**
 * The elements we read, as a tree of child names. Everything else is skipped
 * while parsing. Both layouts are listed where versions differ: Sts as text
 * (001.02/.04) or Sts/Cd (001.08), Dbtr/Nm or Dbtr/Pty/Nm.
 */
interface Shape {
  readonly [child: string]: Shape;
}
const LEAF: Shape = {};
const DATE: Shape = { Dt: LEAF, DtTm: LEAF };
const TRANSACTION: Shape = {
  Amt: LEAF,
  Refs: { EndToEndId: LEAF, AcctSvcrRef: LEAF },
  AmtDtls: { TxAmt: { Amt: LEAF } },
  RltdPties: { Dbtr: { Nm: LEAF, Pty: { Nm: LEAF } }, DbtrAcct: { Id: { IBAN: LEAF } } },
  RmtInf: { Ustrd: LEAF, Strd: { CdtrRefInf: { Ref: LEAF } } },
};
const DOCUMENT: Shape = {
  BkToCstmrStmt: {
    GrpHdr: { MsgId: LEAF },
    Stmt: {
      Id: LEAF,
      ElctrncSeqNb: LEAF,
      CreDtTm: LEAF,
      Acct: { Id: { IBAN: LEAF }, Ccy: LEAF },
      Ntry: {
        Amt: LEAF,
        CdtDbtInd: LEAF,
        RvslInd: LEAF,
        Sts: { Cd: LEAF },
        BookgDt: DATE,
        ValDt: DATE,
        AcctSvcrRef: LEAF,
        NtryDtls: { TxDtls: TRANSACTION },
      },
    },
  },
};

interface Element {
  name: string;
  shape: Shape;
  /** Only the Ccy attribute matters to us. */
  currency?: string;
  children: Element[];
  text: string;
}

class StatementError extends Error {}
class TooDeepError extends Error {}

export function parseCamt053(xml: string | Uint8Array, options: Camt053Options = {}): Camt053Result {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof xml === 'string' ? (xml.length > maxBytes ? xml.length : Buffer.byteLength(xml, 'utf8')) : xml.byteLength;
  if (size > maxBytes) return { ok: false, error: 'too-large', message: `The document is larger than ${maxBytes} bytes.` };
  const text = typeof xml === 'string' ? xml : decode(xml);
  if (text === null) return { ok: false, error: 'not-xml', message: 'The document is not valid text in its declared encoding.' };
  // A DTD is never part of camt.053; refusing it outright rules out XXE and entity bombs whatever the parser would do.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, error: 'doctype-forbidden', message: 'Documents with a DOCTYPE are not accepted.' };

  const parsed = readTree(text);
  if (!parsed.ok) return parsed;
  const { root, namespace } = parsed;
  if (root.name !== 'Document' || !namespace.startsWith(`${NAMESPACE_PREFIX}camt.053.`)) {
    const found = namespace.startsWith(NAMESPACE_PREFIX) ? namespace.slice(NAMESPACE_PREFIX.length) : `<${root.name}> in namespace "${namespace}"`;
    return { ok: false, error: 'not-camt053', message: `Expected a camt.053 document, found ${found}.` };
  }
  const version = namespace.slice(NAMESPACE_PREFIX.length);
  if (!isSupportedVersion(version)) {
    return { ok: false, error: 'unsupported-version', message: `${version} is not supported (supported: ${SUPPORTED_VERSIONS.join(', ')}).` };
  }
  try {
    return { ok: true, statements: readStatements(root, version) };
  } catch (error) {
    if (error instanceof StatementError) return { ok: false, error: 'invalid-statement', message: error.message };
    throw error;
  }
}

/** All transactions of all statements, in document order. */
export function statementTransactions(statements: readonly Statement[]): StatementTransaction[] {
  return statements.flatMap((statement) => statement.entries.flatMap((entry) => entry.transactions));
}

/** Decimal text as in ISO 20022 amounts ("1234.5", "0.01") to integer cents; null if not exact in cents or not a safe integer. */
export function parseAmountCents(text: string): number | null {
  const match = /^(\d{1,18})(?:\.(\d{1,5}))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  if (/[^0]/.test(fraction.slice(2))) return null;
  const cents = BigInt(match[1]!) * 100n + BigInt(fraction.slice(0, 2));
  return cents <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cents) : null;
}

function isSupportedVersion(version: string): version is CamtVersion {
  return SUPPORTED_VERSIONS.includes(version);
}

/** Bytes to text: BOM first, then the XML declaration's encoding, else strict UTF-8. */
function decode(bytes: Uint8Array): string | null {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^(?:\u00EF\u00BB\u00BF)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    if (declared && declared !== 'utf-8' && declared !== 'utf8') label = declared;
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

type TreeResult = { ok: true; root: Element; namespace: string } | { ok: false; error: 'not-xml' | 'not-camt053'; message: string };

/** Parses well-formed XML into the subset of elements listed in DOCUMENT. */
function readTree(text: string): TreeResult {
  // Without position tracking the parser runs twice as fast; error messages lose line and column.
  const parser = new SaxesParser({ xmlns: true, position: false });
  let root: Element | undefined;
  let namespace = '';
  const stack: Element[] = [];
  // Depth below the innermost kept element while inside elements we skip.
  let skipping = 0;
  let depth = 0;
  const appendText = (chunk: string): void => {
    const current = stack.at(-1);
    if (current && skipping === 0) current.text += chunk;
  };
  // Checked before the parser resolves namespaces, which walks up all open elements.
  parser.on('opentagstart', () => {
    if (++depth > MAX_DEPTH) throw new TooDeepError();
  });
  parser.on('opentag', (tag) => {
    if (!root) {
      namespace = tag.uri;
      root = { name: tag.local, shape: DOCUMENT, children: [], text: '' };
      stack.push(root);
      return;
    }
    const parent = stack.at(-1)!;
    if (skipping > 0 || tag.uri !== namespace || !Object.hasOwn(parent.shape, tag.local)) {
      skipping++;
      return;
    }
    const currency = Object.values(tag.attributes).find((attribute) => attribute.local === 'Ccy' && attribute.uri === '')?.value;
    const element: Element = { name: tag.local, shape: parent.shape[tag.local]!, children: [], text: '', ...(currency ? { currency } : {}) };
    parent.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    depth--;
    if (skipping > 0) skipping--;
    else stack.pop();
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof TooDeepError) return { ok: false, error: 'not-camt053', message: `Elements are nested more than ${MAX_DEPTH} levels deep.` };
    return { ok: false, error: 'not-xml', message: `The document is not well-formed XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!root) return { ok: false, error: 'not-xml', message: 'The document has no root element.' };
  return { ok: true, root, namespace };
}

function child(element: Element | undefined, ...path: string[]): Element | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((candidate) => candidate.name === name);
  return current;
}

function childrenNamed(element: Element | undefined, name: string): Element[] {
  return element ? element.children.filter((candidate) => candidate.name === name) : [];
}

function textAt(element: Element | undefined, ...path: string[]): string | undefined {
  const value = child(element, ...path)?.text.trim();
  return value ? value : undefined;
}

function referenceAt(element: Element | undefined, ...path: string[]): string | undefined {
  const value = textAt(element, ...path);
  return value && !NO_REFERENCE.has(value.toUpperCase()) ? value : undefined;
}

function dateAt(element: Element | undefined, where: string): string | undefined {
  const value = textAt(element, 'Dt') ?? textAt(element, 'DtTm');
  if (value === undefined) return undefined;
  const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value)?.[1];
  if (!date) throw new StatementError(`${where}: "${value}" is not a date.`);
  return date;
}

function amountAt(amount: Element | undefined, where: string): { cents: number; currency: string } {
  const text = amount?.text.trim();
  if (!amount || !text) throw new StatementError(`${where}: the amount is missing.`);
  const cents = parseAmountCents(text);
  if (cents === null) throw new StatementError(`${where}: "${text}" is not an amount in cents.`);
  if (!amount.currency || !/^[A-Z]{3}$/.test(amount.currency)) throw new StatementError(`${where}: the amount has no currency.`);
  return { cents, currency: amount.currency };
}

function readStatements(document: Element, version: CamtVersion): Statement[] {
  const message = child(document, 'BkToCstmrStmt');
  const messageId = textAt(message, 'GrpHdr', 'MsgId');
  if (!messageId) throw new StatementError('GrpHdr/MsgId is missing.');
  const statements = childrenNamed(message, 'Stmt');
  if (statements.length === 0) throw new StatementError('The document holds no statement (Stmt).');
  return statements.map((statement, index) => readStatement(statement, `Stmt ${index + 1}`, version, messageId));
}

function readStatement(statement: Element, where: string, version: CamtVersion, messageId: string): Statement {
  const id = textAt(statement, 'Id');
  const iban = textAt(statement, 'Acct', 'Id', 'IBAN')?.replace(/\s+/g, '').toUpperCase();
  const createdAt = textAt(statement, 'CreDtTm');
  if (!id) throw new StatementError(`${where}: Id is missing.`);
  if (!iban) throw new StatementError(`${where}: the account has no IBAN.`);
  if (!createdAt) throw new StatementError(`${where}: CreDtTm is missing.`);
  const electronicSequenceNumber = textAt(statement, 'ElctrncSeqNb');
  const accountCurrency = textAt(statement, 'Acct', 'Ccy');
  return {
    version,
    messageId,
    id,
    ...(electronicSequenceNumber ? { electronicSequenceNumber } : {}),
    iban,
    ...(accountCurrency ? { accountCurrency } : {}),
    createdAt,
    entries: childrenNamed(statement, 'Ntry').map((entry, index) => readEntry(entry, `${where}, Ntry ${index + 1}`, iban)),
  };
}

function readEntry(entry: Element, where: string, accountIban: string): StatementEntry {
  const { cents, currency } = amountAt(child(entry, 'Amt'), where);
  const indicator = textAt(entry, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') throw new StatementError(`${where}: CdtDbtInd "${indicator ?? ''}" is neither CRDT nor DBIT.`);
  const status = (textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts'))?.toUpperCase();
  if (!status) throw new StatementError(`${where}: Sts is missing.`);
  const bookingDate = dateAt(child(entry, 'BookgDt'), where);
  const valueDate = dateAt(child(entry, 'ValDt'), where);
  const accountServicerRef = referenceAt(entry, 'AcctSvcrRef');
  const fields = {
    amountCents: cents,
    currency,
    creditDebit: indicator,
    status,
    reversal: textAt(entry, 'RvslInd') === 'true',
    ...(bookingDate ? { bookingDate } : {}),
    ...(valueDate ? { valueDate } : {}),
  } as const;
  const details = childrenNamed(entry, 'NtryDtls').flatMap((group) => childrenNamed(group, 'TxDtls'));
  const transactions = transactionsOf(details, fields, where).map((transaction, index) => ({
    accountIban,
    ...fields,
    ...(accountServicerRef ? { entryAccountServicerRef: accountServicerRef } : {}),
    ...transaction,
    index,
  }));
  return { ...fields, ...(accountServicerRef ? { accountServicerRef } : {}), transactions };
}

type TransactionPart = Omit<StatementTransaction, 'accountIban' | 'currency' | 'creditDebit' | 'status' | 'reversal' | 'bookingDate' | 'valueDate' | 'entryAccountServicerRef' | 'index'>;

/**
 * The transactions of an entry. A batch gets one per TxDtls only when each
 * names its own amount in the entry's currency and they add up to the entry;
 * otherwise the entry stays one transaction with all details merged, so that
 * matching hands it to a person instead of guessing the split.
 */
function transactionsOf(details: Element[], booking: { amountCents: number; currency: string }, where: string): TransactionPart[] {
  if (details.length <= 1) return [{ ...transactionDetails(details[0]), amountCents: booking.amountCents }];
  const amounts = details.map((detail, index) => {
    const amount = child(detail, 'AmtDtls', 'TxAmt', 'Amt') ?? child(detail, 'Amt');
    return amount ? amountAt(amount, `${where}, TxDtls ${index + 1}`) : undefined;
  });
  const split = amounts.every((amount) => amount?.currency === booking.currency)
    && amounts.reduce((sum, amount) => sum + (amount?.cents ?? 0), 0) === booking.amountCents;
  if (split) return details.map((detail, index) => ({ ...transactionDetails(detail), amountCents: amounts[index]!.cents }));
  const parts = details.map(transactionDetails);
  const debtorNames = new Set(parts.map((part) => part.debtorName));
  const debtorIbans = new Set(parts.map((part) => part.debtorIban));
  const [debtorName] = debtorNames;
  const [debtorIban] = debtorIbans;
  return [{
    amountCents: booking.amountCents,
    remittance: parts.map((part) => part.remittance).filter(Boolean).join('\n'),
    creditorReferences: parts.flatMap((part) => part.creditorReferences),
    ...(debtorNames.size === 1 && debtorName ? { debtorName } : {}),
    ...(debtorIbans.size === 1 && debtorIban ? { debtorIban } : {}),
  }];
}

function transactionDetails(detail: Element | undefined): Omit<TransactionPart, 'amountCents'> {
  const endToEndId = referenceAt(detail, 'Refs', 'EndToEndId');
  const accountServicerRef = referenceAt(detail, 'Refs', 'AcctSvcrRef');
  const remittanceInformation = child(detail, 'RmtInf');
  const debtor = child(detail, 'RltdPties', 'Dbtr');
  const debtorName = textAt(debtor, 'Nm') ?? textAt(debtor, 'Pty', 'Nm');
  const debtorIban = textAt(detail, 'RltdPties', 'DbtrAcct', 'Id', 'IBAN')?.replace(/\s+/g, '').toUpperCase();
  return {
    ...(endToEndId ? { endToEndId } : {}),
    ...(accountServicerRef ? { accountServicerRef } : {}),
    remittance: childrenNamed(remittanceInformation, 'Ustrd').map((line) => line.text.trim()).filter(Boolean).join('\n'),
    creditorReferences: childrenNamed(remittanceInformation, 'Strd').flatMap((structured) => {
      const reference = textAt(structured, 'CdtrRefInf', 'Ref');
      return reference ? [reference] : [];
    }),
    ...(debtorName ? { debtorName } : {}),
    ...(debtorIban ? { debtorIban } : {}),
  };
}
