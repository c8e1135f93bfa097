/**
 * A real SMTP server for tests (smtp-server), collecting what it receives,
 * plus just enough MIME handling to read the messages back without a parser.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ReceivedMessage[];
  stop(): Promise<void>;
}

export { freePort } from '../db/embedded.ts';

export async function startSmtpServer(options: { port?: number; rejectRecipients?: RegExp } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Its self-signed certificate would make nodemailer's opportunistic STARTTLS fail verification.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // nodemailer's pool keeps connections open; do not wait 30 s for them on stop.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        // Real servers (Postfix) quote the address in the reply, so tests can see where it ends up.
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          envelopeFrom: from ? from.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp test server has no port');
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/%/g, '%25').replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes);
    });
}

/** Splits an entity into its unfolded headers (lower-case names) and body. */
function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(entity);
  const head = match ? entity.slice(0, match.index) : entity;
  const body = match ? entity.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/**
 * The decoded part of this content type: walks multipart entities by their declared
 * boundary (a body line that merely starts with "--" is not a boundary).
 */
export function part(entity: string, contentType: 'text/plain' | 'text/html'): string | undefined {
  const { headers, body } = splitEntity(entity);
  const type = headers.get('content-type') ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) return undefined;
    const lines = body.split(/\r?\n/);
    const parts: string[][] = [];
    let current: string[] | null = null;
    for (const line of lines) {
      if (line === `--${boundary}` || line === `--${boundary}--`) {
        if (current) parts.push(current);
        current = line === `--${boundary}--` ? null : [];
        continue;
      }
      current?.push(line);
    }
    for (const lines of parts) {
      const text = part(lines.join('\r\n'), contentType);
      if (text !== undefined) return text;
    }
    return undefined;
  }
  return type.toLowerCase().startsWith(contentType) ? decodeBody(headers, body) : undefined;
}

/** A header of a raw message (unfolded, RFC 2047 words decoded). */
export function header(raw: string, name: string): string | undefined {
  const value = splitEntity(raw).headers.get(name.toLowerCase());
  return value === undefined ? undefined : decodeHeader(value);
}

