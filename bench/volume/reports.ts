/**
 * Mängelmeldungen as reports.service.ts `submit` and the staff commands
 * (report-commands.ts) leave them: each report is a Vorgang of type `report`
 * (reference MM-…) at its category's unit with a deadline in working days,
 * the report row (location inside the municipality, description, answers to
 * the category's questions, channel, publication), its public timeline
 * (report_updates), the case history (status + report_updated events) and
 * the audit entries of the clerks' state changes. Closed reports carry the
 * reopen window and sometimes the reporter's feedback; reports past the
 * retention period are stored as the retention job leaves them (reporter
 * data gone, published text kept).
 *
 * No photos (most reports have none; files would cost disk, not rows), no
 * followers, contractor orders or merged duplicates, no mails.
 */
import { sql } from 'kysely';
import type { CategoryAttribute } from '../../src/modules/reports/schema.ts';
import { parseBounds } from '../../src/modules/reports/model/geo.ts';
import { addDays, berlinDay, berlinInstant } from '../../src/core/time/berlin.ts';
import { workingDaysDeadline } from '../../src/core/time/working-days.ts';
import { run, clerksByUnit, clerksJson, personSql, referenceNumber, seriesOf, setting, u, type Chunk, type SectionContext } from './common.ts';

/** Share of the reports per category code (others: 3). */
const CATEGORY_WEIGHTS: Record<string, number> = { schlagloch: 24, muell: 20, beleuchtung: 16, gruenflaeche: 11, verkehrszeichen: 7, spielplatz: 4, graffiti: 8, winterdienst: 8, sonstiges: 6 };

const DESCRIPTIONS: Record<string, string[]> = {
  schlagloch: ['Tiefes Schlagloch auf der Fahrbahn, Radfahrer müssen ausweichen.', 'Gehwegplatten sind abgesackt, Stolpergefahr.', 'Riss im Asphalt wird nach jedem Regen größer.', 'Absenkung am Kanaldeckel, es scheppert bei jedem Auto.'],
  beleuchtung: ['Die Laterne vor dem Haus brennt seit Tagen nicht.', 'Straßenlaterne flackert die ganze Nacht.', 'Laterne brennt auch tagsüber.', 'Lampenkopf hängt schief und ist beschädigt.'],
  muell: ['Am Glascontainer wurden Säcke mit Hausmüll abgestellt.', 'Alte Matratze und Möbel am Waldrand abgelegt.', 'Mehrere Autoreifen im Gebüsch neben dem Parkplatz.', 'Farbeimer und Kanister an der Bushaltestelle abgestellt.'],
  gruenflaeche: ['Ein großer Ast hängt abgebrochen über dem Gehweg.', 'Hecke wächst weit in den Radweg hinein.', 'Baum nach dem Sturm umgestürzt, der Weg ist versperrt.', 'Rasenfläche am Spielplatz seit Wochen nicht gemäht.'],
  spielplatz: ['Die Schaukel ist gerissen, eine Kette fehlt.', 'Glasscherben im Sandkasten.', 'Rutsche hat eine scharfe Kante.', 'Zaun am Spielplatz ist umgedrückt, Kinder laufen auf die Straße.'],
  verkehrszeichen: ['Stoppschild ist umgefahren worden.', 'Verkehrszeichen ist verdreht und zeigt in die falsche Richtung.', 'Ampel für Fußgänger schaltet nicht mehr auf Grün.', 'Schild ist von Ästen verdeckt und nicht zu sehen.'],
  graffiti: ['Schmierereien an der Unterführung.', 'Graffiti an der Wand der Turnhalle.', 'Beleidigende Parolen an der Bushaltestelle.'],
  winterdienst: ['Der Gehweg ist nicht geräumt und spiegelglatt.', 'Die Straße zum Ortsteil ist nicht gestreut.', 'Schneehaufen versperren die Bushaltestelle.'],
  sonstiges: ['Ein Gullydeckel klappert laut bei jeder Überfahrt.', 'Wasser läuft aus einem Hydranten.', 'Eine Parkbank ist zerbrochen.', 'Ein Briefkasten der Stadt ist aufgebrochen.'],
};

const STREETS = ['Marktplatz', 'Lindenstraße', 'Kirchgasse', 'Bahnhofstraße', 'Nordring', 'Brückenstraße', 'Parkstraße', 'Industriestraße', 'Am Wiesenweg', 'Schulstraße', 'Gartenweg', 'Mühlenstraße', 'Hauptstraße', 'Birkenallee', 'Am Sportplatz', 'Feldweg'];

