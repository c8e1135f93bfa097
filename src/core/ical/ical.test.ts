import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import ICAL from 'ical.js';
import { buildIcalEvent, escapeText, foldLine, type IcalEventInput } from './ical.ts';

const base: IcalEventInput = {
  method: 'REQUEST',
  prodId: '-//Stadt Musterstadt//Rathaus Terminbuchung//DE',
  uid: 'T-7K3QX-4@termine.musterstadt.de',
  sequence: 0,
  dtstamp: new Date('2027-06-01T08:00:00.123Z'),
  start: new Date('2027-06-10T07:30:00Z'),
  end: new Date('2027-06-10T07:45:00Z'),
  summary: 'Termin Bürgerbüro: Personalausweis beantragen',
  location: 'Bürgerbüro Musterstadt, Rathausplatz 1, 12345 Musterstadt',
  description: 'Vorgangsnummer T-7K3QX-4.\nBitte mitbringen: alten Ausweis, biometrisches Foto; Gebühr 37,00 EUR.',
  organizer: { name: 'Stadt Musterstadt, Bürgerbüro', email: 'buergerbuero@musterstadt.de' },
  attendee: { name: 'Max Mustermann', email: 'max@example.org' },
  status: 'CONFIRMED',
};

/** Parses with ical.js and resolves TZID through the VTIMEZONE shipped in the object itself. */
function parseEvent(text: string): { calendar: ICAL.Component; event: ICAL.Component } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vtimezone = calendar.getFirstSubcomponent('vtimezone');
  assert.ok(vtimezone, 'VTIMEZONE present');
  ICAL.TimezoneService.reset();
  ICAL.TimezoneService.register(vtimezone);
  const event = calendar.getFirstSubcomponent('vevent');
  assert.ok(event, 'VEVENT present');
  return { calendar, event };
}

function instant(event: ICAL.Component, name: 'dtstart' | 'dtend'): string {
  const time = event.getFirstPropertyValue(name);
  assert.ok(time instanceof ICAL.Time);
  return time.toJSDate().toISOString();
}

function contentLines(text: string): string[] {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  return text.slice(0, -2).split('\r\n');
}

test('matches the verified example from the research notes', () => {
  const expected = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Stadt Musterstadt//Rathaus Terminbuchung//DE', 'METHOD:REQUEST',
    'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD', 'END:VTIMEZONE',
    'BEGIN:VEVENT', 'UID:T-7K3QX-4@termine.musterstadt.de', 'SEQUENCE:0', 'DTSTAMP:20270601T080000Z',
    'DTSTART;TZID=Europe/Berlin:20270610T093000', 'DTEND;TZID=Europe/Berlin:20270610T094500',
    'SUMMARY:Termin Bürgerbüro: Personalausweis beantragen',
    'LOCATION:Bürgerbüro Musterstadt\\, Rathausplatz 1\\, 12345 Musterstadt',
    'DESCRIPTION:Vorgangsnummer T-7K3QX-4.\\nBitte mitbringen: alten Ausweis\\, bi',
    ' ometrisches Foto\\; Gebühr 37\\,00 EUR.',
    'ORGANIZER;CN="Stadt Musterstadt, Bürgerbüro":mailto:buergerbuero@musterst',
    ' adt.de',
    'ATTENDEE;CN=Max Mustermann;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALS',
    ' E:mailto:max@example.org',
    'STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT', 'END:VCALENDAR',
  ];
  assert.equal(buildIcalEvent(base), expected.join('\r\n') + '\r\n');
});

