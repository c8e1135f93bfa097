/**
 * The demo council of each demo municipality, as plain data: body, term,
 * places, Rat/Gemeinderat, four Ausschüsse, five Fraktionen, the
 * Verwaltungsbereiche, ~40 fictional persons with their memberships, and a
 * year of meetings with agendas, papers (texts for their PDFs), results and
 * participants. No database and no PDFs here: seed/council.ts writes it.
 *
 * Deterministic for (tenant, today): randomness comes from a PRNG seeded
 * with the tenant and the meeting, never Math.random. The meeting calendar is
 * anchored at the start of the legislative term, so a meeting keeps its date
 * and number from one day to the next; `today` only decides which meetings
 * fall into the window (about nine months back, three months ahead), which
 * are past (durchgeführt, with results and participants) or upcoming
 * (eingeladen within three weeks, terminiert later).
 *
 * Law that shaped the data:
 * - NRW (Musterstadt): the Rat is elected for five years from 1 November
 *   (§ 42 KWahlG); the Bürgermeister chairs the Rat and the Hauptausschuss
 *   (§§ 40, 57 GO NRW). Sachkundige Bürger are voting committee members,
 *   fewer than the Ratsmitglieder in a committee; sachkundige Einwohner
 *   advise without a vote (§ 58 Abs. 3, 4 GO NRW).
 * - Bayern (Beispielhausen): the Gemeinderat is elected for six years from
 *   1 May (Art. 23 GLKrWG); 30 members for 20,001–30,000 inhabitants
 *   (Art. 31 GO); the Erste Bürgermeisterin chairs the Gemeinderat and every
 *   committee (Art. 33, 36 GO). Only Gemeinderatsmitglieder sit in committees
 *   with a vote; Ortssprecher and Beauftragte advise (Art. 60a GO).
 *
 * Every person is invented; any likeness to a real person is coincidence.
 */
import { addDays, berlinInstant, berlinOffsetMinutes, berlinTime, daysBetween, isoWeekday, mondayOf } from '../src/core/time/berlin.ts';
import { isPublicHoliday, type Bundesland } from '../src/core/time/holidays.ts';

export type DemoTenantSlug = 'musterstadt' | 'beispielhausen';

export interface DemoLocation {
  key: string;
  description: string;
  streetAddress: string;
  room?: string;
  postalCode: string;
  locality: string;
  lat: number;
  lon: number;
}
export interface DemoOrganization {
  key: string;
  name: string;
  shortName: string;
  organizationType: 'Gremium' | 'Fraktion' | 'Verwaltungsbereich';
  classification: string /* Rat: 'Parlament', Ausschüsse: 'Ausschuss', Fraktionen: 'Fraktion', Ämter: 'Verwaltungsbereich' */;
  startDate?: string;
  locationKey?: string;
  post?: string[];
}
export interface DemoPerson {
  key: string;
  givenName: string;
  familyName: string;
  formOfAddress: 'Frau' | 'Herr';
  title?: string[] /* e.g. ['Dr.'] */;
  gender?: 'female' | 'male';
  status: string[] /* 'Ratsmitglied', 'Bürgermeisterin', 'Sachkundiger Bürger' … */;
  life?: string /* < 300 chars */;
  lifeSource?: string;
  /** demo login for a few members: e.g. 'mandat.<name>@musterstadt.example' */
  accountEmail?: string;
}
export interface DemoMembership {
  personKey: string;
  organizationKey: string;
  role: string /* Vorsitzende, stellv. Vorsitzender, Mitglied, Stellvertreter, Sachkundige Bürgerin */;
  votingRight: boolean;
  onBehalfOfKey?: string /* a Fraktion key, for committee seats */;
  startDate: string;
  endDate?: string;
}
export interface DemoSection {
  heading: string;
  paragraphs: string[];
}
export interface DemoDocument {
  fileName: string /* e.g. 'Vorlage-2026-014.pdf' */;
  name: string /* no extension */;
  date: string;
  title: string;
  sections: DemoSection[];
  /** Key facts for the document's fact box (Vorlagenart, Federführung, Beratungsfolge …). */
  meta?: { label: string; value: string }[];
}
export interface DemoPaper {
  key: string;
  reference: string /* Drucksache, e.g. '2026/014' or 'BV/2026/014' */;
  name: string;
  paperType: 'Beschlussvorlage' | 'Antrag' | 'Anfrage' | 'Mitteilung';
  date: string;
  public: boolean;
  originatorPersonKeys: string[];
  originatorOrganizationKeys: string[];
  underDirectionOfKeys: string[];
  relatedPaperKeys: string[];
  locationKeys: string[];
  main: DemoDocument;
  auxiliary: DemoDocument[];
}
export interface DemoAgendaItem {
  number: string /* 'Ö 1', 'Ö 2.1', 'N 1' */;
  name: string;
  public: boolean;
  paperKey?: string;
  consultationRole?: string /* Vorberatung | Entscheidung | Kenntnisnahme */;
  authoritative?: boolean;
  result?: string /* only for past meetings */;
  resolutionText?: string;
}
export interface DemoMeeting {
  key: string;
  name: string;
  organizationKeys: string[] /* first = federführend */;
  start: string;
  end: string /* yyyy-mm-ddThh:mm:ss+01:00 / +02:00, correct Berlin offset */;
  locationKey: string;
  state: 'terminiert' | 'eingeladen' | 'durchgeführt';
  cancelled: boolean;
  agenda: DemoAgendaItem[];
  participantKeys: string[] /* past meetings only */;
  minutes?: DemoDocument /* Niederschrift, past meetings */;
}
export interface DemoCouncil {
  body: { name: string; shortName: string; classification: string; website?: string };
  term: { name: string; startDate: string; endDate: string };
  locations: DemoLocation[];
  organizations: DemoOrganization[];
  persons: DemoPerson[];
  memberships: DemoMembership[];
  papers: DemoPaper[];
  meetings: DemoMeeting[];
}

type PaperType = DemoPaper['paperType'];

// ---------------------------------------------------------------------------
// Randomness and calendar helpers
// ---------------------------------------------------------------------------

/** FNV-1a: a stable 32-bit seed from a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for demo data. */
class Random {
  private state: number;
  constructor(seed: string) {
    this.state = hash(seed);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`council content: index ${index} out of range`);
  return item;
}

function must<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`council content: unknown ${what} ${String(key)}`);
  return value;
}

/** "2026-03-05" → "05.03.2026" */
function germanDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

