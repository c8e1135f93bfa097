/**
 * The ordered list of migrations. Listed statically (not read from disk) so the
 * production bundle carries them. Append only; never edit a landed migration.
 */
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_core.ts';
import * as m0002 from './0002_contact.ts';
import * as m0003 from './0003_portal_catalog.ts';
import * as m0004 from './0004_portal_applications.ts';
import * as m0005 from './0005_portal_pickup.ts';
import * as m0006 from './0006_api_keys.ts';
import * as m0007 from './0007_service_processing.ts';
import * as m0008 from './0008_payments.ts';
import * as m0009 from './0009_fee_exemptions.ts';
import * as m0010 from './0010_antibot.ts';
import * as m0011 from './0011_appointments.ts';
import * as m0012 from './0012_reports.ts';
import * as m0013 from './0013_council.ts';
import * as m0015 from './0015_read_paths.ts';
import * as m0016 from './0016_file_sweep.ts';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_contact': m0002,
  '0003_portal_catalog': m0003,
  '0004_portal_applications': m0004,
  '0005_portal_pickup': m0005,
  '0006_api_keys': m0006,
  '0007_service_processing': m0007,
  '0008_payments': m0008,
  '0009_fee_exemptions': m0009,
  '0010_antibot': m0010,
  '0011_appointments': m0011,
  '0012_reports': m0012,
  '0013_council': m0013,
  '0015_read_paths': m0015,
  '0016_file_sweep': m0016,
};
