import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_BOM, csvCell, flattenAnswer, toCsv } from './csv.ts';
import { applicationRows, csvDateTime } from './export-applications.ts';
import { getForm, sampleAnswers } from '../forms/engine.ts';
import { axisMax } from '../../../core/ui/charts.tsx';

const format = { yes: 'ja', no: 'nein' };

test('cells that would run as a formula are defused with a leading apostrophe', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.ok(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start));
  assert.equal(csvCell('=HYPERLINK("http://x.example")'), `"'=HYPERLINK(""http://x.example"")"`);
  assert.equal(csvCell('Mustermann'), 'Mustermann');
  assert.equal(csvCell('a=b'), 'a=b', 'only a formula start counts');
});

test('separators, quotes, line breaks and edge spaces are quoted, quotes doubled', () => {
  assert.equal(csvCell('a;b'), '"a;b"');
  assert.equal(csvCell('sagt "hallo"'), '"sagt ""hallo"""');
  assert.equal(csvCell('Zeile 1\nZeile 2'), '"Zeile 1\nZeile 2"');
  assert.equal(csvCell(' x'), '" x"');
  assert.equal(csvCell(''), '');
});

test('a file is UTF-8 with BOM, semicolons and CRLF', () => {
  const csv = toCsv([
    ['Name', 'Ort'],
    ['Müller', 'Köln'],
  ]);
  assert.ok(csv.startsWith(CSV_BOM));
  assert.equal(csv, `${CSV_BOM}Name;Ort\r\nMüller;Köln\r\n`);
});

test('exported answers become spreadsheet columns', () => {
  assert.deepEqual([...flattenAnswer('anzahl', 2.5, format)], [['anzahl', '2,5']]);
  assert.deepEqual([...flattenAnswer('ok', true, format)], [['ok', 'ja']]);
  assert.deepEqual([...flattenAnswer('zusatz', ['a', 'b'], format)], [['zusatz', 'a, b']]);
  assert.deepEqual([...flattenAnswer('anschrift', { street: 'Am Markt', plz: '32825' }, format)], [
    ['anschrift.street', 'Am Markt'],
    ['anschrift.plz', '32825'],
  ]);
  assert.deepEqual([...flattenAnswer('nachweis', [{ fileId: 'f1', filename: 'a.pdf', size: 3 }], format)], [['nachweis', 'a.pdf']]);
  assert.deepEqual([...flattenAnswer('kinder', [{ vorname: 'Max' }, { vorname: 'Mia' }], format)], [
    ['kinder.1.vorname', 'Max'],
    ['kinder.2.vorname', 'Mia'],
  ]);
});

test('rows from several form versions share the union of their columns, newest form order first', () => {
  const labels = { reference: 'Nr', submitted: 'Eingang', status: 'Status', closed: 'Abschluss', formVersion: 'Version', yes: 'ja', no: 'nein', statusLabel: (s: string) => s };
  const v2 = getForm('meldebescheinigung', 2);
  assert.ok(v2);
  const at = new Date('2025-03-31T22:30:00Z');
  const rows = applicationRows(
    [
      { reference: 'MB-AAAAA-A', status: 'received', createdAt: at, closedAt: null, data: { form: 'meldebescheinigung', formVersion: 1, answers: { nachname: 'Alt', vorname: 'Anna', anzahl: '1' } } },
      { reference: 'MB-BBBBB-B', status: 'completed', createdAt: at, closedAt: at, data: { form: 'meldebescheinigung', formVersion: 2, answers: sampleAnswers('meldebescheinigung') } },
    ],
    labels,
  );
  const [head, first, second] = rows;
  assert.ok(head && first && second);
  assert.deepEqual(head.slice(0, 7), ['Nr', 'Eingang', 'Status', 'Abschluss', 'Version', 'nachname', 'vorname']);
  assert.ok(head.includes('zusatzdaten') && head.includes('anschrift.plz'), head.join(','));
  const col = (name: string) => head.indexOf(name);
  assert.equal(first[col('nachname')], 'Alt');
  assert.equal(first[col('zusatzdaten')], '', 'a field the old version did not have stays empty');
  assert.equal(first[col('Version')], '1');
  assert.equal(second[col('anzahl')], '2');
  assert.equal(first[col('Eingang')], '01.04.2025 00:30', 'Berlin time');
  assert.equal(csvDateTime(new Date('2025-01-15T08:05:00Z')), '15.01.2025 09:05');
});

test('the chart axis ends on a round number', () => {
  assert.equal(axisMax(0), 1);
  assert.equal(axisMax(1), 1);
  assert.equal(axisMax(3), 5);
  assert.equal(axisMax(12), 20);
  assert.equal(axisMax(100), 100);
});
