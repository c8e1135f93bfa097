/**
 * All service forms with every published version. A submitted application
 * stores its form id and version; `getForm(id, version)` keeps loading that
 * version for as long as the application is retained, so a new version never
 * changes how an old application is shown, checked or exported.
 */
import { todayInBerlin } from './checks.ts';
import { abmeldungAusland } from './definitions/abmeldung-ausland.ts';
import { briefwahl } from './definitions/briefwahl.ts';
import { fuehrungszeugnis } from './definitions/fuehrungszeugnis.ts';
import { gartenwasserzaehler } from './definitions/gartenwasserzaehler.ts';
import { gewerbeabmeldung, gewerbeanmeldung, gewerbeummeldung } from './definitions/gewerbe.ts';
import { hundeanmeldung } from './definitions/hundeanmeldung.ts';
import { meldebescheinigung } from './definitions/meldebescheinigung.ts';
import { melderegisterauskunft } from './definitions/melderegisterauskunft.ts';
import { eheurkunde, geburtsurkunde, sterbeurkunde } from './definitions/personenstandsurkunden.ts';
import { sperrmuell } from './definitions/sperrmuell.ts';
import { wohnungsgeberbestaetigung } from './definitions/wohnungsgeberbestaetigung.ts';
import type { Answers, FormDefinition, FormEntry } from './types.ts';

const entries: readonly FormEntry[] = [
  meldebescheinigung,
  abmeldungAusland,
  wohnungsgeberbestaetigung,
  briefwahl,
  fuehrungszeugnis,
  geburtsurkunde,
  eheurkunde,
  sterbeurkunde,
  melderegisterauskunft,
  gewerbeanmeldung,
  gewerbeummeldung,
  gewerbeabmeldung,
  sperrmuell,
  gartenwasserzaehler,
  hundeanmeldung,
];

function current(entry: FormEntry): FormDefinition {
  return entry.versions.reduce((a, b) => (b.version > a.version ? b : a));
}

/** Every version of every form, by form id (oldest first). */
export const formVersions: ReadonlyMap<string, readonly FormDefinition[]> = new Map(entries.map((e) => [current(e).id, e.versions]));

/** The current version of each form, by form id. */
export const formDefinitions: ReadonlyMap<string, FormDefinition> = new Map(entries.map((e) => [current(e).id, current(e)]));

/** A form by id, in the given version (the current one without). Unknown ids or versions: undefined. */
export function getForm(id: string, version?: number): FormDefinition | undefined {
  if (version === undefined) return formDefinitions.get(id);
  return formVersions.get(id)?.find((d) => d.version === version);
}

/**
 * Valid answers for the current version of a form, with dates relative to
 * `today` (Europe/Berlin). File answers are stand-ins (`sampleFile`): a
 * journey test uploads real files instead.
 */
export function sampleAnswers(id: string, today: string = todayInBerlin()): Answers {
  const entry = entries.find((e) => current(e).id === id);
  if (!entry) throw new Error(`no form "${id}"`);
  return entry.sample(today);
}
