/**
 * RFC 5545 iCalendar serializer for appointment mails (iMIP, RFC 6047/5546): one VEVENT in
 * Europe/Berlin local time plus its VTIMEZONE. Owns content-line folding, TEXT escaping and
 * parameter quoting; sending the mail is the mail module's job. Background and client quirks:
 * docs/appointments/research-notes.md §3. Hand-written because ical-generator formats Dates
 * in the process time zone once a TZID is set.
 */

export type IcalMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcalParty {
  name: string;
  email: string;
}

export interface IcalEventInput {
  method: IcalMethod;
  prodId: string;
  /** Stable for the life of the appointment, e.g. `TB-7K3QX-4@musterstadt.example`. */
  uid: string;
  /** 0 at first, +1 on every significant change (reschedule, cancel). */
  sequence: number;
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  url?: string;
  organizer: IcalParty;
  /** Required for REQUEST and CANCEL, not allowed for PUBLISH (RFC 5546 §3.2). */
  attendee?: IcalParty;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  /** Ignored for CANCEL: RFC 5546 §3.2.5 allows no VALARM there. */
  alarmMinutesBefore?: number;
}

const TZID = 'Europe/Berlin';
const MAX_LINE_OCTETS = 75;

// EU summer-time rule in force since 1996; appointments never lie before that.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE', `TZID:${TZID}`,
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST',
  'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET',
  'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];

const berlinFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TZID, hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

// Plain addr-spec only: no display name, nothing that would need escaping in a mailto: URI.
const PLAIN_EMAIL = /^[A-Za-z0-9.!$&'*+=^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;

/** Escapes a TEXT value (RFC 5545 §3.3.11). Control characters other than TAB and newlines are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\;,]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), breaking only between code points. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

export function buildIcalEvent(input: IcalEventInput): string {
  assertValid(input);
  const withAlarm = input.alarmMinutesBefore !== undefined && input.method !== 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(input.prodId)}`,
    `METHOD:${input.method}`,
    ...VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${utcDateTime(input.dtstamp)}`,
    dateTimeLine('DTSTART', input.start),
    dateTimeLine('DTEND', input.end),
    `SUMMARY:${escapeText(input.summary)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`] : []),
    ...(input.description ? [`DESCRIPTION:${escapeText(input.description)}`] : []),
    ...(input.url ? [`URL:${new URL(input.url).href}`] : []),
    `ORGANIZER${commonName(input.organizer.name)}:mailto:${input.organizer.email}`,
    ...(input.attendee
      ? [`ATTENDEE${commonName(input.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:${input.attendee.email}`]
      : []),
    `STATUS:${input.status}`,
    'TRANSP:OPAQUE',
    ...(withAlarm
      ? ['BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER:-PT${input.alarmMinutesBefore}M`, `DESCRIPTION:${escapeText(input.summary)}`, 'END:VALARM']
      : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function assertValid(input: IcalEventInput): void {
  const fail = (reason: string): never => {
    throw new Error(`invalid iCalendar event: ${reason}`);
  };
  for (const key of ['dtstamp', 'start', 'end'] as const) {
    if (!(input[key] instanceof Date) || Number.isNaN(input[key].getTime())) fail(`${key} is not a valid date`);
  }
  if (wholeSeconds(input.end) <= wholeSeconds(input.start)) fail('end must be after start');
  if (!Number.isInteger(input.sequence) || input.sequence < 0) fail('sequence must be a non-negative integer');
  if (!input.uid || CONTROL_CHARS.test(input.uid)) fail('uid must be non-empty without control characters');
  for (const party of [input.organizer, input.attendee]) {
    if (party && !PLAIN_EMAIL.test(party.email)) fail(`not a plain e-mail address: ${JSON.stringify(party.email)}`);
  }
  if (input.method === 'PUBLISH' && input.attendee) fail('PUBLISH must not have an attendee');
  if (input.method !== 'PUBLISH' && !input.attendee) fail(`${input.method} needs an attendee`);
  if (input.method === 'CANCEL' && input.status !== 'CANCELLED') fail('CANCEL needs status CANCELLED');
  const alarm = input.alarmMinutesBefore;
  if (alarm !== undefined && (!Number.isInteger(alarm) || alarm < 0)) fail('alarmMinutesBefore must be a non-negative integer');
  if (input.url !== undefined && !/^https?:$/.test(URL.parse(input.url)?.protocol ?? '')) fail('url must be http(s)');
}

function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function utcDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

function berlinWallTime(date: Date): string {
  const part = Object.fromEntries(berlinFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}T${part.hour}${part.minute}${part.second}`;
}

// A local time that occurs twice (the autumn fall-back hour) means its first occurrence per
// RFC 5545 §3.3.5, but parsers disagree (ical.js takes the second), so such instants go out in UTC.
function dateTimeLine(name: string, date: Date): string {
  const local = berlinWallTime(date);
  const hourAway = (sign: number): string => berlinWallTime(new Date(date.getTime() + sign * 3_600_000));
  const ambiguous = hourAway(-1) === local || hourAway(1) === local;
  return ambiguous ? `${name}:${utcDateTime(date)}` : `${name};TZID=${TZID}:${local}`;
}

// Parameter values may never contain DQUOTE or control characters (RFC 5545 §3.1).
function commonName(name: string): string {
  const clean = name.replace(/["\u0000-\u001F\u007F]/g, '').trim();
  if (!clean) return '';
  return /[:;,]/.test(clean) ? `;CN="${clean}"` : `;CN=${clean}`;
}
