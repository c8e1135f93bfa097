import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../src/core/time/berlin.ts';
import { DEMO_PDF_ONLY_WORDS, demoCouncil, type DemoCouncil, type DemoDocument, type DemoTenantSlug } from './council-content.ts';

const TENANTS: DemoTenantSlug[] = ['musterstadt', 'beispielhausen'];
const TODAY = '2026-12-03';
const BOUNDS: Record<DemoTenantSlug, { lat: [number, number]; lon: [number, number] }> = {
  musterstadt: { lat: [51.9, 51.985], lon: [9.02, 9.16] },
  beispielhausen: { lat: [48.78, 48.84], lon: [13.5, 13.6] },
};

const councils = new Map(TENANTS.map((tenant) => [tenant, demoCouncil(tenant, TODAY)]));
function council(tenant: DemoTenantSlug): DemoCouncil {
  const value = councils.get(tenant);
  assert.ok(value);
  return value;
}

/** Wall clock and offset of an instant in Berlin, computed independently of the code under test. */
function berlinWall(instant: Date): { day: string; time: string; offset: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, offset: String(parts.timeZoneName).replace('GMT', '') };
}

function documentText(doc: DemoDocument): string {
  return [doc.title, ...doc.sections.flatMap((section) => [section.heading, ...section.paragraphs])].join('\n');
}

function dayOf(dateTime: string): string {
  return dateTime.slice(0, 10);
}

test('the same tenant and day give the same council; another day keeps persons and the term', () => {
  for (const tenant of TENANTS) {
    assert.deepEqual(demoCouncil(tenant, TODAY), council(tenant));
    const later = demoCouncil(tenant, addDays(TODAY, 1));
    assert.deepEqual(later.persons.map((p) => p.key), council(tenant).persons.map((p) => p.key));
    assert.deepEqual(later.term, council(tenant).term);
  }
  assert.notDeepEqual(council('musterstadt').persons.map((p) => p.familyName), council('beispielhausen').persons.map((p) => p.familyName));
});

test('body, term and organizations are those of an NRW town and a Bavarian municipality', () => {
  const ms = council('musterstadt');
  const by = council('beispielhausen');
  assert.deepEqual(ms.term, { name: 'Wahlperiode 2025–2030', startDate: '2025-11-01', endDate: '2030-10-31' });
  assert.deepEqual(by.term, { name: 'Wahlperiode 2026–2032', startDate: '2026-05-01', endDate: '2032-04-30' });
  assert.deepEqual(demoCouncil('musterstadt', '2025-10-31').term.startDate, '2020-11-01');
  for (const [tenant, parliament] of [['musterstadt', 'Rat der Stadt Musterstadt'], ['beispielhausen', 'Gemeinderat Beispielhausen']] as const) {
    const c = council(tenant);
    const byClass = (classification: string): string[] => c.organizations.filter((o) => o.classification === classification).map((o) => o.name);
    assert.deepEqual(byClass('Parlament'), [parliament]);
    assert.equal(byClass('Ausschuss').length, 4);
    assert.equal(byClass('Fraktion').length, 5);
    const admin = byClass('Verwaltungsbereich').length;
    assert.ok(admin >= 2 && admin <= 3);
    for (const o of c.organizations) {
      const type = { Parlament: 'Gremium', Ausschuss: 'Gremium', Fraktion: 'Fraktion', Verwaltungsbereich: 'Verwaltungsbereich' }[o.classification];
      assert.equal(o.organizationType, type, o.key);
    }
    assert.ok(c.persons.length >= 40, `${tenant}: ${c.persons.length} persons`);
  }
});

