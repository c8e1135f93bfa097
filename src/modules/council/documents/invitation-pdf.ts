/**
 * The Einladung to a meeting: letter, key facts and the agenda in its public
 * and non-public part. Two variants: `public` (the default) names no
 * non-public item — only its number and "nicht öffentlich" — and shows no
 * paper reference for it; `internal` (for the members) shows everything and
 * is stamped "nicht öffentlich" when it has a non-public part.
 */
import type { CouncilPdfOptions } from './council-pdf.ts';
import { germanDay, germanLongDate, germanTime } from './german-dates.ts';
import { CouncilLayout, NON_PUBLIC, type FactRow } from './layout.ts';

export interface InvitationAgendaItem {
  number: string;
  name: string;
  public: boolean;
  paperReference?: string;
}

export interface InvitationInput {
  issuer: { name: string };
  organizationName: string;
  meetingName: string;
  start: Date;
  end?: Date;
  location: string;
  /** Who invites and signs, e.g. "Dr. Sabine Lorenz". */
  chair?: string;
  /** The signer's function under the name, e.g. "Bürgermeisterin" or "Ausschussvorsitzender". */
  chairRole?: string;
  /** yyyy-mm-dd */
  invitationDate: string;
  /** In meeting order. */
  agenda: InvitationAgendaItem[];
  variant?: 'public' | 'internal';
}

export async function renderInvitation(input: InvitationInput, options: CouncilPdfOptions = {}): Promise<Buffer> {
  const variant = input.variant ?? 'public';
  const publicItems = input.agenda.filter((item) => item.public);
  const nonPublicItems = input.agenda.filter((item) => !item.public);
  const title = `Einladung: ${input.meetingName}`;
  const layout = await CouncilLayout.create({
    title,
    author: input.issuer.name,
    subject: `${input.organizationName}, ${germanLongDate(input.start)}`,
    footer: `Einladung – ${input.meetingName}`,
    stamp: variant === 'internal' && nonPublicItems.length > 0 ? NON_PUBLIC : undefined,
    creationDate: options.creationDate ?? new Date(),
  });
  layout.letterhead(input.issuer.name, germanDay(input.invitationDate));
  layout.title(title);
  layout.facts(facts(input));
  layout.paragraph('Sehr geehrte Damen und Herren,');
  layout.paragraph(letterText(input));
  layout.paragraph('Die Sitzungsunterlagen stehen im Ratsinformationssystem für Sie bereit. Sollten Sie verhindert sein, geben Sie bitte rechtzeitig Nachricht, damit Ihre Vertretung benachrichtigt werden kann.');

  layout.heading(2, 'Tagesordnung');
  layout.section(() => {
    layout.heading(3, 'Öffentlicher Teil');
    if (publicItems.length > 0) layout.table(AGENDA_COLUMNS, publicItems.map(agendaRow));
    else layout.paragraph('Keine Tagesordnungspunkte.');
  });
  if (nonPublicItems.length > 0) {
    layout.section(() => {
      layout.heading(3, 'Nicht öffentlicher Teil');
      const rows = variant === 'internal' ? nonPublicItems.map(agendaRow) : nonPublicItems.map((item) => [item.number, NON_PUBLIC, '']);
      layout.table(AGENDA_COLUMNS, rows);
    });
  }

  layout.space(10);
  layout.paragraph('Mit freundlichen Grüßen');
  if (input.chair) layout.paragraph([input.chair, input.chairRole].filter(Boolean).join('\n'));
  return layout.finish();
}

const AGENDA_COLUMNS = [
  { header: 'TOP', share: 0.12, weight: 'bold' as const },
  { header: 'Betreff', share: 0.68 },
  { header: 'Drucksache', share: 0.2 },
];

function agendaRow(item: InvitationAgendaItem): string[] {
  return [item.number, item.name, item.paperReference ?? ''];
}

function facts(input: InvitationInput): FactRow[] {
  const rows: FactRow[] = [
    { label: 'Gremium', value: input.organizationName },
    { label: 'Datum', value: germanLongDate(input.start) },
    { label: 'Beginn', value: germanTime(input.start) },
  ];
  if (input.end) rows.push({ label: 'Ende (voraussichtlich)', value: germanTime(input.end) });
  rows.push({ label: 'Ort', value: input.location });
  return rows;
}

/** "zur 12. Sitzung des Rates …" reads right only for names that are a Sitzung; other names are quoted. */
function letterText(input: InvitationInput): string {
  const meeting = /^(\d+\.\s*)?(Sitzung|Ratssitzung|Gemeinderatssitzung|Sondersitzung)\b/i.test(input.meetingName)
    ? `zur ${input.meetingName}`
    : `zur Sitzung „${input.meetingName}“`;
  return `hiermit lade ich Sie ${meeting} am ${germanLongDate(input.start)} um ${germanTime(input.start)} ein. Ort: ${input.location}.`;
}
