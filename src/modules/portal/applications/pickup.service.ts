/**
 * Sperrmüll pickup days (Wunschtermin). Each Abfuhrbezirk collects on fixed
 * weekdays with a daily capacity; the citizen is offered only days that still
 * have room, excluding public holidays of the Land. Booking a day is a
 * conditional increment inside the transaction that creates the Vorgang, so
 * a full day can never be overbooked, however many people submit at once.
 */
import type { Db, Tx } from '../../../core/db/database.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';
import { isPublicHoliday, type Bundesland } from '../../../core/time/holidays.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { dateTimeFormat } from '../../../core/i18n/intl-formats.ts';

export interface District {
  id: string;
  name: string;
  weekdays: number[];
  capacity: number;
  leadDays: number;
  horizonDays: number;
}

export interface PickupDay {
  value: string;
  label: string;
  left: number;
}

export class DayFullError extends Error {
  constructor(readonly day: string) {
    super(`pickup day ${day} is full`);
  }
}

const MAX_OFFERED = 15;

const normaliseStreet = (street: string): string =>
  street
    .toLowerCase()
    .normalize('NFC')
    .replace(/straße\b/g, 'str')
    .replace(/strasse\b/g, 'str')
    .replace(/str\.?$/, 'str')
    .replace(/\s+/g, ' ')
    .trim();

/** The Abfuhrbezirk of a street: the district listing it, else the tenant's default district. */
export async function districtFor(db: Db, tenantId: string, street: string): Promise<District | null> {
  const rows = await db.selectFrom('portal_pickup_districts').selectAll().where('tenant_id', '=', tenantId).execute();
  const wanted = normaliseStreet(street);
  const row = rows.find((r) => r.streets.some((s) => normaliseStreet(s) === wanted)) ?? rows.find((r) => r.is_default);
  return row ? { id: row.id, name: row.name, weekdays: row.pickup_weekdays, capacity: row.daily_capacity, leadDays: row.lead_days, horizonDays: row.horizon_days } : null;
}

const isoWeekday = (isoDate: string): number => {
  const day = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

const addDays = (isoDate: string, days: number): string => new Date(Date.parse(`${isoDate}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Days that can still be chosen, from `today` (Europe/Berlin) on. */
export async function availableDays(db: Db, tenant: Tenant, district: District, today: string, locale: Locale): Promise<PickupDay[]> {
  const first = addDays(today, district.leadDays);
  const last = addDays(today, district.horizonDays);
  const booked = await db
    .selectFrom('portal_pickup_bookings')
    .select(['day', 'booked'])
    .where('tenant_id', '=', tenant.id)
    .where('district_id', '=', district.id)
    .where('day', '>=', first)
    .where('day', '<=', last)
    .execute();
  const taken = new Map(booked.map((b) => [b.day, b.booked]));
  const format = dateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const days: PickupDay[] = [];
  for (let day = first; day <= last && days.length < MAX_OFFERED; day = addDays(day, 1)) {
    if (!district.weekdays.includes(isoWeekday(day))) continue;
    if (isPublicHoliday(day, tenant.bundesland as Bundesland)) continue;
    const left = district.capacity - (taken.get(day) ?? 0);
    if (left <= 0) continue;
    days.push({ value: day, label: format.format(new Date(`${day}T12:00:00Z`)), left });
  }
  return days;
}

/** Books one pickup on `day`, inside the caller's transaction; throws DayFullError when the day is full. */
export async function claimDay(tx: Tx, tenantId: string, district: District, day: string): Promise<void> {
  const claimed = await tx
    .insertInto('portal_pickup_bookings')
    .values({ tenant_id: tenantId, district_id: district.id, day, capacity: district.capacity, booked: 1 })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'district_id', 'day'])
        .doUpdateSet((eb) => ({ booked: eb('portal_pickup_bookings.booked', '+', 1) }))
        .where('portal_pickup_bookings.booked', '<', (eb) => eb.ref('portal_pickup_bookings.capacity')),
    )
    .returning('booked')
    .executeTakeFirst();
  if (!claimed) throw new DayFullError(day);
}
