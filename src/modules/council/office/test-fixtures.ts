/**
 * A small council for tests of the Sitzungsdienst, written through the
 * service (as the Ratsbüro would): one Gremium with two members, a former
 * member and a member of another Gremium, a Fraktion, a location. Works on
 * an empty council and beside the demo council (names carry a unique tag).
 */
import type { Services } from '../../../core/services.ts';
import { renderCouncilDocument } from '../documents/council-pdf.ts';
import { addMembership, saveLocation, saveOrganization, savePerson, type OfficeActor } from './sitzungsdienst.service.ts';

export interface OfficeFixture {
  actor: OfficeActor;
  tag: string;
  gremiumId: string;
  otherGremiumId: string;
  factionId: string;
  locationId: string;
  /** Active members of the Gremium, with e-mail. */
  members: { id: string; email: string }[];
  /** Former member (membership ended) and a member of the other Gremium: never invited. */
  formerMember: { id: string; email: string };
  outsider: { id: string; email: string };
}

function ok<T>(outcome: { ok: true } & T): T;
function ok<T>(outcome: ({ ok: true } & T) | { ok: false; reason: string }): T;
function ok<T>(outcome: ({ ok: true } & T) | { ok: false; reason: string }): T {
  if (!outcome.ok) throw new Error(`fixture: ${outcome.reason}`);
  return outcome;
}

export async function officeActorFor(services: Services, email: string, host = 'localhost'): Promise<OfficeActor> {
  const tenant = await services.tenants.resolve(host);
  if (!tenant) throw new Error('no tenant');
  const user = await services.db.selectFrom('staff_users').select(['id', 'display_name']).where('tenant_id', '=', tenant.id).where('email', '=', email).executeTakeFirstOrThrow();
  return { tenantId: tenant.id, userId: user.id, displayName: user.display_name };
}

export async function createOfficeFixture(services: Services, actor: OfficeActor): Promise<OfficeFixture> {
  const tag = Math.random().toString(36).slice(2, 8);
  const org = async (name: string, type: 'Gremium' | 'Fraktion') => ok(await saveOrganization(services, actor, null, { name: `${name} ${tag}`, shortName: '', type, classification: type === 'Gremium' ? 'Ausschuss' : '', startDate: null, endDate: null, position: 0 })).id;
  const gremiumId = await org('Ausschuss für Test', 'Gremium');
  const otherGremiumId = await org('Anderer Ausschuss', 'Gremium');
  const factionId = await org('Testfraktion', 'Fraktion');
  const locationId = ok(await saveLocation(services, actor, null, { description: 'Rathaus, Ratssaal', streetAddress: 'Markt 1', room: 'Saal 1', postalCode: '32756', locality: 'Musterstadt', lat: 51.9389, lon: 9.0925 })).id;
  const person = async (given: string, family: string) => {
    const email = `${given.toLowerCase()}.${family.toLowerCase()}.${tag}@rat.example`;
    const id = ok(await savePerson(services, actor, null, { title: [], formOfAddress: '', givenName: given, familyName: family, affix: '', gender: '', status: ['Ratsmitglied'], email, phone: '', publishContact: false, accountEmail: '' })).id;
    return { id, email };
  };
  const members = [await person('Anna', 'Albers'), await person('Bernd', 'Brinkmann')];
  const formerMember = await person('Carla', 'Cordes');
  const outsider = await person('Dieter', 'Dahl');
  for (const m of members) ok(await addMembership(services, actor, { personId: m.id, organizationId: gremiumId, role: 'Mitglied', votingRight: true, onBehalfOf: factionId, startDate: '2020-01-01', endDate: null }));
  ok(await addMembership(services, actor, { personId: formerMember.id, organizationId: gremiumId, role: 'Mitglied', votingRight: true, onBehalfOf: null, startDate: '2020-01-01', endDate: '2021-12-31' }));
  ok(await addMembership(services, actor, { personId: outsider.id, organizationId: otherGremiumId, role: 'Mitglied', votingRight: true, onBehalfOf: null, startDate: '2020-01-01', endDate: null }));
  // A Fraktion membership opens nothing: the outsider belongs to the faction but not to the Gremium.
  ok(await addMembership(services, actor, { personId: outsider.id, organizationId: factionId, role: 'Mitglied', votingRight: true, onBehalfOf: null, startDate: '2020-01-01', endDate: null }));
  return { actor, tag, gremiumId, otherGremiumId, factionId, locationId, members, formerMember, outsider };
}

/** A real PDF with a word that only occurs inside it. */
export function testPdf(word: string): Promise<Buffer> {
  return renderCouncilDocument({ issuer: { name: 'Stadt Musterstadt' }, title: `Testvorlage ${word}`, sections: [{ heading: 'Sachverhalt', paragraphs: [`Der Inhalt enthält das Wort ${word}.`] }] }, { creationDate: new Date('2026-01-01T00:00:00Z') });
}
