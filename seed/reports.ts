/**
 * Demo Mängelmelder set-up: the categories towns typically offer (with the
 * units that handle them and their deadlines in working days), a few extra
 * questions in Open311's attribute model, districts for the area filter,
 * contractors and response templates. Beispielhausen reviews reports before
 * they are published (reports.reviewBeforePublish), Musterstadt does not.
 */
import type { Executor } from '../src/core/db/database.ts';
import type { CategoryAttribute } from '../src/modules/reports/schema.ts';

const l = (de: string, en: string) => ({ de, en });

interface DemoCategory {
  code: string;
  de: string;
  en: string;
  description: [string, string];
  group: string;
  keywords: string;
  unit: string;
  days: number;
  attributes?: CategoryAttribute[];
}

const lightAttributes: CategoryAttribute[] = [
  { code: 'leuchtennummer', datatype: 'string', required: false, order: 1, description: l('Nummer am Mast (falls lesbar)', 'Number on the lamp post (if readable)'), hint: l('Meist ein kleines Schild in Augenhöhe, z. B. „L 1234“.', 'Usually a small plate at eye level, e.g. "L 1234".') },
  {
    code: 'stoerung',
    datatype: 'singlevaluelist',
    required: true,
    order: 2,
    description: l('Was ist los mit der Leuchte?', 'What is wrong with the light?'),
    values: [
      { key: 'aus', name: l('Leuchtet nicht', 'Not working') },
      { key: 'flackert', name: l('Flackert', 'Flickering') },
      { key: 'tag', name: l('Brennt auch tagsüber', 'On during the day') },
      { key: 'beschaedigt', name: l('Mast oder Leuchte beschädigt', 'Post or lamp damaged') },
    ],
  },
];

const wasteAttributes: CategoryAttribute[] = [
  {
    code: 'art',
    datatype: 'multivaluelist',
    required: true,
    order: 1,
    description: l('Was liegt dort?', 'What has been dumped?'),
    values: [
      { key: 'sperrmuell', name: l('Sperrmüll, Möbel', 'Bulky waste, furniture') },
      { key: 'elektro', name: l('Elektrogeräte', 'Electrical appliances') },
      { key: 'reifen', name: l('Reifen', 'Tyres') },
      { key: 'bauschutt', name: l('Bauschutt', 'Rubble') },
      { key: 'gefaehrlich', name: l('Kanister, Farben, Chemikalien', 'Canisters, paint, chemicals') },
      { key: 'sonstiges', name: l('Sonstiges', 'Other') },
    ],
  },
];

const roadAttributes: CategoryAttribute[] = [
  {
    code: 'gefahr',
    datatype: 'singlevaluelist',
    required: false,
    order: 1,
    description: l('Besteht eine akute Gefahr (z. B. für Radfahrende)?', 'Is there an immediate danger (e.g. for cyclists)?'),
    values: [
      { key: 'ja', name: l('Ja', 'Yes') },
      { key: 'nein', name: l('Nein', 'No') },
    ],
  },
];

const categories: Record<string, DemoCategory[]> = {
  musterstadt: [
    { code: 'schlagloch', de: 'Straßenschaden / Schlagloch', en: 'Road damage / pothole', description: ['Löcher, Risse oder abgesackte Stellen in Fahrbahn, Rad- oder Gehweg', 'Holes, cracks or subsided areas in roads, cycle paths or pavements'], group: 'Straßen und Wege', keywords: 'Schlagloch, Straße, Gehweg, Radweg, Pflaster', unit: 'bauhof', days: 5, attributes: roadAttributes },
    { code: 'beleuchtung', de: 'Straßenbeleuchtung', en: 'Street lighting', description: ['Defekte oder beschädigte Straßenlaternen', 'Broken or damaged street lights'], group: 'Straßen und Wege', keywords: 'Laterne, Licht, Leuchte', unit: 'bauhof', days: 5, attributes: lightAttributes },
    { code: 'muell', de: 'Wilder Müll', en: 'Fly-tipping', description: ['Illegal abgelagerter Abfall', 'Illegally dumped waste'], group: 'Sauberkeit', keywords: 'Müll, Sperrmüll, Ablagerung, Abfall', unit: 'ordnungsamt', days: 3, attributes: wasteAttributes },
    { code: 'gruenflaeche', de: 'Grünflächen und Bäume', en: 'Green spaces and trees', description: ['Umgestürzte Bäume, herabhängende Äste, ungepflegte Beete', 'Fallen trees, hanging branches, neglected beds'], group: 'Grün', keywords: 'Baum, Ast, Hecke, Rasen, Park', unit: 'bauhof', days: 10 },
    { code: 'spielplatz', de: 'Spielplatz', en: 'Playground', description: ['Beschädigte Spielgeräte, Glasscherben, Verunreinigungen', 'Damaged equipment, broken glass, dirt'], group: 'Grün', keywords: 'Spielplatz, Schaukel, Rutsche, Sandkasten', unit: 'bauhof', days: 2 },
    { code: 'verkehrszeichen', de: 'Verkehrszeichen und Ampeln', en: 'Traffic signs and lights', description: ['Umgefahrene, verdrehte oder verdeckte Schilder; gestörte Ampeln', 'Knocked-over, turned or hidden signs; faulty traffic lights'], group: 'Straßen und Wege', keywords: 'Schild, Ampel, Verkehrszeichen', unit: 'ordnungsamt', days: 3 },
    { code: 'graffiti', de: 'Graffiti und Schmierereien', en: 'Graffiti', description: ['An öffentlichen Gebäuden, Brücken und Anlagen', 'On public buildings, bridges and facilities'], group: 'Sauberkeit', keywords: 'Graffiti, Schmiererei, Farbe', unit: 'bauhof', days: 15 },
    { code: 'sonstiges', de: 'Sonstiges', en: 'Other', description: ['Alles, was in keine andere Kategorie passt', 'Anything that fits no other category'], group: 'Sonstiges', keywords: '', unit: 'ordnungsamt', days: 10 },
  ],
  beispielhausen: [
    { code: 'schlagloch', de: 'Straßenschaden / Schlagloch', en: 'Road damage / pothole', description: ['Schäden an Gemeindestraßen und Wegen', 'Damage to municipal roads and paths'], group: 'Straßen und Wege', keywords: 'Schlagloch, Straße, Weg', unit: 'bauhof', days: 5, attributes: roadAttributes },
    { code: 'beleuchtung', de: 'Straßenbeleuchtung', en: 'Street lighting', description: ['Defekte Straßenlaternen', 'Broken street lights'], group: 'Straßen und Wege', keywords: 'Laterne, Licht', unit: 'bauhof', days: 5, attributes: lightAttributes },
    { code: 'muell', de: 'Wilder Müll', en: 'Fly-tipping', description: ['Illegal abgelagerter Abfall', 'Illegally dumped waste'], group: 'Sauberkeit', keywords: 'Müll, Abfall', unit: 'ordnungsamt', days: 3, attributes: wasteAttributes },
    { code: 'winterdienst', de: 'Winterdienst', en: 'Winter service', description: ['Nicht geräumte oder gestreute Straßen und Wege', 'Roads and paths not cleared or gritted'], group: 'Straßen und Wege', keywords: 'Schnee, Glätte, Streuen, Räumen', unit: 'bauhof', days: 1 },
    { code: 'sonstiges', de: 'Sonstiges', en: 'Other', description: ['Alles andere', 'Anything else'], group: 'Sonstiges', keywords: '', unit: 'ordnungsamt', days: 10 },
  ],
};