test('every key resolves and every key is unique', () => {
  for (const tenant of TENANTS) {
    const c = council(tenant);
    const unique = (what: string, keys: string[]): Set<string> => {
      assert.equal(new Set(keys).size, keys.length, `${tenant}: duplicate ${what}`);
      return new Set(keys);
    };
    const locations = unique('location', c.locations.map((l) => l.key));
    const orgs = unique('organization', c.organizations.map((o) => o.key));
    const persons = unique('person', c.persons.map((p) => p.key));
    const papers = unique('paper', c.papers.map((p) => p.key));
    unique('meeting', c.meetings.map((m) => m.key));
    unique('reference', c.papers.map((p) => p.reference));
    unique('file name', [...c.papers.flatMap((p) => [p.main, ...p.auxiliary]), ...c.meetings.flatMap((m) => (m.minutes ? [m.minutes] : []))].map((d) => d.fileName));
    unique('account', c.persons.flatMap((p) => (p.accountEmail ? [p.accountEmail] : [])));
    const factions = new Set(c.organizations.filter((o) => o.organizationType === 'Fraktion').map((o) => o.key));
    const admins = new Set(c.organizations.filter((o) => o.organizationType === 'Verwaltungsbereich').map((o) => o.key));
    for (const o of c.organizations) if (o.locationKey) assert.ok(locations.has(o.locationKey), o.key);
    for (const m of c.memberships) {
      assert.ok(persons.has(m.personKey) && orgs.has(m.organizationKey), JSON.stringify(m));
      if (m.onBehalfOfKey) assert.ok(factions.has(m.onBehalfOfKey), JSON.stringify(m));
    }
    for (const p of c.papers) {
      for (const key of p.originatorPersonKeys) assert.ok(persons.has(key), `${p.key} → ${key}`);
      for (const key of p.originatorOrganizationKeys) assert.ok(factions.has(key) || admins.has(key), `${p.key} → ${key}`);
      for (const key of p.underDirectionOfKeys) assert.ok(admins.has(key), `${p.key} → ${key}`);
      for (const key of p.relatedPaperKeys) assert.ok(papers.has(key) && key !== p.key, `${p.key} → ${key}`);
      for (const key of p.locationKeys) assert.ok(locations.has(key), `${p.key} → ${key}`);
    }
    for (const m of c.meetings) {
      assert.ok(locations.has(m.locationKey));
      for (const key of m.organizationKeys) assert.ok(orgs.has(key));
      for (const key of m.participantKeys) assert.ok(persons.has(key), `${m.key} → ${key}`);
      for (const item of m.agenda) if (item.paperKey) assert.ok(papers.has(item.paperKey), `${m.key} → ${item.paperKey}`);
    }
    for (const l of c.locations) {
      const { lat, lon } = BOUNDS[tenant];
      assert.ok(l.lat >= lat[0] && l.lat <= lat[1] && l.lon >= lon[0] && l.lon <= lon[1], `${l.key} outside ${tenant}`);
    }
  }
});

