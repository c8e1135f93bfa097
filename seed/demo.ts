/**
 * Demo data: two fictional municipalities, so tenant isolation is always
 * exercised. The AGS use Kreis numbers that do not exist (…99…), so they cannot
 * be mistaken for a real municipality. Runs only against an empty database.
 */
import type { Db } from '../src/core/db/database.ts';
import type { StaffRole } from '../src/core/db/tables.ts';
import { hashPassword } from '../src/core/auth/passwords.ts';
import { musterstadt, beispielhausen, type DemoTenant } from './tenants.ts';
import { seedServices } from './services.ts';
import { seedPickupDistricts } from './pickup.ts';
import { seedAppointments } from './appointments.ts';
import { seedReports } from './reports.ts';
import { seedCouncil } from './council.ts';
import type { FileStore } from '../src/core/files/file-store.ts';

/** The password of every demo account (documented in the README). */
export const DEMO_PASSWORD = 'Rathaus-Demo-2026';

async function seedTenant(db: Db, demo: DemoTenant, passwordHash: string): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const tenant = await tx
      .insertInto('tenants')
      .values({
        slug: demo.slug,
        name: demo.name,
        ags: demo.ags,
        bundesland: demo.bundesland,
        hostnames: demo.hostnames,
        is_default: demo.isDefault,
        contact: JSON.stringify(demo.contact),
        branding: JSON.stringify({}),
        imprint: demo.imprint,
        privacy: demo.privacy,
        accessibility: demo.accessibility,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (demo.branding.primaryColor) {
      await tx.insertInto('tenant_settings').values({ tenant_id: tenant.id, key: 'branding.primaryColor', value: JSON.stringify(demo.branding.primaryColor) }).execute();
    }
    for (const [key, value] of Object.entries(demo.settings ?? {})) {
      await tx.insertInto('tenant_settings').values({ tenant_id: tenant.id, key, value: JSON.stringify(value) }).execute();
    }
    const unitIds = new Map<string, string>();
    for (const unit of demo.units) {
      const row = await tx
        .insertInto('org_units')
        .values({ tenant_id: tenant.id, ...unit })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.set(unit.slug, row.id);
    }
    const unitId = (slug: string): string => {
      const id = unitIds.get(slug);
      if (!id) throw new Error(`demo seed: unknown unit ${slug}`);
      return id;
    };
    for (const user of demo.staff) {
      const row = await tx
        .insertInto('staff_users')
        .values({ tenant_id: tenant.id, email: user.email, display_name: user.name, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      const roles: { role: StaffRole; unit: string | null }[] = user.roles;
      await tx
        .insertInto('staff_roles')
        .values(roles.map((r) => ({ tenant_id: tenant.id, user_id: row.id, role: r.role, unit_id: r.unit ? unitId(r.unit) : null })))
        .execute();
    }
    await tx
      .insertInto('contact_topics')
      .values(
        demo.contactTopics.map((topic, index) => ({
          tenant_id: tenant.id,
          slug: topic.slug,
          label_de: topic.de,
          label_en: topic.en,
          unit_id: unitId(topic.unit),
          position: index,
        })),
      )
      .execute();
    await seedServices(tx, tenant.id, demo.slug);
    await seedPickupDistricts(tx, tenant.id, demo.slug);
    await seedAppointments(tx, tenant.id, demo.slug, unitId);
    await seedReports(tx, tenant.id, demo.slug, unitId);
    return tenant.id;
  });
}

/**
 * Seeds both demo municipalities. Returns false (and does nothing) if any
 * tenant exists. `files` is the file store the demo documents (council PDFs)
 * go to; `now` anchors the demo council's year of meetings. `council: false`
 * leaves the council out (its ~300 generated PDFs are most of the seed's
 * half minute), for runs that do not read it, such as the fault drills.
 */
export async function seedDemo(db: Db, files: FileStore, now: Date = new Date(), options: { council?: boolean } = {}): Promise<boolean> {
  const existing = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of [musterstadt, beispielhausen]) {
    const tenantId = await seedTenant(db, demo, passwordHash);
    if (options.council === false) continue;
    const invitationDays = Number(demo.settings?.['council.invitationDays'] ?? 7);
    await seedCouncil(db, files, { id: tenantId, slug: demo.slug as 'musterstadt' | 'beispielhausen', name: demo.name, ags: demo.ags, invitationDays, passwordHash }, now);
  }
  return true;
}