const areas: Record<string, [string, string, number, number, number, number][]> = {
  musterstadt: [
    ['altstadt', 'Altstadt', 51.935, 9.075, 51.950, 9.105],
    ['nord', 'Musterstadt-Nord', 51.950, 9.020, 51.985, 9.160],
    ['sued', 'Musterstadt-Süd', 51.900, 9.020, 51.935, 9.160],
    ['ost', 'Gewerbegebiet Ost', 51.935, 9.105, 51.950, 9.160],
  ],
  beispielhausen: [
    ['ortsmitte', 'Ortsmitte', 48.800, 13.530, 48.820, 13.570],
    ['aussenbereich', 'Ortsteile und Außenbereich', 48.780, 13.500, 48.840, 13.600],
  ],
};

const contractors: Record<string, [string, string][]> = {
  musterstadt: [
    ['Lichttechnik Lippe GmbH (Straßenbeleuchtung)', 'stoerung@lichttechnik-lippe.example'],
    ['Garten- und Landschaftsbau Meier', 'auftrag@galabau-meier.example'],
  ],
  beispielhausen: [['Tiefbau Huber', 'buero@tiefbau-huber.example']],
};

const templates: [string, string][] = [
  ['Danke, wird erledigt', 'Vielen Dank für Ihre Meldung. Wir haben den Auftrag an unseren Bauhof gegeben; der Mangel wird in den nächsten Tagen behoben.'],
  ['Behoben', 'Der gemeldete Mangel ist behoben. Vielen Dank für Ihre Mithilfe!'],
  ['Privatgrund', 'Die gemeldete Stelle liegt auf privatem Grund. Wir haben die Eigentümerin bzw. den Eigentümer informiert; die Stadt selbst kann hier nicht tätig werden.'],
  ['Straßenbaulastträger Land/Bund', 'Für diese Straße ist nicht die Stadt, sondern der Landesbetrieb Straßenbau zuständig. Wir haben Ihre Meldung dorthin weitergeleitet.'],
  ['Bereits gemeldet', 'Dieser Mangel wurde bereits gemeldet und ist in Bearbeitung. Wir haben Ihre Meldung mit der vorhandenen zusammengeführt.'],
];

export async function seedReports(tx: Executor, tenantId: string, slug: string, unitId: (slug: string) => string): Promise<void> {
  const list = categories[slug] ?? [];
  for (const [index, c] of list.entries()) {
    await tx
      .insertInto('report_categories')
      .values({
        tenant_id: tenantId,
        code: c.code,
        name_de: c.de,
        name_en: c.en,
        description_de: c.description[0],
        description_en: c.description[1],
        group_name: c.group,
        keywords: c.keywords,
        unit_id: unitId(c.unit),
        deadline_days: c.days,
        attributes: JSON.stringify(c.attributes ?? []),
        position: index,
      })
      .execute();
  }
  for (const [index, [areaSlug, name, minLat, minLng, maxLat, maxLng]] of (areas[slug] ?? []).entries()) {
    await tx.insertInto('report_areas').values({ tenant_id: tenantId, slug: areaSlug, name, min_lat: minLat, min_lng: minLng, max_lat: maxLat, max_lng: maxLng, position: index }).execute();
  }
  for (const [name, email] of contractors[slug] ?? []) await tx.insertInto('report_contractors').values({ tenant_id: tenantId, name, email }).execute();
  for (const [index, [title, body]] of templates.entries()) await tx.insertInto('report_templates').values({ tenant_id: tenantId, title, body, position: index }).execute();
}