/** A few plausible answer sets for a category's questions (Open311 attributes). */
function attributeVariants(attributes: readonly CategoryAttribute[]): Record<string, string | string[]>[] {
  const variants: Record<string, string | string[]>[] = [];
  for (let k = 0; k < 4; k++) {
    const answers: Record<string, string | string[]> = {};
    for (const a of attributes) {
      const values = a.values ?? [];
      if (a.datatype === 'singlevaluelist' && values.length && (a.required || k % 2 === 0)) answers[a.code] = (values[k % values.length] as { key: string }).key;
      else if (a.datatype === 'multivaluelist' && values.length && (a.required || k % 2 === 0)) answers[a.code] = [(values[k % values.length] as { key: string }).key];
      else if (a.datatype === 'string' && k === 1) answers[a.code] = `L ${1200 + k * 37}`;
    }
    variants.push(answers);
  }
  return variants;
}

/** Deadline (working days, the tenant's holidays) per Berlin day of receipt and number of days. */
function deadlines(now: Date, days: readonly number[], land: SectionContext['tenant']['bundesland']): { day: string; days: number; due: string }[] {
  const today = berlinDay(now);
  const out: { day: string; days: number; due: string }[] = [];
  for (let back = 0; back <= 731; back++) {
    const day = addDays(today, -back);
    const noon = berlinInstant(day, '12:00') as Date;
    for (const n of days) out.push({ day, days: n, due: workingDaysDeadline(noon, n, land).toISOString() });
  }
  return out;
}

