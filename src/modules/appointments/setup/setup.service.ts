/**
 * Setting up Standorte (admins): the Standort's booking rules, its bookable
 * services with duration per person, and its opening hours. Every change is
 * audited. Two changes are refused while appointments are booked that they
 * would break: a different slot grid (booked claims sit on the old grid and
 * would no longer be counted against the new one) and deleting a Standort.
 */
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { Db } from '../../../core/db/database.ts';
import type { StaffActor } from '../../../core/auth/policy.ts';
import { audit } from '../../../core/audit/audit.ts';

export interface LocationSettings {
  name: string;
  address: string;
  directions: string;
  unitId: string;
  slotMinutes: number;
  bookFromDays: number;
  bookUntilDays: number;
  holdMinutes: number;
  confirmMinutes: number;
  releaseDelayMinutes: number;
  cancelUntilHours: number;
  active: boolean;
}

export interface OpeningWindow {
  weekday: number;
  starts: string;
  ends: string;
  validFrom: string;
  validUntil: string | null;
  counters: number;
  online: number;
  phone: number;
}

export interface ServiceSetting {
  serviceId: string;
  bookable: boolean;
  minutes: number;
  maxQuantity: number;
  variants: ApptVariant[];
}

const auditEntry = (actor: StaffActor, action: string, locationId: string, details: Record<string, unknown> = {}) => ({
  tenantId: actor.tenantId,
  actorId: actor.userId,
  actorLabel: actor.displayName,
  action,
  objectType: 'appointment_location',
  objectId: locationId,
  details,
});