/** The instant as Berlin wall time with its offset: 2026-03-05T17:00:00+01:00. */
function berlinIso(instant: Date): string {
  const offset = berlinOffsetMinutes(instant);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  const wall = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${sign}${hours}:${minutes}`;
}

function euro(amount: number): string {
  return `${amount.toLocaleString('de-DE')} €`;
}

function mmdd(day: string): string {
  return day.slice(5);
}

// ---------------------------------------------------------------------------
// Tenant profiles
// ---------------------------------------------------------------------------

type Area = 'hfa' | 'bau' | 'schule' | 'soziales';
type Gender = 'female' | 'male';

interface PersonSeed {
  key: string;
  given: string;
  family: string;
  gender: Gender;
  title?: string[];
  life?: string;
}

interface CouncilProfile {
  key: string;
  name: string;
  shortName: string;
  /** "des Rates der Stadt Musterstadt" */
  genitive: string;
  /** Subject of a resolution: "Der Rat" */
  subject: string;
  /** "dem Rat" */
  dative: string;
  weekday: number;
  time: string;
  minutes: number;
  locationKey: string;
  memberStatus: string;
  post: string[];
}

interface CommitteeProfile {
  key: string;
  area: Area;
  name: string;
  shortName: string;
  genitive: string;
  subject: string;
  dative: string;
  weekday: number;
  /** Week of the meeting cycle (0–2); the Rat meets in week 3. */
  cycleWeek: number;
  /** The cycle (index mod 3) in which the committee does not meet, or null: it meets every cycle. */
  restCycle: number | null;
  time: string;
  minutes: number;
  locationKey: string;
  /** Seats for Ratsmitglieder, shared by the factions (d'Hondt). */
  seats: number;
  /** Faction that chairs it (NRW); null: the mayor chairs. */
  chairFaction: string | null;
  viceChairFaction: string;
  adminKey: string;
}

interface FactionProfile {
  key: string;
  name: string;
  shortName: string;
  /** Members in list order; the first chairs the faction, the second is deputy. */
  members: PersonSeed[];
}

interface AdvisorProfile {
  person: PersonSeed;
  status: string;
  /** Committee (or council) keys and the faction that nominated the person, if any. */
  seats: { organizationKey: string; votingRight: boolean; onBehalfOfKey?: string }[];
  roleFemale: string;
  roleMale: string;
}

interface AdminProfile {
  key: string;
  name: string;
  shortName: string;
  head: PersonSeed & { status: string; role: string };
  staff?: (PersonSeed & { status: string; role: string })[];
}

interface TenantProfile {
  slug: DemoTenantSlug;
  land: Bundesland;
  body: DemoCouncil['body'];
  /** First day of a term and its length in years: NRW 1 November, 5 years; Bayern 1 May, 6 years. */
  termStartMonthDay: string;
  termAnchorYear: number;
  termYears: number;
  /** Length of the meeting cycle in days: the Rat meets once per cycle (NRW towns about every six weeks, Bavarian Gemeinderäte monthly). */
  cycleDays: number;
  council: CouncilProfile;
  mayor: PersonSeed & { status: string; life: string };
  /** Deputy mayors: person key and their status (they hold a seat in their faction). */
  deputies: { personKey: string; status: string; councilRole: string }[];
  committees: CommitteeProfile[];
  factions: FactionProfile[];
  advisors: AdvisorProfile[];
  administration: AdminProfile[];
  /** Recorder of minutes (Schriftführung): a person of the administration. */
  recorderKey: string;
  resignation: { personKey: string; successor: PersonSeed; factionKey: string };
  locations: DemoLocation[];
  /** Meeting-free weeks: summer holidays of the Land and Christmas (mm-dd ranges). */
  breaks: [string, string][];
  reference: (type: PaperType, year: number, sequence: number) => string;
  /** File name stem ("Vorlage-2026-014") and display name ("Vorlage 2026/014") of a paper's main document. */
  documentName: (type: PaperType, reference: string) => { fileStem: string; display: string };
  /** Account holders among the members: person key → e-mail. */
  accounts: (roster: Roster) => Map<string, string>;
  /** The papers in queue order; `budgetYear` is the year whose budget is being prepared. */
  papers: (vocabulary: Vocabulary, budgetYear: number) => PaperSpec[];
  /** Words that occur only in the PDF text of one paper each (for the full-text search demo). */
  pdfOnlyWords: { word: string; paperKey: string }[];
  words: Vocabulary;
  constituent: { agenda: { name: string; paperKey?: string; result: Outcome; resolution: string }[]; papers: PaperSpec[] };
}

/** Words the paper families need to speak of the municipality. */
interface Vocabulary {
  /** Standing item of a Gremium's first meeting in the term, instead of approving minutes. */
  firstCommitteeItem: string;
  firstCommitteeResolution: string;
  /** "der Stadt" / "der Gemeinde" */
  townGenitive: string;
  /** "die Stadt" / "die Gemeinde" */
  townNominative: string;
  /** "Der Rat" / "Der Gemeinderat" */
  councilSubject: string;
  /** Resolution subjects of the committees: "Der Haupt- und Finanzausschuss". */
  subjects: Record<Area, string>;
  adminKeys: Record<Area, string>;
  factionNames: Record<string, string>;
  /** Name of the plan-approval stage after the Aufstellungsbeschluss (NRW: Offenlage; Bayern: Billigung und Auslegung). */
  displayStage: string;
}

// ---------------------------------------------------------------------------
// Paper specifications
// ---------------------------------------------------------------------------

type Route = 'committee' | 'rat' | 'hfa-rat' | 'rat-only' | 'info';
type Outcome = 'Einstimmig beschlossen' | 'Mehrheitlich beschlossen' | 'Geändert beschlossen' | 'Zur Kenntnis genommen' | 'Vertagt' | 'Abgelehnt';

interface PaperSpec {
  key: string;
  type: PaperType;
  /** Where it is consulted first; 'rat' only with route 'rat-only'. */
  area: Area | 'rat';
  route: Route;
  public: boolean;
  name: string;
  originatorFactions?: string[];
  originatorPersons?: string[];
  originatorAdmin?: string[];
  direction: string[];
  sections: DemoSection[];
  auxiliary?: { name: string; sections: DemoSection[] }[];
  locationKeys?: string[];
  related?: string[];
  /** What is resolved, after "Der Rat beschließt" (or the committee): "die Haushaltssatzung …". */
  resolution: string;
  /** The amendment when the result is "Geändert beschlossen". */
  amendment?: string;
  /** Fixed results: at the first consultation, at the deciding one. */
  firstOutcome?: Outcome;
  finalOutcome?: Outcome;
  /** Always in the demo (a PDF-only search word lives in it), even without a meeting. */
  fixed?: boolean;
  /** Key of a paper that must have been consulted at least eight weeks before (stages of a Bebauungsplan). */
  after?: string;
}

// ---------------------------------------------------------------------------
// Roster: persons and memberships of a tenant
// ---------------------------------------------------------------------------

interface Roster {
  persons: DemoPerson[];
  memberships: DemoMembership[];
  /** Person key → faction key, for Ratsmitglieder. */
  factionOf: Map<string, string>;
  councilMembers: Set<string>;
  advisors: Set<string>;
}

function personOf(seed: PersonSeed, status: string[], extra: Partial<DemoPerson> = {}): DemoPerson {
  return {
    key: seed.key,
    givenName: seed.given,
    familyName: seed.family,
    formOfAddress: seed.gender === 'female' ? 'Frau' : 'Herr',
    ...(seed.title ? { title: seed.title } : {}),
    gender: seed.gender,
    status,
    ...(seed.life ? { life: seed.life, lifeSource: 'Angaben der Person' } : {}),
    ...extra,
  };
}

function gendered(gender: Gender, female: string, male: string): string {
  return gender === 'female' ? female : male;
}

/** d'Hondt: seats per faction for a committee of `seats`; ties go to the larger faction. */
function dHondt(factions: FactionProfile[], seats: number, sizeOf: (faction: FactionProfile) => number): Map<string, number> {
  const result = new Map(factions.map((faction) => [faction.key, 0]));
  for (let seat = 0; seat < seats; seat++) {
    let best: FactionProfile | undefined;
    let bestQuotient = -1;
    for (const faction of factions) {
      const quotient = sizeOf(faction) / ((result.get(faction.key) ?? 0) + 1);
      if (quotient > bestQuotient || (quotient === bestQuotient && best && sizeOf(faction) > sizeOf(best))) {
        best = faction;
        bestQuotient = quotient;
      }
    }
    if (best) result.set(best.key, (result.get(best.key) ?? 0) + 1);
  }
  return result;
}

function buildRoster(profile: TenantProfile, term: DemoCouncil['term'], constituentDay: string, resignationDay: string): Roster {
  const persons: DemoPerson[] = [];
  const memberships: DemoMembership[] = [];
  const factionOf = new Map<string, string>();
  const councilMembers = new Set<string>();
  const advisors = new Set<string>();
  const termStart = term.startDate;
  const successorStart = addDays(resignationDay, 1);
  const { council, resignation } = profile;
  const deputyOf = new Map(profile.deputies.map((deputy) => [deputy.personKey, deputy]));

  const mayor = profile.mayor;
  persons.push(personOf(mayor, [mayor.status], { life: mayor.life, lifeSource: 'Angaben der Person' }));
  memberships.push({ personKey: mayor.key, organizationKey: council.key, role: gendered(mayor.gender, 'Vorsitzende', 'Vorsitzender'), votingRight: true, startDate: termStart });

  // Ratsmitglieder with their faction; the resigning member leaves, the successor from the list follows the next day.
  for (const faction of profile.factions) {
    faction.members.forEach((member, index) => {
      const deputy = deputyOf.get(member.key);
      const leaves = member.key === resignation.personKey;
      const status = leaves ? [gendered(member.gender, 'ehemalige', 'ehemaliges') + ' ' + council.memberStatus] : [council.memberStatus, ...(deputy ? [deputy.status] : [])];
      if (index === 0) status.push(gendered(member.gender, 'Fraktionsvorsitzende', 'Fraktionsvorsitzender'));
      persons.push(personOf(member, status));
      factionOf.set(member.key, faction.key);
      councilMembers.add(member.key);
      const end = leaves ? { endDate: resignationDay } : {};
      memberships.push({ personKey: member.key, organizationKey: council.key, role: deputy ? deputy.councilRole : 'Mitglied', votingRight: true, startDate: termStart, ...end });
      const factionRole = index === 0 ? gendered(member.gender, 'Fraktionsvorsitzende', 'Fraktionsvorsitzender') : index === 1 ? gendered(member.gender, 'stellv. Fraktionsvorsitzende', 'stellv. Fraktionsvorsitzender') : 'Mitglied';
      memberships.push({ personKey: member.key, organizationKey: faction.key, role: factionRole, votingRight: true, startDate: termStart, ...end });
    });
  }
  const successor = resignation.successor;
  persons.push(personOf(successor, [council.memberStatus]));
  factionOf.set(successor.key, resignation.factionKey);
  councilMembers.add(successor.key);
  memberships.push({ personKey: successor.key, organizationKey: council.key, role: 'Mitglied', votingRight: true, startDate: successorStart });
  memberships.push({ personKey: successor.key, organizationKey: resignation.factionKey, role: 'Mitglied', votingRight: true, startDate: successorStart });

  // Committee seats: d'Hondt over the factions, filled from each faction's list in turn, so every member gets a seat.
  const advisorSeats = (committeeKey: string, factionKey: string): number =>
    profile.advisors.filter((advisor) => advisor.seats.some((seat) => seat.organizationKey === committeeKey && seat.votingRight && seat.onBehalfOfKey === factionKey)).length;
  const pointer = new Map(profile.factions.map((faction) => [faction.key, 0]));
  for (const committee of profile.committees) {
    const votingAdvisors = profile.advisors.filter((advisor) => advisor.seats.some((seat) => seat.organizationKey === committee.key && seat.votingRight)).length;
    const seats = dHondt(profile.factions, committee.seats + votingAdvisors, (faction) => faction.members.length);
    if (!committee.chairFaction) {
      memberships.push({ personKey: mayor.key, organizationKey: committee.key, role: gendered(mayor.gender, 'Vorsitzende', 'Vorsitzender'), votingRight: true, startDate: constituentDay });
    }
    for (const faction of profile.factions) {
      const count = (seats.get(faction.key) ?? 0) - advisorSeats(committee.key, faction.key);
      const start = pointer.get(faction.key) ?? 0;
      const chosen: PersonSeed[] = [];
      for (let i = 0; i < count; i++) chosen.push(at(faction.members, (start + i) % faction.members.length));
      pointer.set(faction.key, (start + count) % faction.members.length);
      chosen.forEach((member, index) => {
        let role = 'Mitglied';
        if (index === 0 && committee.chairFaction === faction.key) role = gendered(member.gender, 'Vorsitzende', 'Vorsitzender');
        else if (index === 0 && committee.viceChairFaction === faction.key) role = gendered(member.gender, 'stellv. Vorsitzende', 'stellv. Vorsitzender');
        const leaves = member.key === resignation.personKey;
        memberships.push({ personKey: member.key, organizationKey: committee.key, role, votingRight: true, onBehalfOfKey: faction.key, startDate: constituentDay, ...(leaves ? { endDate: resignationDay } : {}) });
        if (leaves) memberships.push({ personKey: successor.key, organizationKey: committee.key, role, votingRight: true, onBehalfOfKey: faction.key, startDate: successorStart });
      });
      // One deputy per faction and committee: the next member on the list without a seat there.
      const deputy = faction.members.find((member) => !chosen.includes(member) && member.key !== resignation.personKey);
      if (count > 0 && deputy) {
        memberships.push({ personKey: deputy.key, organizationKey: committee.key, role: gendered(deputy.gender, 'Stellvertreterin', 'Stellvertreter'), votingRight: false, onBehalfOfKey: faction.key, startDate: constituentDay });
      }
    }
  }

  for (const advisor of profile.advisors) {
    persons.push(personOf(advisor.person, [advisor.status]));
    advisors.add(advisor.person.key);
    for (const seat of advisor.seats) {
      memberships.push({
        personKey: advisor.person.key,
        organizationKey: seat.organizationKey,
        role: gendered(advisor.person.gender, advisor.roleFemale, advisor.roleMale),
        votingRight: seat.votingRight,
        ...(seat.onBehalfOfKey ? { onBehalfOfKey: seat.onBehalfOfKey } : {}),
        startDate: constituentDay,
      });
    }
  }

  for (const admin of profile.administration) {
    for (const member of [admin.head, ...(admin.staff ?? [])]) {
      persons.push(personOf(member, [member.status]));
      memberships.push({ personKey: member.key, organizationKey: admin.key, role: member.role, votingRight: false, startDate: termStart });
    }
  }

  const roster: Roster = { persons, memberships, factionOf, councilMembers, advisors };
  const accounts = profile.accounts(roster);
  for (const person of persons) {
    const email = accounts.get(person.key);
    if (email) person.accountEmail = email;
  }
  return roster;
}

// ---------------------------------------------------------------------------
// Calendar: the term's meetings
// ---------------------------------------------------------------------------

interface Slot {
  key: string;
  organizationKey: string;
  day: string;
  ordinal: number;
  kind: 'regular' | 'constituent' | 'special';
}

function termFor(profile: TenantProfile, today: string): DemoCouncil['term'] {
  let year = profile.termAnchorYear;
  while (`${year + profile.termYears}-${profile.termStartMonthDay}` <= today) year += profile.termYears;
  while (`${year}-${profile.termStartMonthDay}` > today) year -= profile.termYears;
  const startDate = `${year}-${profile.termStartMonthDay}`;
  const endDate = addDays(`${year + profile.termYears}-${profile.termStartMonthDay}`, -1);
  return { name: `Wahlperiode ${year}–${year + profile.termYears}`, startDate, endDate };
}

function inBreak(profile: TenantProfile, day: string): boolean {
  const md = mmdd(day);
  return profile.breaks.some(([from, to]) => (from <= to ? md >= from && md <= to : md >= from || md <= to));
}

/** The next day on or after `day` with the weekday that is no public holiday. */
function nextWeekday(profile: TenantProfile, day: string, weekday: number): string {
  let candidate = addDays(day, (weekday - isoWeekday(day) + 7) % 7);
  while (isPublicHoliday(candidate, profile.land)) candidate = addDays(candidate, 7);
  return candidate;
}

/** A holiday moves a meeting to the next working day of the same week, else it is dropped. */
function meetingDay(profile: TenantProfile, day: string): string | null {
  let candidate = day;
  while (isPublicHoliday(candidate, profile.land)) {
    candidate = addDays(candidate, 1);
    if (isoWeekday(candidate) > 5) return null;
  }
  return inBreak(profile, candidate) ? null : candidate;
}

function constituentDay(profile: TenantProfile, term: DemoCouncil['term']): string {
  return nextWeekday(profile, addDays(term.startDate, 3), profile.council.weekday);
}

/**
 * The term's calendar up to `until`: the constituent session, then cycles
 * (Fachausschüsse in weeks 0–1, the Haupt- und Finanzausschuss in week 2,
 * the Rat in week 3); a committee with a rest cycle skips one cycle in three.
 */
function termCalendar(profile: TenantProfile, term: DemoCouncil['term'], until: string): { day: string; organizationKey: string; kind: Slot['kind'] }[] {
  const first = constituentDay(profile, term);
  const meetings: { day: string; organizationKey: string; kind: Slot['kind'] }[] = [{ day: first, organizationKey: profile.council.key, kind: 'constituent' }];
  const cycleStart = mondayOf(addDays(first, 14));
  for (let cycle = 0; ; cycle++) {
    const base = addDays(cycleStart, cycle * profile.cycleDays);
    if (base > until || base > term.endDate) break;
    for (const committee of profile.committees) {
      if (committee.restCycle !== null && cycle % 3 === committee.restCycle) continue;
      const day = meetingDay(profile, addDays(base, committee.cycleWeek * 7 + committee.weekday - 1));
      if (day) meetings.push({ day, organizationKey: committee.key, kind: 'regular' });
    }
    const ratDay = meetingDay(profile, addDays(base, 21 + profile.council.weekday - 1));
    if (ratDay) meetings.push({ day: ratDay, organizationKey: profile.council.key, kind: 'regular' });
  }
  return meetings.filter((meeting) => meeting.day <= until && meeting.day <= term.endDate).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

function numberSlots(meetings: { day: string; organizationKey: string; kind: Slot['kind'] }[]): Slot[] {
  const counters = new Map<string, number>();
  return meetings.map((meeting) => {
    const ordinal = (counters.get(meeting.organizationKey) ?? 0) + 1;
    counters.set(meeting.organizationKey, ordinal);
    return { ...meeting, ordinal, key: `${meeting.organizationKey}-${meeting.day}` };
  });
}

// ---------------------------------------------------------------------------
// Building the council
// ---------------------------------------------------------------------------

const PAST_DAYS = 274;
const FUTURE_DAYS = 91;
const INVITED_DAYS = 21;

interface OrgInfo {
  key: string;
  name: string;
  genitive: string;
  subject: string;
  dative: string;
  time: string;
  minutes: number;
  locationKey: string;
  adminKey: string | null;
}

interface PlacedPaper {
  spec: PaperSpec;
  date: string;
  /** Organizations in the order they consult the paper (Beratungsfolge). */
  plan: string[];
  consulted: { slotKey: string; organizationKey: string; day: string }[];
  /** Results at past meetings, by slot key. */
  results: Map<string, Outcome>;
  postponed: boolean;
}

export function demoCouncil(tenant: DemoTenantSlug, today: string): DemoCouncil {
  const profile = PROFILES[tenant];
  const term = termFor(profile, today);
  const firstDay = constituentDay(profile, term);
  const pastStart = addDays(today, -PAST_DAYS) > term.startDate ? addDays(today, -PAST_DAYS) : term.startDate;
  const until = addDays(today, FUTURE_DAYS);

  // The resigning member leaves halfway through the past part of the window (at the earliest a month into the term).
  const halfway = addDays(pastStart, Math.floor(daysBetween(pastStart, today) / 2));
  const resignationDay = halfway > addDays(term.startDate, 30) ? halfway : addDays(term.startDate, 30);
  const roster = buildRoster(profile, term, firstDay, resignationDay);

  const orgs = organizationInfo(profile);
  let calendar = termCalendar(profile, term, until);
  const upcomingRat = calendar.some((meeting) => meeting.organizationKey === profile.council.key && meeting.day > today && meeting.day <= addDays(today, 28));
  if (!upcomingRat) {
    // A special session in the second or third week from now, on a day without another meeting.
    let day = nextWeekday(profile, addDays(today, 7), profile.council.weekday);
    while (calendar.some((meeting) => meeting.day === day)) day = nextWeekday(profile, addDays(day, 1), profile.council.weekday);
    calendar = [...calendar, { day, organizationKey: profile.council.key, kind: 'special' as const }].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }
  const slots = numberSlots(calendar).filter((slot) => slot.day >= pastStart);
  const cancelledKey = pickCancelled(profile, slots, today);

  const budgetYear = Number(today.slice(0, 4)) + (today.slice(5, 7) >= '09' ? 1 : 0);
  const fixedKeys = new Set(profile.pdfOnlyWords.map((entry) => entry.paperKey));
  const specs = [...profile.papers(profile.words, budgetYear), ...(slots.some((slot) => slot.kind === 'constituent') ? profile.constituent.papers : [])].map((spec) => (fixedKeys.has(spec.key) ? { ...spec, fixed: true } : spec))
    // Papers with a search word go first in their queues, so they reach an agenda early in the window.
    .sort((a, b) => Number(Boolean(b.fixed)) - Number(Boolean(a.fixed)));
  const { placed, agendas } = placePapers(profile, slots, specs, today, cancelledKey);
  const references = assignReferences(profile, placed);
  const previous = previousMeetings(numberSlots(calendar));
  const meetings = slots.map((slot) => buildMeeting({ profile, orgs, roster, placed, references, today }, slot, agendas.get(slot.key) ?? [], slot.key === cancelledKey, previous.get(slot.key)));
  const papers = [...placed.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.spec.key < b.spec.key ? -1 : 1)).map((paper) => buildPaper({ profile, orgs, roster, placed, references, today }, paper));
  const paperKeys = new Set(papers.map((paper) => paper.key));
  for (const paper of papers) paper.relatedPaperKeys = paper.relatedPaperKeys.filter((key) => paperKeys.has(key));

  return {
    body: profile.body,
    term,
    locations: profile.locations,
    organizations: organizations(profile, term),
    persons: roster.persons,
    memberships: roster.memberships,
    papers,
    meetings,
  };
}

function organizations(profile: TenantProfile, term: DemoCouncil['term']): DemoOrganization[] {
  const council = profile.council;
  return [
    { key: council.key, name: council.name, shortName: council.shortName, organizationType: 'Gremium', classification: 'Parlament', startDate: term.startDate, locationKey: council.locationKey, post: council.post },
    ...profile.committees.map(
      (committee): DemoOrganization => ({
        key: committee.key,
        name: committee.name,
        shortName: committee.shortName,
        organizationType: 'Gremium',
        classification: 'Ausschuss',
        startDate: constituentDay(profile, term),
        locationKey: committee.locationKey,
        post: ['Vorsitz', 'stellv. Vorsitz', 'Mitglied', 'Stellvertretung'],
      }),
    ),
    ...profile.factions.map((faction): DemoOrganization => ({ key: faction.key, name: faction.name, shortName: faction.shortName, organizationType: 'Fraktion', classification: 'Fraktion', startDate: term.startDate, post: ['Fraktionsvorsitz', 'stellv. Fraktionsvorsitz', 'Mitglied'] })),
    ...profile.administration.map((admin): DemoOrganization => ({ key: admin.key, name: admin.name, shortName: admin.shortName, organizationType: 'Verwaltungsbereich', classification: 'Verwaltungsbereich', locationKey: 'rathaus' })),
  ];
}

function organizationInfo(profile: TenantProfile): Map<string, OrgInfo> {
  const council = profile.council;
  const info = new Map<string, OrgInfo>();
  info.set(council.key, { key: council.key, name: council.name, genitive: council.genitive, subject: council.subject, dative: council.dative, time: council.time, minutes: council.minutes, locationKey: council.locationKey, adminKey: null });
  for (const committee of profile.committees) {
    info.set(committee.key, { key: committee.key, name: committee.name, genitive: committee.genitive, subject: committee.subject, dative: committee.dative, time: committee.time, minutes: committee.minutes, locationKey: committee.locationKey, adminKey: committee.adminKey });
  }
  return info;
}

/** One upcoming committee meeting is cancelled ("mangels Beratungsgegenständen"). */
function pickCancelled(profile: TenantProfile, slots: Slot[], today: string): string | null {
  const hfa = profile.committees[0]?.key;
  const candidates = slots.filter((slot) => slot.organizationKey !== profile.council.key && slot.organizationKey !== hfa && slot.day > addDays(today, 7));
  return candidates[0]?.key ?? slots.find((slot) => slot.organizationKey !== profile.council.key && slot.day > today)?.key ?? null;
}

function committeeOfArea(profile: TenantProfile, area: Area): string {
  const committee = profile.committees.find((candidate) => candidate.area === area);
  if (!committee) throw new Error(`council content: no committee for ${area}`);
  return committee.key;
}

function planOf(profile: TenantProfile, spec: PaperSpec): string[] {
  const rat = profile.council.key;
  if (spec.area === 'rat') return [rat];
  const first = committeeOfArea(profile, spec.area);
  const hfa = committeeOfArea(profile, 'hfa');
  switch (spec.route) {
    case 'committee':
    case 'info':
      return [first];
    case 'rat':
      return [first, rat];
    case 'hfa-rat':
      return first === hfa ? [hfa, rat] : [first, hfa, rat];
    case 'rat-only':
      return [rat];
  }
}

/**
 * Papers per meeting: with the four standing items a committee's agenda has
 * at most eight items; the Rat, which decides what the committees prepared,
 * up to ten.
 */
const MAX_PAPERS = { committee: 4, council: 6 };

interface Placement {
  placed: Map<string, PlacedPaper>;
  /** Slot key → paper keys on its agenda, in agenda order within each kind. */
  agendas: Map<string, string[]>;
}

/**
 * Puts papers on agendas in calendar order. A new paper is dated two to
 * three weeks before its first consultation, and only papers dated up to
 * today exist; after a consultation the paper waits for the next meeting of
 * the next Gremium of its Beratungsfolge (at least three days later). A paper
 * adjourned (vertagt) comes back at the next meeting of the same Gremium.
 */
function placePapers(profile: TenantProfile, slots: Slot[], specs: PaperSpec[], today: string, cancelledKey: string | null): Placement {
  const placed = new Map<string, PlacedPaper>();
  const agendas = new Map<string, string[]>();
  const queues = new Map<string, PaperSpec[]>();
  const constituent = slots.find((slot) => slot.kind === 'constituent');
  const constituentKeys = new Set(profile.constituent.papers.map((spec) => spec.key));
  for (const spec of specs) {
    if (constituentKeys.has(spec.key)) continue;
    const first = at(planOf(profile, spec), 0);
    queues.set(first, [...(queues.get(first) ?? []), spec]);
  }
  const waiting = new Map<string, { key: string; from: string }[]>();

  if (constituent) {
    const keys = profile.constituent.papers.map((spec) => spec.key);
    for (const spec of profile.constituent.papers) {
      const date = minDay(addDays(constituent.day, -10), today);
      const paper: PlacedPaper = { spec, date, plan: planOf(profile, spec), consulted: [{ slotKey: constituent.key, organizationKey: constituent.organizationKey, day: constituent.day }], results: new Map(), postponed: false };
      if (constituent.day < today) paper.results.set(constituent.key, 'Einstimmig beschlossen');
      placed.set(spec.key, paper);
    }
    agendas.set(constituent.key, keys);
  }

  for (const slot of slots) {
    if (slot.key === cancelledKey || slot.kind === 'constituent') continue;
    const random = new Random(`${profile.slug}|place|${slot.key}`);
    const isRat = slot.organizationKey === profile.council.key;
    const limits = { decisions: isRat ? 3 : random.int(2, 3), nonPublic: random.chance(isRat ? 0.6 : 0.7) ? random.int(1, 2) : 0, info: 1, questions: 1 };
    const used = { decisions: 0, nonPublic: 0, info: 0, questions: 0 };
    const chosen: string[] = [];
    const full = (): boolean => chosen.length >= (isRat ? MAX_PAPERS.council : MAX_PAPERS.committee);

    // Papers already under way come first: the Beratungsfolge must go on.
    const stillWaiting: { key: string; from: string }[] = [];
    for (const entry of waiting.get(slot.organizationKey) ?? []) {
      if (entry.from > slot.day || full()) {
        stillWaiting.push(entry);
        continue;
      }
      used[bucketOf(must(placed, entry.key, 'paper').spec)] += 1;
      chosen.push(entry.key);
    }
    waiting.set(slot.organizationKey, stillWaiting);

    const queue = queues.get(slot.organizationKey) ?? [];
    // Non-public matters first: they are few, and about half the meetings should have a non-public part.
    const candidates = [...queue].sort((x, y) => Number(x.public) - Number(y.public));
    for (const spec of candidates) {
      const kind = bucketOf(spec);
      if (full() || used[kind] >= limits[kind] || !readyAfter(spec, placed, slot.day)) continue;
      const date = addDays(slot.day, -random.int(spec.type === 'Antrag' ? 10 : 15, spec.type === 'Antrag' ? 20 : 24));
      if (date > today) continue;
      used[kind] += 1;
      chosen.push(spec.key);
      placed.set(spec.key, { spec, date, plan: planOf(profile, spec), consulted: [], results: new Map(), postponed: false });
      queue.splice(queue.indexOf(spec), 1);
    }

    for (const key of chosen) {
      const paper = must(placed, key, 'paper');
      paper.consulted.push({ slotKey: slot.key, organizationKey: slot.organizationKey, day: slot.day });
      if (slot.day < today) {
        const outcome = outcomeFor(profile, paper, slot);
        paper.results.set(slot.key, outcome);
        if (outcome === 'Vertagt') {
          paper.postponed = true;
          waiting.set(slot.organizationKey, [...(waiting.get(slot.organizationKey) ?? []), { key, from: addDays(slot.day, 1) }]);
          continue;
        }
      }
      const next = paper.plan[paper.plan.indexOf(slot.organizationKey) + 1];
      if (next) waiting.set(next, [...(waiting.get(next) ?? []), { key, from: addDays(slot.day, 3) }]);
    }
    agendas.set(slot.key, chosen);
  }

  // Papers that must exist (their PDFs hold the search words) but found no meeting: dated ten days ago, not yet consulted.
  for (const spec of specs) {
    if (spec.fixed && !placed.has(spec.key)) placed.set(spec.key, { spec, date: addDays(today, -10), plan: planOf(profile, spec), consulted: [], results: new Map(), postponed: false });
  }
  return { placed, agendas };
}

function bucketOf(spec: PaperSpec): 'decisions' | 'nonPublic' | 'info' | 'questions' {
  if (!spec.public) return 'nonPublic';
  if (spec.type === 'Mitteilung') return 'info';
  if (spec.type === 'Anfrage') return 'questions';
  return 'decisions';
}

/** A later stage (of a Bebauungsplan) waits eight weeks after the earlier one was first consulted. */
function readyAfter(spec: PaperSpec, placed: Map<string, PlacedPaper>, day: string): boolean {
  if (!spec.after) return true;
  const first = placed.get(spec.after)?.consulted[0]?.day;
  return first !== undefined && first <= addDays(day, -56);
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** The result of a paper at a past meeting: fixed by the paper, or drawn once per (paper, meeting). */
function outcomeFor(profile: TenantProfile, paper: PlacedPaper, slot: Slot): Outcome {
  const role = consultationRole(paper, slot.organizationKey);
  if (role === 'Kenntnisnahme') return 'Zur Kenntnis genommen';
  const random = new Random(`${profile.slug}|outcome|${paper.spec.key}|${slot.key}`);
  const last = role === 'Entscheidung';
  const fixed = last ? paper.spec.finalOutcome : paper.consulted.length <= 1 ? paper.spec.firstOutcome : undefined;
  if (fixed && !(fixed === 'Vertagt' && paper.postponed)) return fixed;
  const roll = random.next();
  if (roll < 0.04 && !paper.postponed) return 'Vertagt';
  if (paper.spec.type === 'Antrag' && last && roll < 0.3) return 'Abgelehnt';
  if (roll < 0.14 && paper.spec.amendment) return 'Geändert beschlossen';
  return roll < 0.62 ? 'Einstimmig beschlossen' : 'Mehrheitlich beschlossen';
}

function consultationRole(paper: PlacedPaper, organizationKey: string): 'Vorberatung' | 'Entscheidung' | 'Kenntnisnahme' {
  if (paper.spec.route === 'info') return 'Kenntnisnahme';
  return paper.plan.at(-1) === organizationKey ? 'Entscheidung' : 'Vorberatung';
}

function assignReferences(profile: TenantProfile, placed: Map<string, PlacedPaper>): Map<string, string> {
  const sorted = [...placed.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.spec.key < b.spec.key ? -1 : 1));
  const counters = new Map<number, number>();
  const references = new Map<string, string>();
  for (const paper of sorted) {
    const year = Number(paper.date.slice(0, 4));
    const sequence = (counters.get(year) ?? 0) + 1;
    counters.set(year, sequence);
    references.set(paper.spec.key, profile.reference(paper.spec.type, year, sequence));
  }
  return references;
}

/** Slot key → the previous meeting of the same Gremium (its number and day), for "Genehmigung der Niederschrift". */
function previousMeetings(slots: Slot[]): Map<string, Slot> {
  const last = new Map<string, Slot>();
  const previous = new Map<string, Slot>();
  for (const slot of slots) {
    const before = last.get(slot.organizationKey);
    if (before) previous.set(slot.key, before);
    last.set(slot.organizationKey, slot);
  }
  return previous;
}

interface BuildContext {
  profile: TenantProfile;
  orgs: Map<string, OrgInfo>;
  roster: Roster;
  placed: Map<string, PlacedPaper>;
  references: Map<string, string>;
  today: string;
}

function activeOn(membership: DemoMembership, day: string): boolean {
  return membership.startDate <= day && (!membership.endDate || membership.endDate >= day);
}

interface Attendance {
  participants: string[];
  votes: number;
}

/**
 * Who attended a past meeting: the Gremium's members on that day (a few
 * excused, their faction's deputy standing in), advisory members, the
 * administration's heads concerned and the recorder.
 */
function attendance(context: BuildContext, slot: Slot): Attendance {
  const { profile, roster } = context;
  const random = new Random(`${profile.slug}|attendance|${slot.key}`);
  const members = roster.memberships.filter((m) => m.organizationKey === slot.organizationKey && activeOn(m, slot.day));
  const present: string[] = [];
  let votes = 0;
  let excused = 0;
  for (const membership of members.filter((m) => !/^Stellvertreter/.test(m.role))) {
    const chair = /^Vorsitz/.test(membership.role);
    if (!chair && excused < 3 && slot.kind !== 'constituent' && random.chance(0.1)) {
      excused += 1;
      const deputy = members.find((m) => /^Stellvertreter/.test(m.role) && m.onBehalfOfKey === membership.onBehalfOfKey && !present.includes(m.personKey));
      if (deputy && membership.votingRight) {
        present.push(deputy.personKey);
        votes += 1;
      }
      continue;
    }
    present.push(membership.personKey);
    if (membership.votingRight) votes += 1;
  }
  const org = must(context.orgs, slot.organizationKey, 'organization');
  const admins = org.adminKey ? profile.administration.filter((admin) => admin.key === org.adminKey) : profile.administration;
  for (const admin of admins) present.push(admin.head.key);
  if (!present.includes(profile.recorderKey)) present.push(profile.recorderKey);
  return { participants: [...new Set(present)], votes };
}

function voteLine(outcome: Outcome, votes: number, random: Random): string {
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const tally = (yes: number, no: number, abstain: number): string =>
    `Abstimmungsergebnis: ${count(yes, 'Ja-Stimme', 'Ja-Stimmen')}, ${count(no, 'Nein-Stimme', 'Nein-Stimmen')}, ${count(abstain, 'Enthaltung', 'Enthaltungen')}.`;
  if (outcome === 'Einstimmig beschlossen' || (outcome === 'Geändert beschlossen' && random.chance(0.5))) return `Abstimmungsergebnis: einstimmig (${count(votes, 'Ja-Stimme', 'Ja-Stimmen')}).`;
  const against = random.int(1, Math.max(1, Math.floor(votes / 4)));
  const abstain = random.int(0, 2);
  const yes = votes - against - abstain;
  return outcome === 'Abgelehnt' ? tally(against, yes, abstain) : tally(yes, against, abstain);
}

function resolutionFor(context: BuildContext, paper: PlacedPaper, slot: Slot, outcome: Outcome, votes: number): string {
  const org = must(context.orgs, slot.organizationKey, 'organization');
  const random = new Random(`${context.profile.slug}|votes|${paper.spec.key}|${slot.key}`);
  const role = consultationRole(paper, slot.organizationKey);
  if (outcome === 'Vertagt') return 'Die Beratung wird auf die nächste Sitzung vertagt.';
  if (role === 'Kenntnisnahme') {
    return paper.spec.type === 'Anfrage'
      ? `Die Verwaltung beantwortet die Anfrage wie in der Anlage dargestellt. ${org.subject} nimmt die Antwort zur Kenntnis.`
      : `${org.subject} nimmt den Bericht der Verwaltung zur Kenntnis.`;
  }
  const amendment = outcome === 'Geändert beschlossen' && paper.spec.amendment ? ` ${paper.spec.amendment}` : '';
  if (outcome === 'Abgelehnt') return `${org.subject} lehnt den Antrag ab. ${voteLine(outcome, votes, random)}`;
  if (role === 'Entscheidung') return `${org.subject} beschließt ${paper.spec.resolution}${amendment} ${voteLine(outcome, votes, random)}`;
  // The recommendation is addressed to the Gremium that decides in the end (the Rat, even when the HFA comes in between).
  const decides = must(context.orgs, paper.plan.at(-1) ?? context.profile.council.key, 'organization');
  return `${org.subject} empfiehlt ${decides.dative}, wie folgt zu beschließen: ${decides.subject} beschließt ${paper.spec.resolution}${amendment} ${voteLine(outcome, votes, random)}`;
}

function buildMeeting(context: BuildContext, slot: Slot, paperKeys: string[], cancelled: boolean, previous: Slot | undefined): DemoMeeting {
  const { profile, orgs, placed, today } = context;
  const org = must(orgs, slot.organizationKey, 'organization');
  const random = new Random(`${profile.slug}|meeting|${slot.key}`);
  const past = slot.day < today && !cancelled;
  const start = berlinInstant(slot.day, org.time) ?? berlinInstant(slot.day, '18:00');
  if (!start) throw new Error(`council content: no start for ${slot.key}`);
  const duration = past ? org.minutes + random.int(-25, 40) : org.minutes;
  const end = new Date(start.getTime() + duration * 60_000);
  const name =
    slot.kind === 'constituent' ? `Konstituierende Sitzung ${org.genitive}` : slot.kind === 'special' ? `${slot.ordinal}. Sitzung ${org.genitive} (Sondersitzung)` : `${slot.ordinal}. Sitzung ${org.genitive}`;
  const present = past ? attendance(context, slot) : { participants: [], votes: 0 };

  const papers = paperKeys.map((key) => must(placed, key, 'paper'));
  const paperItem = (paper: PlacedPaper, number: string): DemoAgendaItem => {
    const role = consultationRole(paper, slot.organizationKey);
    const outcome = paper.results.get(slot.key);
    return {
      number,
      name: paper.spec.name,
      public: paper.spec.public,
      paperKey: paper.spec.key,
      consultationRole: role,
      authoritative: role === 'Entscheidung',
      ...(past && outcome ? { result: outcome, resolutionText: resolutionFor(context, paper, slot, outcome, present.votes) } : {}),
    };
  };
  const agenda: DemoAgendaItem[] = [];
  let n = 0;
  const item = (name: string, result?: string, resolutionText?: string): void => {
    n += 1;
    agenda.push({ number: `Ö ${n}`, name, public: true, ...(past && result ? { result, ...(resolutionText ? { resolutionText } : {}) } : {}) });
  };

  if (slot.kind === 'constituent') {
    const opening = profile.constituent.agenda;
    for (const entry of opening) {
      const paper = entry.paperKey ? placed.get(entry.paperKey) : undefined;
      if (paper) {
        n += 1;
        agenda.push(paperItem(paper, `Ö ${n}`));
      } else item(entry.name, entry.result, entry.resolution);
    }
    return meetingOf(context, slot, org, name, start, end, past, cancelled, agenda, present.participants);
  }

  item('Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit');
  if (previous) {
    const before = `${previous.kind === 'constituent' ? 'konstituierende' : `${previous.ordinal}.`} Sitzung vom ${germanDay(previous.day)}`;
    item(`Genehmigung der Niederschrift über die ${before}`, 'Einstimmig beschlossen', `Die Niederschrift über die ${before} wird in der vorliegenden Fassung genehmigt.`);
  } else {
    item(profile.words.firstCommitteeItem, 'Zur Kenntnis genommen', profile.words.firstCommitteeResolution);
  }
  for (const paper of papers.filter((p) => p.spec.public && bucketOf(p.spec) === 'decisions')) {
    n += 1;
    agenda.push(paperItem(paper, `Ö ${n}`));
  }
  for (const [title, kind] of [['Mitteilungen der Verwaltung', 'info'], ['Anfragen', 'questions']] as const) {
    item(title, 'Zur Kenntnis genommen', kind === 'info' ? 'Die Mitteilungen der Verwaltung werden zur Kenntnis genommen.' : 'Die Anfragen werden von der Verwaltung beantwortet oder schriftlich nachgereicht.');
    const parent = n;
    papers.filter((p) => bucketOf(p.spec) === kind).forEach((paper, index) => agenda.push(paperItem(paper, `Ö ${parent}.${index + 1}`)));
  }
  papers.filter((p) => !p.spec.public).forEach((paper, index) => agenda.push(paperItem(paper, `N ${index + 1}`)));
  return meetingOf(context, slot, org, name, start, end, past, cancelled, agenda, present.participants);
}

function meetingOf(context: BuildContext, slot: Slot, org: OrgInfo, name: string, start: Date, end: Date, past: boolean, cancelled: boolean, agenda: DemoAgendaItem[], participants: string[]): DemoMeeting {
  const { today } = context;
  const state: DemoMeeting['state'] = past ? 'durchgeführt' : slot.day <= addDays(today, INVITED_DAYS) ? 'eingeladen' : 'terminiert';
  const minutesDay = minDay(addDays(slot.day, 14), today);
  return {
    key: slot.key,
    name,
    organizationKeys: [slot.organizationKey],
    start: berlinIso(start),
    end: berlinIso(end),
    locationKey: org.locationKey,
    state,
    cancelled,
    agenda,
    participantKeys: participants,
    ...(past
      ? {
          minutes: {
            fileName: `Niederschrift-${slot.key}.pdf`,
            name: `Niederschrift ${name}`,
            date: minutesDay,
            title: `Niederschrift über die ${name}`,
            sections: [
              {
                heading: 'Sitzungsverlauf',
                paragraphs: [
                  `Beginn: ${berlinTime(start)} Uhr, Ende: ${berlinTime(end)} Uhr. Anwesend: ${participants.length} Personen.`,
                  ...agenda.filter((entry) => entry.public).map((entry) => `${entry.number} ${entry.name}: ${entry.result ?? 'behandelt'}.`),
                ],
              },
              ...(agenda.some((entry) => !entry.public) ? [{ heading: 'Nicht öffentlicher Teil', paragraphs: ['Die Beratungen des nicht öffentlichen Teils sind in einer gesonderten Niederschrift festgehalten.'] }] : []),
            ],
          },
        }
      : {}),
  };
}

function buildPaper(context: BuildContext, paper: PlacedPaper): DemoPaper {
  const { profile, orgs, roster, references } = context;
  const spec = paper.spec;
  const reference = must(references, spec.key, 'reference');
  const { fileStem, display } = profile.documentName(spec.type, reference);
  const factions = spec.originatorFactions ?? [];
  const persons = spec.originatorPersons ?? factions.map((key) => at(must(new Map(profile.factions.map((f) => [f.key, f])), key, 'faction').members, 0).key);
  const isMotion = spec.type === 'Antrag' || spec.type === 'Anfrage';
  const originatorOrganizations = isMotion ? factions : (spec.originatorAdmin ?? spec.direction);
  const nameOf = (key: string): string => orgs.get(key)?.name ?? profile.factions.find((f) => f.key === key)?.name ?? profile.administration.find((a) => a.key === key)?.name ?? key;
  const personName = (key: string): string => {
    const person = roster.persons.find((p) => p.key === key);
    return person ? [...(person.title ?? []), person.givenName, person.familyName].join(' ') : key;
  };
  const meta = [
    { label: 'Vorlagenart', value: spec.type },
    { label: 'Datum', value: germanDay(paper.date) },
    isMotion
      ? { label: spec.type === 'Antrag' ? 'Antragsteller' : 'Fragesteller', value: [...factions.map(nameOf), ...(spec.originatorPersons ?? []).map(personName)].join(', ') }
      : { label: 'Federführung', value: spec.direction.map(nameOf).join(', ') },
    { label: 'Beratungsfolge', value: paper.plan.map((key) => orgs.get(key)?.name ?? key).join(' → ') },
  ];
  return {
    key: spec.key,
    reference,
    name: spec.name,
    paperType: spec.type,
    date: paper.date,
    public: spec.public,
    originatorPersonKeys: isMotion ? persons : [],
    originatorOrganizationKeys: originatorOrganizations,
    underDirectionOfKeys: spec.direction,
    relatedPaperKeys: [...(spec.related ?? []), ...(spec.after ? [spec.after] : [])],
    locationKeys: spec.locationKeys ?? [],
    main: { fileName: `${fileStem}.pdf`, name: display, date: paper.date, title: spec.name, sections: spec.sections, meta },
    auxiliary: (spec.auxiliary ?? []).map((aux, index) => ({
      fileName: `${fileStem}-Anlage-${index + 1}.pdf`,
      name: `Anlage ${index + 1}: ${aux.name}`,
      date: paper.date,
      title: `Anlage ${index + 1} zu ${display}: ${aux.name}`,
      sections: aux.sections,
    })),
  };
}

// ---------------------------------------------------------------------------
// Paper families: text patterns filled from each municipality's own pools
// ---------------------------------------------------------------------------

interface Pools {
  roads: { street: string; section: string; length: number; cost: number; grade: string; detail: string; location?: string }[];
  plans: { number: string; title: string; where: string; hectares: string; goal: string; detail: string; statements: number; weighing: string; location?: string }[];
  tenders: { area: Area; work: string; procedure: string; bids: number; winner: string; amount: number; estimate: number }[];
  estates: { parcel: string; size: number; price: number; guide: number; party: string; purpose: string; sell: boolean }[];
  staff: { area?: Area; post: string; grade: string; applications: number; detail: string }[];
  grants: { area: Area; club: string; purpose: string; total: number; amount: number; detail: string }[];
  projects: { key: string; area: Area; route: Route; title: string; situation: string[]; cost: string; resolution: string; amendment?: string; climate?: string; auxiliary?: { name: string; sections: DemoSection[] }[]; location?: string }[];
  motions: { key: string; faction: string; area: Area | 'rat'; route: Route; title: string; motion: string; reason: string; resolution: string; outcome?: Outcome; amendment?: string }[];
  reports: { key: string; area: Area; title: string; facts: string[]; outlook: string }[];
  questions: { key: string; faction: string; area: Area | 'rat'; topic: string; questions: string[]; answer: string[] }[];
  fees: { title: string; detail: string; before: string; after: string; reason: string }[];
  spending: { purpose: string; amount: number; cover: string }[];
  /** Building applications on which the municipality gives or refuses its consent (§ 36 BauGB). */
  permits: { project: string; parcel: string; law: string; note: string; consent: boolean }[];
  /** Claims the municipality defers, writes off or settles: non-public by nature (tax secrecy, litigation). */
  claims: { area?: Area; title: string; detail: string; amount: number }[];
}

/** The decision-maker named in a Beschlussvorschlag: the committee that decides, or the Rat. */
function decider(v: Vocabulary, area: Area | 'rat', route: Route): string {
  return area !== 'rat' && (route === 'committee' || route === 'info') ? v.subjects[area] : v.councilSubject;
}

function proposal(v: Vocabulary, area: Area | 'rat', route: Route, resolution: string): DemoSection {
  return { heading: 'Beschlussvorschlag', paragraphs: [`${decider(v, area, route)} beschließt ${resolution}`] };
}

/** Round-robin over the families, so every committee's queue gets a mix. */
function interleave(groups: PaperSpec[][]): PaperSpec[] {
  const result: PaperSpec[] = [];
  for (let i = 0; groups.some((group) => i < group.length); i++) {
    for (const group of groups) {
      const spec = group[i];
      if (spec) result.push(spec);
    }
  }
  return result;
}

function routinePapers(prefix: string, v: Vocabulary, pools: Pools): PaperSpec[] {
  const roads = pools.roads.map((road, i): PaperSpec => {
    const route: Route = road.cost >= 400_000 ? 'rat' : 'committee';
    const resolution = `die grundhafte Erneuerung der ${road.street} zwischen ${road.section} mit Gesamtkosten von ${euro(road.cost)} nach der vorgestellten Entwurfsplanung.`;
    return {
      key: `${prefix}-strasse-${i + 1}`,
      type: 'Beschlussvorlage',
      area: 'bau',
      route,
      public: true,
      name: `Erneuerung der ${road.street} zwischen ${road.section}`,
      direction: [v.adminKeys.bau],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Die ${road.street} ist zwischen ${road.section} auf rund ${road.length} Metern erneuerungsbedürftig. ${road.detail}`, `Bei der letzten Straßenzustandserfassung erhielt der Abschnitt die Zustandsnote ${road.grade}; Flickarbeiten sind dort nicht mehr wirtschaftlich.`] },
        { heading: 'Finanzielle Auswirkungen', paragraphs: [`Die Kosten werden auf ${euro(road.cost)} geschätzt und sind im Teilplan Verkehrsflächen veranschlagt. Straßenausbaubeiträge werden nicht erhoben.`] },
        proposal(v, 'bau', route, resolution),
      ],
      auxiliary: [{ name: 'Lageplan und Regelquerschnitt', sections: [{ heading: 'Regelquerschnitt', paragraphs: [`Ausbaulänge ${road.length} m; Fahrbahn 6,00 m, Gehwege beidseitig 2,50 m, Entwässerung über neue Straßenabläufe im Abstand von 25 m.`] }] }],
      ...(road.location ? { locationKeys: [road.location] } : {}),
      resolution,
      amendment: 'Die Bauarbeiten sind mit den Anliegern so abzustimmen, dass alle Grundstückszufahrten erreichbar bleiben.',
    };
  });

  const plans = pools.plans.flatMap((plan, i): PaperSpec[] => {
    const base = `Bebauungsplan Nr. ${plan.number} „${plan.title}“`;
    const first = `${prefix}-bplan-${i + 1}-aufstellung`;
    const startResolution = `die Aufstellung des Bebauungsplans Nr. ${plan.number} „${plan.title}“ für den im Übersichtsplan dargestellten Geltungsbereich.`;
    const displayResolution = `den Entwurf des Bebauungsplans Nr. ${plan.number} „${plan.title}“ mit Begründung und beauftragt die Verwaltung mit der Veröffentlichung nach § 3 Abs. 2 BauGB.`;
    return [
      {
        key: first,
        type: 'Beschlussvorlage',
        area: 'bau',
        route: 'rat',
        public: true,
        name: `${base}: Aufstellungsbeschluss`,
        direction: [v.adminKeys.bau],
        sections: [
          { heading: 'Sachverhalt', paragraphs: [`Das Plangebiet liegt ${plan.where} und umfasst rund ${plan.hectares} Hektar. ${plan.detail}`, `Ziel der Planung ist ${plan.goal}`] },
          { heading: 'Verfahren', paragraphs: ['Der Bebauungsplan wird im Regelverfahren nach § 2 Abs. 1 BauGB aufgestellt. Die frühzeitige Beteiligung der Öffentlichkeit und der Behörden folgt nach dem Aufstellungsbeschluss.'] },
          proposal(v, 'bau', 'rat', startResolution),
        ],
        ...(plan.location ? { locationKeys: [plan.location] } : {}),
        resolution: startResolution,
      },
      {
        key: `${prefix}-bplan-${i + 1}-entwurf`,
        type: 'Beschlussvorlage',
        area: 'bau',
        route: 'rat',
        public: true,
        name: `${base}: ${v.displayStage}`,
        direction: [v.adminKeys.bau],
        sections: [
          { heading: 'Sachverhalt', paragraphs: [`Nach dem Aufstellungsbeschluss wurden Öffentlichkeit und Behörden frühzeitig beteiligt; es gingen ${plan.statements} Stellungnahmen ein.`, plan.weighing] },
          { heading: 'Finanzielle Auswirkungen', paragraphs: [`Die Planungskosten trägt der Vorhabenträger auf Grundlage eines städtebaulichen Vertrags; dem Haushalt ${v.townGenitive} entstehen keine Kosten.`] },
          proposal(v, 'bau', 'rat', displayResolution),
        ],
        auxiliary: [
          { name: 'Planzeichnung (Entwurf)', sections: [{ heading: 'Festsetzungen', paragraphs: [`Art der Nutzung nach Planeinschrieb, Grundflächenzahl 0,4, höchstens zwei Vollgeschosse; Geltungsbereich rund ${plan.hectares} ha.`] }] },
          { name: 'Begründung mit Umweltbericht', sections: [{ heading: 'Umweltbericht', paragraphs: [`Der Umweltbericht bewertet die Schutzgüter Boden, Wasser, Klima und Artenschutz für das Plangebiet „${plan.title}“. Erhebliche Beeinträchtigungen werden durch die festgesetzten Ausgleichsmaßnahmen ausgeglichen.`] }] },
        ],
        ...(plan.location ? { locationKeys: [plan.location] } : {}),
        after: first,
        resolution: displayResolution,
        amendment: 'Die Verwaltung prüft bis zum Satzungsbeschluss zusätzlich eine Fuß- und Radwegeverbindung zum Ortskern.',
      },
    ];
  });

  const tenders = pools.tenders.map((tender, i): PaperSpec => {
    const resolution = `die Vergabe der Leistung „${tender.work}“ an ${tender.winner} zum Angebotspreis von ${euro(tender.amount)} brutto.`;
    return {
      key: `${prefix}-vergabe-${i + 1}`,
      type: 'Beschlussvorlage',
      area: tender.area,
      route: 'committee',
      public: false,
      name: `Vergabe: ${tender.work}`,
      direction: [v.adminKeys[tender.area]],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Die Leistung „${tender.work}“ wurde ${tender.procedure} ausgeschrieben. Bis zum Ende der Angebotsfrist gingen ${tender.bids} Angebote ein, die rechnerisch und fachlich geprüft wurden.`] },
        { heading: 'Vergabevorschlag', paragraphs: [`Das wirtschaftlichste Angebot hat ${tender.winner} mit ${euro(tender.amount)} brutto abgegeben. Die Kostenberechnung lag bei ${euro(tender.estimate)}.`] },
        proposal(v, tender.area, 'committee', resolution),
      ],
      resolution,
    };
  });

  const estates = pools.estates.map((estate, i): PaperSpec => {
    const total = estate.size * estate.price;
    const resolution = estate.sell
      ? `den Verkauf des Grundstücks ${estate.parcel} (${estate.size.toLocaleString('de-DE')} m²) an ${estate.party} zum Preis von ${euro(total)}.`
      : `den Erwerb von ${estate.parcel} (${estate.size.toLocaleString('de-DE')} m²) von ${estate.party} zum Preis von ${euro(total)}.`;
    return {
      key: `${prefix}-grundstueck-${i + 1}`,
      type: 'Beschlussvorlage',
      area: 'hfa',
      route: 'hfa-rat',
      public: false,
      name: estate.sell ? `Verkauf des Grundstücks ${estate.parcel}` : `Erwerb von ${estate.parcel}`,
      direction: [v.adminKeys.hfa],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Das Grundstück ${estate.parcel} ist ${estate.size.toLocaleString('de-DE')} m² groß. ${estate.purpose}`, `Vereinbart ist ein Preis von ${estate.price} € je m²; der Bodenrichtwert liegt bei ${estate.guide} € je m².`] },
        { heading: 'Finanzielle Auswirkungen', paragraphs: [`Kaufpreis insgesamt ${euro(total)}. Die Nebenkosten (Notar, Grundbuch, Vermessung) trägt ${estate.sell ? 'die Käuferseite' : `${v.townNominative}`}.`] },
        proposal(v, 'hfa', 'hfa-rat', resolution),
      ],
      resolution,
    };
  });

  const staff = pools.staff.map((post, i): PaperSpec => {
    const area = post.area ?? 'hfa';
    const resolution = `die Besetzung der Stelle „${post.post}“ (${post.grade}) mit der im Auswahlverfahren erstplatzierten Person.`;
    return {
      key: `${prefix}-personal-${i + 1}`,
      type: 'Beschlussvorlage',
      area,
      route: 'committee',
      public: false,
      name: `Personalangelegenheit: Besetzung der Stelle ${post.post}`,
      direction: [v.adminKeys[area]],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Die Stelle „${post.post}“ (${post.grade}) wurde öffentlich ausgeschrieben. Es gingen ${post.applications} Bewerbungen ein; die geeignetsten Personen wurden zu Auswahlgesprächen eingeladen.`, post.detail] },
        proposal(v, area, 'committee', resolution),
      ],
      resolution,
    };
  });

  const grants = pools.grants.map((grant, i): PaperSpec => {
    const resolution = `einen Zuschuss von ${euro(grant.amount)} an ${grant.club} für ${grant.purpose}.`;
    return {
      key: `${prefix}-zuschuss-${i + 1}`,
      type: 'Beschlussvorlage',
      area: grant.area,
      route: 'committee',
      public: true,
      name: `Zuschuss an ${grant.club} für ${grant.purpose}`,
      direction: [v.adminKeys[grant.area]],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`${grant.club} beantragt einen Zuschuss für ${grant.purpose}. ${grant.detail}`, `Die Gesamtkosten betragen ${euro(grant.total)}; der Verein erbringt Eigenleistungen und beantragt weitere Fördermittel.`] },
        { heading: 'Finanzielle Auswirkungen', paragraphs: [`Der Zuschuss von ${euro(grant.amount)} wird aus den Mitteln der Vereinsförderung gezahlt, die dafür im laufenden Jahr noch ausreichen.`] },
        proposal(v, grant.area, 'committee', resolution),
      ],
      resolution,
      amendment: 'Der Zuschuss wird in zwei Raten nach Baufortschritt ausgezahlt.',
    };
  });

  const projects = pools.projects.map((project): PaperSpec => ({
    key: `${prefix}-${project.key}`,
    type: 'Beschlussvorlage',
    area: project.area,
    route: project.route,
    public: true,
    name: project.title,
    direction: [v.adminKeys[project.area]],
    sections: [
      { heading: 'Sachverhalt', paragraphs: project.situation },
      { heading: 'Finanzielle Auswirkungen', paragraphs: [project.cost] },
      ...(project.climate ? [{ heading: 'Auswirkungen auf den Klimaschutz', paragraphs: [project.climate] }] : []),
      proposal(v, project.area, project.route, project.resolution),
    ],
    ...(project.auxiliary ? { auxiliary: project.auxiliary } : {}),
    ...(project.location ? { locationKeys: [project.location] } : {}),
    resolution: project.resolution,
    ...(project.amendment ? { amendment: project.amendment } : {}),
  }));

  const motions = pools.motions.map((motion): PaperSpec => ({
    key: `${prefix}-${motion.key}`,
    type: 'Antrag',
    area: motion.area,
    route: motion.route,
    public: true,
    name: `Antrag der ${must(new Map(Object.entries(v.factionNames)), motion.faction, 'faction')}: ${motion.title}`,
    originatorFactions: [motion.faction],
    direction: [v.adminKeys[motion.area === 'rat' ? 'hfa' : motion.area]],
    sections: [
      { heading: 'Antrag', paragraphs: [motion.motion] },
      { heading: 'Begründung', paragraphs: [motion.reason] },
    ],
    resolution: motion.resolution,
    ...(motion.outcome ? { finalOutcome: motion.outcome } : {}),
    ...(motion.amendment ? { amendment: motion.amendment } : {}),
  }));

  const reports = pools.reports.map((report): PaperSpec => ({
    key: `${prefix}-${report.key}`,
    type: 'Mitteilung',
    area: report.area,
    route: 'info',
    public: true,
    name: report.title,
    direction: [v.adminKeys[report.area]],
    sections: [
      { heading: 'Sachstand', paragraphs: report.facts },
      { heading: 'Ausblick', paragraphs: [report.outlook] },
    ],
    resolution: 'den Bericht zur Kenntnis.',
  }));

  const questions = pools.questions.map((question): PaperSpec => {
    const faction = must(new Map(Object.entries(v.factionNames)), question.faction, 'faction');
    return {
      key: `${prefix}-${question.key}`,
      type: 'Anfrage',
      area: question.area,
      route: 'info',
      public: true,
      name: `Anfrage der ${faction} zu ${question.topic}`,
      originatorFactions: [question.faction],
      direction: [v.adminKeys[question.area === 'rat' ? 'hfa' : question.area]],
      sections: [
        { heading: 'Anfrage', paragraphs: question.questions.map((text, index) => `${index + 1}. ${text}`) },
        { heading: 'Bitte um Beantwortung', paragraphs: [`Die ${faction} bittet um schriftliche Beantwortung zur nächsten Sitzung.`] },
      ],
      auxiliary: [{ name: 'Antwort der Verwaltung', sections: [{ heading: 'Antwort', paragraphs: question.answer }] }],
      resolution: 'die Antwort zur Kenntnis.',
    };
  });

  const fees = pools.fees.map((fee, i): PaperSpec => {
    const resolution = `die ${fee.title} in der als Anlage beigefügten Fassung.`;
    return {
      key: `${prefix}-satzung-${i + 1}`,
      type: 'Beschlussvorlage',
      area: 'hfa',
      route: 'rat',
      public: true,
      name: fee.title,
      direction: [v.adminKeys.hfa],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [fee.detail, `Bisher: ${fee.before}. Neu: ${fee.after}.`] },
        { heading: 'Begründung der Gebührenänderung', paragraphs: [fee.reason] },
        proposal(v, 'hfa', 'rat', resolution),
      ],
      auxiliary: [{ name: 'Satzungstext', sections: [{ heading: 'Artikel 1', paragraphs: [`Die Gebührensätze werden wie folgt festgesetzt: ${fee.after}.`, 'Artikel 2: Diese Satzung tritt am ersten Tag des auf die Bekanntmachung folgenden Monats in Kraft.'] }] }],
      resolution,
    };
  });

  const spending = pools.spending.map((item, i): PaperSpec => {
    const resolution = `eine überplanmäßige Aufwendung von ${euro(item.amount)} für ${item.purpose}.`;
    return {
      key: `${prefix}-ueberplan-${i + 1}`,
      type: 'Beschlussvorlage',
      area: 'hfa',
      route: 'committee',
      public: true,
      name: `Überplanmäßige Aufwendung: ${item.purpose}`,
      direction: [v.adminKeys.hfa],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Für ${item.purpose} reichen die veranschlagten Mittel nicht aus. Der Mehrbedarf beträgt ${euro(item.amount)}.`] },
        { heading: 'Deckung', paragraphs: [item.cover] },
        proposal(v, 'hfa', 'committee', resolution),
      ],
      resolution,
    };
  });

  const permits = pools.permits.map((permit, i): PaperSpec => {
    const resolution = permit.consent
      ? `die Erteilung des gemeindlichen Einvernehmens nach § 36 BauGB zu dem Vorhaben auf dem Grundstück ${permit.parcel}.`
      : `die Versagung des gemeindlichen Einvernehmens nach § 36 BauGB zu dem Vorhaben auf dem Grundstück ${permit.parcel}.`;
    return {
      key: `${prefix}-bauantrag-${i + 1}`,
      type: 'Beschlussvorlage',
      area: 'bau',
      route: 'committee',
      public: true,
      name: `Bauantrag: ${permit.project}, ${permit.parcel}`,
      direction: [v.adminKeys.bau],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [`Beantragt ist ${permit.project} auf dem Grundstück ${permit.parcel}.`, permit.law] },
        { heading: 'Stellungnahme der Verwaltung', paragraphs: [permit.note] },
        proposal(v, 'bau', 'committee', resolution),
      ],
      resolution,
    };
  });

  const claims = pools.claims.map((claim, i): PaperSpec => {
    const area = claim.area ?? 'hfa';
    const resolution = `wie von der Verwaltung vorgeschlagen: ${claim.title} (${euro(claim.amount)}).`;
    return {
      key: `${prefix}-forderung-${i + 1}`,
      type: 'Beschlussvorlage',
      area,
      route: 'committee',
      public: false,
      name: claim.title,
      direction: [v.adminKeys[area]],
      sections: [
        { heading: 'Sachverhalt', paragraphs: [claim.detail, `Betroffen ist ein Betrag von ${euro(claim.amount)}.`] },
        { heading: 'Rechtliche Würdigung', paragraphs: ['Die Angelegenheit unterliegt dem Steuergeheimnis beziehungsweise berührt schutzwürdige Interessen Einzelner; sie wird deshalb nicht öffentlich beraten.'] },
        proposal(v, area, 'committee', resolution),
      ],
      resolution,
    };
  });

  return interleave([projects, motions, roads, permits, tenders, grants, reports, questions, plans, estates, claims, fees, staff, spending]);
}

