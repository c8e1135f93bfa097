/**
 * Read paths measured by the benchmarks (bench/): what a public list needs to
 * stay an index lookup on a full year's volume.
 *
 * - `council_public_agenda_items` numbered its rows (OParl's `order`) with a
 *   window over the whole tenant, so every join to one agenda item (a
 *   paper's consultations, a file's parents) computed the order of every item
 *   first. The order is now counted per row among the visible items of the
 *   same meeting (an index range on council_agenda_items_meeting), which lets
 *   a filter on the item's id reach the table. Same columns, same values.
 * - Derivative files are looked up by their master file.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create or replace view council_public_agenda_items as
  select a.*,
    (select count(*) from council_agenda_items b
       where b.tenant_id = a.tenant_id and b.meeting_id = a.meeting_id
         and b.public and b.deleted_at is null
         and (b.position < a.position or (b.position = a.position and b.id < a.id)))::integer as oparl_order
  from council_agenda_items a
  join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null
  where a.public and a.deleted_at is null;

create index council_files_master on council_files (tenant_id, master_file_id) where master_file_id is not null;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are never rolled back; restore a backup instead.');
}