/** Adds the reports `chunk` numbers (of all the tenant's volume reports, spread over the last two years); returns rows written per table. */
export async function seedReports(ctx: SectionContext, chunk: Chunk): Promise<Record<string, number>> {
  const { tx, tenant, now } = ctx;
  const n = chunk.count;
  if (n <= 0) return { reports: 0 };
  const categories = await tx.selectFrom('report_categories').selectAll().where('tenant_id', '=', tenant.id).where('active', '=', true).orderBy('position').execute();
  if (categories.length === 0) return { reports: 0 };
  const bounds = parseBounds(await setting<string>(tx, tenant.id, 'reports.bounds'));
  if (!bounds) throw new Error(`volume seed: ${tenant.slug} has no reports.bounds`);
  const review = await setting<boolean>(tx, tenant.id, 'reports.reviewBeforePublish');
  const retentionDays = await setting<number>(tx, tenant.id, 'reports.retentionDays');
  const reopenDays = await setting<number>(tx, tenant.id, 'reports.reopenDays');
  const clerks = clerksJson(await clerksByUnit(tx, tenant.id));

  const weights = categories.map((c) => CATEGORY_WEIGHTS[c.code] ?? 3);
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cats = categories.map((c, k) => {
    const lo = acc / sum;
    acc += weights[k] as number;
    return {
      id: c.id,
      code: c.code,
      name_de: c.name_de,
      unit_id: c.unit_id,
      deadline_days: c.deadline_days,
      descriptions: DESCRIPTIONS[c.code] ?? DESCRIPTIONS.sonstiges,
      attrs: attributeVariants(c.attributes),
      lo,
      hi: k === categories.length - 1 ? 1.0000001 : acc / sum,
    };
  });
  const due = deadlines(now, [...new Set(categories.map((c) => c.deadline_days))], tenant.bundesland);
  const person = personSql(`report:${tenant.slug}`, sql`b.i`);
  const at = sql`${now}::timestamptz`;

  await run(ctx, 'create vol_cats', sql`create temp table vol_cats on commit drop as select * from jsonb_to_recordset(${JSON.stringify(cats)}::jsonb) as x(
    id uuid, code text, name_de text, unit_id uuid, deadline_days int, descriptions text[], attrs jsonb, lo float8, hi float8)`);
  await run(ctx, 'create vol_due', sql`create temp table vol_due on commit drop as select * from jsonb_to_recordset(${JSON.stringify(due)}::jsonb) as x(day date, days int, due timestamptz)`);
  await run(ctx, 'index vol_due', sql`create unique index on vol_due (day, days)`);
  await run(ctx, 'create vol_clerks', sql`create temp table vol_clerks on commit drop as select * from jsonb_to_recordset(${clerks}::jsonb) as x(unit_id uuid, ids uuid[], names text[])`);
  await run(ctx, 'analyze lookups', sql`analyze vol_cats, vol_due, vol_clerks`);

  await run(ctx, 'create vol_rep', sql`
create temp table vol_rep on commit drop as
with b as (
  select i, md5('rep1:' || ${tenant.id}::text || ':' || i) as m1, md5('rep2:' || ${tenant.id}::text || ':' || i) as m2,
            md5('rep3:' || ${tenant.id}::text || ':' || i) as m3, md5('rep4:' || ${tenant.id}::text || ':' || i) as m4
  from ${seriesOf(chunk)}
), r as materialized (
  select b.i, ${u('m1', 0)} as r_cat, ${u('m1', 1)} as r_age, ${u('m1', 2)} as r_time, ${u('m1', 3)} as r_state,
         ${u('m2', 0)} as r_lat, ${u('m2', 1)} as r_lng, ${u('m2', 2)} as r_lat2, ${u('m2', 3)} as r_lng2,
         ${u('m3', 0)} as r_d1, ${u('m3', 1)} as r_close, ${u('m3', 2)} as r_contact, ${u('m3', 3)} as r_clerk,
         ${u('m4', 0)} as r_source, ${u('m4', 1)} as r_pub, ${u('m4', 2)} as r_text, ${u('m4', 3)} as r_extra,
         ${person.given} as given, ${person.family} as family, ${person.email} as email
  from b
), a as materialized (
  -- More reports recently than two years ago (the Mängelmelder became known), times of day while people are out.
  select r.*, c.id as category_id, c.code, c.name_de, c.unit_id, c.deadline_days,
         c.descriptions[1 + floor(r.r_text * cardinality(c.descriptions))::int] as description,
         c.attrs -> floor(r.r_pub * jsonb_array_length(c.attrs))::int as attributes,
         floor(730 * power(r.r_age, 1.25))::int as age_days,
         least(((((${at} at time zone 'Europe/Berlin')::date - floor(730 * power(r.r_age, 1.25))::int) + interval '6 hours' + r.r_time * interval '16 hours') at time zone 'Europe/Berlin'), ${at} - interval '5 minutes') as requested_at
  from r join vol_cats c on r.r_cat >= c.lo and r.r_cat < c.hi
), st as (
  select a.*,
    case
      when age_days < 2 then case when r_state < 0.70 then 'received' else 'in_progress' end
      when age_days < 14 then case when r_state < 0.25 then 'received' when r_state < 0.60 then 'in_progress' when r_state < 0.90 then 'fixed' when r_state < 0.95 then 'referred' else 'rejected' end
      when age_days < 60 then case when r_state < 0.05 then 'received' when r_state < 0.20 then 'in_progress' when r_state < 0.85 then 'fixed' when r_state < 0.93 then 'referred' else 'rejected' end
      else case when r_state < 0.01 then 'received' when r_state < 0.04 then 'in_progress' when r_state < 0.84 then 'fixed' when r_state < 0.93 then 'referred' else 'rejected' end
    end as state,
    extract(epoch from ${at} - a.requested_at)::float8 as span,
    -- Most reports carry a point; some only an address (typed without the map).
    case when r_contact > 0.97 then null else ${bounds.minLat}::float8 + (${bounds.maxLat}::float8 - ${bounds.minLat}::float8) * (r_lat + r_lat2) / 2 end as lat,
    case when r_contact > 0.97 then null else ${bounds.minLng}::float8 + (${bounds.maxLng}::float8 - ${bounds.minLng}::float8) * (r_lng + r_lng2) / 2 end as lng,
    case when r_extra < 0.65 or r_contact > 0.97 then (${STREETS}::text[])[1 + floor(r_text * ${STREETS.length}::int)::int] || ' ' || (1 + a.i % 60) else '' end as address
  from a
), t as (
  select st.*, st.state in ('fixed', 'referred', 'rejected') as closed,
    case when st.state <> 'received' then st.requested_at + make_interval(secs => least((0.05 + 2 * r_d1) * 86400, span * 0.3)) end as t1,
    case when st.state in ('fixed', 'referred', 'rejected') then st.requested_at + make_interval(secs => least((0.3 + 2 * r_d1 + st.deadline_days * 1.5 * r_close) * 86400, span * 0.9)) end as t_close,
    case when st.address <> '' then st.address else round(st.lat::numeric, 5)::text || ', ' || round(st.lng::numeric, 5)::text end as place
  from st
)
select t.i, gen_random_uuid() as id, gen_random_uuid() as case_id, t.category_id, t.code, t.name_de, t.unit_id, t.state, t.closed, t.requested_at, t.t1, t.t_close,
  t.lat, t.lng, t.address, t.place, t.age_days,
  pg_temp.vol_ref('MM', ${referenceNumber(sql`t.i`, tenant.id, 'report')}) as reference,
  t.description, t.attributes,
  case when t.r_source < 0.85 then 'web' when t.r_source < 0.97 then 'open311' else 'staff' end as source,
  case
    when ${review}::boolean and t.state = 'received' and t.age_days < 3 and t.r_pub < 0.8 then 'pending'
    when t.state = 'rejected' and t.r_pub < 0.3 then 'hidden'
    when t.r_pub < case when ${review}::boolean then 0.06 else 0.03 end then 'hidden'
    else 'published'
  end as publication,
  case t.state when 'referred' then 'Zuständig ist der Landesbetrieb Straßenbau; wir haben Ihre Meldung dorthin weitergeleitet.'
               when 'rejected' then 'Die gemeldete Stelle liegt auf privatem Grund; die Stadt kann hier nicht tätig werden.' end as state_reason,
  case t.state when 'received' then 'received' when 'in_progress' then 'in_progress' when 'rejected' then 'rejected' else 'completed' end as case_status,
  case when t.r_contact < 0.65 then t.email end as email,
  case when t.r_contact < 0.40 then t.given || ' ' || t.family end as name,
  case when t.state = 'received' then null else c.ids[1 + floor(t.r_clerk * cardinality(c.ids))::int] end as assignee_id,
  case when t.state = 'received' then null else c.names[1 + floor(t.r_clerk * cardinality(c.names))::int] end as assignee_name,
  d.due as due_at,
  case when t.state = 'fixed' and t.r_extra > 0.88 then 1 + floor(power(t.r_clerk, 0.5) * 5)::int end as feedback_score,
  case when t.r_time < 0.03 then 'en' else 'de' end as locale,
  t.r_d1 < 0.35 as public_comment
from t
join vol_clerks c on c.unit_id = t.unit_id
join vol_due d on d.day = (t.requested_at at time zone 'Europe/Berlin')::date and d.days = t.deadline_days`);

  await run(ctx, 'drop taken references', sql`delete from vol_rep v where exists (select 1 from cases c where c.tenant_id = ${tenant.id}::uuid and c.reference = v.reference)`);
  await run(ctx, 'keep n', sql`delete from vol_rep where i not in (select i from vol_rep order by i limit ${n}::int)`);
  await run(ctx, 'alter vol_rep', sql`alter table vol_rep add column retention_until timestamptz, add column anonymised boolean`);
  await run(ctx, 'update vol_rep', sql`update vol_rep set retention_until = t_close + make_interval(days => ${retentionDays}::int), anonymised = coalesce(t_close + make_interval(days => ${retentionDays}::int) < ${at}, false)`);

  const cases = await run(ctx, 'cases', sql`
insert into cases (tenant_id, id, reference, type, status, unit_id, assignee_id, subject, data, contact, locale, access_salt, access_token_hash,
                   idempotency_key, due_at, retention_until, created_at, updated_at, closed_at, anonymised_at)
select ${tenant.id}::uuid, v.case_id, v.reference, 'report', v.case_status, v.unit_id, v.assignee_id,
  case when v.anonymised then '' else left(v.name_de || ': ' || v.place, 200) end,
  case when v.anonymised then '{}'::jsonb else jsonb_build_object('category', v.name_de, 'categoryCode', v.code, 'place', v.place, 'source', v.source) end,
  case when v.anonymised then '{}'::jsonb else jsonb_strip_nulls(jsonb_build_object('name', v.name, 'email', v.email)) end,
  v.locale, substr(md5('salt:' || v.case_id::text), 1, 16), encode(sha256(convert_to('volume-access:' || v.case_id::text, 'UTF8')), 'hex'),
  'volume:report:' || v.i, v.due_at, v.retention_until, v.requested_at, coalesce(v.t_close, v.t1, v.requested_at), v.t_close,
  case when v.anonymised then v.retention_until end
from vol_rep v order by v.case_id`);

  const reports = await run(ctx, 'reports', sql`
insert into reports (tenant_id, id, case_id, reference, category_id, state, state_reason, lat, lng, address, description, public_description, attributes,
                     source, publication, token, reporter_key, reopen_until, feedback_score, feedback_at, requested_at, updated_at, closed_at, due_at)
select ${tenant.id}::uuid, v.id, v.case_id, v.reference, v.category_id, v.state, v.state_reason, v.lat, v.lng, v.address,
  case when v.anonymised and v.publication <> 'published' then '–' else v.description end, null,
  case when v.anonymised and v.publication <> 'published' then '{}'::jsonb else coalesce(v.attributes, '{}'::jsonb) end,
  v.source, v.publication, md5('token:' || v.id::text),
  case when v.email is not null and not v.anonymised then encode(sha256(convert_to('volume-reporter:' || v.email, 'UTF8')), 'hex') end,
  case when v.closed then v.t_close + make_interval(days => ${reopenDays}::int) end,
  v.feedback_score, case when v.feedback_score is not null then v.t_close + (${at} - v.t_close) / 4 end,
  v.requested_at, coalesce(v.t_close, v.t1, v.requested_at), v.t_close, v.due_at
from vol_rep v order by v.requested_at`);

  const updates = await run(ctx, 'updates', sql`
insert into report_updates (tenant_id, report_id, state, body, kind, created_at)
select ${tenant.id}::uuid, v.id, e.state, e.body, e.kind, e.at
from vol_rep v cross join lateral (values
  (true, 'received', null, 'created', v.requested_at),
  (v.t1 is not null, 'in_progress', case when v.public_comment then 'Vielen Dank für Ihre Meldung. Wir haben den Auftrag an unseren Bauhof gegeben.' end, 'state', v.t1),
  (v.closed, v.state, coalesce(v.state_reason, case when v.public_comment then 'Der gemeldete Mangel ist behoben. Vielen Dank für Ihre Mithilfe!' end), 'state', v.t_close)
) as e(applies, state, body, kind, at)
where e.applies
order by v.id, e.at`);

  const events = await run(ctx, 'events', sql`
insert into case_events (tenant_id, case_id, kind, actor_type, actor_id, from_status, to_status, body, visible_to_citizen, created_at)
select ${tenant.id}::uuid, v.case_id, e.kind, e.actor_type, e.actor_id, e.from_status, e.to_status, case when v.anonymised then null else e.body end, e.visible, e.at
from vol_rep v cross join lateral (values
  (true, 'created', 'system', null::uuid, null, 'received', null, true, v.requested_at),
  (v.t1 is not null, 'status', 'staff', v.assignee_id, 'received', 'in_progress', null, true, v.t1),
  (v.t1 is not null, 'report_updated', 'staff', v.assignee_id, null, null, 'Stand: Eingegangen → In Bearbeitung', false, v.t1),
  (v.closed, 'status', 'staff', v.assignee_id, 'in_progress', v.case_status, null, true, v.t_close),
  (v.closed, 'report_updated', 'staff', v.assignee_id, null, null,
     'Stand: In Bearbeitung → ' || case v.state when 'fixed' then 'Erledigt' when 'referred' then 'Nicht zuständig / weitergeleitet' else 'Abgelehnt' end
       || coalesce(E'\nÖffentlich: ' || v.state_reason, ''), false, v.t_close)
) as e(applies, kind, actor_type, actor_id, from_status, to_status, body, visible, at)
where e.applies
order by v.case_id, e.at`);

  const auditRows = await run(ctx, 'auditRows', sql`
insert into audit_log (tenant_id, at, actor_id, actor_label, action, object_type, object_id, details)
select ${tenant.id}::uuid, e.at, v.assignee_id, v.assignee_name, 'report.state', 'case', v.case_id::text,
  jsonb_build_object('reportId', v.id, 'from', e.from_state, 'to', e.to_state, 'comment', e.to_state in ('referred', 'rejected'), 'note', false)
from vol_rep v cross join lateral (values
  (v.t1 is not null, v.t1, 'received', 'in_progress'),
  (v.closed, v.t_close, 'in_progress', v.state)
) as e(applies, at, from_state, to_state)
where e.applies
order by v.case_id::text, e.at`);

  await run(ctx, 'drop temp tables', sql`drop table vol_rep, vol_cats, vol_due, vol_clerks`);
  return { reports: reports, reportCases: cases, reportUpdates: updates, reportEvents: events, reportAudit: auditRows };
}
