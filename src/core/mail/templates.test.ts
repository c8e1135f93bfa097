import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALES } from '../i18n/i18n.ts';
import { MAIL_TEMPLATES, mailLink, renderMail, type MailTemplate, type MailTemplateParams } from './templates.ts';

const HOSTILE = '<script>alert("x")</script> & \'quoted\'';

const samples: { [T in MailTemplate]: MailTemplateParams[T] } = {
  'draft.resume': {
    tenantName: 'Stadt Musterstadt',
    serviceTitle: 'Meldebescheinigung',
    resumeUrl: 'https://musterstadt.example/antrag/fortsetzen/abc?x=1&y=2',
    expiresOn: '22.12.2026',
  },
  'case.received': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MB-7K3QX-4',
    subject: 'Meldebescheinigung',
    unitName: 'Bürgerbüro',
    statusUrl: 'https://musterstadt.example/status/MB-7K3QX-4?token=abc&x=1',
  },
  'case.status': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MB-7K3QX-4',
    statusLabel: 'In Bearbeitung',
    message: 'Bitte bringen Sie Ihren Ausweis mit.',
    statusUrl: 'https://musterstadt.example/status/MB-7K3QX-4?token=abc&x=1',
  },
  'case.message': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MB-7K3QX-4',
    message: 'Guten Tag,\nes fehlt noch ein Nachweis.\n\nViele Grüße',
    statusUrl: 'https://musterstadt.example/status/MB-7K3QX-4?token=abc&x=1',
  },
  'payment.refunded': {
    tenantName: 'Stadt Musterstadt',
    kassenzeichen: '51.2026.000123.6',
    amount: '12,00 €',
    reason: 'Ein Exemplar konnte nicht ausgestellt werden.',
    purpose: 'Sterbeurkunde',
    contactUrl: 'https://musterstadt.example/kontakt',
  },
  'case.question': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MB-7K3QX-4',
    message: 'Bitte laden Sie eine Kopie Ihres Mietvertrags hoch.',
    statusUrl: 'https://musterstadt.example/status/MB-7K3QX-4?token=abc&x=1',
  },
  'appointment.confirm': {
    tenantName: 'Stadt Musterstadt',
    reference: 'TB-7K3QX-4',
    when: 'Dienstag, 12. Januar 2027, 09:30 Uhr',
    locationName: 'Bürgerbüro im Rathaus',
    services: 'Personalausweis beantragen (2 Personen)',
    confirmUrl: 'https://musterstadt.example/termine/bestaetigen/abc?x=1&y=2',
    expiresAt: '10:42',
  },
  'appointment.confirmed': {
    tenantName: 'Stadt Musterstadt',
    reference: 'TB-7K3QX-4',
    when: 'Dienstag, 12. Januar 2027, 09:30 Uhr',
    locationName: 'Bürgerbüro im Rathaus',
    address: 'Rathausplatz 1, 12345 Musterstadt',
    services: 'Personalausweis beantragen',
    videoUrl: 'https://meet.musterstadt.example/rathaus-abc',
    manageUrl: 'https://musterstadt.example/termine/buchung/abc?x=1&y=2',
    rescheduled: false,
    bring: ['biometrisches Passfoto', 'bisheriger Ausweis'],
    cancelUntil: 'Dienstag, 12. Januar 2027, 07:30 Uhr',
  },
  'appointment.reminder': {
    tenantName: 'Stadt Musterstadt',
    reference: 'TB-7K3QX-4',
    when: 'Dienstag, 12. Januar 2027, 09:30 Uhr',
    locationName: 'Bürgerbüro im Rathaus',
    address: 'Rathausplatz 1, 12345 Musterstadt',
    services: 'Personalausweis beantragen',
    phoneCall: true,
    manageUrl: 'https://musterstadt.example/termine/buchung/abc?x=1&y=2',
  },
  'appointment.cancelled': {
    tenantName: 'Stadt Musterstadt',
    reference: 'TB-7K3QX-4',
    when: 'Dienstag, 12. Januar 2027, 09:30 Uhr',
    locationName: 'Bürgerbüro im Rathaus',
    services: 'Personalausweis beantragen',
    reason: 'Das Bürgerbüro ist wegen einer Betriebsversammlung geschlossen.',
    bookUrl: 'https://musterstadt.example/termine?x=1&y=2',
  },
  'report.received': { tenantName: 'Stadt Musterstadt', reference: 'MM-7K3QX-4', category: 'Schlagloch', place: 'Lange Straße 12', statusUrl: 'https://musterstadt.example/maengelmelder/status/abc?x=1&y=2', pendingReview: true },
  'report.status': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MM-7K3QX-4',
    category: 'Schlagloch',
    place: 'Lange Straße 12',
    stateLabel: 'Erledigt',
    message: 'Das Loch ist verfüllt.',
    statusUrl: 'https://musterstadt.example/maengelmelder/status/abc?x=1&y=2',
    reopenUntil: '31.12.2026',
  },
  'report.subscribe': { tenantName: 'Stadt Musterstadt', reference: 'MM-7K3QX-4', category: 'Schlagloch', place: 'Lange Straße 12', confirmUrl: 'https://musterstadt.example/maengelmelder/abo/abc?x=1&y=2' },
  'report.mine': { tenantName: 'Stadt Musterstadt', listUrl: 'https://musterstadt.example/maengelmelder/meine/abc?x=1&y=2', expiresAt: '31.12.2026, 12:00 Uhr' },
  'report.order': {
    tenantName: 'Stadt Musterstadt',
    reference: 'MM-7K3QX-4',
    category: 'Schlagloch',
    place: 'Lange Straße 12',
    description: 'Tiefes Loch vor der Einfahrt.',
    instructions: 'Bitte bis Freitag.',
    respondUrl: 'https://musterstadt.example/maengelmelder/auftrag/abc?x=1&y=2',
  },
  'council.invitation': {
    tenantName: 'Stadt Musterstadt',
    meetingName: '12. Sitzung des Bauausschusses',
    organizationName: 'Bauausschuss',
    when: 'Donnerstag, 25. März 2027, 17:30 Uhr',
    location: 'Rathaus, Ratssaal',
    publicAgenda: ['Ö 1  Eröffnung', 'Ö 2  Radweg Nord (Drucksache 2027/014)'],
    nonPublicAgenda: ['N 1  Grundstücksangelegenheit'],
    memberUrl: 'https://musterstadt.example/verwaltung/mandat/sitzungen/abc?x=1&y=2',
    meetingUrl: 'https://musterstadt.example/ratsinfo/sitzungen/abc?x=1&y=2',
  },
  'council.update': {
    tenantName: 'Stadt Musterstadt',
    meetingName: '12. Sitzung des Bauausschusses',
    organizationName: 'Bauausschuss',
    when: 'Donnerstag, 25. März 2027, 17:30 Uhr',
    location: 'Rathaus, Ratssaal',
    publicAgenda: ['Ö 1  Eröffnung'],
    nonPublicAgenda: [],
    memberUrl: 'https://musterstadt.example/verwaltung/mandat/sitzungen/abc?x=1&y=2',
    meetingUrl: 'https://musterstadt.example/ratsinfo/sitzungen/abc?x=1&y=2',
  },
  'council.cancellation': {
    tenantName: 'Stadt Musterstadt',
    meetingName: '12. Sitzung des Bauausschusses',
    organizationName: 'Bauausschuss',
    when: 'Donnerstag, 25. März 2027, 17:30 Uhr',
    location: 'Rathaus, Ratssaal',
    meetingUrl: 'https://musterstadt.example/ratsinfo/sitzungen/abc?x=1&y=2',
  },
};

