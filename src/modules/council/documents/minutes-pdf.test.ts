import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMinutes, type MinutesInput } from './minutes-pdf.ts';
import { extractPdfText } from './pdf-text.ts';
import { assertInOrder, assertTagged, squash, structureText } from './pdf-test-support.ts';

const MARKER = 'Vertraulich-9K';

const MINUTES: MinutesInput = {
  issuer: { name: 'Gemeinde Beispielhausen' },
  organizationName: 'Gemeinderat Beispielhausen',
  meetingName: '5. Sitzung des Gemeinderats',
  // 15 October, summer time: 17:00 UTC is 19:00 in Berlin.
  start: new Date('2026-10-15T17:00:00Z'),
  end: new Date('2026-10-15T19:45:00Z'),
  location: 'Rathaus, Sitzungssaal, Rathausplatz 2',
  chair: 'Maria Huber',
  recorder: 'Theresa Bauer',
  participants: [
    { name: 'Maria Huber', role: 'Erste Bürgermeisterin, Vorsitz' },
    { name: 'Josef Wimmer', role: 'CSU-Fraktion' },
    { name: 'Anna Größl', role: 'Fraktion Freie Wähler' },
  ],
  absent: [{ name: 'Franz Xaver Stöckl', role: 'SPD-Fraktion' }],
  agenda: [
    { number: 'Ö 1', name: 'Eröffnung und Feststellung der Beschlussfähigkeit', public: true, result: 'Zur Kenntnis genommen' },
    { number: 'Ö 2', name: 'Bebauungsplan Nr. 23 „Am Mühlanger“, Satzungsbeschluss', public: true, paperReference: 'BV/2026/041', result: 'Mehrheitlich beschlossen', resolutionText: 'Der Gemeinderat beschließt den Bebauungsplan Nr. 23 als Satzung (12 : 3 Stimmen).' },
    { number: 'Ö 3', name: 'Anfrage zur Schulwegsicherheit', public: true, paperReference: 'AF/2026/044', result: 'Zur Kenntnis genommen' },
    { number: 'N 1', name: `Grundstücksverkauf Flurstück 512/3 (${MARKER})`, public: false, paperReference: 'BV/2026/045', result: 'Einstimmig beschlossen', resolutionText: `Dem Verkauf zum Preis von 98 €/m² wird zugestimmt (${MARKER}).` },
  ],
  minutesDate: '2026-10-29',
  variant: 'public',
};

test('the public minutes show every public item with result and resolution, and a non-public one only by number', async () => {
  const pdf = await renderMinutes(MINUTES);
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  const text = squash(result.text);
  // pdftotext reads tables column by column; the structure tree has the reading order.
  assertInOrder(structureText(pdf), [
    'Gemeinde Beispielhausen', '29.10.2026', 'Niederschrift: 5. Sitzung des Gemeinderats', 'Donnerstag, 15. Oktober 2026', '19:00 Uhr', '21:45 Uhr', 'Maria Huber', 'Theresa Bauer',
    'Anwesend', 'Maria Huber Erste Bürgermeisterin, Vorsitz', 'Josef Wimmer CSU-Fraktion', 'Anna Größl Fraktion Freie Wähler', 'Entschuldigt', 'Franz Xaver Stöckl SPD-Fraktion',
    'Öffentlicher Teil', 'Ö 1 Eröffnung und Feststellung der Beschlussfähigkeit', 'Zur Kenntnis genommen',
    'Ö 2 Bebauungsplan Nr. 23 „Am Mühlanger“, Satzungsbeschluss', 'BV/2026/041', 'Mehrheitlich beschlossen', 'Der Gemeinderat beschließt den Bebauungsplan Nr. 23 als Satzung (12 : 3 Stimmen).',
    'Ö 3 Anfrage zur Schulwegsicherheit', 'Nicht öffentlicher Teil', 'N 1 nicht öffentlich',
  ]);
  for (const item of MINUTES.agenda.filter((entry) => entry.public)) assert.ok(text.includes(item.name), item.name);
  assert.ok(!text.includes(MARKER));
  assert.ok(!text.includes('BV/2026/045'));
  assert.ok(!text.includes('Einstimmig beschlossen'), 'the non-public result is withheld too');
  assert.ok(!structureText(pdf).includes(MARKER));
  assertTagged(pdf);
});

test('the internal minutes contain the non-public part in full and are stamped', async () => {
  const pdf = await renderMinutes({ ...MINUTES, variant: 'internal' });
  const result = await extractPdfText(pdf);
  assert.ok(result.ok);
  assert.ok(result.text.includes('NICHT ÖFFENTLICH'));
  assertInOrder(structureText(pdf), ['Nicht öffentlicher Teil', `N 1 Grundstücksverkauf Flurstück 512/3 (${MARKER})`, 'BV/2026/045', 'Einstimmig beschlossen', `Dem Verkauf zum Preis von 98 €/m² wird zugestimmt (${MARKER}).`]);
});

test('long minutes run over several pages and keep every item', async () => {
  const agenda = Array.from({ length: 30 }, (_, i) => ({ number: `Ö ${i + 1}`, name: `Punkt ${i + 1}: Straßenbeleuchtung im Ortsteil Öd`, public: true, result: 'Einstimmig beschlossen', resolutionText: `Beschluss ${i + 1}: Die Verwaltung wird beauftragt, die Leuchten auf LED umzurüsten.` }));
  const result = await extractPdfText(await renderMinutes({ ...MINUTES, agenda }));
  assert.ok(result.ok);
  assert.ok(result.pages > 1);
  assertInOrder(squash(result.text), agenda.map((item) => `Beschluss ${item.number.slice(2)}:`));
});
