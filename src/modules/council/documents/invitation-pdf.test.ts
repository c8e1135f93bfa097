import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInvitation, type InvitationInput } from './invitation-pdf.ts';
import { extractPdfText } from './pdf-text.ts';
import { assertInOrder, assertTagged, squash, structureText, structureTypes } from './pdf-test-support.ts';

const CREATED = new Date('2026-11-26T08:00:00Z');
const SECRET = 'Grundstücksankauf Ziegeleiweg (Vertraulich-7Q)';

const INVITATION: InvitationInput = {
  issuer: { name: 'Stadt Musterstadt' },
  organizationName: 'Rat der Stadt Musterstadt',
  meetingName: '12. Sitzung des Rates der Stadt Musterstadt',
  // 10 December, winter time: 17:00 UTC is 18:00 in Berlin.
  start: new Date('2026-12-10T17:00:00Z'),
  end: new Date('2026-12-10T20:30:00Z'),
  location: 'Rathaus, Ratssaal, Marktplatz 1, 32999 Musterstadt',
  chair: 'Dr. Sabine Lorenz',
  chairRole: 'Bürgermeisterin',
  invitationDate: '2026-11-26',
  agenda: [
    { number: 'Ö 1', name: 'Eröffnung der Sitzung und Feststellung der Beschlussfähigkeit', public: true },
    { number: 'Ö 2', name: 'Genehmigung der Niederschrift über die 11. Sitzung', public: true },
    { number: 'Ö 3', name: 'Haushaltssatzung 2027 mit Stellenplan', public: true, paperReference: '2026/131' },
    { number: 'Ö 3.1', name: 'Änderungsantrag der Fraktion zur Grünflächenpflege', public: true, paperReference: '2026/140' },
    { number: 'Ö 4', name: 'Mitteilungen der Verwaltung', public: true },
    { number: 'N 1', name: SECRET, public: false, paperReference: '2026/135' },
    { number: 'N 2', name: 'Vergabe der Gebäudereinigung Grundschule Am Lindenhof', public: false, paperReference: '2026/136' },
  ],
};

test('the invitation is a German letter with date and time in Berlin time', async () => {
  const pdf = await renderInvitation(INVITATION, { creationDate: CREATED });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  assert.equal(result.pages, 1);
  const text = squash(result.text);
  assertInOrder(text, ['Stadt Musterstadt', '26.11.2026', 'Einladung: 12. Sitzung des Rates der Stadt Musterstadt', 'Donnerstag, 10. Dezember 2026', '18:00 Uhr', '21:30 Uhr', 'Sehr geehrte Damen und Herren,', 'hiermit lade ich Sie zur 12. Sitzung des Rates der Stadt Musterstadt am Donnerstag, 10. Dezember 2026 um 18:00 Uhr ein.', 'Mit freundlichen Grüßen', 'Dr. Sabine Lorenz', 'Bürgermeisterin']);
  assertTagged(pdf);
});

test('summer time is printed right too', async () => {
  const pdf = await renderInvitation({ ...INVITATION, meetingName: 'Ausschuss für Schule, Kultur und Sport', start: new Date('2026-06-11T15:30:00Z'), end: undefined });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  const text = squash(result.text);
  assert.ok(text.includes('zur Sitzung „Ausschuss für Schule, Kultur und Sport“ am Donnerstag, 11. Juni 2026 um 17:30 Uhr ein.'), text);
  assert.doesNotMatch(text, /Ende \(voraussichtlich\)/);
});

test('the internal version lists the whole agenda in order, split into the public and the non-public part', async () => {
  const pdf = await renderInvitation({ ...INVITATION, variant: 'internal' }, { creationDate: CREATED });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  for (const item of INVITATION.agenda) assert.ok(squash(result.text).includes(item.name), item.name);
  // pdftotext reads a table column by column; the structure tree has the reading order.
  const text = structureText(pdf);
  const rows = INVITATION.agenda.map((item) => `${item.number} ${item.name}${item.paperReference ? ` ${item.paperReference}` : ''}`);
  assertInOrder(text, ['Tagesordnung', 'Öffentlicher Teil', ...rows.slice(0, 5), 'Nicht öffentlicher Teil', ...rows.slice(5)]);
  assert.equal(result.text.match(/NICHT ÖFFENTLICH/g)?.length, 1, 'stamped');
  const types = structureTypes(pdf);
  assert.equal(types.filter((type) => type === 'Table').length, 3, 'the facts and the two parts');
  assert.equal(types.filter((type) => type === 'TR').length, 5 + (1 + 5) + (1 + 2), 'facts, then header and agenda rows of each part');
  assert.ok(text.includes(SECRET));
});

test('the public version names no non-public item and shows none of their papers', async () => {
  const pdf = await renderInvitation(INVITATION, { creationDate: CREATED });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  const text = squash(result.text);
  assert.ok(!text.includes('Vertraulich-7Q'));
  assert.ok(!text.includes('Gebäudereinigung'));
  assert.ok(!text.includes('2026/135') && !text.includes('2026/136'));
  assertInOrder(structureText(pdf), ['Ö 3.1 Änderungsantrag der Fraktion zur Grünflächenpflege 2026/140', 'Nicht öffentlicher Teil', 'N 1 nicht öffentlich', 'N 2 nicht öffentlich']);
  assert.doesNotMatch(text, /NICHT ÖFFENTLICH/, 'not stamped');
  assert.ok(!structureText(pdf).includes('Vertraulich-7Q'));
  assert.ok(!structureText(pdf).includes('Gebäudereinigung'));
});

test('a meeting without a non-public part has no such heading', async () => {
  const pdf = await renderInvitation({ ...INVITATION, agenda: INVITATION.agenda.filter((item) => item.public), variant: 'internal' });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  assert.ok(!result.text.includes('Nicht öffentlicher Teil'));
  assert.ok(!result.text.includes('NICHT ÖFFENTLICH'));
});
