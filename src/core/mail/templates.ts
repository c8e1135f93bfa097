/**
 * Mail templates for citizens, German and English, as plain text and HTML.
 *
 * Each template describes its content once as a list of blocks; the text and
 * HTML renderers turn the same blocks into both parts, so the two cannot drift
 * apart and escaping happens in exactly one place (`htmlBlock`). Mails carry
 * only what the citizen needs to recognise the Vorgang: no form data, no
 * names, no addresses.
 */
import { buildCatalog, createTranslator, defineMessages, type Locale, type Translate } from '../i18n/i18n.ts';

export interface MailTemplateParams {
  'case.received': { tenantName: string; reference: string; subject: string; unitName: string; statusUrl: string };
  'case.status': { tenantName: string; reference: string; statusLabel: string; message?: string | undefined; statusUrl: string };
  'case.message': { tenantName: string; reference: string; message: string; statusUrl: string };
  'case.question': { tenantName: string; reference: string; message: string; statusUrl: string };
  'payment.refunded': { tenantName: string; kassenzeichen: string; amount: string; reason: string; purpose: string; contactUrl: string };
  'draft.resume': { tenantName: string; serviceTitle: string; resumeUrl: string; expiresOn: string };
}

export type MailTemplate = keyof MailTemplateParams;

export const MAIL_TEMPLATES = ['case.received', 'case.status', 'case.message', 'case.question', 'payment.refunded', 'draft.resume'] as const satisfies readonly MailTemplate[];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const messages = defineMessages(
  {
    'mail.greeting': 'Guten Tag,',
    'mail.closing': 'Mit freundlichen Grüßen',
    'mail.reference': 'Vorgangsnummer',
    'mail.automatic': 'Diese E-Mail wurde automatisch erstellt. Antworten auf diese E-Mail erreichen uns nicht. Für Nachrichten an uns nutzen Sie bitte die Statusseite.',
    'mail.keepLink': 'Bitte bewahren Sie diese E-Mail auf. Der Link ist nur für Sie bestimmt: Wer ihn kennt, kann den Stand Ihres Anliegens sehen. Geben Sie ihn bitte nicht weiter.',
    'mail.received.subject': 'Eingangsbestätigung: Ihr Anliegen {reference}',
    'mail.received.heading': 'Ihr Anliegen ist bei uns eingegangen',
    'mail.received.intro': 'vielen Dank! Ihr Anliegen ist bei uns eingegangen.',
    'mail.received.subjectLabel': 'Anliegen',
    'mail.received.unitLabel': 'Zuständig',
    'mail.received.nextHeading': 'Wie geht es weiter?',
    'mail.received.next': 'Die zuständige Stelle bearbeitet Ihr Anliegen und meldet sich bei Ihnen, falls noch etwas fehlt. Sobald sich der Bearbeitungsstand ändert, bekommen Sie eine E-Mail.',
    'mail.received.statusIntro': 'Den aktuellen Stand können Sie jederzeit auf Ihrer Statusseite nachsehen:',
    'mail.received.link': 'Stand Ihres Anliegens ansehen',
    'mail.received.quoteReference': 'Bitte nennen Sie bei Rückfragen Ihre Vorgangsnummer.',
    'mail.status.subject': 'Neuer Bearbeitungsstand zu Ihrem Anliegen {reference}: {statusLabel}',
    'mail.status.heading': 'Neuer Bearbeitungsstand: {statusLabel}',
    'mail.status.intro': 'der Bearbeitungsstand Ihres Anliegens hat sich geändert.',
    'mail.status.statusLabel': 'Neuer Stand',
    'mail.status.messageIntro': 'Dazu schreibt Ihnen die Sachbearbeitung:',
    'mail.status.statusIntro': 'Alle Einzelheiten finden Sie auf Ihrer Statusseite:',
    'mail.status.link': 'Stand Ihres Anliegens ansehen',
    'mail.message.subject': 'Neue Nachricht zu Ihrem Anliegen {reference}',
    'mail.message.heading': 'Sie haben eine neue Nachricht',
    'mail.message.intro': 'zu Ihrem Anliegen hat Ihnen die Sachbearbeitung geschrieben:',
    'mail.message.replyIntro': 'Sie können auf Ihrer Statusseite antworten und dort auch Unterlagen nachreichen:',
    'mail.message.link': 'Nachricht beantworten',
    'mail.question.subject': 'Rückfrage zu Ihrem Anliegen {reference}: bitte antworten Sie uns',
    'mail.question.heading': 'Wir brauchen noch etwas von Ihnen',
    'mail.question.intro': 'um Ihr Anliegen weiter bearbeiten zu können, brauchen wir noch eine Angabe oder eine Unterlage von Ihnen:',
    'mail.question.how': 'Bitte antworten Sie auf Ihrer Statusseite. Dort können Sie auch Unterlagen hochladen (PDF, JPEG oder PNG). Ihre Antwort erreicht die Sachbearbeitung direkt; bis dahin ruht die Bearbeitung.',
    'mail.question.link': 'Rückfrage beantworten und Unterlagen hochladen',
    'mail.refund.subject': 'Erstattung: {amount} zum Kassenzeichen {kassenzeichen}',
    'mail.refund.heading': 'Wir erstatten Ihnen Geld',
    'mail.refund.intro': 'wir erstatten Ihnen einen Betrag, den Sie an uns gezahlt haben. Das Geld geht auf dem Weg zurück, auf dem Sie bezahlt haben; bei Überweisung auf das Konto, von dem die Zahlung kam.',
    'mail.refund.amount': 'Betrag',
    'mail.refund.purpose': 'Wofür',
    'mail.refund.reason': 'Grund',
    'payment.kassenzeichenLabel': 'Kassenzeichen',
    'mail.refund.questions': 'Fragen zur Erstattung? Bitte nennen Sie das Kassenzeichen.',
    'mail.refund.contact': 'Kontakt zur Stadtverwaltung',
    'mail.resume.subject': 'Ihr gespeicherter Antrag: {service}',
    'mail.resume.heading': 'Ihr Antrag ist gespeichert',
    'mail.resume.intro': 'Sie haben Ihren Antrag „{service}“ gespeichert, um ihn später fertigzustellen. Mit diesem Link machen Sie dort weiter, wo Sie aufgehört haben:',
    'mail.resume.link': 'Antrag fortsetzen',
    'mail.resume.expires': 'Der Link ist bis einschließlich {date} gültig. Danach löschen wir den Entwurf mit allen hochgeladenen Dateien.',
    'mail.resume.notSent': 'Ihr Antrag ist noch nicht abgeschickt.',
  },
  {
    'mail.greeting': 'Hello,',
    'mail.closing': 'Kind regards',
    'mail.reference': 'Reference number',
    'mail.automatic': 'This e-mail was generated automatically. Replies to this e-mail do not reach us. To send us a message, please use the status page.',
    'mail.keepLink': 'Please keep this e-mail. The link is meant for you alone: anyone who has it can see the progress of your request. Please do not pass it on.',
    'mail.received.subject': 'Confirmation of receipt: your request {reference}',
    'mail.received.heading': 'We have received your request',
    'mail.received.intro': 'Thank you! We have received your request.',
    'mail.received.subjectLabel': 'Request',
    'mail.received.unitLabel': 'Handled by',
    'mail.received.nextHeading': 'What happens next?',
    'mail.received.next': 'The responsible office will process your request and contact you if anything is missing. Whenever the progress of your request changes, you will receive an e-mail.',
    'mail.received.statusIntro': 'You can check the current progress on your status page at any time:',
    'mail.received.link': 'View the progress of your request',
    'mail.received.quoteReference': 'Please quote your reference number if you contact us.',
    'mail.status.subject': 'Your request {reference} has a new status: {statusLabel}',
    'mail.status.heading': 'New status: {statusLabel}',
    'mail.status.intro': 'The status of your request has changed.',
    'mail.status.statusLabel': 'New status',
    'mail.status.messageIntro': 'Your case worker adds:',
    'mail.status.statusIntro': 'You can find all details on your status page:',
    'mail.status.link': 'View the progress of your request',
    'mail.message.subject': 'New message about your request {reference}',
    'mail.message.heading': 'You have a new message',
    'mail.message.intro': 'Your case worker has written to you about your request:',
    'mail.message.replyIntro': 'You can reply on your status page, where you can also send us documents:',
    'mail.message.link': 'Reply to the message',
    'mail.question.subject': 'Question about your request {reference}: please reply',
    'mail.question.heading': 'We need something more from you',
    'mail.question.intro': 'to continue with your request, we need further information or a document from you:',
    'mail.question.how': 'Please reply on your status page, where you can also upload documents (PDF, JPEG or PNG). Your reply goes straight to your case worker; until then, processing is paused.',
    'mail.question.link': 'Answer and upload documents',
    'mail.refund.subject': 'Refund: {amount} for payment reference {kassenzeichen}',
    'mail.refund.heading': 'We are refunding money to you',
    'mail.refund.intro': 'we are refunding an amount you paid to us. The money goes back the way you paid; for bank transfers, to the account the payment came from.',
    'mail.refund.amount': 'Amount',
    'mail.refund.purpose': 'For',
    'mail.refund.reason': 'Reason',
    'payment.kassenzeichenLabel': 'Payment reference (Kassenzeichen)',
    'mail.refund.questions': 'Questions about the refund? Please quote the payment reference.',
    'mail.refund.contact': 'Contact the town administration',
    'mail.resume.subject': 'Your saved application: {service}',
    'mail.resume.heading': 'Your application is saved',
    'mail.resume.intro': 'You saved your application "{service}" to finish it later. This link takes you back to where you left off:',
    'mail.resume.link': 'Continue your application',
    'mail.resume.expires': 'The link is valid until and including {date}. After that we delete the draft with all uploaded files.',
    'mail.resume.notSent': 'Your application has not been sent yet.',
  },
);