test('memberships lie in the term; committee seats belong to council members or appointed citizens; one member left mid-term', () => {
  for (const tenant of TENANTS) {
    const c = council(tenant);
    const kind = new Map(c.organizations.map((o) => [o.key, o.classification]));
    const personOf = new Map(c.persons.map((p) => [p.key, p]));
    const councilSeats = c.memberships.filter((m) => kind.get(m.organizationKey) === 'Parlament' && m.votingRight);
    for (const m of c.memberships) {
      assert.ok(m.startDate >= c.term.startDate && m.startDate <= c.term.endDate, JSON.stringify(m));
      if (m.endDate) assert.ok(m.endDate >= m.startDate && m.endDate <= c.term.endDate, JSON.stringify(m));
      if (kind.get(m.organizationKey) !== 'Ausschuss') continue;
      const seat = councilSeats.find((r) => r.personKey === m.personKey && r.startDate <= m.startDate && (!r.endDate || r.endDate >= m.startDate));
      const status = personOf.get(m.personKey)?.status.join(' ') ?? '';
      const appointed = /Sachkundige|beauftragt|Ortssprecher/i.test(status);
      assert.ok(seat || appointed, `${m.personKey} sits in ${m.organizationKey} without a council seat`);
      if (!seat) assert.ok(m.onBehalfOfKey || !m.votingRight, `${m.personKey}: a voting seat of a non-member needs the nominating faction`);
      if (m.votingRight && seat) assert.ok(m.onBehalfOfKey || /Vorsitz/.test(m.role), `${m.personKey} in ${m.organizationKey}: on behalf of which faction?`);
    }
    const chairs = c.memberships.filter((m) => kind.get(m.organizationKey) === 'Parlament' && /^Vorsitz/.test(m.role));
    assert.equal(chairs.length, 1);
    assert.match(personOf.get(chairs[0]?.personKey ?? '')?.status.join() ?? '', /Bürgermeister/);
    for (const committee of c.organizations.filter((o) => o.classification === 'Ausschuss')) {
      assert.equal(c.memberships.filter((m) => m.organizationKey === committee.key && /^Vorsitz/.test(m.role)).length, 1, `${committee.key} has one chair`);
      assert.ok(c.memberships.some((m) => m.organizationKey === committee.key && /^Stellvertreter/.test(m.role)), `${committee.key} has deputies`);
    }
    const ended = councilSeats.filter((m) => m.endDate);
    assert.equal(ended.length, 1);
    const leaver = ended[0];
    assert.ok(leaver?.endDate && leaver.endDate < TODAY);
    assert.ok(councilSeats.some((m) => m.startDate === addDays(leaver.endDate ?? '', 1)), 'a successor follows the next day');
    assert.ok(c.memberships.some((m) => !m.votingRight && kind.get(m.organizationKey) === 'Ausschuss' && !/^Stellvertreter/.test(m.role)), 'advisory members without a vote');
    assert.ok(c.persons.some((p) => p.title?.includes('Dr.')));
    for (const p of c.persons) assert.ok((p.life ?? '').length < 300);
    const accounts = c.persons.filter((p) => p.accountEmail);
    assert.ok(accounts.length >= 3);
    for (const p of accounts) assert.match(p.accountEmail ?? '', new RegExp(`^mandat\\.[a-z-]+@${tenant}\\.example$`));
  }
});

test('meeting times carry the right Berlin offset in winter and summer', () => {
  for (const tenant of TENANTS) {
    const c = council(tenant);
    const offsets = new Set<string>();
    const times = new Map<string, Set<string>>();
    for (const m of c.meetings) {
      for (const value of [m.start, m.end]) {
        assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
        const wall = berlinWall(new Date(value));
        assert.equal(`${wall.day}T${wall.time}`, value.slice(0, 16), `${m.key}: ${value} is not Berlin wall time`);
        assert.equal(wall.offset, value.slice(19), `${m.key}: wrong offset in ${value}`);
        offsets.add(wall.offset);
      }
      assert.ok(new Date(m.end) > new Date(m.start));
      const organization = m.organizationKeys[0] ?? '';
      times.set(organization, (times.get(organization) ?? new Set()).add(m.start.slice(11, 16)));
    }
    assert.deepEqual([...offsets].sort(), ['+01:00', '+02:00'], 'the year spans both');
    for (const [organization, set] of times) assert.equal(set.size, 1, `${organization} always starts at the same wall time, summer or winter`);
  }
});

