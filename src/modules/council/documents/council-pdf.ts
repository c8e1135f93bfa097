/**
 * A council document as PDF: the text of a Vorlage, Antrag, Anfrage or
 * Mitteilung (or an attachment to one) — letterhead, title, key facts, then
 * sections of running text. The "nicht öffentlich" stamp is page furniture;
 * the same fact is also a row of the key facts, so screen readers get it.
 */
import { CouncilLayout, type FactRow } from './layout.ts';

export interface CouncilDocumentSection {
  heading: string;
  paragraphs: string[];
}

export interface CouncilDocumentInput {
  issuer: { name: string };
  title: string;
  /** Shown verbatim beside the letterhead and in the footer of every page, e.g. "Drucksache 2026/014". */
  reference?: string;
  meta?: FactRow[];
  sections: CouncilDocumentSection[];
  /** Stamped on every page, e.g. "nicht öffentlich". */
  publicLabel?: string;
}

export interface CouncilPdfOptions {
  /** Fixes the CreationDate (and with it the file ID) so the same input gives the same bytes. */
  creationDate?: Date;
}

export async function renderCouncilDocument(input: CouncilDocumentInput, options: CouncilPdfOptions = {}): Promise<Buffer> {
  const layout = await CouncilLayout.create({
    title: input.title,
    author: input.issuer.name,
    subject: input.reference ? `${input.reference}: ${input.title}` : input.title,
    footer: input.reference,
    stamp: input.publicLabel,
    creationDate: options.creationDate ?? new Date(),
  });
  layout.letterhead(input.issuer.name, input.reference);
  layout.title(input.title);
  const facts = [...(input.meta ?? [])];
  if (input.publicLabel) facts.push({ label: 'Öffentlichkeit', value: input.publicLabel });
  layout.facts(facts);
  for (const section of input.sections) {
    layout.section(() => {
      layout.heading(2, section.heading);
      for (const paragraph of section.paragraphs) layout.paragraph(paragraph);
    });
  }
  return layout.finish();
}
