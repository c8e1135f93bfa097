/**
 * A real SMTP server the app delivers to, with the received mails decoded
 * just enough to read subject and plain text (see smtp-test-server.ts).
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

function toMail(message: ReceivedMessage): Mail {
  return {
    to: message.envelopeTo.map((a) => a.toLowerCase()),
    subject: header(message.raw, 'subject') ?? '',
    text: part(message.raw, 'text/plain') ?? '',
    raw: message.raw,
  };
}

export async function startSmtp(): Promise<TestMailbox> {
  const server = await startSmtpServer();
  // Each message is parsed once: journeys poll the mailbox while it grows.
  const parsed: Mail[] = [];
  const messages = (): Mail[] => {
    for (let i = parsed.length; i < server.messages.length; i++) parsed.push(toMail(server.messages[i]!));
    return parsed.slice();
  };
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