test('structure: CRLF only, lines ≤ 75 octets, UTC DTSTAMP, METHOD, balanced components', () => {
  const text = buildIcalEvent({ ...base, description: 'Lang: ' + 'Öffnungszeiten beachten, bitte pünktlich. '.repeat(8), alarmMinutesBefore: 30 });
  assert.doesNotMatch(text, /\r(?!\n)|(?<!\r)\n/, 'no bare CR or LF');
  const lines = contentLines(text);
  for (const line of lines) assert.ok(Buffer.byteLength(line) <= 75, `too long: ${line}`);
  assert.ok(lines.filter((l) => l.startsWith(' ')).length >= 6, 'long description was folded');
  assert.deepEqual(lines.filter((l) => l.startsWith('METHOD')), ['METHOD:REQUEST']);
  assert.deepEqual(lines.filter((l) => l.startsWith('DTSTAMP')), ['DTSTAMP:20270601T080000Z']);
  const stack: string[] = [];
  for (const line of lines) {
    if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
    if (line.startsWith('END:')) assert.equal(stack.pop(), line.slice(4));
  }
  assert.deepEqual(stack, []);
  const alarm = lines.slice(lines.indexOf('BEGIN:VALARM'), lines.indexOf('END:VALARM') + 1);
  assert.deepEqual(alarm, ['BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT30M', 'DESCRIPTION:Termin Bürgerbüro: Personalausweis beantragen', 'END:VALARM']);
});

test('ical.js reads the right UTC instants in summer, winter and on both DST Sundays', () => {
  const cases = [
    { start: '2027-06-10T07:30:00Z', end: '2027-06-10T07:45:00Z', local: '20270610T093000' }, // CEST
    { start: '2027-01-14T09:00:00Z', end: '2027-01-14T09:20:00Z', local: '20270114T100000' }, // CET
    { start: '2027-03-28T07:00:00Z', end: '2027-03-28T07:15:00Z', local: '20270328T090000' }, // 09:00 CEST after spring-forward
    { start: '2027-10-31T08:00:00Z', end: '2027-10-31T08:15:00Z', local: '20271031T090000' }, // 09:00 CET after fall-back
    { start: '2027-03-27T23:30:00Z', end: '2027-03-28T01:30:00Z', local: '20270328T003000' }, // spans the gap: 00:30 CET → 03:30 CEST
  ];
  for (const c of cases) {
    const text = buildIcalEvent({ ...base, start: new Date(c.start), end: new Date(c.end) });
    assert.ok(contentLines(text).includes(`DTSTART;TZID=Europe/Berlin:${c.local}`), c.local);
    const { event } = parseEvent(text);
    const start = event.getFirstPropertyValue('dtstart');
    assert.ok(start instanceof ICAL.Time && start.zone?.tzid === 'Europe/Berlin', 'zone resolved, not floating');
    assert.equal(instant(event, 'dtstart'), new Date(c.start).toISOString());
    assert.equal(instant(event, 'dtend'), new Date(c.end).toISOString());
  }
});

test('the repeated fall-back hour is written in UTC, its neighbours in local time', () => {
  const cases = [
    { at: '2027-10-30T23:59:59Z', line: 'DTSTART;TZID=Europe/Berlin:20271031T015959' }, // last unambiguous second
    { at: '2027-10-31T00:30:00Z', line: 'DTSTART:20271031T003000Z' }, // 02:30 CEST, first occurrence
    { at: '2027-10-31T01:30:00Z', line: 'DTSTART:20271031T013000Z' }, // 02:30 CET, second occurrence
    { at: '2027-10-31T02:00:00Z', line: 'DTSTART;TZID=Europe/Berlin:20271031T030000' },
  ];
  for (const c of cases) {
    const start = new Date(c.at);
    const text = buildIcalEvent({ ...base, start, end: new Date(start.getTime() + 15 * 60_000) });
    assert.ok(contentLines(text).includes(c.line), c.line);
    assert.equal(instant(parseEvent(text).event, 'dtstart'), start.toISOString());
  }
});

test('escapeText escapes backslash, semicolon, comma and newlines', () => {
  assert.equal(escapeText('a;b,c\\d\ne'), 'a\\;b\\,c\\\\d\\ne');
  assert.equal(escapeText('x\r\ny\rz'), 'x\\ny\\nz');
  assert.equal(escapeText('tab\tbell\u0007end'), 'tab\tbellend');
  assert.equal(escapeText('\\n'), '\\\\n', 'a literal backslash-n stays two characters');
});