// ---------------------------------------------------------------------------
// Musterstadt (NRW)
// ---------------------------------------------------------------------------

const p = (key: string, given: string, family: string, gender: Gender, extra: Partial<PersonSeed> = {}): PersonSeed => ({ key, given, family, gender, ...extra });

/** ASCII mailbox part of a family name: "Schulte-Vennemann" → "schulte-vennemann", "Größl" → "groessl". */
function mailbox(family: string): string {
  return family
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z-]/g, '');
}

/**
 * Demo logins: a Ratsmitglied in the Haupt- und Finanzausschuss, one who sits
 * in neither that committee nor the one for building matters, and a voting
 * or advisory member who is no Ratsmitglied — so the tests can show who may
 * read which non-public papers.
 */
function pickAccounts(roster: Roster, domain: string, hfaKey: string, bauKey: string, outsider: string): Map<string, string> {
  const seats = (personKey: string): Set<string> => new Set(roster.memberships.filter((m) => m.personKey === personKey && !m.endDate && !/^Stellvertreter/.test(m.role)).map((m) => m.organizationKey));
  const members = roster.persons.filter((person) => roster.councilMembers.has(person.key) && !person.status.some((status) => /ehemalig|Fraktionsvorsitz|Bürgermeister/.test(status)));
  const inHfa = members.find((person) => seats(person.key).has(hfaKey));
  const elsewhere = members.find((person) => !seats(person.key).has(hfaKey) && !seats(person.key).has(bauKey) && seats(person.key).size > 2);
  const accounts = new Map<string, string>();
  for (const person of [inHfa, elsewhere, roster.persons.find((candidate) => candidate.key === outsider)]) {
    if (person) accounts.set(person.key, `mandat.${mailbox(person.familyName)}@${domain}`);
  }
  return accounts;
}

const MS_FACTION_NAMES: Record<string, string> = {
  'ms-cdu': 'CDU-Fraktion',
  'ms-spd': 'SPD-Fraktion',
  'ms-gruene': 'Fraktion Bündnis 90/Die Grünen',
  'ms-uwg': 'Fraktion der Unabhängigen Wählergemeinschaft',
  'ms-fdp': 'FDP-Fraktion',
};

const MS_WORDS: Vocabulary = {
  firstCommitteeItem: 'Einführung und Verpflichtung der Ausschussmitglieder, die nicht dem Rat angehören',
  firstCommitteeResolution: 'Die sachkundigen Bürgerinnen und Bürger und die sachkundigen Einwohnerinnen und Einwohner werden eingeführt und zur gesetzmäßigen Erfüllung ihrer Aufgaben verpflichtet.',
  townGenitive: 'der Stadt',
  townNominative: 'die Stadt',
  councilSubject: 'Der Rat',
  subjects: {
    hfa: 'Der Haupt- und Finanzausschuss',
    bau: 'Der Ausschuss für Stadtentwicklung, Umwelt und Verkehr',
    schule: 'Der Ausschuss für Schule, Kultur und Sport',
    soziales: 'Der Ausschuss für Soziales, Jugend und Senioren',
  },
  adminKeys: { hfa: 'ms-fb1', bau: 'ms-fb3', schule: 'ms-fb2', soziales: 'ms-fb2' },
  factionNames: MS_FACTION_NAMES,
  displayStage: 'Beschluss über die öffentliche Auslegung (Offenlage)',
};