const LINK_KEYS = ['statusUrl', 'resumeUrl', 'contactUrl', 'confirmUrl', 'manageUrl', 'bookUrl', 'videoUrl', 'listUrl', 'respondUrl', 'unsubscribeUrl', 'memberUrl', 'meetingUrl'];

/** The params a reader sees as text: strings, and each entry of a list. */
function shownValues(params: object): [string, string][] {
  return Object.entries(params).flatMap(([key, value]): [string, string][] => (typeof value === 'string' ? [[key, value]] : Array.isArray(value) ? value.map((v) => [key, String(v)]) : []));
}

function hostile<T extends MailTemplate>(template: T): MailTemplateParams[T] {
  const params: Record<string, unknown> = { ...samples[template] };
  for (const [key, value] of Object.entries(params)) {
    if (LINK_KEYS.includes(key)) params[key] = 'https://example.test/status?a=1&b="><script>x</script>';
    else if (typeof value === 'string') params[key] = `${HOSTILE} ${key}`;
    else if (Array.isArray(value)) params[key] = value.map((_, i) => `${HOSTILE} ${key}${i}`);
  }
  return params as MailTemplateParams[T];
}

test('every template renders in German and English, text and HTML, with all its params', () => {
  for (const template of MAIL_TEMPLATES) {
    for (const locale of LOCALES) {
      const params = samples[template];
      const mail = renderMail(template, locale, params);
      assert.ok(mail.subject.length > 0 && !/[\r\n]/.test(mail.subject), `${template}/${locale} subject`);
      assert.match(mail.html, new RegExp(`<html lang="${locale}">`));
      for (const [key, value] of shownValues(params)) {
        if (key === 'unitName' || key === 'subject' || key === 'statusLabel') {
          assert.ok(mail.text.includes(value), `${template}/${locale} text lacks ${key}`);
        }
        const lines = value.split('\n').filter((line) => line.trim() !== '');
        for (const line of lines) {
          assert.ok(mail.text.includes(line), `${template}/${locale} text lacks ${key}`);
          assert.ok(mail.html.includes(line.replace(/&/g, '&amp;')), `${template}/${locale} html lacks ${key}`);
        }
      }
      const headline = 'reference' in params ? params.reference : 'kassenzeichen' in params ? params.kassenzeichen : 'serviceTitle' in params ? params.serviceTitle : params.tenantName;
      const url = mailLink(params);
      assert.ok(mail.subject.includes(headline), `${template}/${locale} subject lacks the reference`);
      assert.ok(mail.html.includes(`href="${url.replace(/&/g, '&amp;')}"`), `${template}/${locale} link`);
      assert.ok(!/\{\w+\}/.test(mail.text + mail.html + mail.subject), `${template}/${locale} has an unfilled placeholder`);
    }
  }
});

