/**
 * The daily hand-off to the finance system: every night the booking records
 * of the previous Berlin day are written per tenant as the same CSV file the
 * Stadtkasse downloads (see finance-export.ts), into
 * `DATA_DIR/exports/finanzen/<tenant>/zahlungen-<day>.csv`, where the finance
 * system's file interface picks them up. Days the job missed (server down)
 * are caught up, up to CATCH_UP_DAYS back; a day already written is left
 * alone, so the files never change under the finance system. The files of a
 * tenant begin with the day of its first payment (from then on every day has
 * a file, an empty one too). Each file written is audited.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audit } from '../../../core/audit/audit.ts';
import type { Services } from '../../../core/services.ts';
import { bookingTotals, financeCsv } from './finance-export.ts';
import { berlinDay } from './format.ts';
import { bookingsOfDay } from './staff.service.ts';

export const FINANCE_EXPORT_QUEUE = 'payments.finance-export';
/** 02:30 German time: after midnight, before the finance office starts. */
export const FINANCE_EXPORT_CRON = '30 2 * * *';
const CATCH_UP_DAYS = 14;
const DAY_MS = 86_400_000;

export const financeExportDir = (dataDir: string, tenantSlug: string): string => path.join(dataDir, 'exports', 'finanzen', tenantSlug);

/** The Berlin days before `now`, oldest first: yesterday and the CATCH_UP_DAYS - 1 days before it. */
function daysToExport(now: Date): string[] {
  const today = berlinDay(now);
  const days = new Set<string>();
  // Walking back in steps of whole days from noon avoids landing twice on a day around the clock change.
  const noon = new Date(`${today}T12:00:00Z`).getTime();
  for (let back = CATCH_UP_DAYS; back >= 1; back--) days.add(berlinDay(new Date(noon - back * DAY_MS)));
  days.delete(today);
  return [...days].sort();
}

/** Writes the files of the days not written yet; returns what was written. */
export async function exportFinanceDays(services: Services, now: Date = new Date()): Promise<{ tenant: string; day: string; file: string; rows: number }[]> {
  const written: { tenant: string; day: string; file: string; rows: number }[] = [];
  const t = services.translators.de;
  for (const tenant of await services.tenants.all()) {
    const first = await services.db.selectFrom('payment_events').select((eb) => eb.fn.min('at').as('at')).where('tenant_id', '=', tenant.id).executeTakeFirst();
    if (!first?.at) continue;
    const firstDay = berlinDay(new Date(first.at));
    const dir = financeExportDir(services.config.dataDir, tenant.slug);
    mkdirSync(dir, { recursive: true });
    for (const day of daysToExport(now).filter((d) => d >= firstDay)) {
      const file = path.join(dir, t('kasse.export.filename', { day }));
      if (existsSync(file)) continue;
      const bookings = await bookingsOfDay(services.db, tenant.id, day);
      // Written under another name first: the finance system never reads half a file.
      const partial = `${file}.part`;
      writeFileSync(partial, financeCsv(t, bookings));
      renameSync(partial, file);
      await audit(services.db, {
        tenantId: tenant.id,
        actorId: null,
        actorLabel: 'system',
        action: 'payment.export.scheduled',
        details: { day, file: path.basename(file), rows: bookings.length, ...bookingTotals(bookings) },
      });
      written.push({ tenant: tenant.slug, day, file, rows: bookings.length });
    }
  }
  return written;
}