function musterstadtPapers(v: Vocabulary, budgetYear: number): PaperSpec[] {
  const pools: Pools = {
    projects: [
      {
        key: 'hochwasserschutz',
        area: 'bau',
        route: 'rat',
        title: 'Hochwasserschutz am Mühlenbach: Rückhalteraum an der Brückenstraße',
        situation: [
          'Bei den Starkregen im Juni 2024 und im August 2025 trat der Mühlenbach zwischen Brückenstraße und Wiesenweg über die Ufer; 38 Keller liefen voll, die Feuerwehr war zwei Nächte im Einsatz.',
          'Das beauftragte Ingenieurbüro empfiehlt ein Regenrückhaltebecken mit 4.800 m³ Fassungsvermögen auf der städtischen Wiese nördlich der Brückenstraße. Es drosselt den Abfluss bei einem hundertjährlichen Regen auf 2,1 m³ je Sekunde.',
        ],
        cost: 'Die Baukosten betragen 1.950.000 €. Das Land fördert die Maßnahme nach der Förderrichtlinie Hochwasserrisikomanagement mit 70 %; der Eigenanteil ist im Investitionsprogramm veranschlagt.',
        climate: 'Die Maßnahme dient der Anpassung an häufigere Starkregen; die Wiese bleibt außerhalb von Hochwasserereignissen als Grünfläche nutzbar.',
        resolution: 'den Bau des Rückhalteraums am Mühlenbach nach der Entwurfsplanung und beauftragt die Verwaltung, den Förderantrag zu stellen.',
        amendment: 'Die Anlieger der Brückenstraße werden vor Baubeginn in einer Bürgerversammlung informiert.',
        auxiliary: [{ name: 'Hydraulische Berechnung (Kurzfassung)', sections: [{ heading: 'Ergebnis', paragraphs: ['Bemessungsregen: Dauerstufe 60 Minuten, Wiederkehrzeit 100 Jahre. Drosselabfluss 2,1 m³/s, erforderliches Volumen 4.650 m³, gewählt 4.800 m³.'] }] }],
        location: 'muehlenbach',
      },
      {
        key: 'stadtpark',
        area: 'bau',
        route: 'committee',
        title: 'Sanierung des Stadtparks am Schlossteich, zweiter Bauabschnitt',
        situation: [
          'Im zweiten Bauabschnitt werden die Wege rund um den Schlossteich wassergebunden erneuert, die Uferböschung mit Faschinen gesichert und 14 abgängige Bäume durch Stieleichen und Winterlinden ersetzt.',
          'Der Baumgutachter hat in drei Altbäumen Quartiere geschützter Arten festgestellt. Vor den Fällarbeiten werden deshalb zwölf Fledermauskästen an den verbleibenden Eichen angebracht; gefällt wird nur zwischen Oktober und Februar.',
        ],
        cost: 'Die Kosten von 640.000 € werden zu 60 % aus der Städtebauförderung finanziert; der Eigenanteil steht im Haushalt bereit.',
        resolution: 'die Ausführung des zweiten Bauabschnitts der Sanierung des Stadtparks am Schlossteich.',
        location: 'stadtpark',
      },
      {
        key: 'haushalt',
        area: 'hfa',
        route: 'rat',
        title: `Haushaltssatzung und Haushaltsplan ${budgetYear}`,
        situation: [
          `Der Entwurf des Haushaltsplans ${budgetYear} weist im Ergebnisplan Erträge von 78,4 Mio. € und Aufwendungen von 80,1 Mio. € aus. Der Fehlbetrag von 1,7 Mio. € wird aus der Ausgleichsrücklage gedeckt; ein Haushaltssicherungskonzept ist nicht erforderlich.`,
          'Größte Aufwandsposition ist die Kreisumlage mit 21,3 Mio. €. Die Realsteuerhebesätze bleiben unverändert (Grundsteuer B 495 %, Gewerbesteuer 430 %).',
          'Im Finanzplan sind Investitionen von 14,6 Mio. € vorgesehen, vor allem für den Ausbau der Offenen Ganztagsschulen, den Hochwasserschutz und die Erneuerung von Gemeindestraßen.',
        ],
        cost: `Die Kreditermächtigung für Investitionen beträgt 6,2 Mio. €; der Höchstbetrag der Liquiditätskredite wird auf 15 Mio. € festgesetzt.`,
        resolution: `die Haushaltssatzung ${budgetYear} mit dem Haushaltsplan und seinen Anlagen in der Fassung der Veränderungsliste.`,
        amendment: 'Die Verwaltung legt zum 30. Juni einen Bericht über die Entwicklung der Gewerbesteuer vor.',
        auxiliary: [
          { name: 'Veränderungsliste', sections: [{ heading: 'Änderungen gegenüber dem Entwurf', paragraphs: ['Produkt 06.01 Jugendarbeit: +25.000 € für zusätzliche Ferienangebote. Produkt 12.01 Straßen: −120.000 € durch Verschiebung der Deckenerneuerung Am Bauhof.'] }] },
          { name: 'Stellenplan', sections: [{ heading: 'Stellenübersicht', paragraphs: ['Planstellen insgesamt 312,5 (Vorjahr 308,0); neu unter anderem zwei Stellen für die Offene Ganztagsschule und eine Stelle Klimaschutzmanagement.'] }] },
        ],
      },
      {
        key: 'jahresabschluss',
        area: 'hfa',
        route: 'rat',
        title: `Feststellung des Jahresabschlusses ${budgetYear - 2} und Entlastung des Bürgermeisters`,
        situation: [`Der Jahresabschluss ${budgetYear - 2} schließt mit einem Jahresüberschuss von 412.380,17 € ab. Der Rechnungsprüfungsausschuss hat den Abschluss geprüft und einen uneingeschränkten Bestätigungsvermerk erteilt.`],
        cost: 'Der Überschuss wird der Ausgleichsrücklage zugeführt.',
        resolution: `die Feststellung des Jahresabschlusses ${budgetYear - 2} und die Entlastung des Bürgermeisters.`,
      },
      {
        key: 'brandschutz',
        area: 'hfa',
        route: 'rat',
        title: 'Fortschreibung des Brandschutzbedarfsplans 2026–2031',
        situation: [
          'Der Brandschutzbedarfsplan legt fest, in welcher Zeit und mit welchen Kräften die Feuerwehr Einsatzorte im Stadtgebiet erreichen muss. Das Schutzziel (erste Einheit nach acht Minuten) wird in den Ortsteilen Heidkamp und Brinkfeld nur zu 71 % erreicht.',
          'Der Plan sieht deshalb einen gemeinsamen Standort der Löschgruppen Heidkamp und Brinkfeld sowie zwei zusätzliche Hilfeleistungslöschfahrzeuge vor.',
        ],
        cost: 'Die Investitionen von rund 4,3 Mio. € verteilen sich auf die Jahre bis 2031 und werden im Finanzplan berücksichtigt.',
        resolution: 'die Fortschreibung des Brandschutzbedarfsplans 2026–2031.',
      },
      {
        key: 'ogs',
        area: 'schule',
        route: 'rat',
        title: 'Ausbau der Offenen Ganztagsschule an der Grundschule Am Wiesenweg',
        situation: [
          'Ab dem Schuljahr 2026/27 haben Kinder der ersten Klasse einen Rechtsanspruch auf Ganztagsbetreuung. An der Grundschule Am Wiesenweg fehlen nach der Anmeldeprognose 60 Plätze.',
          'Geplant ist ein eingeschossiger Anbau in Holzbauweise mit drei Gruppenräumen, einer Mensa für 90 Kinder und einem Ruheraum.',
        ],
        cost: 'Die Kosten betragen 2.380.000 €; aus dem Investitionsprogramm Ganztagsausbau werden 1.428.000 € erwartet.',
        climate: 'Der Anbau wird im Effizienzhaus-40-Standard mit Photovoltaik auf dem Gründach errichtet.',
        resolution: 'den Anbau für die Offene Ganztagsschule an der Grundschule Am Wiesenweg nach der vorgestellten Planung.',
        location: 'wiesenweg',
      },
      {
        key: 'medienplan',
        area: 'schule',
        route: 'committee',
        title: 'Medienentwicklungsplan der städtischen Schulen 2026–2030',
        situation: ['Der Medienentwicklungsplan beschreibt Ausstattung, Netzwerk und Support der sieben städtischen Schulen. Ziel ist ein Endgerät für jede Schülerin und jeden Schüler ab Klasse 5 und digitale Tafeln in allen Unterrichtsräumen.', 'Der technische Support wird künftig vom städtischen IT-Team übernommen, das dafür um zwei Stellen wächst.'],
        cost: 'Jährliche Kosten von rund 420.000 €, davon 180.000 € Ersatzbeschaffungen.',
        resolution: 'den Medienentwicklungsplan 2026–2030 als Grundlage für die Ausstattung der städtischen Schulen.',
      },
      {
        key: 'kitaplanung',
        area: 'soziales',
        route: 'rat',
        title: 'Kindertagesbetreuung: Bedarfsplanung für das kommende Kindergartenjahr',
        situation: ['Für das kommende Kindergartenjahr liegen 1.046 Anmeldungen für Kinder über drei Jahren und 318 für Kinder unter drei Jahren vor. Damit fehlen rechnerisch 42 Plätze für unter Dreijährige.', 'Die Verwaltung schlägt vor, eine zusätzliche Gruppe in der Kita „Sonnenblume“ einzurichten und die Kindertagespflege auszubauen.'],
        cost: 'Zusätzliche Betriebskosten von rund 190.000 € jährlich, von denen das Land über die Kindpauschalen etwa die Hälfte trägt.',
        resolution: 'die Bedarfsplanung für die Kindertagesbetreuung einschließlich der zusätzlichen Gruppe in der Kita „Sonnenblume“.',
      },
      {
        key: 'quartiersbuero',
        area: 'soziales',
        route: 'committee',
        title: 'Quartiersbüro für ältere Menschen in der Altstadt',
        situation: ['In der Altstadt leben rund 1.100 Menschen über 75 Jahre, viele allein. Ein Quartiersbüro in den Räumen der ehemaligen Sparkassenfiliale am Marktplatz soll Beratung, Mittagstisch und Nachbarschaftshilfe bündeln.', 'Träger wird die Diakonie; die Stadt stellt die Räume mietfrei zur Verfügung.'],
        cost: 'Die Stadt beteiligt sich drei Jahre lang mit 45.000 € jährlich an den Personalkosten.',
        resolution: 'die Einrichtung eines Quartiersbüros am Marktplatz in Trägerschaft der Diakonie.',
      },
      {
        key: 'photovoltaik',
        area: 'bau',
        route: 'rat',
        title: 'Photovoltaik auf städtischen Dächern: Umsetzungsprogramm',
        situation: ['Eine Potenzialanalyse hat 19 städtische Dächer mit zusammen 1,4 Megawatt Leistung als geeignet bewertet. In einem ersten Paket sollen bis Ende nächsten Jahres die Dächer der Gesamtschule, des Bauhofs und zweier Sporthallen belegt werden.'],
        cost: 'Investition 1.150.000 €; der Eigenverbrauch senkt die Stromkosten um etwa 140.000 € jährlich.',
        climate: 'Einsparung von rund 520 Tonnen CO₂ im Jahr.',
        resolution: 'das Umsetzungsprogramm für Photovoltaikanlagen auf städtischen Dächern (erstes Paket).',
      },
      {
        key: 'bauland',
        area: 'bau',
        route: 'rat',
        title: 'Baulandstrategie: Anteil geförderter Wohnungen in neuen Baugebieten',
        situation: ['In Musterstadt fehlen nach dem Wohnungsmarktgutachten bis 2035 rund 650 Wohnungen, vor allem kleine und preisgebundene. Neue Baugebiete sollen deshalb nur noch ausgewiesen werden, wenn 30 % der Wohnfläche im geförderten Wohnungsbau entstehen.', 'Die Stadt erwirbt Flächen künftig vor der Planung selbst oder schließt städtebauliche Verträge mit den Eigentümern.'],
        cost: 'Für den Zwischenerwerb von Flächen wird ein Grundstücksfonds von 3 Mio. € gebildet, der sich aus den Verkaufserlösen wieder auffüllt.',
        resolution: 'die Baulandstrategie mit einer Quote von 30 % gefördertem Wohnungsbau in neuen Baugebieten.',
        amendment: 'Für Baugebiete mit weniger als zehn Wohnungen gilt die Quote nicht.',
      },
      {
        key: 'schulhof',
        area: 'schule',
        route: 'committee',
        title: 'Umgestaltung des Schulhofs der Grundschule Heidkamp',
        situation: ['Der Schulhof der Grundschule Heidkamp ist vollständig asphaltiert und heizt sich im Sommer stark auf. Kinder, Eltern und Lehrkräfte haben in zwei Workshops Ideen gesammelt: Schattenbäume, ein Klassenzimmer im Grünen, ein Wasserspielplatz und Flächen zum Toben.'],
        cost: 'Die Kosten von 280.000 € werden zu 50 % aus dem Landesprogramm für klimaangepasste Schulhöfe gefördert.',
        resolution: 'die Umgestaltung des Schulhofs der Grundschule Heidkamp nach dem Ergebnis der Beteiligung.',
      },
      {
        key: 'hitzeaktionsplan',
        area: 'soziales',
        route: 'committee',
        title: 'Hitzeaktionsplan für Musterstadt',
        situation: ['Der Hitzeaktionsplan bündelt Maßnahmen zum Schutz älterer, kranker und obdachloser Menschen an heißen Tagen: eine Warnkette über Pflegedienste und Apotheken, kühle Räume in Rathaus und Stadtbibliothek sowie öffentliche Trinkwasserstellen.'],
        cost: 'Sachkosten von rund 25.000 € im ersten Jahr.',
        resolution: 'den Hitzeaktionsplan und seine Umsetzung ab dem kommenden Sommer.',
      },
      {
        key: 'jugendzentrum',
        area: 'soziales',
        route: 'committee',
        title: 'Neue Öffnungszeiten und Angebote im Jugendzentrum „Kompass“',
        situation: ['Eine Befragung von 230 Jugendlichen hat ergeben, dass vor allem freitags und samstags abends Angebote fehlen. Das Jugendzentrum soll deshalb montags schließen und dafür freitags bis 22 Uhr und samstags von 15 bis 21 Uhr öffnen.'],
        cost: 'Die Änderung ist kostenneutral.',
        resolution: 'die neuen Öffnungszeiten des Jugendzentrums „Kompass“ ab dem nächsten Quartal.',
      },
    ],
    motions: [
      {
        key: 'gedenken',
        faction: 'ms-spd',
        area: 'schule',
        route: 'rat',
        title: 'Gedenken an die jüdischen Familien der Altstadt',
        motion: 'Die Verwaltung wird beauftragt, gemeinsam mit dem Heimatverein und der Gesamtschule die Verlegung von Gedenksteinen vor den früheren Wohnhäusern der 1942 deportierten jüdischen Familien in der Kirchgasse und am Marktplatz vorzubereiten. Die Stolpersteine sollen durch Patenschaften aus der Bürgerschaft finanziert werden.',
        reason: 'Schülerinnen und Schüler der Gesamtschule haben die Lebenswege von elf Musterstädter Familien erforscht. Ihre Namen sollen dort sichtbar werden, wo sie gelebt haben.',
        resolution: 'die Vorbereitung eines Gedenkprojekts für die jüdischen Familien der Altstadt gemeinsam mit dem Heimatverein und der Gesamtschule.',
        outcome: 'Einstimmig beschlossen',
      },
      { key: 'tempo30', faction: 'ms-gruene', area: 'bau', route: 'committee', title: 'Tempo 30 vor der Grundschule Am Wiesenweg', motion: 'Die Verwaltung wird beauftragt, bei der Straßenverkehrsbehörde des Kreises eine Geschwindigkeitsbegrenzung auf 30 km/h in der Brückenstraße zwischen Wiesenweg und Kirchgasse zu beantragen.', reason: 'Seit der Änderung der Straßenverkehrs-Ordnung sind streckenbezogene Beschränkungen vor Schulen leichter möglich. Morgens queren hier rund 180 Kinder die Fahrbahn.', resolution: 'einen Antrag auf Tempo 30 in der Brückenstraße zwischen Wiesenweg und Kirchgasse bei der Straßenverkehrsbehörde.' },
      { key: 'baeume', faction: 'ms-gruene', area: 'bau', route: 'rat', title: 'Programm „1.000 Bäume für Musterstadt“', motion: 'Die Stadt pflanzt in den nächsten fünf Jahren 1.000 zusätzliche Straßen- und Parkbäume und stellt dafür jährlich 80.000 € bereit. Bürgerinnen und Bürger können Baumpatenschaften übernehmen.', reason: 'Bäume kühlen die Innenstadt an heißen Tagen messbar; viele Straßenbäume sind in den Trockenjahren abgestorben.', resolution: 'das Baumpflanzprogramm „1.000 Bäume für Musterstadt“.', amendment: 'Der jährliche Betrag wird auf 60.000 € begrenzt.' },
      { key: 'broetchentaste', faction: 'ms-cdu', area: 'bau', route: 'rat', title: 'Brötchentaste für die Parkplätze in der Innenstadt', motion: 'An den Parkscheinautomaten in der Innenstadt wird eine „Brötchentaste“ eingeführt, die 20 Minuten kostenfreies Parken ermöglicht.', reason: 'Der Einzelhandel in der Innenstadt leidet unter Kundenrückgang; kurze Erledigungen sollen nicht an der Parkgebühr scheitern.', resolution: 'die Einführung einer Brötchentaste mit 20 Minuten kostenfreier Parkzeit.', amendment: 'Die Regelung wird nach einem Jahr ausgewertet.' },
      { key: 'jugendrat', faction: 'ms-spd', area: 'soziales', route: 'rat', title: 'Einrichtung eines Jugendrats', motion: 'Die Stadt richtet einen Jugendrat ein, der von den 14- bis 21-Jährigen gewählt wird, ein Rede- und Antragsrecht in den Fachausschüssen erhält und über ein eigenes Budget von 10.000 € verfügt.', reason: 'Junge Menschen sind von vielen Entscheidungen des Rates betroffen, aber in ihm kaum vertreten.', resolution: 'die Einrichtung eines Jugendrats und beauftragt die Verwaltung, eine Satzung vorzulegen.' },
      { key: 'ehrenamtskarte', faction: 'ms-cdu', area: 'soziales', route: 'committee', title: 'Einführung der Ehrenamtskarte', motion: 'Die Stadt führt die Ehrenamtskarte NRW ein und gewinnt örtliche Geschäfte und Einrichtungen als Partner für Vergünstigungen.', reason: 'Rund 4.000 Musterstädterinnen und Musterstädter engagieren sich ehrenamtlich; die Karte ist ein sichtbares Zeichen der Anerkennung.', resolution: 'die Einführung der Ehrenamtskarte.' },
      { key: 'hallenbad', faction: 'ms-uwg', area: 'schule', route: 'rat', title: 'Zukunft des Hallenbads', motion: 'Die Verwaltung wird beauftragt, eine Machbarkeitsstudie zur Sanierung oder zum Ersatzneubau des Hallenbads an der Parkstraße zu vergeben.', reason: 'Das 1974 eröffnete Bad ist technisch veraltet; für das Schulschwimmen gibt es im Umkreis von 20 Kilometern keine Alternative.', resolution: 'die Vergabe einer Machbarkeitsstudie zur Zukunft des Hallenbads.' },
      { key: 'wlan', faction: 'ms-fdp', area: 'schule', route: 'committee', title: 'Freies WLAN in Stadtbibliothek und Bürgerhaus', motion: 'In der Stadtbibliothek und im Bürgerhaus wird ein kostenfreies, offenes WLAN eingerichtet.', reason: 'Schülerinnen und Schüler nutzen die Bibliothek zum Lernen; ohne Internetzugang ist das kaum möglich.', resolution: 'die Einrichtung eines offenen WLAN in Stadtbibliothek und Bürgerhaus.' },
      { key: 'sitzbaenke', faction: 'ms-uwg', area: 'soziales', route: 'committee', title: 'Mehr Sitzbänke in der Innenstadt', motion: 'Zwischen Bahnhof und Marktplatz werden im Abstand von höchstens 150 Metern Sitzbänke aufgestellt.', reason: 'Ältere Menschen und Menschen mit Gehbehinderung brauchen Gelegenheiten zum Ausruhen, um die Innenstadt zu Fuß zu erreichen.', resolution: 'das Aufstellen zusätzlicher Sitzbänke zwischen Bahnhof und Marktplatz.' },
      { key: 'livestream', faction: 'ms-fdp', area: 'rat', route: 'rat-only', title: 'Übertragung der Ratssitzungen im Internet', motion: 'Die öffentlichen Sitzungen des Rates werden ab dem nächsten Jahr live im Internet übertragen und für drei Monate zum Abruf bereitgestellt. Ratsmitglieder, die nicht gezeigt werden möchten, können widersprechen.', reason: 'Transparenz stärkt das Vertrauen in die Kommunalpolitik; viele Bürgerinnen und Bürger können abends nicht ins Rathaus kommen.', resolution: 'die Übertragung der öffentlichen Ratssitzungen im Internet.', outcome: 'Abgelehnt' },
      { key: 'haltestelle', faction: 'ms-uwg', area: 'rat', route: 'rat-only', title: 'Resolution zum Erhalt des Haltepunkts Musterstadt-Nord', motion: 'Der Rat fordert den Zweckverband Nahverkehr auf, den Haltepunkt Musterstadt-Nord im neuen Fahrplan weiterhin stündlich zu bedienen.', reason: 'Der Haltepunkt wird täglich von rund 600 Pendlerinnen und Pendlern genutzt.', resolution: 'die Resolution zum Erhalt des Haltepunkts Musterstadt-Nord.', outcome: 'Einstimmig beschlossen' },
    ],
    reports: [
      { key: 'mobilstation', area: 'bau', title: 'Mobilitätsstation am Bahnhof: Bericht über das erste Betriebsjahr', facts: ['Am Bahnhofsvorplatz sind seit dem Frühjahr 40 überdachte Fahrradstellplätze, vier Ladepunkte und eine Carsharing-Station in Betrieb.', 'Der Lastenradverleih mit drei elektrisch unterstützten Rädern wurde in den ersten sechs Monaten 412-mal genutzt; gebucht wird über die App der Verkehrsgesellschaft.'], outlook: 'Im nächsten Jahr sollen zwei weitere Stationen am Nordring und am Schulzentrum folgen.' },
      { key: 'haushaltsvollzug', area: 'hfa', title: 'Bericht zum Haushaltsvollzug zum Ende des zweiten Quartals', facts: ['Die Gewerbesteuer liegt mit 17,9 Mio. € um 1,2 Mio. € über dem Planansatz. Die Personalaufwendungen entwickeln sich planmäßig.', 'Mehraufwendungen entstehen bei den Energiekosten der Schulen (+310.000 €).'], outlook: 'Nach heutigem Stand wird das Jahresergebnis um etwa 0,8 Mio. € besser ausfallen als geplant.' },
      { key: 'glasfaser', area: 'bau', title: 'Glasfaserausbau in den Außenbereichen: Sachstand', facts: ['Im geförderten Ausbau sind 612 von 740 Adressen angeschlossen. Verzögerungen gibt es in Brinkfeld, wo Leitungen unter der Landesstraße verlegt werden müssen.'], outlook: 'Der Ausbau soll im zweiten Quartal des nächsten Jahres abgeschlossen sein.' },
      { key: 'schuelerzahlen', area: 'schule', title: 'Entwicklung der Schülerzahlen an den Grundschulen', facts: ['Zum Schuljahresbeginn wurden 286 Kinder eingeschult, 21 mehr als im Vorjahr. Die Grundschule Am Wiesenweg ist mit vier Eingangsklassen an ihrer Kapazitätsgrenze.'], outlook: 'Die Verwaltung schreibt den Schulentwicklungsplan fort und berichtet im Frühjahr.' },
      { key: 'unterbringung', area: 'soziales', title: 'Unterbringung geflüchteter Menschen: Sachstand', facts: ['Die Stadt bringt derzeit 214 geflüchtete Menschen unter, davon 132 in angemieteten Wohnungen und 82 in der Gemeinschaftsunterkunft Industriestraße.', 'Die Zuweisungsquote ist zu 94 % erfüllt.'], outlook: 'Die Gemeinschaftsunterkunft soll bis Jahresende durch kleinere Wohneinheiten ersetzt werden.' },
      { key: 'verkehrszaehlung', area: 'bau', title: 'Ergebnisse der Verkehrszählung am Nordring', facts: ['An einem Werktag fuhren 11.840 Kraftfahrzeuge über den Nordring, davon 6 % Lkw. In der Spitzenstunde zwischen 7 und 8 Uhr staut sich der Verkehr am Knoten Lindenstraße.'], outlook: 'Ein Gutachten zu einem Kreisverkehr am Knoten Lindenstraße wird vergeben.' },
      { key: 'bibliothek', area: 'schule', title: 'Jahresbericht der Stadtbibliothek', facts: ['Die Stadtbibliothek zählte 48.200 Besuche und 131.000 Ausleihen; die Onleihe wuchs um 18 %. Neu sind Sonntagsöffnungen mit Ehrenamtlichen an einem Sonntag im Monat.'], outlook: 'Im nächsten Jahr wird ein Makerspace mit 3D-Drucker eingerichtet.' },
      { key: 'spielplaetze', area: 'soziales', title: 'Spielplatzkonzept: Prüfung der städtischen Spielplätze', facts: ['Alle 28 städtischen Spielplätze wurden geprüft. Sechs Spielplätze erhalten neue Geräte, zwei wenig genutzte Flächen in Heidkamp werden zu Bolzplätzen umgestaltet.'], outlook: 'Die Umsetzung erfolgt schrittweise über drei Jahre.' },
      { key: 'kanal', area: 'bau', title: 'Kanalkataster: Ergebnis der Kamerabefahrung', facts: ['Der Abwasserbetrieb hat 38 Kilometer Kanal mit der Kamera befahren. 6 % der Haltungen haben Schäden der höchsten Klasse, vor allem in der Altstadt.'], outlook: 'Die Sanierung wird nach Dringlichkeit in das Abwasserbeseitigungskonzept aufgenommen.' },
      { key: 'sportstaetten', area: 'schule', title: 'Belegung der Sporthallen im Winterhalbjahr', facts: ['Die sechs Sporthallen sind an Werktagen zwischen 17 und 21 Uhr zu 96 % belegt. Zwölf Anfragen von Vereinen konnten nicht erfüllt werden.'], outlook: 'Die Verwaltung prüft längere Öffnungszeiten am Wochenende.' },
      { key: 'schulsozialarbeit', area: 'soziales', title: 'Bericht der Schulsozialarbeit', facts: ['Die fünf Schulsozialarbeiterinnen und Schulsozialarbeiter führten im Schuljahr 1.240 Beratungsgespräche, ein Drittel davon mit Eltern. Häufigste Themen sind Konflikte in der Klasse und Schulabsentismus.'], outlook: 'Eine zusätzliche halbe Stelle für die Grundschulen ist im Haushaltsentwurf vorgesehen.' },
      { key: 'innenstadt', area: 'hfa', title: 'Citymanagement: Bericht über das erste Jahr', facts: ['Das Citymanagement hat 23 Veranstaltungen organisiert und sechs leere Ladenlokale zwischengenutzt. Die Passantenfrequenz am Marktplatz stieg samstags um 9 %.'], outlook: 'Im nächsten Jahr soll ein digitales Schaufenster der Innenstadt-Geschäfte starten.' },
      { key: 'feuerwehrbericht', area: 'hfa', title: 'Jahresbericht der Freiwilligen Feuerwehr', facts: ['Die Freiwillige Feuerwehr rückte im vergangenen Jahr zu 398 Einsätzen aus, davon 96 Brände und 214 technische Hilfeleistungen. Die Zahl der aktiven Mitglieder stieg auf 187.'], outlook: 'Die Nachwuchsgewinnung über die Kinderfeuerwehr wird ausgebaut.' },
    ],
    questions: [
      { key: 'anfrage-schulweg', faction: 'ms-cdu', area: 'bau', topic: 'Schulwegen im Ortsteil Heidkamp', questions: ['Welche Schulwege in Heidkamp haben keinen Gehweg?', 'Welche Maßnahmen plant die Verwaltung, um die Sicherheit dort zu verbessern?'], answer: ['Auf der Heidkampstraße fehlt zwischen Auf dem Brink und dem Ortsausgang auf 350 Metern ein Gehweg. Die Verwaltung plant dort einen einseitigen Gehweg im Zuge der Straßenerneuerung.'] },
      { key: 'anfrage-u3', faction: 'ms-spd', area: 'soziales', topic: 'fehlenden Betreuungsplätzen für unter Dreijährige', questions: ['Wie viele Kinder unter drei Jahren warten auf einen Betreuungsplatz?', 'Wie viele Tagespflegepersonen sind aktiv?'], answer: ['Zum Stichtag warten 42 Kinder unter drei Jahren auf einen Platz. In der Stadt sind 31 Tagespflegepersonen tätig, die zusammen 138 Kinder betreuen.'] },
      { key: 'anfrage-sporthallen', faction: 'ms-fdp', area: 'schule', topic: 'dem baulichen Zustand der Sporthallen', questions: ['In welchem Zustand sind die sechs städtischen Sporthallen?', 'Welcher Sanierungsbedarf besteht in den nächsten fünf Jahren?'], answer: ['Zwei Hallen sind in gutem, drei in befriedigendem und eine in schlechtem Zustand. Der Sanierungsbedarf der nächsten fünf Jahre wird auf 3,1 Mio. € geschätzt.'] },
      { key: 'anfrage-energie', faction: 'ms-gruene', area: 'hfa', topic: 'den Energiekosten der städtischen Gebäude', questions: ['Wie haben sich die Energiekosten der städtischen Gebäude in den letzten drei Jahren entwickelt?', 'Welche Gebäude verbrauchen am meisten?'], answer: ['Die Energiekosten stiegen von 1,9 Mio. € auf 2,6 Mio. €. Die größten Verbraucher sind das Hallenbad, die Gesamtschule und das Rathaus.'] },
      { key: 'anfrage-leerstand', faction: 'ms-uwg', area: 'bau', topic: 'Leerständen in der Innenstadt', questions: ['Wie viele Ladenlokale in der Innenstadt stehen leer?', 'Welche Instrumente setzt die Stadt gegen Leerstand ein?'], answer: ['Von 124 Ladenlokalen stehen derzeit 17 leer. Die Stadt vermittelt über das Citymanagement Zwischennutzungen und fördert Neugründungen mit einem Mietzuschuss.'] },
      { key: 'anfrage-stellen', faction: 'ms-cdu', area: 'hfa', topic: 'unbesetzten Stellen in der Verwaltung', questions: ['Wie viele Stellen der Stadtverwaltung sind unbesetzt?', 'In welchen Bereichen fehlen Fachkräfte am stärksten?'], answer: ['Derzeit sind 14 Stellen unbesetzt, vor allem im technischen Dienst und in den Kindertagesstätten. Die Stadt wirbt mit einem eigenen Ausbildungsprogramm für Bauingenieurwesen.'] },
      { key: 'anfrage-ablagerungen', faction: 'ms-spd', area: 'bau', topic: 'wilden Müllablagerungen an Glascontainern', questions: ['An welchen Standorten kommt es regelmäßig zu Ablagerungen?', 'Wie hoch sind die Kosten der Beseitigung?'], answer: ['Schwerpunkte sind die Standorte Nordring, Industriestraße und Parkstraße. Die Beseitigung kostete im vergangenen Jahr 23.400 €.'] },
      { key: 'anfrage-kunstrasen', faction: 'ms-fdp', area: 'schule', topic: 'Mikroplastik auf den Kunstrasenplätzen', questions: ['Welches Füllmaterial haben die städtischen Kunstrasenplätze?', 'Ist eine Umstellung auf Kork oder Sand geplant?'], answer: ['Zwei Plätze haben Gummigranulat, einer Kork. Die Umstellung erfolgt bei der nächsten Erneuerung der Beläge.'] },
      { key: 'anfrage-wohngeld', faction: 'ms-spd', area: 'soziales', topic: 'der Bearbeitungszeit von Wohngeldanträgen', questions: ['Wie lange dauert die Bearbeitung eines Wohngeldantrags?', 'Wie viele Anträge sind offen?'], answer: ['Die Bearbeitung dauert im Mittel sieben Wochen. Offen sind 186 Anträge; zwei befristete Kräfte unterstützen seit dem Sommer.'] },
      { key: 'anfrage-radwege', faction: 'ms-cdu', area: 'bau', topic: 'dem Zustand der Radwege', questions: ['Wie viele Kilometer Radweg unterhält die Stadt?', 'Welche Abschnitte werden als Nächstes saniert?'], answer: ['Die Stadt unterhält 46 Kilometer Radwege. Als Nächstes werden der Radweg am Nordring und der Bahnradweg nach Heidkamp saniert.'] },
      { key: 'anfrage-haltestellen', faction: 'ms-gruene', area: 'soziales', topic: 'barrierefreien Bushaltestellen', questions: ['Wie viele Bushaltestellen im Stadtgebiet sind barrierefrei ausgebaut?', 'Bis wann sollen die übrigen folgen?'], answer: ['Von 86 Haltestellen sind 39 barrierefrei. Jährlich werden sechs weitere mit Förderung des Landes umgebaut.'] },
    ],
    roads: [
      { street: 'Lindenstraße', section: 'Marktplatz und Nordring', length: 420, cost: 690_000, grade: '4,6', detail: 'Die Asphaltdecke ist großflächig gerissen, die Gehwegplatten sind durch Baumwurzeln angehoben.' },
      { street: 'Bahnhofstraße', section: 'Kirchgasse und Bahnhofsvorplatz', length: 310, cost: 520_000, grade: '4,2', detail: 'Der Kanal unter der Fahrbahn wird im selben Zug vom Abwasserbetrieb erneuert; das erspart einen zweiten Aufbruch.', location: 'bahnhof' },
      { street: 'Wiesenweg', section: 'Brückenstraße und Sportplatz', length: 260, cost: 185_000, grade: '3,9', detail: 'Der Weg gehört zur Schulwegroute der Grundschule Am Wiesenweg und erhält zusätzlich eine Beleuchtung.', location: 'wiesenweg' },
      { street: 'Heidkampstraße', section: 'Nordring und Auf dem Brink', length: 540, cost: 780_000, grade: '4,8', detail: 'Der Unterbau ist auf ganzer Länge frostgeschädigt; die Buslinie fährt den Abschnitt im Halbstundentakt.' },
      { street: 'Straße Am Bauhof', section: 'Industriestraße und Wertstoffhof', length: 180, cost: 240_000, grade: '4,0', detail: 'Die Fahrbahn ist für den Lkw-Verkehr zum Wertstoffhof zu schmal und wird auf 6,50 m verbreitert.' },
    ],
    plans: [
      { number: '47', title: 'Am Lindenhof', where: 'im Norden der Kernstadt zwischen Lindenstraße und Nordring', hectares: '6,8', goal: 'ein Wohngebiet mit rund 120 Wohnungen, davon ein Drittel im geförderten Mietwohnungsbau, und eine Kindertagesstätte mit vier Gruppen.', detail: 'Die Flächen werden heute landwirtschaftlich genutzt; ein Investor hat die Grundstücke vertraglich gesichert.', statements: 23, weighing: 'Die meisten Stellungnahmen betreffen den Verkehr in der Lindenstraße. Das Wohngebiet wird deshalb überwiegend über den Nordring erschlossen; zur Lindenstraße gibt es nur eine Zufahrt für Rettungsfahrzeuge und den Radverkehr.', location: 'lindenhof' },
      { number: '12, 3. Änderung', title: 'Gewerbegebiet Ost', where: 'östlich der Industriestraße', hectares: '4,2', goal: 'die Erweiterung des Gewerbegebiets für örtliche Handwerksbetriebe; Einzelhandel mit zentrenrelevanten Sortimenten wird ausgeschlossen.', detail: 'Drei ortsansässige Betriebe haben Erweiterungsbedarf angemeldet, der im Bestand nicht gedeckt werden kann.', statements: 11, weighing: 'Der Landesbetrieb Straßenbau verlangt eine Linksabbiegespur an der Landesstraße; die Kosten trägt der Erschließungsträger.', location: 'gewerbe-ost' },
    ],
    tenders: [
      { area: 'bau', work: 'Straßenbauarbeiten Lindenstraße', procedure: 'öffentlich nach VOB/A', bids: 6, winner: 'die Tiefbau Ostwestfalen GmbH', amount: 641_830, estimate: 690_000 },
      { area: 'hfa', work: 'Gebäudereinigung Rathaus und Bürgerhaus', procedure: 'europaweit', bids: 7, winner: 'die Gebäudedienste Westfalen GmbH', amount: 212_300, estimate: 230_000 },
      { area: 'schule', work: 'Lieferung von 240 Tablets für die Grundschulen', procedure: 'öffentlich nach UVgO', bids: 5, winner: 'die Systemhaus Lippe KG', amount: 96_720, estimate: 110_000 },
      { area: 'soziales', work: 'Mittagsverpflegung in den Offenen Ganztagsschulen', procedure: 'öffentlich', bids: 4, winner: 'die Mensa-Küche am Park gGmbH', amount: 174_500, estimate: 168_000 },
      { area: 'bau', work: 'Umrüstung der Straßenbeleuchtung auf LED, Los 2', procedure: 'öffentlich nach VOB/A', bids: 4, winner: 'die Elektro Schürmann GmbH & Co. KG', amount: 284_100, estimate: 300_000 },
      { area: 'soziales', work: 'Offene Kinder- und Jugendarbeit im Ortsteil Heidkamp', procedure: 'öffentlich', bids: 2, winner: 'die Jugendhilfe Westfalen gGmbH', amount: 148_000, estimate: 150_000 },
      { area: 'hfa', work: 'Versicherung des städtischen Fuhrparks', procedure: 'öffentlich nach UVgO', bids: 4, winner: 'die Westfälische Kommunalversicherung VVaG', amount: 31_200, estimate: 35_000 },
      { area: 'bau', work: 'Winterdienst auf den Außenbereichsstraßen', procedure: 'öffentlich', bids: 3, winner: 'die Lohnunternehmen Brinkhoff GbR', amount: 118_400, estimate: 125_000 },
    ],
    estates: [
      { parcel: 'Gemarkung Musterstadt, Flur 7, Flurstück 212', size: 2450, price: 48, guide: 45, party: 'einen ortsansässigen Handwerksbetrieb', purpose: 'Es liegt im Gewerbegebiet Ost und soll mit einer Werkstatthalle bebaut werden; eine Bauverpflichtung von drei Jahren wird vereinbart.', sell: true },
      { parcel: 'Gemarkung Musterstadt, Flur 3, Flurstück 88/2', size: 640, price: 210, guide: 220, party: 'einer Privatperson', purpose: 'Die Stadt benötigt die Teilfläche für den Ausbau des Kreisverkehrs am Nordring.', sell: false },
      { parcel: 'Gemarkung Heidkamp, Flur 1, Flurstück 40', size: 12_800, price: 6, guide: 5, party: 'einer Erbengemeinschaft', purpose: 'Die Fläche grenzt an den Mühlenbach und wird als Ausgleichsfläche und Überflutungsraum gebraucht.', sell: false },
      { parcel: 'Gemarkung Musterstadt, Flur 12, Flurstück 57', size: 1800, price: 95, guide: 90, party: 'eine Wohnungsbaugenossenschaft', purpose: 'Auf dem Grundstück sollen 16 geförderte Mietwohnungen entstehen; die Genossenschaft verpflichtet sich zu einer Mietpreisbindung von 25 Jahren.', sell: true },
      { parcel: 'Gemarkung Musterstadt, Flur 9, Flurstück 301', size: 520, price: 235, guide: 230, party: 'eine Familie aus Musterstadt', purpose: 'Es ist der letzte städtische Bauplatz im Baugebiet Auf dem Brink und wird nach den Vergaberichtlinien für Wohnbaugrundstücke vergeben.', sell: true },
    ],
    staff: [
      { post: 'Leitung der Abteilung Tiefbau', grade: 'EG 12 TVöD', applications: 9, detail: 'Die bisherige Stelleninhaberin tritt in den Ruhestand; eine Einarbeitungszeit von drei Monaten ist vorgesehen.' },
      { area: 'soziales', post: 'Leitung der Kita „Sonnenblume“', grade: 'S 17 TVöD SuE', applications: 4, detail: 'Mit der zusätzlichen Gruppe wächst die Einrichtung auf sechs Gruppen; die Leitung wird freigestellt.' },
      { area: 'schule', post: 'Hausmeisterin oder Hausmeister der Gesamtschule', grade: 'EG 6 TVöD', applications: 11, detail: 'Der bisherige Hausmeister wechselt zum Bauhof; die Gesamtschule ist ohne Hausmeister nicht zu betreiben.' },
      { post: 'Leitung des Jugendzentrums „Kompass“', grade: 'S 15 TVöD SuE', applications: 6, detail: 'Die Stelle ist seit dem Wechsel der bisherigen Leitung unbesetzt; die Öffnungszeiten mussten eingeschränkt werden.' },
    ],
    grants: [
      { area: 'schule', club: 'TuS Musterstadt 1898 e. V.', purpose: 'neue Flutlichtstrahler am Sportplatz Wiesenweg', total: 86_000, amount: 25_800, detail: 'Die Halogenstrahler werden durch LED-Strahler ersetzt, die etwa 70 % weniger Strom verbrauchen.' },
      { area: 'schule', club: 'Musikschule Musterstadt e. V.', purpose: 'einen Konzertflügel für den Saal im Bürgerhaus', total: 48_000, amount: 12_000, detail: 'Der bisherige Flügel ist über 40 Jahre alt; ein Klavierbauer hält eine Reparatur für unwirtschaftlich.' },
      { area: 'soziales', club: 'Tafel Musterstadt e. V.', purpose: 'ein Kühlfahrzeug für Lebensmittelspenden', total: 52_000, amount: 15_000, detail: 'Die Tafel versorgt wöchentlich rund 380 Haushalte; das bisherige Fahrzeug ist nicht mehr verkehrssicher.' },
      { area: 'soziales', club: 'Förderverein Jugendfarm Musterstadt e. V.', purpose: 'ein barrierefreies Sanitärgebäude auf der Jugendfarm', total: 95_000, amount: 30_000, detail: 'Die Jugendfarm wird jährlich von rund 6.000 Kindern besucht, darunter Gruppen aus der Förderschule.' },
      { area: 'schule', club: 'Schützenverein Heidkamp e. V.', purpose: 'eine Lüftungsanlage im Schießstand', total: 41_000, amount: 10_000, detail: 'Die Berufsgenossenschaft verlangt eine Lüftung, sonst darf der Stand nicht mehr genutzt werden.' },
      { area: 'soziales', club: 'Frauen helfen Frauen Musterstadt e. V.', purpose: 'die Beratungsstelle gegen häusliche Gewalt', total: 120_000, amount: 35_000, detail: 'Die Beratungsstelle führte im letzten Jahr 410 Beratungen durch; die Landesförderung deckt die Kosten nicht vollständig.' },
      { area: 'schule', club: 'Heimatverein Musterstadt e. V.', purpose: 'das Dach der Alten Wassermühle', total: 64_000, amount: 20_000, detail: 'Die Mühle ist ein eingetragenes Baudenkmal; die Denkmalbehörde beteiligt sich mit 40 %.' },
    ],
    fees: [
      { title: 'Änderung der Gebührensatzung zur Abwasserbeseitigungssatzung', detail: 'Die Gebührenbedarfsberechnung für das kommende Jahr ergibt wegen gestiegener Energie- und Klärschlammkosten höhere Gebühren.', before: 'Schmutzwasser 2,84 €/m³, Niederschlagswasser 0,92 €/m² versiegelte Fläche', after: 'Schmutzwasser 3,02 €/m³, Niederschlagswasser 0,95 €/m² versiegelte Fläche', reason: 'Die Gebühren müssen die Kosten der Einrichtung decken (Kostendeckungsprinzip nach dem Kommunalabgabengesetz).' },
      { title: 'Änderung der Friedhofsgebührensatzung', detail: 'Die Nachfrage nach Urnengräbern im Baumbestand steigt; dafür wird eine eigene Gebühr eingeführt.', before: 'Urnenwahlgrab 1.180 €', after: 'Urnenwahlgrab 1.240 €, Urnengrab im Baumbestand 1.450 € einschließlich Pflege', reason: 'Die Friedhofsgebühren decken derzeit nur 82 % der Kosten.' },
    ],
    permits: [
      { project: 'die Nutzungsänderung einer Gaststätte in vier Wohnungen', parcel: 'Kirchgasse 7', law: 'Das Grundstück liegt im unbeplanten Innenbereich der Altstadt (§ 34 BauGB); Wohnnutzung prägt die Umgebung.', note: 'Die Fassade bleibt erhalten; zwei Stellplätze werden im Hof nachgewiesen, für zwei weitere wird ein Ablösebetrag gezahlt.', consent: true },
      { project: 'der Neubau einer Lagerhalle mit Büroanbau', parcel: 'Industriestraße 31', law: 'Das Vorhaben entspricht den Festsetzungen des Bebauungsplans Nr. 12 „Gewerbegebiet Ost“ mit Ausnahme der Baugrenze im Norden, die um 2,40 m überschritten wird.', note: 'Die Befreiung berührt die Grundzüge der Planung nicht; nachbarliche Belange sind nicht betroffen.', consent: true },
      { project: 'die Errichtung einer Werbeanlage mit wechselnder Beleuchtung', parcel: 'Nordring 2', law: 'Der Standort liegt am Eingang der Altstadt im Geltungsbereich der Gestaltungssatzung.', note: 'Die Gestaltungssatzung schließt Werbeanlagen mit wechselndem Licht aus; die Verwaltung empfiehlt, das Einvernehmen zu versagen.', consent: false },
      { project: 'der Anbau eines Wintergartens an ein Einfamilienhaus', parcel: 'Auf dem Brink 14', law: 'Der Bebauungsplan „Auf dem Brink“ setzt eine Grundflächenzahl von 0,3 fest; mit dem Anbau stiege sie auf 0,33.', note: 'Vergleichbare Befreiungen wurden in der Nachbarschaft bereits erteilt.', consent: true },
    ],
    claims: [
      { title: 'Niederschlagung einer Gewerbesteuerforderung nach Insolvenz eines Einzelhandelsbetriebs', detail: 'Das Insolvenzverfahren wurde mangels Masse eingestellt; eine Beitreibung ist aussichtslos.', amount: 48_720 },
      { title: 'Stundung von Erschließungsbeiträgen für einen landwirtschaftlichen Betrieb', detail: 'Der Betrieb kann die Beiträge nach Ernteausfällen nicht auf einmal zahlen; vereinbart wird eine verzinste Ratenzahlung über vier Jahre.', amount: 36_400 },
      { area: 'soziales', title: 'Erlass von Elternbeiträgen in einem Härtefall', detail: 'Eine alleinerziehende Mutter von drei Kindern kann die rückständigen Elternbeiträge nach längerer Krankheit nicht zahlen; die wirtschaftlichen Verhältnisse wurden geprüft.', amount: 2_940 },
      { area: 'schule', title: 'Schadensersatz nach einem Wasserschaden in der Stadtbibliothek', detail: 'Ein Dachdeckerbetrieb hat bei Reparaturarbeiten einen Wasserschaden verursacht; seine Versicherung bietet eine Pauschale an.', amount: 18_600 },
      { title: 'Vergleich im Rechtsstreit über Mängel an der Sporthalle Heidkamp', detail: 'Die ausführende Firma bietet an, die Mängel am Hallenboden zu beseitigen und Schadensersatz zu zahlen; das Landgericht hat einen Vergleich angeregt.', amount: 25_000 },
    ],
    spending: [
      { purpose: 'die Reparatur der Heizungsanlage der Gesamtschule', amount: 48_000, cover: 'Deckung durch Minderaufwendungen bei der Bauunterhaltung des Bürgerhauses, dessen Sanierung sich verschiebt.' },
      { purpose: 'Streusalz nach dem frühen Wintereinbruch', amount: 36_000, cover: 'Deckung aus Mehrerträgen bei der Gewerbesteuer.' },
    ],
  };
  return routinePapers('ms', v, pools);
}

