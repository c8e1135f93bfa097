/**
 * The Niederschrift (minutes) of a meeting from its data: key facts, who was
 * present and excused, and per agenda item its number, name, paper, result
 * and resolution text. Two variants: `public` shows a non-public item only as
 * its number and "nicht öffentlich" (no name, paper, result or resolution);
 * `internal` shows everything and is stamped "nicht öffentlich" when it has a
 * non-public part.
 */
import type { CouncilPdfOptions } from './council-pdf.ts';
import { germanDay, germanLongDate, germanTime } from './german-dates.ts';
import { CouncilLayout, NON_PUBLIC, type FactRow } from './layout.ts';

export interface MinutesPerson {
  name: string;
  /** e.g. "Vorsitz", "SPD-Fraktion", "Verwaltung" */
  role?: string;
}

export interface MinutesItem {
  number: string;
  name: string;
  public: boolean;
  paperReference?: string;
  result?: string;
  resolutionText?: string;
}

export interface MinutesInput {
  issuer: { name: string };
  organizationName: string;
  meetingName: string;
  start: Date;
  end?: Date;
  location: string;
  chair?: string;
  /** Schriftführung */
  recorder?: string;
  participants: MinutesPerson[];
  absent?: MinutesPerson[];
  /** In meeting order. */
  agenda: MinutesItem[];
  /** yyyy-mm-dd; when the minutes were signed. */
  minutesDate?: string;
  variant: 'public' | 'internal';
}

export async function renderMinutes(input: MinutesInput, options: CouncilPdfOptions = {}): Promise<Buffer> {
  const publicItems = input.agenda.filter((item) => item.public);
  const nonPublicItems = input.agenda.filter((item) => !item.public);
  const internal = input.variant === 'internal';
  const title = `Niederschrift: ${input.meetingName}`;
  const layout = await CouncilLayout.create({
    title,
    author: input.issuer.name,
    subject: `${input.organizationName}, ${germanLongDate(input.start)}`,
    footer: `Niederschrift – ${input.meetingName}`,
    stamp: internal && nonPublicItems.length > 0 ? NON_PUBLIC : undefined,
    creationDate: options.creationDate ?? new Date(),
  });
  layout.letterhead(input.issuer.name, input.minutesDate ? germanDay(input.minutesDate) : undefined);
  layout.title(title);
  layout.facts(facts(input));

  layout.section(() => {
    layout.heading(2, 'Anwesend');
    if (input.participants.length > 0) layout.table(PERSON_COLUMNS, input.participants.map(personRow), { compact: true });
    else layout.paragraph('Keine Angaben.');
  });
  if (input.absent && input.absent.length > 0) {
    const absent = input.absent;
    layout.section(() => {
      layout.heading(2, 'Entschuldigt');
      layout.table(PERSON_COLUMNS, absent.map(personRow), { compact: true });
    });
  }

  layout.section(() => {
    layout.heading(2, 'Öffentlicher Teil');
    if (publicItems.length === 0) layout.paragraph('Keine Tagesordnungspunkte.');
    for (const item of publicItems) writeItem(layout, item);
  });
  if (nonPublicItems.length > 0) {
    layout.section(() => {
      layout.heading(2, 'Nicht öffentlicher Teil');
      layout.paragraph('Für diesen Teil der Sitzung war die Öffentlichkeit ausgeschlossen.');
      for (const item of nonPublicItems) {
        if (internal) writeItem(layout, item);
        else writeWithheld(layout, item);
      }
    });
  }

  const signatures = [input.chair && `Vorsitz: ${input.chair}`, input.recorder && `Schriftführung: ${input.recorder}`].filter((line): line is string => Boolean(line));
  if (signatures.length > 0) {
    layout.space(10);
    layout.paragraph(signatures.join('\n'));
  }
  return layout.finish();
}

const PERSON_COLUMNS = [
  { header: 'Name', share: 0.5 },
  { header: 'Funktion', share: 0.5 },
];

function personRow(person: MinutesPerson): string[] {
  return [person.name, person.role ?? ''];
}

function facts(input: MinutesInput): FactRow[] {
  const rows: FactRow[] = [
    { label: 'Gremium', value: input.organizationName },
    { label: 'Datum', value: germanLongDate(input.start) },
    { label: 'Beginn', value: germanTime(input.start) },
  ];
  if (input.end) rows.push({ label: 'Ende', value: germanTime(input.end) });
  rows.push({ label: 'Ort', value: input.location });
  if (input.chair) rows.push({ label: 'Vorsitz', value: input.chair });
  if (input.recorder) rows.push({ label: 'Schriftführung', value: input.recorder });
  return rows;
}

function writeItem(layout: CouncilLayout, item: MinutesItem): void {
  layout.section(() => {
    layout.heading(3, `${item.number}  ${item.name}`);
    const rows: FactRow[] = [];
    if (item.paperReference) rows.push({ label: 'Drucksache', value: item.paperReference });
    if (item.result) rows.push({ label: 'Ergebnis', value: item.result });
    if (item.resolutionText) rows.push({ label: 'Beschluss', value: item.resolutionText });
    layout.rows(rows);
  });
}

function writeWithheld(layout: CouncilLayout, item: MinutesItem): void {
  layout.section(() => {
    layout.heading(3, item.number);
    layout.paragraph(NON_PUBLIC);
  });
}
