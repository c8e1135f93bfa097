/**
 * The OParl validator can fail: on the official 1.1.1 examples it reports
 * their known defects and nothing else, the corrected examples pass, and each
 * code rule fires on a minimal breaking change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { formatProblems, type Problem } from './problems.ts';
import { formatOParlDateTime, parseOParlDateTime, sharedOParlValidator, type OParlObject, type ValidateOptions } from './validator.ts';

const validator = sharedOParlValidator();
const EXAMPLES = path.join(import.meta.dirname, 'examples');
const NS = 'https://schema.oparl.org/1.1/';

function example(name: string): OParlObject {
  return JSON.parse(readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8')) as OParlObject;
}

const exampleNames = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const findings = (problems: Problem[]): string[] => problems.map((p) => `${p.rule} ${p.path}`).sort();

test('there are eight official examples', () => {
  assert.deepEqual(exampleNames, ['Body-01', 'File-01', 'Location-01', 'Meeting-01', 'Organization-01', 'Paper-01', 'Person-01', 'System-01']);
});

test('the patched schemas flag exactly the two defects the README lists', () => {
  const schemaFindings = exampleNames.flatMap((name) =>
    validator
      .validateObject(example(name), { context: 'standalone' })
      .filter((p) => p.rule === 'schema')
      .map((p) => `${name} ${p.path} ${p.message}`),
  );
  assert.deepEqual(schemaFindings, [
    "Body-01 /legislativeTermList must have required property 'legislativeTermList'",
    "Meeting-01 /agendaItem/0/order must have required property 'order'",
  ]);
});

test('the code rules flag the bare Point in Paper-01, the [lat, lon] examples and embedded back-references', () => {
  const codeFindings = exampleNames.flatMap((name) =>
    validator
      .validateObject(example(name), { context: 'standalone' })
      .filter((p) => p.rule !== 'schema')
      .map((p) => `${name} ${p.rule} ${p.path}`),
  );
  assert.deepEqual(codeFindings.sort(), [
    // spec/3-00: "Bei der internen Ausgabe wird beim internen Objekt auf die Rückreferenz auf das Elternobjekt verzichtet."
    'Body-01 backref.embedded /legislativeTerm/0/body',
    // README: "The Location examples give GeoJSON coordinates as [lat, lon]"
    'Body-01 geojson.bbox /location/geojson/geometry/coordinates',
    'Location-01 geojson.bbox /geojson/geometry/coordinates',
    'Meeting-01 backref.embedded /agendaItem/0/meeting',
    'Meeting-01 geojson.bbox /location/geojson/geometry/coordinates',
    'Organization-01 geojson.bbox /location/geojson/geometry/coordinates',
    // strings.yml: geojson "muss ein vollständiges Feature-Objekt" — Paper-01 has a bare Point
    'Paper-01 geojson.feature /location/0/geojson',
  ]);
});

// ------------------------------------------------------------------ corrected examples pass

function swapToLonLat(location: OParlObject): void {
  const geometry = (location.geojson as OParlObject).geometry as OParlObject;
  const [a, b] = geometry.coordinates as number[];
  geometry.coordinates = [b, a];
}

function corrected(name: string): OParlObject {
  const obj = example(name);
  switch (name) {
    case 'Body-01':
      obj.legislativeTermList = 'https://oparl.example.org/body/0/legislativeTerms/';
      for (const term of obj.legislativeTerm as OParlObject[]) delete term.body;
      swapToLonLat(obj.location as OParlObject);
      break;
    case 'Location-01':
      swapToLonLat(obj);
      break;
    case 'Meeting-01': {
      const item = (obj.agendaItem as OParlObject[])[0] as OParlObject;
      item.order = 0;
      delete item.meeting;
      swapToLonLat(obj.location as OParlObject);
      break;
    }
    case 'Organization-01':
      swapToLonLat(obj.location as OParlObject);
      break;
    case 'Paper-01': {
      const location = (obj.location as OParlObject[])[0] as OParlObject;
      location.geojson = { type: 'Feature', geometry: location.geojson, properties: {} };
      break;
    }
    default:
      break;
  }
  return obj;
}

test('the corrected examples pass', () => {
  for (const name of exampleNames) {
    const problems = validator.validateObject(corrected(name), { context: 'standalone' });
    assert.deepEqual(problems, [], `${name}:\n${formatProblems(problems)}`);
  }
});

// ------------------------------------------------------------------ each rule fires

const meeting = (): OParlObject => corrected('Meeting-01');
const person = (): OParlObject => example('Person-01');
const paper = (): OParlObject => corrected('Paper-01');
const body = (): OParlObject => corrected('Body-01');
const organization = (): OParlObject => corrected('Organization-01');
const agendaItem = (): OParlObject => ({
  id: 'https://oparl.example.org/agendaitem/3271',
  type: `${NS}AgendaItem`,
  meeting: 'https://oparl.example.org/meeting/281',
  order: 0,
  name: 'Satzungsänderung',
  created: '2012-01-06T12:01:00+01:00',
  modified: '2012-01-08T14:05:27+01:00',
});

interface Case {
  name: string;
  build: () => OParlObject;
  options?: Partial<ValidateOptions>;
  expect: string[];
}

const cases: Case[] = [
  { name: 'a valid standalone AgendaItem', build: agendaItem, expect: [] },
  {
    name: 'standalone AgendaItem without its meeting',
    build: () => {
      const o = agendaItem();
      delete o.meeting;
      return o;
    },
    expect: ['backref.missing /meeting'],
  },
  {
    name: 'list item AgendaItem without its meeting',
    build: () => {
      const o = agendaItem();
      delete o.meeting;
      return o;
    },
    options: { context: 'listItem' },
    expect: ['backref.missing /meeting'],
  },
  {
    name: 'embedded AgendaItem with its meeting',
    build: agendaItem,
    options: { context: 'embedded' },
    expect: ['backref.embedded /meeting'],
  },
  {
    name: 'embedded Membership with person',
    build: () => {
      const o = person();
      ((o.membership as OParlObject[])[0] as OParlObject).person = o.id;
      return o;
    },
    expect: ['backref.embedded /membership/0/person'],
  },
  {
    name: 'embedded File without created',
    build: () => {
      const o = meeting();
      delete (o.invitation as OParlObject).created;
      return o;
    },
    expect: ['schema /invitation/created'],
  },
  {
    name: 'locationObject without location',
    build: () => ({ ...person(), locationObject: corrected('Location-01') }),
    expect: ['person.location-object /location'],
  },
  {
    name: 'locationObject with a different location',
    build: () => ({ ...person(), locationObject: corrected('Location-01'), location: 'https://oparl.example.org/location/1' }),
    expect: ['person.location-object /location'],
  },
  { name: 'null on an optional key', build: () => ({ ...person(), life: null }), expect: ['empty.value /life'] },
  { name: 'empty string', build: () => ({ ...person(), affix: '' }), expect: ['empty.value /affix'] },
  { name: 'empty optional array', build: () => ({ ...person(), status: [] }), expect: ['empty.value /status'] },
  { name: 'empty string inside an array', build: () => ({ ...person(), status: ['Ratsmitglied', ''] }), expect: ['empty.value /status/1'] },
  { name: 'null on a mandatory key', build: () => ({ ...person(), created: null }), expect: ['empty.value /created'] },
  { name: 'empty mandatory Body.legislativeTerm is fine', build: () => ({ ...body(), legislativeTerm: [] }), expect: [] },
  { name: 'HTML entity', build: () => ({ ...person(), name: 'Müller &amp; Söhne' }), expect: ['string.html-entity /name'] },
  { name: 'numeric HTML entity in an embedded object', build: () => {
    const o = meeting();
    (o.invitation as OParlObject).name = 'Einladung &#8211; Rat';
    return o;
  }, expect: ['string.html-entity /invitation/name'] },
  { name: 'deleted: false', build: () => ({ ...person(), deleted: false }), expect: ['deleted.not-true /deleted'] },
  {
    name: 'an exact tombstone',
    build: () => ({ id: 'https://oparl.example.org/person/29', type: `${NS}Person`, created: '2011-11-11T11:11:00+01:00', modified: '2013-01-01T00:00:00+01:00', deleted: true }),
    expect: [],
  },
  {
    name: 'a tombstone keeping its name',
    build: () => ({ ...person(), modified: '2013-01-01T00:00:00+01:00', deleted: true }),
    expect: ['tombstone.shape '],
  },
  {
    name: 'a tombstone without created',
    build: () => ({ id: 'https://oparl.example.org/person/29', type: `${NS}Person`, modified: '2013-01-01T00:00:00+01:00', deleted: true }),
    expect: ['tombstone.shape '],
  },
  {
    name: 'an embedded tombstone',
    build: () => {
      const o = person();
      (o.membership as OParlObject[])[0] = { id: 'https://oparl.example.org/memberships/385', type: `${NS}Membership`, created: '2011-11-11T11:11:00+01:00', modified: '2013-01-01T00:00:00+01:00', deleted: true };
      return o;
    },
    expect: ['embedded.tombstone /membership/0'],
  },
  { name: 'license that is no URL', build: () => ({ ...paper(), license: 'CC-BY 4.0' }), expect: ['license.url /license'] },
  { name: 'license that is no URL on Body (schema format too)', build: () => ({ ...body(), license: 'CC-BY 4.0' }), expect: ['license.url /license'] },
  { name: 'created after modified', build: () => ({ ...person(), created: '2013-01-01T00:00:00+01:00' }), expect: ['time.created-after-modified /modified'] },
  { name: 'date-time with Z', build: () => ({ ...person(), modified: '2012-08-16T12:05:27Z' }), expect: ['schema /modified'] },
  { name: 'date-time with fractions', build: () => ({ ...person(), modified: '2012-08-16T14:05:27.123+02:00' }), expect: ['schema /modified'] },
  { name: 'date-time with month 13', build: () => ({ ...person(), modified: '2012-13-16T14:05:27+02:00' }), expect: ['schema /modified'] },
  { name: 'date with a time', build: () => ({ ...paper(), date: '2014-04-04T00:00:00+02:00' }), expect: ['schema /date'] },
  { name: 'id that is not a URL', build: () => ({ ...person(), id: 'person/29' }), expect: ['schema /id'] },
  { name: 'unknown type', build: () => ({ ...person(), type: 'https://schema.oparl.org/1.0/Person' }), expect: ['type.unknown /type'] },
  {
    name: 'Body without legislativeTerm',
    build: () => {
      const o = body();
      delete o.legislativeTerm;
      return o;
    },
    expect: ['body.legislative-term /legislativeTerm'],
  },
  {
    name: 'Body without legislativeTerm under omit_internal',
    build: () => {
      const o = body();
      delete o.legislativeTerm;
      return o;
    },
    options: { omitInternal: true },
    expect: [],
  },
  { name: 'Meeting with agendaItem under omit_internal', build: meeting, options: { omitInternal: true }, expect: ['omit-internal.ignored /agendaItem', 'omit-internal.ignored /auxiliaryFile'] },
  { name: 'meetingState outside the enum', build: () => ({ ...meeting(), meetingState: 'geplant' }), expect: ['meeting.state /meetingState'] },
  { name: 'organizationType outside the enum', build: () => ({ ...organization(), organizationType: 'Ausschuss' }), expect: ['organization.type /organizationType'] },
  {
    name: 'mainFile repeated in auxiliaryFile',
    build: () => {
      const o = paper();
      (o.auxiliaryFile as OParlObject[]).push(o.mainFile as OParlObject);
      return o;
    },
    expect: ['paper.main-file-in-auxiliary /auxiliaryFile/1'],
  },
  {
    name: 'agenda item order counted from 1',
    build: () => {
      const o = meeting();
      ((o.agendaItem as OParlObject[])[0] as OParlObject).order = 1;
      return o;
    },
    expect: ['agenda-item.order /agendaItem/0/order'],
  },
  {
    name: 'geojson Feature without properties',
    build: () => {
      const o = corrected('Location-01');
      delete (o.geojson as OParlObject).properties;
      return o;
    },
    expect: ['geojson.feature /geojson'],
  },
  {
    name: 'geojson Polygon with one corner outside Germany',
    build: () => ({
      ...corrected('Location-01'),
      geojson: { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [[[7, 50], [7.1, 50], [7.1, 45], [7, 50]]] } },
    }),
    expect: ['geojson.bbox /geojson/geometry/coordinates'],
  },
];

for (const c of cases) {
  test(`rule: ${c.name}`, () => {
    const problems = validator.validateObject(c.build(), { context: 'standalone', ...c.options });
    assert.deepEqual(findings(problems), [...c.expect].sort(), formatProblems(problems));
  });
}

test('strict date-time parsing and formatting', () => {
  assert.equal(parseOParlDateTime('2027-01-10T09:00:00+01:00'), Date.UTC(2027, 0, 10, 8, 0, 0));
  assert.equal(parseOParlDateTime('2027-01-10T09:00:00-02:30'), Date.UTC(2027, 0, 10, 11, 30, 0));
  for (const bad of ['2027-01-10T09:00:00Z', '2027-01-10T09:00:00.5+01:00', '2027-02-29T09:00:00+01:00', '2027-01-10 09:00:00+01:00', '2027-01-10T24:00:00+01:00']) {
    assert.equal(parseOParlDateTime(bad), undefined, bad);
  }
  assert.equal(formatOParlDateTime(Date.UTC(2027, 0, 10, 8, 0, 0, 999), 60), '2027-01-10T09:00:00+01:00');
  assert.equal(formatOParlDateTime(Date.UTC(2027, 0, 10, 8, 0, 0), -150), '2027-01-10T05:30:00-02:30');
});

test('the schema metadata is read from the files', () => {
  assert.deepEqual(validator.types.Body.externalLists, {
    organization: 'Organization',
    person: 'Person',
    meeting: 'Meeting',
    paper: 'Paper',
    agendaItem: 'AgendaItem',
    consultation: 'Consultation',
    file: 'File',
    locationList: 'Location',
    legislativeTermList: 'LegislativeTerm',
    membership: 'Membership',
  });
  assert.deepEqual(validator.types.Organization.externalLists, { meeting: 'Meeting', consultation: 'Consultation' });
  assert.deepEqual(validator.types.Person.embedded, { locationObject: { type: 'Location', array: false }, membership: { type: 'Membership', array: true } });
  assert.deepEqual(validator.types.Location.references.persons, { type: 'Person', array: true });
});