test('text and parameters survive a round trip through ical.js', () => {
  const tricky = 'Zeile 1; mit, Zeichen \\ und\nZeile 2 – Grüße 👋🏽';
  const text = buildIcalEvent({
    ...base,
    summary: tricky,
    location: tricky,
    description: tricky,
    organizer: { name: 'Bürgerbüro: Mitte; Team, "Nord"', email: 'buergerbuero@musterstadt.de' },
    attendee: { name: 'Erika\r\nMusterfrau', email: 'erika@example.org' },
  });
  const lines = contentLines(text);
  assert.ok(lines.some((l) => l.startsWith('ORGANIZER;CN="Bürgerbüro: Mitte; Team, Nord":mailto:')));
  assert.ok(lines.some((l) => l.startsWith('ATTENDEE;CN=ErikaMusterfrau;ROLE=')));
  const { event } = parseEvent(text);
  for (const name of ['summary', 'location', 'description']) assert.equal(event.getFirstPropertyValue(name), tricky);
  const organizer = event.getFirstProperty('organizer');
  assert.equal(organizer?.getParameter('cn'), 'Bürgerbüro: Mitte; Team, Nord');
  assert.equal(organizer?.getFirstValue(), 'mailto:buergerbuero@musterstadt.de');
  const attendee = event.getFirstProperty('attendee');
  assert.equal(attendee?.getParameter('partstat'), 'ACCEPTED');
  assert.equal(attendee?.getParameter('rsvp'), 'FALSE');
  assert.equal(attendee?.getFirstValue(), 'mailto:erika@example.org');
});

test('foldLine breaks at 75 octets without splitting a UTF-8 sequence', () => {
  for (const [line, firstOctets] of [
    ['SUMMARY:' + 'ä'.repeat(60), 74], // 8 + 33 × 2; a 34th ä would make 76
    ['X:' + '😀'.repeat(40), 74], // 2 + 18 × 4
    ['DESCRIPTION:' + 'a'.repeat(63) + '€€', 75], // 12 + 63 = 75 exactly, € needs 3 more
  ] as const) {
    const folded = foldLine(line);
    const bytes = Buffer.from(folded, 'utf8');
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    assert.equal(decoded.replace(/\r\n /g, ''), line, 'unfolding restores the line');
    const physical = folded.split('\r\n');
    assert.equal(Buffer.byteLength(physical[0] ?? ''), firstOctets);
    for (const part of physical) assert.ok(Buffer.byteLength(part) <= 75);
    for (const part of physical.slice(1)) assert.ok(part.startsWith(' ') && part.length > 1);
  }
  assert.equal(foldLine('VERSION:2.0'), 'VERSION:2.0');
});

