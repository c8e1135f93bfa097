/** Demo Abfuhrbezirke for the Sperrmüll pickup (fictional streets, plausible rhythm and capacity). */
import type { Executor } from '../src/core/db/database.ts';

interface DemoDistrict {
  name: string;
  streets: string[];
  isDefault: boolean;
  weekdays: number[];
  capacity: number;
}

/** Orders must reach the Bauhof a week ahead, as the service text says. */
const LEAD_DAYS = 7;

const districts: Record<string, DemoDistrict[]> = {
  musterstadt: [
    { name: 'Bezirk 1 – Altstadt und Nord', streets: ['Marktplatz', 'Lindenstraße', 'Kirchgasse', 'Bahnhofstraße', 'Am Bauhof', 'Nordring'], isDefault: false, weekdays: [2, 4], capacity: 8 },
    { name: 'Bezirk 2 – Süd und Ortsteile', streets: [], isDefault: true, weekdays: [1, 3], capacity: 6 },
  ],
  beispielhausen: [{ name: 'Gemeindegebiet', streets: [], isDefault: true, weekdays: [5], capacity: 4 }],
};

export async function seedPickupDistricts(executor: Executor, tenantId: string, tenantSlug: string): Promise<void> {
  const list = districts[tenantSlug] ?? [];
  if (list.length === 0) return;
  await executor
    .insertInto('portal_pickup_districts')
    .values(list.map((d) => ({ tenant_id: tenantId, name: d.name, streets: d.streets, is_default: d.isDefault, pickup_weekdays: d.weekdays, daily_capacity: d.capacity, lead_days: LEAD_DAYS })))
    .execute();
}
