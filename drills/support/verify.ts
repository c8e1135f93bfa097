/**
 * Looking into the drill's database afterwards: is every acknowledged write
 * there, and in what state is the mail outbox.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase, type DatabaseHandle } from '../../src/core/db/database.ts';
import { APP_DATABASE } from './template.ts';

/** URL of the app's database on the embedded server in `<dataDir>/postgres` (port and password from postgres.json). */
export function embeddedUrl(dataDir: string): string {
  const info = JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number; password: string };
  return `postgres://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${APP_DATABASE}`;
}

export function openDatabase(url: string): DatabaseHandle {
  return connectDatabase(url, { max: 2, applicationName: 'rathaus-drill' });
}

export interface Missing {
  checked: number;
  missing: string[];
}

/** Acknowledged writes by kind → those not in the database. Applications by draft id: the draft must point at an existing Vorgang. */
export async function findMissing(handle: DatabaseHandle, tenantId: string, acked: { applications: string[]; bookings: string[]; reports: string[] }): Promise<{ applications: Missing; bookings: Missing; reports: Missing }> {
  const { db } = handle;
  const present = async (ids: string[], query: (ids: string[]) => Promise<string[]>): Promise<Missing> => {
    if (ids.length === 0) return { checked: 0, missing: [] };
    const found = new Set(await query(ids));
    return { checked: ids.length, missing: ids.filter((id) => !found.has(id)) };
  };
  return {
    applications: await present(acked.applications, async (ids) =>
      (
        await db
          .selectFrom('portal_drafts as d')
          .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.id', '=', 'd.case_id'))
          .select('d.id')
          .where('d.tenant_id', '=', tenantId)
          .where('d.id', 'in', ids)
          .execute()
      ).map((r) => r.id),
    ),
    bookings: await present(acked.bookings, async (ids) => (await db.selectFrom('appt_bookings').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()).map((r) => r.id)),
    reports: await present(acked.reports, async (ids) => (await db.selectFrom('reports').select('reference').where('tenant_id', '=', tenantId).where('reference', 'in', ids).execute()).map((r) => r.reference)),
  };
}

export interface MailRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** The outbox rows of mails to these addresses. */
export async function mailsTo(handle: DatabaseHandle, addresses: string[]): Promise<MailRow[]> {
  if (addresses.length === 0) return [];
  return handle.db.selectFrom('mails').select(['id', 'status', 'attempts', 'last_error']).where('to_address', 'in', addresses).execute();
}
