/**
 * A real SMTP server the app delivers to, with the received mails decoded
 * just enough to read subject and plain text (no MIME parser installed).
 */
import { header, part, startSmtpServer, type ReceivedMessage } from '../../../src/core/mail/smtp-test-server.ts';

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

function toMail(message: ReceivedMessage): Mail {
  const subject = decodeHeader(header(message.raw, 'subject') ?? '');
  const text = part(message.raw, 'text/plain') ?? '';
  return { to: message.envelopeTo.map((a) => a.toLowerCase()), subject, text, raw: message.raw };
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