const MUSTERSTADT: TenantProfile = {
  slug: 'musterstadt',
  land: 'NW',
  body: { name: 'Stadt Musterstadt', shortName: 'Musterstadt', classification: 'Stadt', website: 'https://www.musterstadt.example' },
  termStartMonthDay: '11-01',
  termAnchorYear: 2020,
  termYears: 5,
  cycleDays: 42,
  council: {
    key: 'ms-rat',
    name: 'Rat der Stadt Musterstadt',
    shortName: 'Rat',
    genitive: 'des Rates der Stadt Musterstadt',
    subject: 'Der Rat',
    dative: 'dem Rat',
    weekday: 4,
    time: '17:00',
    minutes: 180,
    locationKey: 'ratssaal',
    memberStatus: 'Ratsmitglied',
    post: ['Bürgermeister', 'stellvertretende Bürgermeisterin', 'stellvertretender Bürgermeister', 'Ratsmitglied'],
  },
  mayor: { ...p('ms-overbeck', 'Matthias', 'Overbeck', 'male', { title: ['Dr.'] }), status: 'Bürgermeister', life: 'Jahrgang 1971, Jurist, zuvor Erster Beigeordneter einer Nachbarstadt; seit 2020 Bürgermeister der Stadt Musterstadt, 2025 wiedergewählt. Verheiratet, zwei Kinder.' },
  deputies: [
    { personKey: 'ms-schulte-vennemann', status: 'Erste stellvertretende Bürgermeisterin', councilRole: 'stellv. Vorsitzende' },
    { personKey: 'ms-schaefer', status: 'Zweiter stellvertretender Bürgermeister', councilRole: 'stellv. Vorsitzender' },
  ],
  committees: [
    { key: 'ms-hfa', area: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA', genitive: 'des Haupt- und Finanzausschusses', subject: 'Der Haupt- und Finanzausschuss', dative: 'dem Haupt- und Finanzausschuss', weekday: 2, cycleWeek: 2, restCycle: null, time: '17:00', minutes: 150, locationKey: 'sitzungszimmer', seats: 15, chairFaction: null, viceChairFaction: 'ms-cdu', adminKey: 'ms-fb1' },
    { key: 'ms-stuv', area: 'bau', name: 'Ausschuss für Stadtentwicklung, Umwelt und Verkehr', shortName: 'StUV', genitive: 'des Ausschusses für Stadtentwicklung, Umwelt und Verkehr', subject: 'Der Ausschuss für Stadtentwicklung, Umwelt und Verkehr', dative: 'dem Ausschuss für Stadtentwicklung, Umwelt und Verkehr', weekday: 1, cycleWeek: 0, restCycle: null, time: '17:30', minutes: 150, locationKey: 'sitzungszimmer', seats: 11, chairFaction: 'ms-cdu', viceChairFaction: 'ms-spd', adminKey: 'ms-fb3' },
    { key: 'ms-sks', area: 'schule', name: 'Ausschuss für Schule, Kultur und Sport', shortName: 'SKS', genitive: 'des Ausschusses für Schule, Kultur und Sport', subject: 'Der Ausschuss für Schule, Kultur und Sport', dative: 'dem Ausschuss für Schule, Kultur und Sport', weekday: 3, cycleWeek: 0, restCycle: 0, time: '17:30', minutes: 120, locationKey: 'sitzungszimmer', seats: 11, chairFaction: 'ms-spd', viceChairFaction: 'ms-cdu', adminKey: 'ms-fb2' },
    { key: 'ms-sjs', area: 'soziales', name: 'Ausschuss für Soziales, Jugend und Senioren', shortName: 'SJS', genitive: 'des Ausschusses für Soziales, Jugend und Senioren', subject: 'Der Ausschuss für Soziales, Jugend und Senioren', dative: 'dem Ausschuss für Soziales, Jugend und Senioren', weekday: 3, cycleWeek: 1, restCycle: 1, time: '17:30', minutes: 120, locationKey: 'sitzungszimmer', seats: 11, chairFaction: 'ms-gruene', viceChairFaction: 'ms-cdu', adminKey: 'ms-fb2' },
  ],
  factions: [
    {
      key: 'ms-cdu',
      name: 'CDU-Fraktion',
      shortName: 'CDU',
      members: [
        p('ms-brockmeier', 'Heinrich', 'Brockmeier', 'male', { life: 'Landwirt in Heidkamp, seit 2004 im Rat, Vorsitzender der CDU-Fraktion.' }),
        p('ms-schulte-vennemann', 'Annette', 'Schulte-Vennemann', 'female', { life: 'Apothekerin, Mutter von drei Kindern, seit 2014 im Rat.' }),
        p('ms-tiemann', 'Markus', 'Tiemann', 'male'),
        p('ms-woestmann', 'Sandra', 'Wöstmann', 'female'),
        p('ms-hagedorn', 'Klaus', 'Hagedorn', 'male', { title: ['Dr.'] }),
        p('ms-kleinekathoefer', 'Petra', 'Kleinekathöfer', 'female'),
        p('ms-ruether', 'Stefan', 'Rüther', 'male'),
        p('ms-hartmann', 'Julia', 'Hartmann', 'female'),
        p('ms-stork', 'Friedhelm', 'Stork', 'male'),
        p('ms-brueggemann', 'Lena', 'Brüggemann', 'female'),
      ],
    },
    {
      key: 'ms-spd',
      name: 'SPD-Fraktion',
      shortName: 'SPD',
      members: [
        p('ms-landwehr', 'Birgit', 'Landwehr', 'female', { life: 'Sozialarbeiterin, seit 2009 im Rat, Vorsitzende der SPD-Fraktion.' }),
        p('ms-schaefer', 'Uwe', 'Schäfer', 'male', { life: 'Elektromeister im Ruhestand, ehrenamtlich in der Freiwilligen Feuerwehr.' }),
        p('ms-petersen', 'Jan', 'Petersen', 'male'),
        p('ms-demir', 'Aylin', 'Demir', 'female'),
        p('ms-kortenbruck', 'Michael', 'Kortenbruck', 'male'),
        p('ms-vogt', 'Gisela', 'Vogt', 'female'),
        p('ms-luedeking', 'Timo', 'Lüdeking', 'male'),
        p('ms-krueger', 'Nadine', 'Krüger', 'female'),
      ],
    },
    {
      key: 'ms-gruene',
      name: 'Fraktion Bündnis 90/Die Grünen',
      shortName: 'GRÜNE',
      members: [
        p('ms-feldhaus', 'Miriam', 'Feldhaus', 'female', { title: ['Dr.'], life: 'Biologin, arbeitet bei der Biologischen Station des Kreises, seit 2020 im Rat.' }),
        p('ms-winkelmann', 'Jonas', 'Winkelmann', 'male'),
        p('ms-sievers', 'Katrin', 'Sievers', 'female'),
        p('ms-brandes', 'Ole', 'Brandes', 'male'),
        p('ms-ahlers', 'Friederike', 'Ahlers', 'female'),
        p('ms-niemeyer', 'Tobias', 'Niemeyer', 'male'),
        p('ms-yildiz', 'Hatice', 'Yıldız', 'female'),
      ],
    },
    {
      key: 'ms-uwg',
      name: 'Fraktion der Unabhängigen Wählergemeinschaft',
      shortName: 'UWG',
      members: [p('ms-holtkamp', 'Werner', 'Holtkamp', 'male'), p('ms-hesse', 'Monika', 'Hesse', 'female'), p('ms-dreier', 'Ralf', 'Dreier', 'male'), p('ms-pohlmann', 'Ingrid', 'Pohlmann', 'female')],
    },
    {
      key: 'ms-fdp',
      name: 'FDP-Fraktion',
      shortName: 'FDP',
      members: [p('ms-menke', 'Christian', 'Menke', 'male'), p('ms-kamphausen', 'Verena', 'Kamphausen', 'female', { title: ['Dr.'] }), p('ms-rolf', 'Philipp', 'Rolf', 'male')],
    },
  ],
  advisors: [
    { person: p('ms-rosenbaum', 'Elke', 'Rosenbaum', 'female'), status: 'Sachkundige Bürgerin', seats: [{ organizationKey: 'ms-sjs', votingRight: true, onBehalfOfKey: 'ms-cdu' }], roleFemale: 'Sachkundige Bürgerin', roleMale: 'Sachkundiger Bürger' },
    { person: p('ms-knoke', 'Dieter', 'Knoke', 'male'), status: 'Sachkundiger Bürger', seats: [{ organizationKey: 'ms-stuv', votingRight: true, onBehalfOfKey: 'ms-spd' }], roleFemale: 'Sachkundige Bürgerin', roleMale: 'Sachkundiger Bürger' },
    { person: p('ms-marquardt', 'Lisa', 'Marquardt', 'female'), status: 'Sachkundige Bürgerin', seats: [{ organizationKey: 'ms-sks', votingRight: true, onBehalfOfKey: 'ms-gruene' }], roleFemale: 'Sachkundige Bürgerin', roleMale: 'Sachkundiger Bürger' },
    { person: p('ms-sasse', 'Bernd-Ulrich', 'Sasse', 'male'), status: 'Sachkundiger Bürger', seats: [{ organizationKey: 'ms-stuv', votingRight: true, onBehalfOfKey: 'ms-uwg' }], roleFemale: 'Sachkundige Bürgerin', roleMale: 'Sachkundiger Bürger' },
    { person: p('ms-bollmann', 'Kerstin', 'Bollmann', 'female'), status: 'Sachkundige Bürgerin', seats: [{ organizationKey: 'ms-sks', votingRight: true, onBehalfOfKey: 'ms-fdp' }], roleFemale: 'Sachkundige Bürgerin', roleMale: 'Sachkundiger Bürger' },
    { person: p('ms-wittkopp', 'Anneliese', 'Wittkopp', 'female'), status: 'Sachkundige Einwohnerin (Seniorenbeirat)', seats: [{ organizationKey: 'ms-sjs', votingRight: false }], roleFemale: 'Sachkundige Einwohnerin', roleMale: 'Sachkundiger Einwohner' },
    { person: p('ms-aydin', 'Emre', 'Aydın', 'male'), status: 'Sachkundiger Einwohner (Integrationsrat)', seats: [{ organizationKey: 'ms-sks', votingRight: false }, { organizationKey: 'ms-sjs', votingRight: false }], roleFemale: 'Sachkundige Einwohnerin', roleMale: 'Sachkundiger Einwohner' },
  ],
  administration: [
    {
      key: 'ms-fb1',
      name: 'Fachbereich 1 – Zentrale Dienste und Finanzen',
      shortName: 'FB 1',
      head: { ...p('ms-ostendorf', 'Frank', 'Ostendorf', 'male'), status: 'Erster Beigeordneter und Kämmerer', role: 'Fachbereichsleitung' },
      staff: [{ ...p('ms-richter', 'Renate', 'Richter', 'female'), status: 'Ratsbüro', role: 'Sitzungsdienst' }],
    },
    { key: 'ms-fb2', name: 'Fachbereich 2 – Bildung, Jugend und Soziales', shortName: 'FB 2', head: { ...p('ms-wiesmann', 'Claudia', 'Wiesmann', 'female'), status: 'Fachbereichsleiterin', role: 'Fachbereichsleitung' } },
    { key: 'ms-fb3', name: 'Fachbereich 3 – Stadtentwicklung, Bauen und Umwelt', shortName: 'FB 3', head: { ...p('ms-heitkamp', 'Jörg', 'Heitkamp', 'male'), status: 'Technischer Beigeordneter', role: 'Fachbereichsleitung' } },
  ],
  recorderKey: 'ms-richter',
  resignation: { personKey: 'ms-petersen', successor: p('ms-kroeger', 'Sabine', 'Kröger', 'female'), factionKey: 'ms-spd' },
  locations: [
    { key: 'rathaus', description: 'Rathaus der Stadt Musterstadt', streetAddress: 'Marktplatz 1', postalCode: '32999', locality: 'Musterstadt', lat: 51.9412, lon: 9.0893 },
    { key: 'ratssaal', description: 'Rathaus, Ratssaal', streetAddress: 'Marktplatz 1', room: 'Ratssaal (1. Obergeschoss)', postalCode: '32999', locality: 'Musterstadt', lat: 51.9412, lon: 9.0893 },
    { key: 'sitzungszimmer', description: 'Rathaus, Sitzungszimmer 2', streetAddress: 'Marktplatz 1', room: 'Sitzungszimmer 2 (2. Obergeschoss)', postalCode: '32999', locality: 'Musterstadt', lat: 51.9412, lon: 9.0893 },
    { key: 'muehlenbach', description: 'Mühlenbach zwischen Brückenstraße und Wiesenweg', streetAddress: 'Brückenstraße', postalCode: '32999', locality: 'Musterstadt', lat: 51.9298, lon: 9.0712 },
    { key: 'stadtpark', description: 'Stadtpark am Schlossteich', streetAddress: 'Parkstraße', postalCode: '32999', locality: 'Musterstadt', lat: 51.9445, lon: 9.0811 },
    { key: 'lindenhof', description: 'Plangebiet „Am Lindenhof“', streetAddress: 'Lindenstraße', postalCode: '32999', locality: 'Musterstadt', lat: 51.9561, lon: 9.1024 },
    { key: 'gewerbe-ost', description: 'Gewerbegebiet Ost', streetAddress: 'Industriestraße', postalCode: '32999', locality: 'Musterstadt', lat: 51.9423, lon: 9.137 },
    { key: 'bahnhof', description: 'Bahnhofsvorplatz', streetAddress: 'Bahnhofstraße 20', postalCode: '32999', locality: 'Musterstadt', lat: 51.9378, lon: 9.0981 },
    { key: 'wiesenweg', description: 'Grundschule Am Wiesenweg', streetAddress: 'Wiesenweg 14', postalCode: '32999', locality: 'Musterstadt', lat: 51.9311, lon: 9.0668 },
  ],
  breaks: [
    ['07-13', '08-25'],
    ['12-22', '01-06'],
  ],
  reference: (_type, year, sequence) => `${year}/${String(sequence).padStart(3, '0')}`,
  documentName: (type, reference) => {
    const stem = { Beschlussvorlage: 'Vorlage', Antrag: 'Antrag', Anfrage: 'Anfrage', Mitteilung: 'Mitteilung' }[type];
    return { fileStem: `${stem}-${reference.replace(/\//g, '-')}`, display: `${stem} ${reference}` };
  },
  accounts: (roster) => pickAccounts(roster, 'musterstadt.example', 'ms-hfa', 'ms-stuv', 'ms-marquardt'),
  papers: musterstadtPapers,
  pdfOnlyWords: [
    { word: 'Regenrückhaltebecken', paperKey: 'ms-hochwasserschutz' },
    { word: 'Fledermauskästen', paperKey: 'ms-stadtpark' },
    { word: 'Stolpersteine', paperKey: 'ms-gedenken' },
    { word: 'Lastenradverleih', paperKey: 'ms-mobilstation' },
  ],
  words: MS_WORDS,
  constituent: {
    agenda: [
      { name: 'Eröffnung der Sitzung durch das älteste Ratsmitglied, Einführung und Vereidigung des Bürgermeisters', result: 'Zur Kenntnis genommen', resolution: 'Das älteste Ratsmitglied eröffnet die Sitzung; der Bürgermeister wird in sein Amt eingeführt und vereidigt.' },
      { name: 'Einführung und Verpflichtung der Ratsmitglieder', result: 'Zur Kenntnis genommen', resolution: 'Der Bürgermeister führt die Ratsmitglieder ein und verpflichtet sie zur gesetzmäßigen und gewissenhaften Wahrnehmung ihrer Aufgaben.' },
      { name: 'Wahl der stellvertretenden Bürgermeisterinnen und Bürgermeister', result: 'Mehrheitlich beschlossen', resolution: 'Gewählt sind Annette Schulte-Vennemann zur ersten und Uwe Schäfer zum zweiten stellvertretenden Bürgermeister.' },
      { name: 'Geschäftsordnung für den Rat und seine Ausschüsse', paperKey: 'ms-geschaeftsordnung', result: 'Einstimmig beschlossen', resolution: '' },
      { name: 'Bildung der Ausschüsse und Wahl der Ausschussmitglieder', paperKey: 'ms-ausschussbildung', result: 'Einstimmig beschlossen', resolution: '' },
      { name: 'Mitteilungen der Verwaltung', result: 'Zur Kenntnis genommen', resolution: 'Die Mitteilungen der Verwaltung werden zur Kenntnis genommen.' },
    ],
    papers: [
      {
        key: 'ms-geschaeftsordnung',
        type: 'Beschlussvorlage',
        area: 'rat',
        route: 'rat-only',
        public: true,
        name: 'Geschäftsordnung für den Rat der Stadt Musterstadt und seine Ausschüsse',
        direction: ['ms-fb1'],
        sections: [
          { heading: 'Sachverhalt', paragraphs: ['Zu Beginn der Wahlperiode gibt sich der Rat eine Geschäftsordnung (§ 47 Abs. 2 GO NRW). Der Entwurf übernimmt die bisherige Fassung und ergänzt Regeln für hybride Sitzungen und die digitale Zustellung der Sitzungsunterlagen.'] },
          { heading: 'Beschlussvorschlag', paragraphs: ['Der Rat beschließt die Geschäftsordnung in der Fassung der Anlage.'] },
        ],
        resolution: 'die Geschäftsordnung für den Rat und seine Ausschüsse in der vorgelegten Fassung.',
      },
      {
        key: 'ms-ausschussbildung',
        type: 'Beschlussvorlage',
        area: 'rat',
        route: 'rat-only',
        public: true,
        name: 'Bildung der Ausschüsse und Wahl der Ausschussmitglieder',
        direction: ['ms-fb1'],
        sections: [
          { heading: 'Sachverhalt', paragraphs: ['Neben dem Haupt- und Finanzausschuss bildet der Rat drei Fachausschüsse mit je 13 Mitgliedern. Die Sitze werden nach dem Verfahren d’Hondt auf die Fraktionen verteilt; sachkundige Bürgerinnen und Bürger können in die Fachausschüsse gewählt werden.'] },
          { heading: 'Beschlussvorschlag', paragraphs: ['Der Rat bildet die Ausschüsse und wählt ihre Mitglieder nach den Wahlvorschlägen der Fraktionen.'] },
        ],
        resolution: 'die Bildung der Ausschüsse und wählt ihre Mitglieder nach den Wahlvorschlägen der Fraktionen.',
      },
    ],
  },
};

// ---------------------------------------------------------------------------
// Beispielhausen (Bayern)
// ---------------------------------------------------------------------------

const BY_FACTION_NAMES: Record<string, string> = {
  'by-csu': 'CSU-Fraktion',
  'by-fw': 'Fraktion Freie Wähler',
  'by-gruene': 'Fraktion Bündnis 90/Die Grünen',
  'by-spd': 'SPD-Fraktion',
  'by-blb': 'Fraktion Bürgerliste Beispielhausen',
};

const BY_WORDS: Vocabulary = {
  firstCommitteeItem: 'Bekanntgabe der Ausschussbesetzung und der Stellvertretungen',
  firstCommitteeResolution: 'Die Vorsitzende gibt die vom Gemeinderat beschlossene Besetzung des Ausschusses und die Stellvertretungen bekannt.',
  townGenitive: 'der Gemeinde',
  townNominative: 'die Gemeinde',
  councilSubject: 'Der Gemeinderat',
  subjects: {
    hfa: 'Der Haupt- und Finanzausschuss',
    bau: 'Der Bau-, Umwelt- und Verkehrsausschuss',
    schule: 'Der Ausschuss für Schule, Kultur und Sport',
    soziales: 'Der Ausschuss für Soziales, Jugend und Senioren',
  },
  adminKeys: { hfa: 'by-kaemmerei', bau: 'by-bauamt', schule: 'by-gl', soziales: 'by-gl' },
  factionNames: BY_FACTION_NAMES,
  displayStage: 'Billigungs- und Auslegungsbeschluss',
};

function beispielhausenPapers(v: Vocabulary, budgetYear: number): PaperSpec[] {
  const pools: Pools = {
    projects: [
      {
        key: 'nahwaerme',
        area: 'bau',
        route: 'rat',
        title: 'Nahwärmeversorgung für Schulzentrum und Mehrzweckhalle',
        situation: [
          'Die Ölkessel im Schulzentrum sind 27 Jahre alt und müssen ersetzt werden. Eine Machbarkeitsstudie hat verschiedene Varianten für Schule, Mehrzweckhalle, Kinderhaus und Rathaus verglichen.',
          'Wirtschaftlichste Lösung ist eine Hackschnitzelheizung mit 400 kW und einem Pufferspeicher von 30 m³ im Untergeschoss der Mehrzweckhalle. Das Holz kommt aus dem Gemeindewald und von Landwirten aus der Umgebung; ein Nahwärmenetz von 620 Metern verbindet die vier Gebäude.',
        ],
        cost: 'Investition 1.480.000 €, davon 40 % Förderung aus der Bundesförderung für effiziente Wärmenetze. Die jährlichen Heizkosten sinken gegenüber Heizöl um etwa 38.000 €.',
        climate: 'Einsparung von rund 310 Tonnen CO₂ im Jahr; der Brennstoff wächst in der Region nach.',
        resolution: 'den Bau der Nahwärmeversorgung für Schulzentrum, Mehrzweckhalle, Kinderhaus und Rathaus nach der Variante 2 der Machbarkeitsstudie.',
        amendment: 'Die Anbindung privater Gebäude an der Schulstraße wird in der Ausführungsplanung geprüft.',
        location: 'schulzentrum',
      },
      {
        key: 'oekokonto',
        area: 'bau',
        route: 'committee',
        title: 'Ökokonto: Ausgleichsflächen an der Oberauer Leite',
        situation: [
          'Die Gemeinde besitzt an der Oberauer Leite 2,3 Hektar Grünland, die bisher intensiv gemäht werden. Die untere Naturschutzbehörde hat zugestimmt, die Fläche in das Ökokonto aufzunehmen.',
          'Geplant sind die Anlage einer Streuobstwiese mit 60 Hochstämmen alter Apfel- und Birnensorten, eine zweischürige Mahd ab Mitte Juni und Lesesteinhaufen für Zauneidechsen.',
        ],
        cost: 'Herstellungskosten 46.000 €; die Ökopunkte können späteren Bebauungsplänen zugeordnet und über die Grundstückspreise refinanziert werden.',
        resolution: 'die Aufnahme der Flächen an der Oberauer Leite in das gemeindliche Ökokonto und die Durchführung der Aufwertungsmaßnahmen.',
        location: 'oberauer-leite',
      },
      {
        key: 'haushalt',
        area: 'hfa',
        route: 'rat',
        title: `Haushaltssatzung und Haushaltsplan ${budgetYear}`,
        situation: [
          `Der Entwurf des Haushalts ${budgetYear} hat ein Volumen von 41,2 Mio. €, davon 30,8 Mio. € im Verwaltungshaushalt und 10,4 Mio. € im Vermögenshaushalt. Die Zuführung an den Vermögenshaushalt beträgt 2,1 Mio. € und liegt über der Mindestzuführung.`,
          'Größte Ausgabe ist die Kreisumlage mit 9,6 Mio. €. Die Hebesätze bleiben unverändert: Grundsteuer A 360 %, Grundsteuer B 380 %, Gewerbesteuer 340 %.',
          'Schwerpunkte im Vermögenshaushalt sind die Nahwärmeversorgung des Schulzentrums, das neue Feuerwehrhaus in Oberreith und der Ausbau der Gemeindeverbindungsstraße nach Unterau.',
        ],
        cost: 'Eine Kreditaufnahme von 1,8 Mio. € ist vorgesehen; der Schuldenstand steigt damit auf 412 € je Einwohnerin und Einwohner.',
        resolution: `die Haushaltssatzung ${budgetYear} mit Haushaltsplan, Finanzplan und Investitionsprogramm.`,
        amendment: 'Für die Sanierung des Kriegerdenkmals werden zusätzlich 15.000 € eingestellt.',
        auxiliary: [{ name: 'Investitionsprogramm', sections: [{ heading: 'Maßnahmen', paragraphs: ['Nahwärme Schulzentrum 1,48 Mio. €; Feuerwehrhaus Oberreith 2,2 Mio. € (verteilt auf zwei Jahre); Gemeindeverbindungsstraße Unterau 0,9 Mio. €; Breitband-Restausbau 0,4 Mio. €.'] }] }],
      },
      {
        key: 'feuerwehrhaus',
        area: 'hfa',
        route: 'rat',
        title: 'Neubau des Feuerwehrhauses Oberreith: Entwurfsplanung',
        situation: ['Das Gerätehaus der Freiwilligen Feuerwehr Oberreith von 1968 erfüllt die Unfallverhütungsvorschriften nicht mehr; das neue Löschfahrzeug passt nicht in die Halle.', 'Der Entwurf sieht zwei Stellplätze, getrennte Umkleiden für Frauen und Männer, einen Schulungsraum und eine Schwarz-Weiß-Trennung vor.'],
        cost: 'Kosten 2.200.000 €; der Freistaat fördert nach den Feuerwehr-Zuwendungsrichtlinien mit einem Festbetrag von 236.000 €.',
        resolution: 'die Entwurfsplanung für das Feuerwehrhaus Oberreith und beauftragt die Verwaltung mit dem Förderantrag.',
      },
      {
        key: 'mittagsbetreuung',
        area: 'schule',
        route: 'rat',
        title: 'Ganztagsbetreuung an der Grundschule: Erweiterung der Mittagsbetreuung',
        situation: ['Ab dem Schuljahr 2026/27 besteht für Kinder der ersten Klasse ein Anspruch auf Ganztagsbetreuung. Für die Grundschule Beispielhausen werden 75 Plätze benötigt; die Mittagsbetreuung bietet derzeit 48.', 'Geplant ist eine verlängerte Mittagsbetreuung bis 16 Uhr in den Räumen der ehemaligen Hausmeisterwohnung.'],
        cost: 'Umbaukosten 310.000 €, gefördert zu 70 % aus dem Investitionsprogramm Ganztagsausbau; zusätzliche Personalkosten 64.000 € jährlich.',
        resolution: 'die Erweiterung der Mittagsbetreuung an der Grundschule auf 75 Plätze bis 16 Uhr.',
        location: 'schulzentrum',
      },
      {
        key: 'buecherei',
        area: 'schule',
        route: 'committee',
        title: 'Gemeindebücherei: neue Öffnungszeiten und Selbstverbuchung',
        situation: ['Die Gemeindebücherei wird von zwei Teilzeitkräften und zwölf Ehrenamtlichen betrieben. Mit einer Selbstverbuchungsstation könnte sie zusätzlich am Samstagvormittag öffnen.'],
        cost: 'Kosten der Station 18.500 €, gefördert mit 50 % durch die Landesfachstelle für das öffentliche Bibliothekswesen.',
        resolution: 'die Anschaffung einer Selbstverbuchungsstation und die zusätzliche Öffnung am Samstagvormittag.',
      },
      {
        key: 'kinderhaus',
        area: 'soziales',
        route: 'rat',
        title: 'Bedarfsplanung Kinderbetreuung und Erweiterung des Kinderhauses St. Martin',
        situation: ['Nach der Bedarfsplanung fehlen ab dem kommenden Betreuungsjahr 24 Krippenplätze. Der Träger des Kinderhauses St. Martin ist bereit, zwei Krippengruppen in einem Anbau zu betreiben.'],
        cost: 'Baukosten 1.650.000 €, Förderung nach dem Bayerischen Finanzausgleichsgesetz rund 60 %. Die Gemeinde trägt das Betriebskostendefizit nach der Betriebsträgervereinbarung.',
        resolution: 'die Bedarfsplanung und den Anbau von zwei Krippengruppen am Kinderhaus St. Martin.',
      },
      {
        key: 'seniorenwohnen',
        area: 'soziales',
        route: 'committee',
        title: 'Seniorengerechtes Wohnen in der Ortsmitte: Interessenbekundungsverfahren',
        situation: ['Auf dem gemeindlichen Grundstück neben dem Pfarrheim sollen 18 barrierefreie Wohnungen mit Gemeinschaftsraum entstehen. Ein Interessenbekundungsverfahren soll klären, welche Träger bauen und betreiben würden.'],
        cost: 'Für das Verfahren entstehen Kosten von rund 12.000 €.',
        resolution: 'die Durchführung eines Interessenbekundungsverfahrens für seniorengerechtes Wohnen in der Ortsmitte.',
      },
      {
        key: 'strassenbeleuchtung',
        area: 'bau',
        route: 'committee',
        title: 'Umstellung der Straßenbeleuchtung auf LED in den Ortsteilen',
        situation: ['In Oberreith, Unterau und Hölzlbach sind noch 214 Leuchten mit Quecksilberdampflampen in Betrieb, die nicht mehr hergestellt werden. Der Netzbetreiber bietet die Umrüstung auf LED mit nächtlicher Absenkung an.'],
        cost: 'Kosten 168.000 €; die Stromkosten sinken um etwa 21.000 € im Jahr.',
        climate: 'Der Stromverbrauch der Straßenbeleuchtung in den Ortsteilen sinkt um rund 70 %.',
        resolution: 'die Umrüstung der Straßenbeleuchtung in den Ortsteilen auf LED.',
      },
      {
        key: 'loeschfahrzeug',
        area: 'hfa',
        route: 'rat',
        title: 'Ersatzbeschaffung eines Löschfahrzeugs für die Feuerwehr Unterau',
        situation: ['Das Tragkraftspritzenfahrzeug der Feuerwehr Unterau ist 31 Jahre alt; Ersatzteile sind kaum noch zu bekommen. Nach dem Feuerwehrbedarfsplan ist ein Mittleres Löschfahrzeug erforderlich.'],
        cost: 'Kosten 390.000 €, Förderung des Freistaats 80.000 €. Die Beschaffung erfolgt gemeinsam mit zwei Nachbargemeinden über eine Sammelausschreibung.',
        resolution: 'die Ersatzbeschaffung eines Mittleren Löschfahrzeugs für die Feuerwehr Unterau über die Sammelausschreibung.',
      },
      {
        key: 'spielplatz',
        area: 'soziales',
        route: 'committee',
        title: 'Neugestaltung des Spielplatzes am Mühlweg',
        situation: ['Der Spielplatz am Mühlweg ist 25 Jahre alt. Kinder der Grundschule haben ihre Wünsche gemalt: Kletterturm, Wasserlauf, Nestschaukel und eine Sitzecke im Schatten für Eltern.'],
        cost: 'Kosten 95.000 €; das Regionalbudget des Amts für Ländliche Entwicklung fördert mit 20.000 €.',
        resolution: 'die Neugestaltung des Spielplatzes am Mühlweg nach dem vorgestellten Entwurf.',
      },
      {
        key: 'kultursommer',
        area: 'schule',
        route: 'committee',
        title: 'Kultursommer am Rathausplatz',
        situation: ['An vier Freitagabenden im Juli sollen auf dem Rathausplatz Konzerte örtlicher Musikgruppen, ein Kinotheater und eine Lesung stattfinden. Vereine übernehmen die Bewirtung.'],
        cost: 'Kosten 14.000 €, davon 6.000 € durch Sponsoren gedeckt.',
        resolution: 'die Durchführung des Kultursommers am Rathausplatz.',
      },
      {
        key: 'friedhof',
        area: 'hfa',
        route: 'committee',
        title: 'Neugestaltung des Urnenhains am Gemeindefriedhof',
        situation: ['Die Nachfrage nach Urnengräbern hat sich in zehn Jahren verdreifacht. Am Gemeindefriedhof soll ein Urnenhain mit 120 Grabstellen unter den alten Linden angelegt werden.'],
        cost: 'Kosten 74.000 €, refinanziert über die Grabgebühren.',
        resolution: 'die Anlage eines Urnenhains mit 120 Grabstellen am Gemeindefriedhof.',
      },
    ],
    motions: [
      { key: 'naherholung', faction: 'by-fw', area: 'schule', route: 'committee', title: 'Naherholung am Reither Bach', motion: 'Die Verwaltung wird beauftragt, am Reither Bach unterhalb der Mühle einen Rastplatz mit Sitzstufen zum Wasser und eine Kneippanlage zu planen und die Förderung über das Regionalbudget zu beantragen.', reason: 'Der Bachweg ist der meistgenutzte Spazierweg der Gemeinde; Familien und ältere Menschen wünschen sich Sitzplätze und Zugang zum Wasser.', resolution: 'die Planung eines Rastplatzes am Reither Bach und den Antrag auf Förderung aus dem Regionalbudget.', outcome: 'Einstimmig beschlossen' },
      { key: 'mitfahrbank', faction: 'by-spd', area: 'soziales', route: 'committee', title: 'Mitfahrbänke für die Ortsteile', motion: 'In Oberreith, Unterau und Hölzlbach sowie am Rathausplatz werden Mitfahrbänke aufgestellt.', reason: 'Die Ortsteile sind an Wochenenden nicht mit dem Bus erreichbar; Mitfahrbänke haben sich in vielen Gemeinden bewährt.', resolution: 'das Aufstellen von vier Mitfahrbänken in den Ortsteilen und am Rathausplatz.' },
      { key: 'tempo30', faction: 'by-gruene', area: 'bau', route: 'committee', title: 'Tempo 30 in der Schulstraße', motion: 'Die Gemeinde ordnet als Straßenverkehrsbehörde in der Schulstraße durchgehend Tempo 30 an.', reason: 'In der Schulstraße liegen Grundschule, Kinderhaus und Bushaltestelle; die gemessenen Geschwindigkeiten liegen oft über 50 km/h.', resolution: 'die Anordnung von Tempo 30 in der gesamten Schulstraße.', amendment: 'Die Beschränkung gilt werktags von 7 bis 17 Uhr.' },
      { key: 'photovoltaik-freiflaeche', faction: 'by-csu', area: 'bau', route: 'rat', title: 'Kriterien für Freiflächen-Photovoltaikanlagen', motion: 'Der Gemeinderat legt Kriterien fest, nach denen er Bauleitplanungen für Freiflächen-Photovoltaikanlagen zustimmt: höchstens 2 % der landwirtschaftlichen Fläche, Bürgerbeteiligung und Abstand zu Wohngebäuden von 200 Metern.', reason: 'Bei der Gemeinde liegen fünf Anfragen von Projektierern vor; einheitliche Kriterien schaffen Planungssicherheit.', resolution: 'die Kriterien für Freiflächen-Photovoltaikanlagen in der Fassung des Antrags.', amendment: 'Der Abstand zu Wohngebäuden wird auf 150 Meter festgelegt.' },
      { key: 'jugendtreff', faction: 'by-gruene', area: 'soziales', route: 'rat', title: 'Jugendtreff im alten Feuerwehrhaus', motion: 'Nach dem Umzug der Feuerwehr wird das alte Feuerwehrhaus in der Ortsmitte als selbstverwalteter Jugendtreff genutzt.', reason: 'In Beispielhausen gibt es keinen Treffpunkt für Jugendliche außerhalb der Vereine.', resolution: 'die Nutzung des alten Feuerwehrhauses als Jugendtreff nach dem Umzug der Feuerwehr.' },
      { key: 'vereinsfoerderung', faction: 'by-csu', area: 'schule', route: 'rat', title: 'Neufassung der Vereinsförderrichtlinien', motion: 'Die Vereinsförderrichtlinien werden neu gefasst: höhere Zuschüsse für Jugendarbeit (15 € je aktivem Mitglied unter 18 Jahren) und für Investitionen in Vereinsheime.', reason: 'Die Richtlinien stammen aus dem Jahr 2009 und bilden die gestiegenen Kosten nicht mehr ab.', resolution: 'die Neufassung der Vereinsförderrichtlinien.' },
      { key: 'dorfladen', faction: 'by-spd', area: 'hfa', route: 'rat', title: 'Unterstützung eines genossenschaftlichen Dorfladens in Oberreith', motion: 'Die Gemeinde unterstützt die Gründung eines genossenschaftlichen Dorfladens in Oberreith mit einem Anteil von 10.000 € und einer Anschubfinanzierung von 5.000 € jährlich für drei Jahre.', reason: 'Seit der Schließung der Bäckerei gibt es in Oberreith keine Einkaufsmöglichkeit mehr; 180 Bürgerinnen und Bürger haben Interesse an Genossenschaftsanteilen bekundet.', resolution: 'die Unterstützung des Dorfladens in Oberreith mit einem Genossenschaftsanteil und einer Anschubfinanzierung.', amendment: 'Die Anschubfinanzierung wird auf zwei Jahre begrenzt.' },
      { key: 'bluehflaechen', faction: 'by-gruene', area: 'bau', route: 'committee', title: 'Blühflächen statt Rasen an Gemeindestraßen', motion: 'Der Bauhof mäht geeignete Grünflächen an Gemeindestraßen nur noch zweimal im Jahr und sät heimische Blühmischungen ein.', reason: 'Blühflächen fördern Insekten und sparen Arbeitszeit des Bauhofs.', resolution: 'die Umstellung geeigneter Grünflächen an Gemeindestraßen auf zweimalige Mahd und heimische Blühmischungen.' },
      { key: 'parken', faction: 'by-csu', area: 'bau', route: 'committee', title: 'Parkregelung am Rathausplatz', motion: 'Am Rathausplatz wird werktags von 8 bis 18 Uhr eine Höchstparkdauer von zwei Stunden mit Parkscheibe eingeführt.', reason: 'Dauerparker blockieren die Plätze, die Kundschaft der Geschäfte und Besucher des Rathauses brauchen.', resolution: 'die Einführung einer Parkscheibenregelung am Rathausplatz.' },
      { key: 'livestream', faction: 'by-blb', area: 'rat', route: 'rat-only', title: 'Tonaufzeichnung der öffentlichen Gemeinderatssitzungen', motion: 'Die öffentlichen Sitzungen des Gemeinderats werden als Tonaufnahme aufgezeichnet und vier Wochen lang auf der Internetseite der Gemeinde bereitgestellt.', reason: 'Viele Bürgerinnen und Bürger können die Sitzungen nicht besuchen.', resolution: 'die Tonaufzeichnung der öffentlichen Gemeinderatssitzungen.', outcome: 'Abgelehnt' },
      { key: 'klinik', faction: 'by-fw', area: 'rat', route: 'rat-only', title: 'Resolution zur Notfallversorgung im Landkreis', motion: 'Der Gemeinderat fordert den Landkreis auf, die Notaufnahme des Kreiskrankenhauses rund um die Uhr zu erhalten.', reason: 'Ohne die Notaufnahme verlängern sich die Wege für Notfälle aus Beispielhausen um bis zu 35 Minuten.', resolution: 'die Resolution zum Erhalt der Notaufnahme des Kreiskrankenhauses.', outcome: 'Einstimmig beschlossen' },
    ],
    reports: [
      { key: 'hochwasser', area: 'bau', title: 'Hochwasservorsorge am Reither Bach: Bericht des Bauamts', facts: ['Nach dem Hochwasser im Frühjahr hat das Wasserwirtschaftsamt den Reither Bach begangen. Oberhalb von Oberreith staut ein Biberdamm den Bach auf rund 80 Metern; Durchlässe unter Feldwegen sind teilweise verlegt.', 'Mit der unteren Naturschutzbehörde wurde vereinbart, den Damm abzusenken und eine Drainageröhre einzubauen, statt ihn zu entfernen.'], outlook: 'Für das nächste Jahr ist ein integrales Konzept zum Sturzflut-Risikomanagement mit 75 % Förderung geplant.' },
      { key: 'haushaltslage', area: 'hfa', title: 'Finanzzwischenbericht zum 30. Juni', facts: ['Die Gewerbesteuer liegt mit 5,1 Mio. € um 0,4 Mio. € über dem Ansatz. Die Einkommensteuerbeteiligung entwickelt sich planmäßig.', 'Höhere Ausgaben entstehen beim Winterdienst und bei den Energiekosten der Kläranlage.'], outlook: 'Die Zuführung an den Vermögenshaushalt wird voraussichtlich um 0,3 Mio. € höher ausfallen als geplant.' },
      { key: 'breitband', area: 'bau', title: 'Breitbandausbau: Abschluss des Förderverfahrens', facts: ['Im bayerischen Gigabit-Förderprogramm sind 286 Anschlüsse in den Ortsteilen gebaut worden; 12 Anwesen fehlen noch, weil Zustimmungen der Eigentümer ausstehen.'], outlook: 'Die Schlussrechnung wird bis zum Jahresende eingereicht.' },
      { key: 'schuljahr', area: 'schule', title: 'Bericht zum Schuljahresbeginn an der Grund- und Mittelschule', facts: ['Die Grundschule besucht 214 Kinder in zehn Klassen, die Mittelschule 168 Jugendliche. Die Schülerbeförderung wurde um eine Linie nach Hölzlbach erweitert.'], outlook: 'Im Sommer werden die naturwissenschaftlichen Fachräume der Mittelschule saniert.' },
      { key: 'asyl', area: 'soziales', title: 'Unterbringung Geflüchteter: Bericht der Verwaltung', facts: ['In Beispielhausen leben 74 geflüchtete Menschen, davon 38 in der dezentralen Unterkunft des Landratsamts am Gewerbering. Ein Helferkreis mit 25 Ehrenamtlichen unterstützt bei Behördengängen und Deutschkursen.'], outlook: 'Das Landratsamt plant keine weitere Unterkunft im Gemeindegebiet.' },
      { key: 'wasser', area: 'bau', title: 'Trinkwasserversorgung: Jahresbericht', facts: ['Die Gemeinde förderte aus ihren zwei Brunnen 612.000 m³ Trinkwasser. Die Wasserverluste im Netz sanken nach der Erneuerung der Leitung in der Bachstraße auf 9 %.'], outlook: 'Der Hochbehälter Oberreith wird im nächsten Jahr saniert.' },
      { key: 'klaeranlage', area: 'bau', title: 'Kläranlage Beispielhausen: Jahresbericht', facts: ['Die Kläranlage reinigte 980.000 m³ Abwasser. Alle Überwachungswerte wurden eingehalten; der Stromverbrauch sank nach dem Tausch der Belüftungsgebläse um 18 %.'], outlook: 'Die Steuerung der Anlage wird im nächsten Jahr erneuert.' },
      { key: 'gemeindewald', area: 'hfa', title: 'Gemeindewald: Waldbegang und Holzeinschlag', facts: ['Beim Waldbegang mit dem Revierförster wurden 1.100 Festmeter Schadholz durch Borkenkäfer festgestellt. Der Umbau zu Mischwald mit Tanne, Buche und Eiche wird fortgesetzt; 6.500 Bäume wurden gepflanzt.'], outlook: 'Der Holzverkauf wird trotz niedriger Preise kostendeckend sein.' },
      { key: 'tourismus', area: 'schule', title: 'Tourismus und Gästezahlen', facts: ['Die Zahl der Übernachtungen stieg auf 64.300 (plus 7 %). Am beliebtesten sind der Reithertal-Wanderweg und der Radweg an der Bahntrasse.'], outlook: 'Die Gästeinformation im Rathaus erhält im Frühjahr einen neuen Auftritt.' },
      { key: 'kinderbetreuung', area: 'soziales', title: 'Belegung der Kindertageseinrichtungen', facts: ['In den drei Kindertageseinrichtungen werden 312 Kinder betreut, davon 64 in Krippengruppen. Die Warteliste für Krippenplätze umfasst 19 Kinder.'], outlook: 'Mit dem Anbau am Kinderhaus St. Martin entfällt die Warteliste voraussichtlich.' },
      { key: 'winterdienst', area: 'bau', title: 'Winterdienst: Bilanz der letzten Saison', facts: ['Der Bauhof rückte an 41 Tagen zum Winterdienst aus und streute 380 Tonnen Salz und 120 Tonnen Splitt. Die Ortsteile werden von zwei örtlichen Landwirten geräumt.'], outlook: 'Für die Gehwege im Ortskern wird ein zusätzliches Kleinfahrzeug beschafft.' },
      { key: 'feuerwehrbericht', area: 'hfa', title: 'Jahresbericht der Freiwilligen Feuerwehren', facts: ['Die vier Freiwilligen Feuerwehren der Gemeinde leisteten 142 Einsätze, davon 31 Brände, 78 technische Hilfeleistungen und 19 Sicherheitswachen. 23 Jugendliche sind in den Jugendfeuerwehren aktiv.'], outlook: 'Das neue Löschfahrzeug für Beispielhausen wird im Frühjahr ausgeliefert.' },
      { key: 'senioren', area: 'soziales', title: 'Seniorenpolitisches Gesamtkonzept: Zwischenbericht', facts: ['Eine Befragung aller Einwohnerinnen und Einwohner über 65 Jahre ergab einen Rücklauf von 54 %. Am häufigsten gewünscht werden ein Fahrdienst zum Arzt und Hilfe im Haushalt.'], outlook: 'Der Seniorenbeauftragte stellt im nächsten Jahr einen Maßnahmenplan vor.' },
    ],
    questions: [
      { key: 'anfrage-schulbus', faction: 'by-spd', area: 'schule', topic: 'überfüllten Schulbussen', questions: ['Wie viele Kinder fahren morgens mit der Linie nach Unterau?', 'Ist ein zusätzlicher Bus möglich?'], answer: ['Morgens fahren 71 Schülerinnen und Schüler mit der Linie, der Bus hat 54 Sitzplätze. Das Landratsamt setzt ab dem Halbjahr einen Verstärkerbus ein.'] },
      { key: 'anfrage-baugebiet', faction: 'by-blb', area: 'bau', topic: 'der Vergabe von Bauplätzen', questions: ['Wie viele Bewerbungen liegen für gemeindliche Bauplätze vor?', 'Nach welchen Kriterien wird vergeben?'], answer: ['Es liegen 64 Bewerbungen vor. Vergeben wird nach den Richtlinien des Gemeinderats mit Punkten für Ortsbezug, Kinder und Ehrenamt.'] },
      { key: 'anfrage-wasserpreis', faction: 'by-fw', area: 'hfa', topic: 'der Entwicklung der Wasser- und Abwassergebühren', questions: ['Wie haben sich die Gebühren in den letzten fünf Jahren entwickelt?', 'Welche Investitionen stehen an?'], answer: ['Die Wassergebühr stieg von 1,45 € auf 1,82 € je m³, die Abwassergebühr von 2,10 € auf 2,64 € je m³. Anstehende Investitionen sind der Hochbehälter Oberreith und die Erneuerung der Kläranlagensteuerung.'] },
      { key: 'anfrage-radweg', faction: 'by-gruene', area: 'bau', topic: 'dem Radweg nach Unterau', questions: ['Wie ist der Planungsstand des Radwegs entlang der Kreisstraße nach Unterau?', 'Welche Grundstücke fehlen noch?'], answer: ['Die Planung des Landkreises ist abgeschlossen. Für zwei von elf Grundstücken fehlen noch Vereinbarungen; die Gemeinde führt Gespräche.'] },
      { key: 'anfrage-arzt', faction: 'by-csu', area: 'soziales', topic: 'der hausärztlichen Versorgung', questions: ['Wie viele Hausarztsitze gibt es in der Gemeinde, und wie alt sind die Ärztinnen und Ärzte?', 'Wie unterstützt die Gemeinde Nachfolgen?'], answer: ['Es gibt drei Hausarztsitze; zwei Ärzte sind über 63 Jahre alt. Die Gemeinde bietet Praxisräume im geplanten Ärztehaus an und beteiligt sich am Förderprogramm des Landkreises.'] },
      { key: 'anfrage-glasfaser', faction: 'by-csu', area: 'bau', topic: 'dem Glasfaserausbau im Ortskern', questions: ['Welche Anwesen im Ortskern haben noch keinen Glasfaseranschluss?', 'Plant ein Netzbetreiber einen eigenwirtschaftlichen Ausbau?'], answer: ['Im Ortskern haben 410 Anwesen noch keinen Glasfaseranschluss. Ein Netzbetreiber hat einen eigenwirtschaftlichen Ausbau angekündigt, wenn 40 % der Haushalte einen Vertrag abschließen.'] },
      { key: 'anfrage-spielplatz', faction: 'by-spd', area: 'soziales', topic: 'dem Zustand der Spielplätze', questions: ['Wann wurden die Spielplätze zuletzt geprüft?', 'Welche Geräte mussten gesperrt werden?'], answer: ['Die jährliche Hauptinspektion fand im Frühjahr statt. Gesperrt wurden die Seilbahn am Mühlweg und eine Schaukel in Unterau; Ersatz ist bestellt.'] },
      { key: 'anfrage-sportplatz', faction: 'by-blb', area: 'schule', topic: 'der Nutzung des Sportplatzes durch die Schulen', questions: ['An wie vielen Stunden nutzen Grund- und Mittelschule den Sportplatz?', 'Gibt es Konflikte mit dem Vereinstraining?'], answer: ['Die Schulen nutzen den Platz an 14 Wochenstunden vormittags. Konflikte gibt es nur bei Bundesjugendspielen, die mit dem Verein abgestimmt werden.'] },
      { key: 'anfrage-kreisumlage', faction: 'by-gruene', area: 'hfa', topic: 'der Entwicklung der Kreisumlage', questions: ['Wie hat sich die Kreisumlage in den letzten fünf Jahren entwickelt?', 'Welchen Anteil an den Steuereinnahmen macht sie aus?'], answer: ['Die Kreisumlage stieg von 7,4 Mio. € auf 9,6 Mio. €. Sie entspricht rund 48 % der Umlagekraft der Gemeinde.'] },
      { key: 'anfrage-leerstand', faction: 'by-blb', area: 'bau', topic: 'leerstehenden Gebäuden im Ortskern', questions: ['Wie viele Gebäude im Ortskern stehen leer?', 'Nutzt die Gemeinde das Förderprogramm für Innenentwicklung?'], answer: ['Im Ortskern stehen elf Gebäude ganz oder teilweise leer. Die Gemeinde hat ein Leerstandsmanagement eingerichtet und berät Eigentümer zum kommunalen Förderprogramm.'] },
      { key: 'anfrage-gewerbe', faction: 'by-fw', area: 'hfa', topic: 'freien Gewerbeflächen', questions: ['Welche Gewerbeflächen stehen der Gemeinde zur Verfügung?', 'Wie viele Anfragen von Betrieben liegen vor?'], answer: ['Im Gewerbegebiet Gewerbering sind noch 0,8 Hektar frei. Acht örtliche Betriebe haben Bedarf angemeldet, zusammen rund 2,5 Hektar.'] },
    ],
    roads: [
      { street: 'Gemeindeverbindungsstraße Beispielhausen–Unterau', section: 'Ortsausgang und Abzweig Hölzlbach', length: 1250, cost: 920_000, grade: '4,5', detail: 'Die Straße ist zu schmal für den Begegnungsverkehr landwirtschaftlicher Fahrzeuge; die Bankette sind ausgefahren.', location: 'unterau' },
      { street: 'Bachstraße', section: 'Rathausplatz und Mühlweg', length: 380, cost: 410_000, grade: '4,1', detail: 'Im selben Zug wird die Wasserleitung aus dem Jahr 1962 erneuert.' },
      { street: 'Kirchenweg', section: 'Pfarrheim und Friedhof', length: 190, cost: 145_000, grade: '3,8', detail: 'Der Weg wird barrierefrei gepflastert, damit der Friedhof auch mit Rollator erreichbar ist.' },
      { street: 'Schulstraße', section: 'Rathausplatz und Schulzentrum', length: 300, cost: 350_000, grade: '4,0', detail: 'Eine Querungshilfe vor dem Kinderhaus und eine Bushaltebucht werden ergänzt.', location: 'schulzentrum' },
    ],
    plans: [
      { number: '23', title: 'Am Mühlanger', where: 'am östlichen Ortsrand zwischen Mühlweg und Staatsstraße', hectares: '3,9', goal: 'ein Wohngebiet mit 34 Bauplätzen für Einzel- und Doppelhäuser und einem Grundstück für Geschosswohnungsbau.', detail: 'Die Gemeinde hat die Flächen bereits erworben; die Bauplätze sollen nach den Vergaberichtlinien an Bewerberinnen und Bewerber mit Ortsbezug vergeben werden.', statements: 17, weighing: 'Das Wasserwirtschaftsamt fordert eine Rückhaltung des Niederschlagswassers auf den Grundstücken; die Festsetzung von Zisternen wird aufgenommen.', location: 'muehlanger' },
      { number: '9, 2. Änderung', title: 'Gewerbegebiet Gewerbering', where: 'im Süden des Gewerbegebiets', hectares: '1,6', goal: 'die Erweiterung für zwei ortsansässige Betriebe des Metallbaus und der Holzverarbeitung.', detail: 'Beide Betriebe können an ihren bisherigen Standorten nicht mehr erweitern.', statements: 8, weighing: 'Der Immissionsschutz verlangt eine Abstufung der zulässigen Lärmpegel zum benachbarten Mischgebiet.', location: 'gewerbering' },
    ],
    tenders: [
      { area: 'bau', work: 'Erd- und Tiefbauarbeiten Gemeindeverbindungsstraße Unterau', procedure: 'öffentlich nach VOB/A', bids: 5, winner: 'die Straßenbau Dreiflüsse GmbH', amount: 864_250, estimate: 920_000 },
      { area: 'bau', work: 'Kanalsanierung im Inliner-Verfahren, Los Ortsmitte', procedure: 'beschränkt nach VOB/A', bids: 3, winner: 'die Kanaltechnik Niederbayern GmbH', amount: 187_900, estimate: 200_000 },
      { area: 'hfa', work: 'Lieferung eines Kommunalfahrzeugs für den Bauhof', procedure: 'öffentlich nach UVgO', bids: 4, winner: 'die Landtechnik Wimberger KG', amount: 138_400, estimate: 145_000 },
      { area: 'schule', work: 'Ausstattung der Klassenzimmer mit digitalen Tafeln', procedure: 'öffentlich nach UVgO', bids: 6, winner: 'die Medientechnik Reithertal GmbH', amount: 74_800, estimate: 80_000 },
      { area: 'bau', work: 'Sanierung des Hochbehälters Oberreith', procedure: 'öffentlich nach VOB/A', bids: 4, winner: 'die Behälterbau Süd GmbH', amount: 412_600, estimate: 430_000 },
      { area: 'hfa', work: 'Stromlieferung für die gemeindlichen Liegenschaften', procedure: 'europaweit über eine Bündelausschreibung', bids: 6, winner: 'die Stadtwerke Bergfeld GmbH', amount: 286_000, estimate: 310_000 },
      { area: 'schule', work: 'Sanierung der Fachräume der Mittelschule, Gewerk Elektro', procedure: 'öffentlich nach VOB/A', bids: 3, winner: 'die Elektro Kagerer GmbH', amount: 97_300, estimate: 92_000 },
      { area: 'bau', work: 'Winterdienst in den Ortsteilen', procedure: 'beschränkt', bids: 3, winner: 'die Agrardienste Reithertal GbR', amount: 54_000, estimate: 60_000 },
      { area: 'soziales', work: 'Möblierung der Krippengruppen im Kinderhaus St. Martin', procedure: 'öffentlich', bids: 3, winner: 'die Schreinerei Lallinger', amount: 58_300, estimate: 55_000 },
    ],
    estates: [
      { parcel: 'Gemarkung Beispielhausen, Flurnummer 512/3', size: 1180, price: 62, guide: 60, party: 'einen ortsansässigen Zimmereibetrieb', purpose: 'Es liegt im Gewerbegebiet Gewerbering und soll mit einer Abbundhalle bebaut werden; ein Wiederkaufsrecht für den Fall der Nichtbebauung wird vereinbart.', sell: true },
      { parcel: 'Gemarkung Oberreith, Flurnummer 88', size: 3400, price: 18, guide: 15, party: 'einem Landwirt aus Oberreith', purpose: 'Die Gemeinde benötigt die Fläche für das neue Feuerwehrhaus Oberreith.', sell: false },
      { parcel: 'Gemarkung Unterau, Flurnummer 640', size: 5200, price: 4, guide: 4, party: 'einem Naturschutzverein', purpose: 'Die Feuchtwiese am Reither Bach wird als Ausgleichsfläche für das Baugebiet „Am Mühlanger“ benötigt.', sell: false },
      { parcel: 'Gemarkung Beispielhausen, Flurnummer 1043', size: 640, price: 145, guide: 150, party: 'einer Erbengemeinschaft', purpose: 'Das Grundstück neben dem Pfarrheim ergänzt die gemeindliche Fläche für seniorengerechtes Wohnen.', sell: false },
    ],
    staff: [
      { post: 'Leitung des Bauhofs', grade: 'EG 9a TVöD', applications: 7, detail: 'Der bisherige Bauhofleiter geht nach 31 Dienstjahren in den Ruhestand.' },
      { area: 'soziales', post: 'Leitung der Mittagsbetreuung an der Grundschule', grade: 'S 8a TVöD SuE', applications: 3, detail: 'Mit der Erweiterung auf 75 Plätze wird die Leitung als eigene Stelle ausgewiesen.' },
      { area: 'schule', post: 'Leitung der Gemeindebücherei', grade: 'EG 9a TVöD', applications: 6, detail: 'Die bisherige Leiterin geht in Altersteilzeit; die Nachfolge soll die Selbstverbuchung einführen.' },
      { post: 'Kämmerei: Sachbearbeitung Steuern und Abgaben', grade: 'EG 8 TVöD', applications: 5, detail: 'Die Stelle wird wegen der Grundsteuerreform befristet um zwei Jahre aufgestockt.' },
    ],
    grants: [
      { area: 'schule', club: 'SV Beispielhausen 1921 e. V.', purpose: 'die Sanierung des Kunstrasenplatzes', total: 240_000, amount: 48_000, detail: 'Der Kunstrasen ist nach 14 Jahren verschlissen; der Bayerische Landes-Sportverband fördert zusätzlich.' },
      { area: 'schule', club: 'Trachtenverein D’Reither Buam e. V.', purpose: 'die Renovierung des Vereinsheims', total: 36_000, amount: 7_200, detail: 'Die Vereinsmitglieder erbringen rund 600 Stunden Eigenleistung.' },
      { area: 'soziales', club: 'Nachbarschaftshilfe Beispielhausen e. V.', purpose: 'ein Fahrzeug für den Fahrdienst älterer Menschen', total: 38_000, amount: 12_000, detail: 'Der Fahrdienst bringt wöchentlich rund 40 ältere Menschen zu Ärzten und zum Einkaufen.' },
      { area: 'schule', club: 'Musikkapelle Beispielhausen e. V.', purpose: 'neue Instrumente für die Jugendkapelle', total: 22_000, amount: 6_600, detail: 'In der Jugendkapelle spielen 28 Kinder und Jugendliche; viele Leihinstrumente sind nicht mehr spielbar.' },
      { area: 'schule', club: 'Theaterverein Bühne Beispielhausen e. V.', purpose: 'eine neue Licht- und Tonanlage', total: 18_500, amount: 5_500, detail: 'Der Verein spielt jährlich vier Vorstellungen in der Mehrzweckhalle vor rund 1.200 Gästen.' },
      { area: 'soziales', club: 'Helferkreis Asyl Beispielhausen', purpose: 'Deutschkurse für Erwachsene', total: 8_000, amount: 4_000, detail: 'Die Kurse finden zweimal wöchentlich im Pfarrheim statt und werden von pensionierten Lehrkräften geleitet.' },
      { area: 'soziales', club: 'Katholische Landjugend Beispielhausen', purpose: 'das Ferienprogramm für Kinder', total: 9_500, amount: 3_000, detail: 'Am Ferienprogramm nahmen im letzten Sommer 230 Kinder teil.' },
    ],
    fees: [
      { title: 'Änderung der Beitrags- und Gebührensatzung zur Wasserabgabesatzung', detail: 'Die Gebührenkalkulation für die nächsten vier Jahre ergibt wegen der Investitionen in den Hochbehälter Oberreith höhere Gebühren.', before: 'Verbrauchsgebühr 1,82 €/m³, Grundgebühr 60 € im Jahr', after: 'Verbrauchsgebühr 1,96 €/m³, Grundgebühr 72 € im Jahr', reason: 'Die Gebühren müssen die Kosten der Einrichtung decken (Art. 8 Kommunalabgabengesetz).' },
      { title: 'Änderung der Satzung über die Benutzungsgebühren der Mehrzweckhalle', detail: 'Die Energiekosten der Halle haben sich seit der letzten Kalkulation fast verdoppelt.', before: 'Vereine 8 € je Stunde, Private 35 € je Stunde', after: 'Vereine 10 € je Stunde, Private 45 € je Stunde', reason: 'Die Kostendeckung sinkt ohne Anpassung unter 30 %.' },
    ],
    permits: [
      { project: 'der Neubau eines Einfamilienhauses mit Doppelgarage', parcel: 'Flurnummer 412/5, Gemarkung Beispielhausen', law: 'Das Grundstück liegt im Geltungsbereich des Bebauungsplans Nr. 17 „Sonnenhang“. Beantragt ist eine Befreiung für eine Dachneigung von 28 statt 30 Grad.', note: 'Die Abweichung ist städtebaulich vertretbar und wurde im Baugebiet bereits mehrfach zugelassen.', consent: true },
      { project: 'der Umbau eines landwirtschaftlichen Nebengebäudes zu zwei Wohnungen', parcel: 'Flurnummer 77, Gemarkung Oberreith', law: 'Das Vorhaben liegt im Außenbereich und ist als Umnutzung einer Hofstelle teilprivilegiert (§ 35 Abs. 4 BauGB).', note: 'Die Hofstelle wird weiter landwirtschaftlich genutzt; Wasser und Abwasser sind gesichert.', consent: true },
      { project: 'der Neubau eines Mehrfamilienhauses mit acht Wohnungen', parcel: 'Flurnummer 205/2, Gemarkung Beispielhausen', law: 'Das Grundstück liegt im unbeplanten Innenbereich an der Bachstraße (§ 34 BauGB).', note: 'Mit drei Vollgeschossen und Flachdach überschreitet das Vorhaben die Höhe der umliegenden Bebauung deutlich; die Verwaltung empfiehlt, das Einvernehmen zu versagen.', consent: false },
      { project: 'die Errichtung einer landwirtschaftlichen Maschinenhalle', parcel: 'Flurnummer 301, Gemarkung Unterau', law: 'Das Vorhaben dient einem landwirtschaftlichen Betrieb und ist im Außenbereich privilegiert (§ 35 Abs. 1 Nr. 1 BauGB).', note: 'Die Zufahrt erfolgt über den bestehenden Feldweg; den Immissionsschutz prüft das Landratsamt.', consent: true },
      { project: 'die Nutzungsänderung eines Ladengeschäfts in eine Physiotherapiepraxis', parcel: 'Rathausplatz 5', law: 'Das Gebäude liegt im Ortskern (§ 34 BauGB); Praxen sind in der Umgebung vorhanden.', note: 'Stellplätze stehen auf dem öffentlichen Parkplatz am Rathaus zur Verfügung; ein Ablösevertrag wird geschlossen.', consent: true },
      { project: 'der Neubau eines Carports mit Photovoltaikanlage', parcel: 'Flurnummer 890/3, Gemarkung Beispielhausen', law: 'Der Carport überschreitet die Baugrenze des Bebauungsplans Nr. 14 „Am Steinfeld“ um 1,50 m.', note: 'Die Befreiung ist vertretbar, weil die Sicht an der Einmündung frei bleibt.', consent: true },
      { project: 'die Errichtung eines Mobilfunkmastes mit 35 Metern Höhe', parcel: 'Flurnummer 1210, Gemarkung Hölzlbach', law: 'Mobilfunkanlagen sind im Außenbereich privilegiert (§ 35 Abs. 1 Nr. 3 BauGB).', note: 'Der Standort wurde mit dem Netzbetreiber abgestimmt; die nächste Wohnbebauung ist 420 Meter entfernt.', consent: true },
      { project: 'der Neubau eines Stalls für 15.000 Legehennen', parcel: 'Flurnummer 455, Gemarkung Oberreith', law: 'Tierhaltung ist im Außenbereich nur privilegiert, wenn das Futter überwiegend auf eigenen Flächen erzeugt werden kann (§ 35 Abs. 1 Nr. 1 BauGB).', note: 'Nach den vorgelegten Unterlagen ist das nicht der Fall; die Verwaltung empfiehlt, das Einvernehmen zu versagen.', consent: false },
      { project: 'die Erweiterung eines Gasthofs um zwölf Gästezimmer', parcel: 'Flurnummer 18, Gemarkung Unterau', law: 'Die angemessene Erweiterung eines bestehenden Betriebs im Außenbereich ist begünstigt (§ 35 Abs. 4 Satz 1 Nr. 6 BauGB).', note: 'Die Erweiterung steht in angemessenem Verhältnis zum Bestand und stärkt den Tourismus im Reithertal.', consent: true },
      { project: 'der Neubau eines Doppelhauses', parcel: 'Flurnummer 1001/7, Gemarkung Beispielhausen', law: 'Das Vorhaben entspricht dem Bebauungsplan Nr. 19 „Wiesengrund“ bis auf die Firsthöhe, die um 0,40 m überschritten wird.', note: 'Die Überschreitung ergibt sich aus dem Gelände; die Nachbarn haben unterschrieben.', consent: true },
      { project: 'der Abbruch einer Scheune und der Neubau einer Schreinerwerkstatt', parcel: 'Flurnummer 92, Gemarkung Hölzlbach', law: 'Das Grundstück liegt im Dorfgebiet (§ 34 BauGB); Handwerksbetriebe prägen die Umgebung.', note: 'Lärmschutz gegenüber dem Wohnhaus im Norden ist durch geschlossene Fenster an der Nordseite gesichert.', consent: true },
    ],
    claims: [
      { title: 'Niederschlagung rückständiger Wasser- und Kanalgebühren', detail: 'Die Schuldnerin ist verstorben, der Nachlass ist überschuldet, und die Erben haben die Erbschaft ausgeschlagen.', amount: 6_840 },
      { title: 'Stundung der Gewerbesteuer eines Handwerksbetriebs', detail: 'Der Betrieb hat wegen eines verspätet bezahlten Großauftrags Liquiditätsengpässe; vereinbart werden sechs Monatsraten.', amount: 58_300 },
      { area: 'soziales', title: 'Übernahme von Krippengebühren in einem Härtefall', detail: 'Eine Familie kann nach dem Tod des Hauptverdieners die Krippengebühren nicht mehr aufbringen; Leistungen Dritter gehen vor, decken den Bedarf aber nicht.', amount: 1_860 },
      { area: 'schule', title: 'Schadensersatz nach einem Einbruch in das Vereinsheim am Sportplatz', detail: 'Das Vereinsheim steht im Eigentum der Gemeinde; die Versicherung des Vereins und die Gemeinde teilen sich den Schaden.', amount: 7_400 },
      { title: 'Vergleich mit einem Planungsbüro über Mehrkosten an der Mehrzweckhalle', detail: 'Das Planungsbüro erkennt einen Fehler bei der Dachentwässerung an und zahlt Schadensersatz.', amount: 42_000 },
    ],
    spending: [
      { purpose: 'die Reparatur der Pumpe im Regenüberlaufbecken Mühlweg', amount: 28_500, cover: 'Deckung durch Mehreinnahmen bei den Abwassergebühren.' },
      { purpose: 'den Winterdienst nach den Schneefällen im Januar', amount: 41_000, cover: 'Deckung aus der allgemeinen Rücklage.' },
    ],
  };
  return routinePapers('by', v, pools);
}

const BEISPIELHAUSEN: TenantProfile = {
  slug: 'beispielhausen',
  land: 'BY',
  body: { name: 'Gemeinde Beispielhausen', shortName: 'Beispielhausen', classification: 'Gemeinde', website: 'https://www.beispielhausen.example' },
  termStartMonthDay: '05-01',
  termAnchorYear: 2020,
  termYears: 6,
  cycleDays: 28,
  council: {
    key: 'by-gr',
    name: 'Gemeinderat Beispielhausen',
    shortName: 'Gemeinderat',
    genitive: 'des Gemeinderats Beispielhausen',
    subject: 'Der Gemeinderat',
    dative: 'dem Gemeinderat',
    weekday: 2,
    time: '19:00',
    minutes: 150,
    locationKey: 'sitzungssaal',
    memberStatus: 'Gemeinderatsmitglied',
    post: ['Erste Bürgermeisterin', 'Zweiter Bürgermeister', 'Dritte Bürgermeisterin', 'Gemeinderatsmitglied'],
  },
  mayor: { ...p('by-eichinger', 'Christine', 'Eichinger', 'female'), status: 'Erste Bürgermeisterin', life: 'Jahrgang 1975, Diplom-Verwaltungswirtin (FH), zuvor Geschäftsleiterin einer Verwaltungsgemeinschaft; seit 2020 Erste Bürgermeisterin, 2026 wiedergewählt.' },
  deputies: [
    { personKey: 'by-bachmeier', status: 'Zweiter Bürgermeister', councilRole: 'stellv. Vorsitzender' },
    { personKey: 'by-ertl', status: 'Dritte Bürgermeisterin', councilRole: 'stellv. Vorsitzende' },
  ],
  committees: [
    { key: 'by-hfa', area: 'hfa', name: 'Haupt- und Finanzausschuss', shortName: 'HFA', genitive: 'des Haupt- und Finanzausschusses', subject: 'Der Haupt- und Finanzausschuss', dative: 'dem Haupt- und Finanzausschuss', weekday: 1, cycleWeek: 2, restCycle: null, time: '18:30', minutes: 120, locationKey: 'kleiner-saal', seats: 10, chairFaction: null, viceChairFaction: 'by-csu', adminKey: 'by-kaemmerei' },
    { key: 'by-buva', area: 'bau', name: 'Bau-, Umwelt- und Verkehrsausschuss', shortName: 'BUVA', genitive: 'des Bau-, Umwelt- und Verkehrsausschusses', subject: 'Der Bau-, Umwelt- und Verkehrsausschuss', dative: 'dem Bau-, Umwelt- und Verkehrsausschuss', weekday: 2, cycleWeek: 0, restCycle: null, time: '18:30', minutes: 150, locationKey: 'kleiner-saal', seats: 10, chairFaction: null, viceChairFaction: 'by-csu', adminKey: 'by-bauamt' },
    { key: 'by-sks', area: 'schule', name: 'Ausschuss für Schule, Kultur und Sport', shortName: 'SKS', genitive: 'des Ausschusses für Schule, Kultur und Sport', subject: 'Der Ausschuss für Schule, Kultur und Sport', dative: 'dem Ausschuss für Schule, Kultur und Sport', weekday: 4, cycleWeek: 0, restCycle: 0, time: '18:30', minutes: 120, locationKey: 'kleiner-saal', seats: 10, chairFaction: null, viceChairFaction: 'by-fw', adminKey: 'by-gl' },
    { key: 'by-sjs', area: 'soziales', name: 'Ausschuss für Soziales, Jugend und Senioren', shortName: 'SJS', genitive: 'des Ausschusses für Soziales, Jugend und Senioren', subject: 'Der Ausschuss für Soziales, Jugend und Senioren', dative: 'dem Ausschuss für Soziales, Jugend und Senioren', weekday: 4, cycleWeek: 1, restCycle: 1, time: '18:30', minutes: 120, locationKey: 'kleiner-saal', seats: 10, chairFaction: null, viceChairFaction: 'by-fw', adminKey: 'by-gl' },
  ],
  factions: [
    {
      key: 'by-csu',
      name: 'CSU-Fraktion',
      shortName: 'CSU',
      members: [
        p('by-bachmeier', 'Josef', 'Bachmeier', 'male', { life: 'Landwirtschaftsmeister in Oberreith, seit 2008 im Gemeinderat, Zweiter Bürgermeister.' }),
        p('by-kerscher', 'Anna', 'Kerscher', 'female'),
        p('by-stadler', 'Franz', 'Stadler', 'male'),
        p('by-eder', 'Michael', 'Eder', 'male'),
        p('by-hofbauer', 'Theresia', 'Hofbauer', 'female'),
        p('by-brunner', 'Georg', 'Brunner', 'male'),
        p('by-loibl', 'Stefan', 'Loibl', 'male', { title: ['Dr.'] }),
        p('by-reisinger', 'Barbara', 'Reisinger', 'female'),
        p('by-kronberger', 'Alois', 'Kronberger', 'male'),
        p('by-zellner', 'Katharina', 'Zellner', 'female'),
        p('by-schwarzmaier', 'Martin', 'Schwarzmaier', 'male'),
      ],
    },
    {
      key: 'by-fw',
      name: 'Fraktion Freie Wähler',
      shortName: 'FW',
      members: [
        p('by-gschwendtner', 'Hubert', 'Gschwendtner', 'male', { life: 'Zimmerermeister, Kommandant der Freiwilligen Feuerwehr Unterau a. D., seit 2014 im Gemeinderat.' }),
        p('by-ertl', 'Monika', 'Ertl', 'female', { life: 'Grundschullehrerin, seit 2020 im Gemeinderat, Dritte Bürgermeisterin.' }),
        p('by-rauscher', 'Ludwig', 'Rauscher', 'male'),
        p('by-weiss', 'Sabine', 'Weiß', 'female'),
        p('by-fischer', 'Andreas', 'Fischer', 'male'),
        p('by-moser', 'Veronika', 'Moser', 'female'),
        p('by-stoeckl', 'Johann', 'Stöckl', 'male'),
        p('by-riedl', 'Elisabeth', 'Riedl', 'female'),
      ],
    },
    {
      key: 'by-gruene',
      name: 'Fraktion Bündnis 90/Die Grünen',
      shortName: 'GRÜNE',
      members: [
        p('by-vogl', 'Lena', 'Vogl', 'female', { title: ['Dr.'], life: 'Tierärztin, seit 2020 im Gemeinderat, Fraktionssprecherin.' }),
        p('by-kastl', 'Simon', 'Kastl', 'male'),
        p('by-seidl', 'Julia', 'Seidl', 'female'),
        p('by-wagner', 'Florian', 'Wagner', 'male'),
        p('by-haslinger', 'Miriam', 'Haslinger', 'female'),
      ],
    },
    {
      key: 'by-spd',
      name: 'SPD-Fraktion',
      shortName: 'SPD',
      members: [p('by-kainz', 'Peter', 'Kainz', 'male'), p('by-obermaier', 'Renate', 'Obermaier', 'female'), p('by-eibl', 'Thomas', 'Eibl', 'male'), p('by-pichler', 'Sandra', 'Pichler', 'female')],
    },
    {
      key: 'by-blb',
      name: 'Fraktion Bürgerliste Beispielhausen',
      shortName: 'BLB',
      members: [p('by-hoelzl', 'Rupert', 'Hölzl', 'male'), p('by-sturm', 'Gabriele', 'Sturm', 'female')],
    },
  ],
  advisors: [
    { person: p('by-hackl', 'Rosa', 'Hackl', 'female'), status: 'Ortssprecherin für Oberreith', seats: [{ organizationKey: 'by-gr', votingRight: false }], roleFemale: 'Ortssprecherin (beratend)', roleMale: 'Ortssprecher (beratend)' },
    { person: p('by-feichtinger', 'Ludwig', 'Feichtinger', 'male'), status: 'Ortssprecher für Unterau', seats: [{ organizationKey: 'by-gr', votingRight: false }], roleFemale: 'Ortssprecherin (beratend)', roleMale: 'Ortssprecher (beratend)' },
    { person: p('by-bogner', 'Karl', 'Bogner', 'male'), status: 'Seniorenbeauftragter', seats: [{ organizationKey: 'by-sjs', votingRight: false }], roleFemale: 'Seniorenbeauftragte (beratend)', roleMale: 'Seniorenbeauftragter (beratend)' },
    { person: p('by-hartl', 'Lea', 'Hartl', 'female'), status: 'Jugendbeauftragte', seats: [{ organizationKey: 'by-sjs', votingRight: false }, { organizationKey: 'by-sks', votingRight: false }], roleFemale: 'Jugendbeauftragte (beratend)', roleMale: 'Jugendbeauftragter (beratend)' },
  ],
  administration: [
    {
      key: 'by-gl',
      name: 'Geschäftsleitung und Hauptverwaltung',
      shortName: 'Geschäftsleitung',
      head: { ...p('by-bauer', 'Theresa', 'Bauer', 'female'), status: 'Geschäftsleiterin', role: 'Leitung' },
      staff: [{ ...p('by-lang', 'Markus', 'Lang', 'male'), status: 'Sitzungsdienst', role: 'Sitzungsdienst' }],
    },
    {
      key: 'by-kaemmerei',
      name: 'Kämmerei und Steueramt',
      shortName: 'Kämmerei',
      head: { ...p('by-reindl', 'Wolfgang', 'Reindl', 'male'), status: 'Kämmerer', role: 'Leitung' },
      staff: [{ ...p('by-danner', 'Katrin', 'Danner', 'female'), status: 'Steuerverwaltung', role: 'Sachbearbeitung' }],
    },
    { key: 'by-bauamt', name: 'Bauamt', shortName: 'Bauamt', head: { ...p('by-baumgartner', 'Eva', 'Baumgartner', 'female'), status: 'Bauamtsleiterin', role: 'Leitung' } },
  ],
  recorderKey: 'by-lang',
  resignation: { personKey: 'by-wagner', successor: p('by-lindner', 'Tobias', 'Lindner', 'male'), factionKey: 'by-gruene' },
  locations: [
    { key: 'rathaus', description: 'Rathaus Beispielhausen', streetAddress: 'Rathausplatz 2', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8104, lon: 13.5487 },
    { key: 'sitzungssaal', description: 'Rathaus, Sitzungssaal', streetAddress: 'Rathausplatz 2', room: 'Sitzungssaal (1. Stock)', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8104, lon: 13.5487 },
    { key: 'kleiner-saal', description: 'Rathaus, Kleiner Sitzungssaal', streetAddress: 'Rathausplatz 2', room: 'Kleiner Sitzungssaal (Erdgeschoss)', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8104, lon: 13.5487 },
    { key: 'schulzentrum', description: 'Schulzentrum Beispielhausen', streetAddress: 'Schulstraße 4', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8139, lon: 13.5412 },
    { key: 'oberauer-leite', description: 'Ökokontofläche Oberauer Leite', streetAddress: 'Leitenweg', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8301, lon: 13.5795 },
    { key: 'muehlanger', description: 'Plangebiet „Am Mühlanger“', streetAddress: 'Mühlweg', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8178, lon: 13.5602 },
    { key: 'gewerbering', description: 'Gewerbegebiet Gewerbering', streetAddress: 'Gewerbering', postalCode: '94999', locality: 'Beispielhausen', lat: 48.8052, lon: 13.5718 },
    { key: 'unterau', description: 'Gemeindeverbindungsstraße nach Unterau', streetAddress: 'Unterauer Straße', postalCode: '94999', locality: 'Beispielhausen', lat: 48.7925, lon: 13.5233 },
  ],
  breaks: [
    ['08-01', '09-14'],
    ['12-22', '01-06'],
  ],
  reference: (type, year, sequence) => `${{ Beschlussvorlage: 'BV', Antrag: 'AN', Anfrage: 'AF', Mitteilung: 'MI' }[type]}/${year}/${String(sequence).padStart(3, '0')}`,
  documentName: (type, reference) => {
    const label = { Beschlussvorlage: 'Sitzungsvorlage', Antrag: 'Antrag', Anfrage: 'Anfrage', Mitteilung: 'Mitteilung' }[type];
    return { fileStem: reference.replace(/\//g, '-'), display: `${label} ${reference}` };
  },
  accounts: (roster) => pickAccounts(roster, 'beispielhausen.example', 'by-hfa', 'by-buva', 'by-hartl'),
  papers: beispielhausenPapers,
  pdfOnlyWords: [
    { word: 'Hackschnitzelheizung', paperKey: 'by-nahwaerme' },
    { word: 'Streuobstwiese', paperKey: 'by-oekokonto' },
    { word: 'Kneippanlage', paperKey: 'by-naherholung' },
    { word: 'Biberdamm', paperKey: 'by-hochwasser' },
  ],
  words: BY_WORDS,
  constituent: {
    agenda: [
      { name: 'Eröffnung durch die Erste Bürgermeisterin und Vereidigung der neu gewählten Gemeinderatsmitglieder', result: 'Zur Kenntnis genommen', resolution: 'Die Erste Bürgermeisterin eröffnet die Sitzung und vereidigt die neu gewählten Gemeinderatsmitglieder.' },
      { name: 'Wahl des Zweiten Bürgermeisters und der Dritten Bürgermeisterin', result: 'Mehrheitlich beschlossen', resolution: 'Gewählt sind Josef Bachmeier zum Zweiten Bürgermeister und Monika Ertl zur Dritten Bürgermeisterin.' },
      { name: 'Geschäftsordnung für den Gemeinderat', paperKey: 'by-geschaeftsordnung', result: 'Einstimmig beschlossen', resolution: '' },
      { name: 'Bildung und Besetzung der Ausschüsse', paperKey: 'by-ausschussbildung', result: 'Einstimmig beschlossen', resolution: '' },
      { name: 'Bestellung der Ortssprecher und der Beauftragten für Jugend und Senioren', result: 'Einstimmig beschlossen', resolution: 'Der Gemeinderat bestellt Karl Bogner zum Seniorenbeauftragten und Lea Hartl zur Jugendbeauftragten; die Ortssprecher Rosa Hackl und Ludwig Feichtinger werden bekannt gegeben.' },
      { name: 'Mitteilungen der Verwaltung', result: 'Zur Kenntnis genommen', resolution: 'Die Mitteilungen der Verwaltung werden zur Kenntnis genommen.' },
    ],
    papers: [
      {
        key: 'by-geschaeftsordnung',
        type: 'Beschlussvorlage',
        area: 'rat',
        route: 'rat-only',
        public: true,
        name: 'Geschäftsordnung für den Gemeinderat Beispielhausen',
        direction: ['by-gl'],
        sections: [
          { heading: 'Sachverhalt', paragraphs: ['Der Gemeinderat gibt sich für die neue Wahlperiode eine Geschäftsordnung (Art. 45 GO). Der Entwurf folgt dem Muster des Bayerischen Gemeindetags und regelt zusätzlich die elektronische Ladung.'] },
          { heading: 'Beschlussvorschlag', paragraphs: ['Der Gemeinderat beschließt die Geschäftsordnung in der Fassung der Anlage.'] },
        ],
        resolution: 'die Geschäftsordnung für den Gemeinderat in der vorgelegten Fassung.',
      },
      {
        key: 'by-ausschussbildung',
        type: 'Beschlussvorlage',
        area: 'rat',
        route: 'rat-only',
        public: true,
        name: 'Bildung und Besetzung der Ausschüsse',
        direction: ['by-gl'],
        sections: [
          { heading: 'Sachverhalt', paragraphs: ['Der Gemeinderat bildet vier vorberatende und beschließende Ausschüsse mit je zehn Mitgliedern und der Ersten Bürgermeisterin als Vorsitzender (Art. 32, 33 GO). Die Sitze werden nach dem Verfahren d’Hondt auf die Fraktionen verteilt.'] },
          { heading: 'Beschlussvorschlag', paragraphs: ['Der Gemeinderat bildet die Ausschüsse und bestellt ihre Mitglieder nach den Vorschlägen der Fraktionen.'] },
        ],
        resolution: 'die Bildung der Ausschüsse und bestellt ihre Mitglieder nach den Vorschlägen der Fraktionen.',
      },
    ],
  },
};

const PROFILES: Record<DemoTenantSlug, TenantProfile> = { musterstadt: MUSTERSTADT, beispielhausen: BEISPIELHAUSEN };

/** Per tenant: words that occur in exactly one paper's PDF text and in no name, reference, agenda or resolution. */
export const DEMO_PDF_ONLY_WORDS: Record<DemoTenantSlug, { word: string; paperKey: string }[]> = {
  musterstadt: MUSTERSTADT.pdfOnlyWords,
  beispielhausen: BEISPIELHAUSEN.pdfOnlyWords,
};
