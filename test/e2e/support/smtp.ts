/**
 * A real SMTP server the app delivers to, with the received mails decoded
 * just enough to read subject and plain text (no MIME parser installed).
 */
import { startSmtpServer, type ReceivedMessage } from '../../../src/core/mail/smtp-test-server.ts';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface TestMailbox {
  /** smtp://127.0.0.1:<port>, for the server's SMTP_URL. */
  url: string;
  messages(): Mail[];
  /** Resolves with the first mail matching, polling until `timeoutMs`. */
  waitFor(predicate: (mail: Mail) => boolean, timeoutMs?: number): Promise<Mail>;
  stop(): Promise<void>;
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
 * The decoded text/plain part: walks multipart entities by their declared
 * boundary (a body line that merely starts with "--" is not a boundary).
 */
export function plainText(entity: string): string | undefined {
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
    for (const part of parts) {
      const text = plainText(part.join('\r\n'));
      if (text !== undefined) return text;
    }
    return undefined;
  }
  return /^text\/plain/i.test(type) ? decodeBody(headers, body) : undefined;
}

function toMail(message: ReceivedMessage): Mail {
  const { headers } = splitEntity(message.raw);
  return {
    to: message.envelopeTo.map((a) => a.toLowerCase()),
    subject: decodeHeader(headers.get('subject') ?? ''),
    text: plainText(message.raw) ?? '',
    raw: message.raw,
  };
}

export async function startSmtp(): Promise<TestMailbox> {
  const server = await startSmtpServer();
  const messages = (): Mail[] => server.messages.map(toMail);
  return {
    url: server.url,
    messages,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages().map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (none)';
          throw new Error(`no matching mail within ${timeoutMs} ms; received:\n${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => server.stop(),
  };
}