test('a year of meetings: past ones held with results, upcoming ones invited or scheduled, one cancelled, a Rat meeting soon', () => {
  for (const tenant of TENANTS) {
    const c = council(tenant);
    const kind = new Map(c.organizations.map((o) => [o.key, o.classification]));
    const days = c.meetings.map((m) => dayOf(m.start));
    assert.ok(days[0] && days[0] <= addDays(TODAY, -150), 'months of history');
    assert.ok((days.at(-1) ?? '') >= addDays(TODAY, 60), 'months ahead');
    assert.deepEqual(days, [...days].sort());
    const ratSoon = c.meetings.filter((m) => kind.get(m.organizationKeys[0] ?? '') === 'Parlament' && dayOf(m.start) > TODAY && dayOf(m.start) <= addDays(TODAY, 28) && !m.cancelled);
    assert.ok(ratSoon.length >= 1, 'a council meeting within four weeks');
    const cancelled = c.meetings.filter((m) => m.cancelled);
    assert.equal(cancelled.length, 1);
    assert.ok(dayOf(cancelled[0]?.start ?? '') > TODAY);
    for (const committee of c.organizations.filter((o) => o.classification === 'Ausschuss')) {
      const count = c.meetings.filter((m) => m.organizationKeys[0] === committee.key).length;
      assert.ok(count >= 4, `${committee.key} meets ${count} times`);
    }
    for (const m of c.meetings) {
      const day = dayOf(m.start);
      const expected = day < TODAY ? 'durchgeführt' : day <= addDays(TODAY, 21) ? 'eingeladen' : 'terminiert';
      assert.equal(m.state, expected, m.key);
      assert.ok(m.agenda.length >= 4 && m.agenda.length <= 10, `${m.key}: ${m.agenda.length} items`);
      const firstNonPublic = m.agenda.findIndex((item) => !item.public);
      if (firstNonPublic >= 0) assert.ok(m.agenda.slice(firstNonPublic).every((item) => !item.public), `${m.key}: the non-public part comes last`);
      for (const item of m.agenda) assert.match(item.number, item.public ? /^Ö \d+(\.\d+)?$/ : /^N \d+$/);
      const past = m.state === 'durchgeführt';
      assert.equal(m.participantKeys.length > 0, past, m.key);
      assert.equal(Boolean(m.minutes), past, m.key);
      for (const item of m.agenda) {
        if (!past) assert.equal(item.result, undefined, `${m.key} ${item.number} has a result before the meeting`);
        if (past && item.paperKey) assert.ok(item.result && item.resolutionText, `${m.key} ${item.number} lacks a result`);
      }
    }
    const held = c.meetings.filter((m) => m.state === 'durchgeführt');
    const results = new Set(held.flatMap((m) => m.agenda.flatMap((item) => (item.result ? [item.result] : []))));
    for (const result of ['Einstimmig beschlossen', 'Mehrheitlich beschlossen', 'Zur Kenntnis genommen']) assert.ok(results.has(result), `${tenant}: no "${result}"`);
    assert.ok(['Geändert beschlossen', 'Vertagt', 'Abgelehnt'].some((result) => results.has(result)), `${tenant}: only smooth results`);
    assert.ok(c.meetings.filter((m) => m.agenda.some((item) => !item.public)).length >= c.meetings.length / 4, 'non-public parts in many meetings');
  }
});

test('papers: dated before they are consulted, Beschlussvorlagen prepared in a committee and decided by the Rat, every type present', () => {
  for (const tenant of TENANTS) {
    const c = council(tenant);
    const kind = new Map(c.organizations.map((o) => [o.key, o.classification]));
    assert.ok(c.papers.length >= 60 && c.papers.length <= 110, `${tenant}: ${c.papers.length} papers`);
    for (const type of ['Beschlussvorlage', 'Antrag', 'Anfrage', 'Mitteilung']) assert.ok(c.papers.some((p) => p.paperType === type), type);
    assert.ok(c.papers.some((p) => !p.public));
    assert.ok(c.papers.some((p) => p.relatedPaperKeys.length > 0));
    assert.ok(c.papers.some((p) => p.auxiliary.length > 0));
    const consultations = new Map<string, { day: string; classification: string; role: string; public: boolean }[]>();
    for (const m of c.meetings) {
      for (const item of m.agenda) {
        if (!item.paperKey) continue;
        consultations.set(item.paperKey, [...(consultations.get(item.paperKey) ?? []), { day: dayOf(m.start), classification: kind.get(m.organizationKeys[0] ?? '') ?? '', role: item.consultationRole ?? '', public: item.public }]);
      }
    }
    let twoStage = 0;
    for (const p of c.papers) {
      assert.ok(p.date <= TODAY, `${p.key} is dated in the future`);
      assert.ok(p.main.sections.length >= 2 && p.main.sections.length <= 4, `${p.key}: ${p.main.sections.length} sections`);
      assert.ok(p.main.fileName.endsWith('.pdf') && !p.main.name.endsWith('.pdf'));
      const list = consultations.get(p.key) ?? [];
      for (const consultation of list) {
        assert.ok(p.date <= consultation.day, `${p.key} consulted before its date`);
        assert.equal(consultation.public, p.public, `${p.key}: the agenda item's publicity is the paper's`);
      }
      const decisions = list.filter((entry) => entry.role === 'Entscheidung');
      assert.ok(decisions.length <= 1 || p.paperType === 'Antrag' || new Set(decisions.map((d) => d.classification)).size === 1, p.key);
      const first = list[0];
      const last = list.at(-1);
      if (p.paperType === 'Beschlussvorlage' && first?.classification === 'Ausschuss' && first.role === 'Vorberatung' && last?.classification === 'Parlament' && last.role === 'Entscheidung') twoStage += 1;
    }
    assert.ok(twoStage >= 5, `${tenant}: only ${twoStage} Vorlagen went from a committee to the Rat`);
    for (const p of c.papers.filter((paper) => paper.paperType === 'Antrag' || paper.paperType === 'Anfrage')) assert.ok(p.originatorOrganizationKeys.length > 0 && p.originatorPersonKeys.length > 0, p.key);
  }
});