/** Live claims from now on: appointments that a grid change would orphan. */
async function futureClaims(db: Db, tenantId: string, locationId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('appt_claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('released_at', 'is', null)
    .where('starts_at', '>=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * `changed` is told the tenant after every change, so the module's read
 * cache (booking/read-model.ts) of this process drops what it kept.
 */
export function createSetupService(db: Db, now: () => Date, changed: (tenantId: string) => void = () => {}) {
  async function unitBelongs(tenantId: string, unitId: string): Promise<boolean> {
    return Boolean(await db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('id', '=', unitId).executeTakeFirst());
  }

  /** Outcomes: ok (with the id), slug-taken, unit-invalid. */
  async function createLocation(actor: StaffActor, slug: string, settings: LocationSettings): Promise<{ ok: true; id: string } | { ok: false; reason: 'slug-taken' | 'unit-invalid' }> {
    if (!(await unitBelongs(actor.tenantId, settings.unitId))) return { ok: false, reason: 'unit-invalid' };
    try {
      return await db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('appt_locations')
          .values({
            tenant_id: actor.tenantId,
            slug,
            name: settings.name,
            address: settings.address,
            directions: settings.directions,
            unit_id: settings.unitId,
            slot_minutes: settings.slotMinutes,
            book_from_days: settings.bookFromDays,
            book_until_days: settings.bookUntilDays,
            hold_minutes: settings.holdMinutes,
            confirm_minutes: settings.confirmMinutes,
            release_delay_minutes: settings.releaseDelayMinutes,
            cancel_until_hours: settings.cancelUntilHours,
            active: settings.active,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, auditEntry(actor, 'appointment.location.create', row.id, { slug }));
        return { ok: true as const, id: row.id };
      });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'appt_locations_tenant_id_slug_key') return { ok: false, reason: 'slug-taken' };
      throw error;
    }
  }

  /** Outcomes: ok, not-found, unit-invalid, grid-in-use (the slot grid cannot change while appointments are booked). */
  async function updateLocation(actor: StaffActor, locationId: string, settings: LocationSettings): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'unit-invalid' | 'grid-in-use'; count?: number }> {
    const current = await db.selectFrom('appt_locations').select(['slot_minutes']).where('tenant_id', '=', actor.tenantId).where('id', '=', locationId).executeTakeFirst();
    if (!current) return { ok: false, reason: 'not-found' };
    if (!(await unitBelongs(actor.tenantId, settings.unitId))) return { ok: false, reason: 'unit-invalid' };
    if (current.slot_minutes !== settings.slotMinutes) {
      const count = await futureClaims(db, actor.tenantId, locationId, now());
      if (count > 0) return { ok: false, reason: 'grid-in-use', count };
    }
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('appt_locations')
        .set({
          name: settings.name,
          address: settings.address,
          directions: settings.directions,
          unit_id: settings.unitId,
          slot_minutes: settings.slotMinutes,
          book_from_days: settings.bookFromDays,
          book_until_days: settings.bookUntilDays,
          hold_minutes: settings.holdMinutes,
          confirm_minutes: settings.confirmMinutes,
          release_delay_minutes: settings.releaseDelayMinutes,
          cancel_until_hours: settings.cancelUntilHours,
          active: settings.active,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', locationId)
        .execute();
      await audit(tx, auditEntry(actor, 'appointment.location.update', locationId, { ...settings }));
    });
    return { ok: true };
  }

  /** Replaces the Standort's bookable services (catalogue services of this tenant only). */
  async function setServices(actor: StaffActor, locationId: string, settings: readonly ServiceSetting[]): Promise<{ ok: true } | { ok: false; reason: 'service-invalid' }> {
    const ids = settings.map((s) => s.serviceId);
    if (ids.length) {
      const known = await db.selectFrom('portal_services').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', ids).execute();
      if (known.length !== new Set(ids).size) return { ok: false, reason: 'service-invalid' };
    }
    await db.transaction().execute(async (tx) => {
      for (const [position, s] of settings.entries()) {
        await tx
          .insertInto('appt_services')
          .values({ tenant_id: actor.tenantId, location_id: locationId, service_id: s.serviceId, minutes: s.minutes, max_quantity: s.maxQuantity, variants: s.variants, active: s.bookable, position })
          .onConflict((oc) => oc.columns(['tenant_id', 'location_id', 'service_id']).doUpdateSet({ minutes: s.minutes, max_quantity: s.maxQuantity, variants: s.variants, active: s.bookable, position }))
          .execute();
      }
      await audit(tx, auditEntry(actor, 'appointment.location.services', locationId, { bookable: settings.filter((s) => s.bookable).map((s) => s.serviceId) }));
    });
    return { ok: true };
  }

  async function addOpeningWindow(actor: StaffActor, locationId: string, w: OpeningWindow): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('appt_opening_hours')
        .values({ tenant_id: actor.tenantId, location_id: locationId, weekday: w.weekday, starts: w.starts, ends: w.ends, valid_from: w.validFrom, valid_until: w.validUntil, counters: w.counters, online: w.online, phone: w.phone })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(tx, auditEntry(actor, 'appointment.location.hours.add', locationId, { window: row.id, ...w }));
    });
  }

  /**
   * Ends an opening window: from `lastDay` on it no longer applies (history
   * stays for statistics and for bookings already made). A window that never
   * started is deleted.
   */
  async function endOpeningWindow(actor: StaffActor, locationId: string, windowId: string, lastDay: string): Promise<boolean> {
    return db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('appt_opening_hours').select(['valid_from', 'valid_until']).where('tenant_id', '=', actor.tenantId).where('location_id', '=', locationId).where('id', '=', windowId).executeTakeFirst();
      if (!row) return false;
      if (row.valid_from > lastDay) {
        await tx.deleteFrom('appt_opening_hours').where('tenant_id', '=', actor.tenantId).where('id', '=', windowId).execute();
      } else {
        await tx.updateTable('appt_opening_hours').set({ valid_until: row.valid_until && row.valid_until < lastDay ? row.valid_until : lastDay }).where('tenant_id', '=', actor.tenantId).where('id', '=', windowId).execute();
      }
      await audit(tx, auditEntry(actor, 'appointment.location.hours.end', locationId, { window: windowId, lastDay }));
      return true;
    });
  }

  async function removeClosure(actor: StaffActor, locationId: string, day: string): Promise<boolean> {
    return db.transaction().execute(async (tx) => {
      const result = await tx.deleteFrom('appt_closures').where('tenant_id', '=', actor.tenantId).where('location_id', '=', locationId).where('day', '=', day).executeTakeFirst();
      if (!Number(result.numDeletedRows)) return false;
      await audit(tx, auditEntry(actor, 'appointment.location.reopen_day', locationId, { day }));
      return true;
    });
  }

  const thenChanged =
    <A extends [StaffActor, ...unknown[]], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await change(...args);
      } finally {
        changed(args[0].tenantId);
      }
    };

  return {
    createLocation: thenChanged(createLocation),
    updateLocation: thenChanged(updateLocation),
    setServices: thenChanged(setServices),
    addOpeningWindow: thenChanged(addOpeningWindow),
    endOpeningWindow: thenChanged(endOpeningWindow),
    removeClosure: thenChanged(removeClosure),
  };
}