const catalog = buildCatalog([messages]);
const translators: Record<Locale, Translate> = {
  de: createTranslator(catalog, 'de'),
  en: createTranslator(catalog, 'en'),
};

/** The content of a mail, independent of its format. Every string in it is plain text. */
type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; items: readonly (readonly [label: string, value: string])[] }
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; url: string };

interface MailContent {
  subject: string;
  title: string;
  blocks: Block[];
}

type Composer<T extends MailTemplate> = (t: Translate, params: MailTemplateParams[T]) => MailContent;

function frame(t: Translate, tenantName: string, subject: string, title: string, body: Block[]): MailContent {
  return {
    subject: `${subject} – ${tenantName}`,
    title,
    blocks: [
      { kind: 'paragraph', text: t('mail.greeting') },
      ...body,
      { kind: 'paragraph', text: `${t('mail.closing')}\n${tenantName}` },
      { kind: 'paragraph', text: t('mail.automatic') },
    ],
  };
}

const composers: { [T in MailTemplate]: Composer<T> } = {
  'case.received': (t, p) =>
    frame(t, p.tenantName, t('mail.received.subject', { reference: p.reference }), t('mail.received.heading'), [
      { kind: 'paragraph', text: t('mail.received.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.received.subjectLabel'), p.subject],
          [t('mail.reference'), p.reference],
          [t('mail.received.unitLabel'), p.unitName],
        ],
      },
      { kind: 'heading', text: t('mail.received.nextHeading') },
      { kind: 'paragraph', text: t('mail.received.next') },
      { kind: 'paragraph', text: t('mail.received.statusIntro') },
      { kind: 'link', label: t('mail.received.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
      { kind: 'paragraph', text: t('mail.received.quoteReference') },
    ]),

  'case.status': (t, p) => {
    const message = p.message?.trim();
    return frame(t, p.tenantName, t('mail.status.subject', { reference: p.reference, statusLabel: p.statusLabel }), t('mail.status.heading', { statusLabel: p.statusLabel }), [
      { kind: 'paragraph', text: t('mail.status.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.reference'), p.reference],
          [t('mail.status.statusLabel'), p.statusLabel],
        ],
      },
      ...(message
        ? ([
            { kind: 'paragraph', text: t('mail.status.messageIntro') },
            { kind: 'quote', text: message },
          ] as const)
        : []),
      { kind: 'paragraph', text: t('mail.status.statusIntro') },
      { kind: 'link', label: t('mail.status.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]);
  },

  'case.message': (t, p) =>
    frame(t, p.tenantName, t('mail.message.subject', { reference: p.reference }), t('mail.message.heading'), [
      { kind: 'paragraph', text: t('mail.message.intro') },
      { kind: 'facts', items: [[t('mail.reference'), p.reference]] },
      { kind: 'quote', text: p.message.trim() },
      { kind: 'paragraph', text: t('mail.message.replyIntro') },
      { kind: 'link', label: t('mail.message.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'case.question': (t, p) =>
    frame(t, p.tenantName, t('mail.question.subject', { reference: p.reference }), t('mail.question.heading'), [
      { kind: 'paragraph', text: t('mail.question.intro') },
      { kind: 'facts', items: [[t('mail.reference'), p.reference]] },
      { kind: 'quote', text: p.message.trim() },
      { kind: 'paragraph', text: t('mail.question.how') },
      { kind: 'link', label: t('mail.question.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'payment.refunded': (t, p) =>
    frame(t, p.tenantName, t('mail.refund.subject', { amount: p.amount, kassenzeichen: p.kassenzeichen }), t('mail.refund.heading'), [
      { kind: 'paragraph', text: t('mail.refund.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.refund.amount'), p.amount],
          [t('payment.kassenzeichenLabel'), p.kassenzeichen],
          [t('mail.refund.purpose'), p.purpose],
          [t('mail.refund.reason'), p.reason],
        ],
      },
      { kind: 'paragraph', text: t('mail.refund.questions') },
      { kind: 'link', label: t('mail.refund.contact'), url: p.contactUrl },
    ]),

  'draft.resume': (t, p) =>
    frame(t, p.tenantName, t('mail.resume.subject', { service: p.serviceTitle }), t('mail.resume.heading'), [
      { kind: 'paragraph', text: t('mail.resume.intro', { service: p.serviceTitle }) },
      { kind: 'link', label: t('mail.resume.link'), url: p.resumeUrl },
      { kind: 'paragraph', text: t('mail.resume.expires', { date: p.expiresOn }) },
      { kind: 'paragraph', text: t('mail.resume.notSent') },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),
};

/** Header lines must not break: a newline in a value would otherwise end the subject. */
function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.items.map(([label, value]) => `${label}: ${singleLine(value)}`).join('\n');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`.trimEnd())
        .join('\n');
    case 'link':
      return block.url;
  }
}

function renderText(content: MailContent): string {
  const title = singleLine(content.title);
  return [`${title}\n${'='.repeat(title.length)}`, ...content.blocks.map(textBlock)].join('\n\n') + '\n';
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Escaped text with its line breaks kept; blank lines start a new paragraph. */
function htmlParagraphs(text: string, style = ''): string {
  return text
    .split(/\n\s*\n/)
    .map((part) => `<p${style}>${escapeHtml(part.trim()).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

const P_STYLE = ' style="margin:0 0 1em"';

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:1.15em;margin:1.5em 0 0.5em">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return htmlParagraphs(block.text, P_STYLE);
    case 'facts':
      return `<ul style="margin:0 0 1em;padding-left:1.25em">\n${block.items
        .map(([label, value]) => `<li>${escapeHtml(label)}: <strong>${escapeHtml(singleLine(value))}</strong></li>`)
        .join('\n')}\n</ul>`;
    case 'quote':
      return `<blockquote style="margin:0 0 1em;padding:0.5em 1em;border-left:4px solid #6b6b6b;background:#f3f3f3">\n${htmlParagraphs(block.text, ' style="margin:0.5em 0"')}\n</blockquote>`;
    case 'link':
      return `<p${P_STYLE}><a href="${escapeHtml(block.url)}" style="color:#0b4fa8;font-weight:bold">${escapeHtml(block.label)}</a></p>`;
  }
}

function renderHtml(content: MailContent, locale: Locale): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(singleLine(content.subject))}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff">
<main style="max-width:40em;margin:0 auto;padding:1.5em 1em;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">
<h1 style="font-size:1.4em;margin:0 0 1em">${escapeHtml(content.title)}</h1>
${content.blocks.map(htmlBlock).join('\n')}
</main>
</body>
</html>
`;
}

/** The one link every mail carries (status page, resume link, or contact page). */
export function mailLink(params: MailTemplateParams[MailTemplate]): string {
  if ('statusUrl' in params) return params.statusUrl;
  if ('resumeUrl' in params) return params.resumeUrl;
  return params.contactUrl;
}

export function renderMail<T extends MailTemplate>(template: T, locale: Locale, params: MailTemplateParams[T]): RenderedMail {
  // Escaping keeps the link inside its attribute, but only the scheme check stops a `javascript:` link.
  const url = mailLink(params);
  if (!/^https?:\/\//i.test(url)) throw new Error(`mail: link must be an http(s) URL`);
  const compose = composers[template] as Composer<T>;
  const content = compose(translators[locale], params);
  return { subject: singleLine(content.subject), text: renderText(content), html: renderHtml(content, locale) };
}