test('each PDF-only word is in exactly one paper’s document text and nowhere else, in neither tenant', () => {
  const everything = new Map(TENANTS.map((tenant) => [tenant, council(tenant)]));
  for (const tenant of TENANTS) {
    const words = DEMO_PDF_ONLY_WORDS[tenant];
    assert.ok(words.length >= 3);
    const c = council(tenant);
    for (const { word, paperKey } of words) {
      const paper = c.papers.find((p) => p.key === paperKey);
      assert.ok(paper, `${paperKey} missing`);
      assert.ok(paper.public, `${paperKey} must be public to be found`);
      assert.ok(documentText(paper.main).includes(word), `${word} not in ${paperKey}`);
      for (const other of c.papers.filter((p) => p.key !== paperKey)) {
        for (const doc of [other.main, ...other.auxiliary]) assert.ok(!documentText(doc).toLowerCase().includes(word.toLowerCase()), `${word} also in ${other.key}`);
      }
      // Outside the documents' bodies the word must not occur: names, references, agendas, resolutions, minutes, people.
      const outside = JSON.stringify({ ...c, papers: c.papers.map((p) => ({ ...p, main: { ...p.main, sections: [] }, auxiliary: p.auxiliary.map((a) => ({ ...a, sections: [] })) })) });
      assert.ok(!outside.toLowerCase().includes(word.toLowerCase()), `${word} occurs outside the PDF text`);
      for (const [otherTenant, otherCouncil] of everything) {
        if (otherTenant !== tenant) assert.ok(!JSON.stringify(otherCouncil).toLowerCase().includes(word.toLowerCase()), `${word} occurs in ${otherTenant}`);
      }
    }
  }
});

test('any day of a term gives a consistent council (calendar edges, term start, holidays)', () => {
  for (const tenant of TENANTS) {
    for (let day = '2024-01-10'; day <= '2032-12-31'; day = addDays(day, 97)) {
      const c = demoCouncil(tenant, day);
      assert.ok(c.term.startDate <= day && day <= c.term.endDate, `${tenant} ${day}`);
      assert.equal(c.meetings.filter((m) => m.cancelled).length <= 1, true);
      assert.ok(c.meetings.some((m) => m.organizationKeys[0]?.endsWith(tenant === 'musterstadt' ? '-rat' : '-gr') && dayOf(m.start) > day && dayOf(m.start) <= addDays(day, 28)), `${tenant} ${day}: no council meeting within four weeks`);
      for (const word of DEMO_PDF_ONLY_WORDS[tenant]) assert.ok(c.papers.some((p) => p.key === word.paperKey), `${tenant} ${day}: ${word.paperKey}`);
      for (const m of c.memberships) assert.ok(m.startDate >= c.term.startDate && (!m.endDate || m.endDate >= m.startDate));
      const days = c.meetings.map((m) => `${m.organizationKeys[0]} ${dayOf(m.start)}`);
      assert.equal(new Set(days).size, days.length);
    }
  }
});