test('German is German and English is English', () => {
  const de = renderMail('case.received', 'de', samples['case.received']);
  const en = renderMail('case.received', 'en', samples['case.received']);
  assert.match(de.subject, /Eingangsbestätigung/);
  assert.match(de.text, /Guten Tag,/);
  assert.match(de.text, /Bitte bewahren Sie diese E-Mail auf/);
  assert.match(de.text, /Wie geht es weiter\?/);
  assert.match(en.subject, /Confirmation of receipt/);
  assert.match(en.text, /What happens next\?/);
  assert.match(en.text, /Please keep this e-mail/);
  assert.doesNotMatch(en.text, /Vorgangsnummer|Guten Tag/);
});

test('hostile params arrive escaped in the HTML part and unchanged in the text part', () => {
  for (const template of MAIL_TEMPLATES) {
    for (const locale of LOCALES) {
      const mail = renderMail(template, locale, hostile(template));
      assert.ok(!mail.html.includes('<script'), `${template}/${locale}: raw <script> in HTML`);
      assert.ok(mail.html.includes('href="https://example.test/status?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"'), `${template}/${locale}: link not escaped`);
      assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;'), `${template}/${locale}: not escaped`);
      assert.ok(mail.text.includes(HOSTILE), `${template}/${locale}: text part altered`);
      assert.ok(!/[\r\n]/.test(mail.subject), `${template}/${locale}: line break in subject`);
    }
  }
});

test('appointment mails: what to bring, the video link, the phone call and the moved time are said', () => {
  const confirmed = renderMail('appointment.confirmed', 'de', samples['appointment.confirmed']);
  assert.match(confirmed.text, /Bitte bringen Sie mit:\n– biometrisches Passfoto\n– bisheriger Ausweis/);
  assert.match(confirmed.text, /per Video/);
  assert.match(confirmed.html, /href="https:\/\/meet\.musterstadt\.example\/rathaus-abc"/);
  assert.match(confirmed.subject, /^Terminbestätigung TB-7K3QX-4/);
  const moved = renderMail('appointment.confirmed', 'en', { ...samples['appointment.confirmed'], rescheduled: true, videoUrl: undefined, bring: [] });
  assert.match(moved.subject, /has moved/);
  assert.doesNotMatch(moved.text, /video|Please bring/);
  assert.match(renderMail('appointment.reminder', 'de', samples['appointment.reminder']).text, /telefonisch/);
  assert.throws(() => renderMail('appointment.reminder', 'de', { ...samples['appointment.reminder'], videoUrl: 'javascript:alert(1)' }), /http/);
});

test('a line break in a param cannot end the subject header', () => {
  const mail = renderMail('case.status', 'de', { ...samples['case.status'], statusLabel: 'Erledigt\r\nBcc: victim@example.org' });
  assert.ok(!/[\r\n]/.test(mail.subject));
});

test('the clerk message is optional in status mails', () => {
  const { message: _omitted, ...withoutMessage } = samples['case.status'];
  const mail = renderMail('case.status', 'de', withoutMessage);
  assert.doesNotMatch(mail.text, /Dazu schreibt Ihnen/);
  assert.doesNotMatch(mail.html, /<blockquote/);
  const withMessage = renderMail('case.status', 'de', samples['case.status']);
  assert.match(withMessage.html, /<blockquote[^>]*>\n<p[^>]*>Bitte bringen Sie Ihren Ausweis mit\.<\/p>/);
});

test('only http(s) status links are accepted', () => {
  assert.throws(() => renderMail('case.message', 'de', { ...samples['case.message'], statusUrl: 'javascript:alert(1)' }), /http/);
});

test('a wrong param set does not compile', () => {
  // @ts-expect-error: case.message needs `message`, not `statusLabel`
  assert.throws(() => renderMail('case.message', 'de', { tenantName: 'x', reference: 'y', statusLabel: 'z', statusUrl: 'ftp://x' }));
});

test('report mails: a follower gets the unsubscribe link and no reopen offer; the reporter the reopen date', () => {
  const reporter = renderMail('report.status', 'de', samples['report.status']);
  assert.match(reporter.text, /bis 31\.12\.2026/);
  assert.doesNotMatch(reporter.text, /abbestellen/);
  const follower = renderMail('report.status', 'en', { ...samples['report.status'], unsubscribeUrl: 'https://musterstadt.example/maengelmelder/abo/x/abbestellen' });
  assert.match(follower.text, /Unsubscribe/);
  assert.doesNotMatch(follower.text, /by 31\.12\.2026/);
  assert.match(renderMail('report.received', 'de', samples['report.received']).text, /Bevor Ihre Meldung öffentlich/);
});