test('CANCEL keeps the UID, raises SEQUENCE, sets STATUS:CANCELLED and drops the alarm', () => {
  const request = buildIcalEvent({ ...base, alarmMinutesBefore: 60 });
  const cancel = buildIcalEvent({
    ...base, method: 'CANCEL', sequence: 1, status: 'CANCELLED', dtstamp: new Date('2027-06-05T12:00:00Z'), alarmMinutesBefore: 60,
  });
  const parsedRequest = parseEvent(request);
  const parsedCancel = parseEvent(cancel);
  assert.equal(parsedCancel.calendar.getFirstPropertyValue('method'), 'CANCEL');
  assert.equal(parsedCancel.event.getFirstPropertyValue('uid'), parsedRequest.event.getFirstPropertyValue('uid'));
  assert.ok(Number(parsedCancel.event.getFirstPropertyValue('sequence')) > Number(parsedRequest.event.getFirstPropertyValue('sequence')));
  assert.equal(parsedCancel.event.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(parsedRequest.event.getAllSubcomponents('valarm').length, 1);
  assert.equal(parsedCancel.event.getAllSubcomponents('valarm').length, 0);
  const changed = contentLines(cancel).filter((line) => !contentLines(request).includes(line));
  assert.deepEqual(changed, ['METHOD:CANCEL', 'SEQUENCE:1', 'DTSTAMP:20270605T120000Z', 'STATUS:CANCELLED']);
});

test('PUBLISH has no attendee', () => {
  const text = buildIcalEvent({ ...base, method: 'PUBLISH', attendee: undefined });
  assert.ok(contentLines(text).includes('METHOD:PUBLISH'));
  assert.doesNotMatch(text, /ATTENDEE/);
});

test('rejects invalid input', () => {
  const invalid: [Partial<IcalEventInput>, RegExp][] = [
    [{ end: base.start }, /end must be after start/],
    [{ end: new Date(base.start.getTime() - 60_000) }, /end must be after start/],
    [{ start: new Date('nope') }, /start is not a valid date/],
    [{ sequence: -1 }, /sequence/],
    [{ sequence: 1.5 }, /sequence/],
    [{ uid: 'T-1@x.example\r\nATTENDEE:mailto:evil@example.org' }, /uid/],
    [{ uid: '' }, /uid/],
    [{ organizer: { name: 'X', email: 'a@b.example\r\nX-EVIL:1' } }, /plain e-mail/],
    [{ attendee: { name: 'X', email: 'Max <max@example.org>' } }, /plain e-mail/],
    [{ attendee: { name: 'X', email: 'max@example.org\n' } }, /plain e-mail/],
    [{ attendee: { name: 'X', email: 'max@localhost' } }, /plain e-mail/],
    [{ attendee: { name: 'X', email: 'a?subject=hi@example.org' } }, /plain e-mail/],
    [{ attendee: undefined }, /REQUEST needs an attendee/],
    [{ method: 'PUBLISH' }, /PUBLISH must not have an attendee/],
    [{ method: 'CANCEL', sequence: 1 }, /CANCEL needs status CANCELLED/],
    [{ alarmMinutesBefore: -5 }, /alarmMinutesBefore/],
    [{ url: 'javascript:alert(1)' }, /url/],
    [{ url: 'not a url' }, /url/],
  ];
  for (const [patch, message] of invalid) {
    assert.throws(() => buildIcalEvent({ ...base, ...patch }), message, JSON.stringify(patch));
  }
  assert.doesNotThrow(() => buildIcalEvent({ ...base, url: 'https://musterstadt.example/termine/T-7K3QX-4' }));
});

test('output does not depend on the process time zone', () => {
  const moduleUrl = new URL('./ical.ts', import.meta.url).href;
  const script = `
    const { buildIcalEvent } = await import(${JSON.stringify(moduleUrl)});
    const event = (start, end) => buildIcalEvent({
      method: 'REQUEST', prodId: 'P', uid: 'U@x.example', sequence: 0, dtstamp: new Date('2027-06-01T08:00:00Z'),
      start: new Date(start), end: new Date(end), summary: 'S', organizer: { name: 'O', email: 'o@x.example' },
      attendee: { name: 'A', email: 'a@x.example' }, status: 'CONFIRMED' });
    const dates = (text) => text.split('\\r\\n').filter((l) => /^DT(START|END);TZID=/.test(l));
    console.log(JSON.stringify({
      offset: new Date('2027-06-10T12:00:00Z').getTimezoneOffset(),
      summer: dates(event('2027-06-10T07:30:00Z', '2027-06-10T07:45:00Z')),
      winter: dates(event('2027-10-31T08:00:00Z', '2027-10-31T08:15:00Z')),
    }));`;
  const runIn = (tz: string): { offset: number; summer: string[]; winter: string[] } =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }));
  const expected = {
    summer: ['DTSTART;TZID=Europe/Berlin:20270610T093000', 'DTEND;TZID=Europe/Berlin:20270610T094500'],
    winter: ['DTSTART;TZID=Europe/Berlin:20271031T090000', 'DTEND;TZID=Europe/Berlin:20271031T091500'],
  };
  for (const [tz, offset] of [['UTC', 0], ['America/New_York', 240], ['Asia/Tokyo', -540]] as const) {
    const result = runIn(tz);
    assert.equal(result.offset, offset, `child really ran in ${tz}`);
    assert.deepEqual({ summer: result.summer, winter: result.winter }, expected, tz);
  }
});
