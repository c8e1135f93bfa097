/**
 * Online applications (Anträge) as the portal leaves them: a Vorgang of type
 * `antrag.<form>` in the service's unit with the form's answers and fees
 * (submit-application.ts), the privacy consent, and the history the inbox,
 * the case page and the statistics read — created, claimed, in progress,
 * sometimes a Rückfrage with the citizen's answer, then done or rejected —
 * with the audit entries the staff commands write. Closed cases carry their
 * retention date; a case past it is stored as the retention job leaves it.
 *
 * Left out on purpose: uploaded files (answers of file fields are dropped),
 * payments, sent mails, drafts, and the Sperrmüll form (its pickup days
 * are a capacity of their own, which the volume leaves untouched).
 */
import { sql } from 'kysely';
import { getService } from '../../src/modules/portal/catalog/catalog.service.ts';
import { totalCents } from '../../src/modules/portal/applications/fees.ts';
import { pickupField } from '../../src/modules/portal/applications/submit-application.ts';
import { getForm, pruneAnswers, sampleAnswers, type Answers } from '../../src/modules/portal/forms/engine.ts';
import { berlinDay } from '../../src/core/time/berlin.ts';
import { run, clerksByUnit, clerksJson, personSql, referenceNumber, seriesOf, setting, u, type SectionContext } from './common.ts';

/** How often each online service is used, relative to the others (a small town's mix). */
const SERVICE_WEIGHTS: Record<string, number> = {
  meldebescheinigung: 22,
  briefwahl: 14,
  fuehrungszeugnis: 12,
  wohnungsgeberbestaetigung: 9,
  geburtsurkunde: 8,
  sterbeurkunde: 4,
  eheurkunde: 3,
  melderegisterauskunft: 5,
  gewerbeanmeldung: 5,
  gewerbeummeldung: 2,
  gewerbeabmeldung: 3,
  'abmeldung-ausland': 2,
  hundeanmeldung: 4,
  gartenwasserzaehler: 3,
};

/** Answers without uploads: the volume stores no files, and a file reference must point at one. */
function withoutFiles(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.filter((v) => !(v && typeof v === 'object' && 'fileId' in v)).map(withoutFiles);
    return kept;
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutFiles(v)]));
  return value;
}

interface ServiceRow {
  slug: string;
  form_id: string;
  form_version: number;
  prefix: string;
  unit_id: string;
  title: string;
  answers: Answers;
  given_field: string | null;
  family_field: string | null;
  name_field: string | null;
  email_field: string | null;
  fees: { lines: unknown; totalCents: number };
  retention_days: number;
  lo: number;
  hi: number;
}

async function servicesOf(ctx: SectionContext): Promise<ServiceRow[]> {
  const { tx, tenant, now } = ctx;
  const today = berlinDay(now);
  const defaultRetention = await setting<number>(tx, tenant.id, 'cases.applicationRetentionDays');
  const rows = await tx
    .selectFrom('portal_services')
    .select(['slug', 'form_id', 'case_retention_days'])
    .where('tenant_id', '=', tenant.id)
    .where('active', '=', true)
    .where('form_id', 'is not', null)
    .orderBy('position')
    .execute();
  const out: Omit<ServiceRow, 'lo' | 'hi'>[] = [];
  const weights: number[] = [];
  for (const row of rows) {
    const form = getForm(row.form_id as string);
    const service = await getService(tx, tenant.id, row.slug);
    if (!form || !service || pickupField(form)) continue;
    const answers = withoutFiles(pruneAnswers(form, sampleAnswers(form.id, today))) as Answers;
    out.push({
      slug: row.slug,
      form_id: form.id,
      form_version: form.version,
      prefix: form.prefix,
      unit_id: service.unitId,
      title: service.title,
      answers,
      given_field: form.contact?.givenName ?? null,
      family_field: form.contact?.familyName ?? null,
      name_field: form.contact?.name ?? null,
      email_field: form.contact?.email ?? null,
      fees: { lines: service.fees, totalCents: totalCents(service, { form, answers }) },
      retention_days: row.case_retention_days ?? defaultRetention,
    });
    weights.push(SERVICE_WEIGHTS[form.id] ?? 2);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return out.map((s, k) => {
    const lo = acc / sum;
    acc += weights[k] as number;
    return { ...s, lo, hi: k === out.length - 1 ? 1.0000001 : acc / sum };
  });
}

/** Adds `n` applications for the tenant; returns the rows written per table. */
export async function seedApplications(ctx: SectionContext, n: number): Promise<Record<string, number>> {
  const { tx, tenant, now } = ctx;
  if (n <= 0) return { applications: 0 };
  const services = await servicesOf(ctx);
  if (services.length === 0) return { applications: 0 };
  const dueDays = await setting<number>(tx, tenant.id, 'cases.contactDueDays');
  const privacyVersion = await setting<string>(tx, tenant.id, 'privacy.noticeVersion');
  const clerks = clerksJson(await clerksByUnit(tx, tenant.id));
  const person = personSql(`app:${tenant.slug}`, sql`b.i`);
  const at = sql`${now}::timestamptz`;

  await run(ctx, 'create vol_services', sql`create temp table vol_services on commit drop as select * from jsonb_to_recordset(${JSON.stringify(services)}::jsonb) as x(
    slug text, form_id text, form_version int, prefix text, unit_id uuid, title text, answers jsonb, given_field text, family_field text, name_field text, email_field text, fees jsonb, retention_days int, lo float8, hi float8)`);
  await run(ctx, 'create vol_clerks', sql`create temp table vol_clerks on commit drop as select * from jsonb_to_recordset(${clerks}::jsonb) as x(unit_id uuid, ids uuid[], names text[])`);

  // Candidates: a few more than needed, so references already taken (by the demo) can be dropped.
  await run(ctx, 'create vol_app', sql`
create temp table vol_app on commit drop as
with b as (
  select i, md5('app1:' || ${tenant.id}::text || ':' || i) as m1, md5('app2:' || ${tenant.id}::text || ':' || i) as m2
  from ${seriesOf({ from: 0, count: n })}
), r as materialized (
  select b.i, ${u('m1', 0)} as r_service, ${u('m1', 1)} as r_age, ${u('m1', 2)} as r_time, ${u('m1', 3)} as r_status,
         ${u('m2', 0)} as r_d1, ${u('m2', 1)} as r_close, ${u('m2', 2)} as r_ask, ${u('m2', 3)} as r_clerk,
         ${person.given} as given, ${person.family} as family, ${person.email} as email
  from b
), a as materialized (
  select r.*, s.slug, s.form_id, s.form_version, s.prefix, s.unit_id, s.title, s.answers, s.given_field, s.family_field, s.name_field, s.email_field, s.fees, s.retention_days,
         floor(365 * r.r_age)::int as age_days,
         least(((((${at} at time zone 'Europe/Berlin')::date - floor(365 * r.r_age)::int) + interval '7 hours' + r.r_time * interval '16 hours') at time zone 'Europe/Berlin'), ${at} - interval '10 minutes') as created_at
  from r join vol_services s on r.r_service >= s.lo and r.r_service < s.hi
), st as (
  select a.*,
    case
      when age_days < 3 then case when r_status < 0.75 then 'received' when r_status < 0.95 then 'in_progress' else 'completed' end
      when age_days < 14 then case when r_status < 0.30 then 'received' when r_status < 0.70 then 'in_progress' when r_status < 0.80 then 'awaiting_citizen' when r_status < 0.97 then 'completed' else 'rejected' end
      when age_days < 60 then case when r_status < 0.05 then 'received' when r_status < 0.20 then 'in_progress' when r_status < 0.25 then 'awaiting_citizen' when r_status < 0.93 then 'completed' else 'rejected' end
      else case when r_status < 0.02 then 'in_progress' when r_status < 0.03 then 'awaiting_citizen' when r_status < 0.92 then 'completed' else 'rejected' end
    end as status,
    extract(epoch from ${at} - a.created_at) as span
  from a
), t as (
  select st.*, st.status in ('completed', 'rejected') as closed,
    st.created_at + make_interval(secs => least((0.1 + 2 * r_d1) * 86400, span * 0.3)) as t1,
    st.created_at + make_interval(secs => least((1.1 + 2 * r_d1 + 14 * r_close * r_close) * 86400, span * 0.9)) as t_close_raw
  from st
)
select t.i, gen_random_uuid() as id, t.slug, t.form_id, t.form_version, t.unit_id, t.title, t.fees, t.status, t.closed, t.created_at, t.age_days,
  pg_temp.vol_ref(t.prefix, ${referenceNumber(sql`t.i`, tenant.id, 'application')}) as reference,
  case when t.status = 'received' then null else c.ids[1 + floor(t.r_clerk * cardinality(c.ids))::int] end as assignee_id,
  case when t.status = 'received' then null else c.names[1 + floor(t.r_clerk * cardinality(c.names))::int] end as assignee_name,
  case when t.status = 'received' then null else t.t1 end as t1,
  t.status = 'awaiting_citizen' or (t.closed and t.r_ask < 0.12) as asked,
  case when t.status = 'awaiting_citizen' then t.created_at + make_interval(secs => least((1.1 + 2 * r_d1 + 3 * r_ask) * 86400, span * 0.6))
       when t.closed and t.r_ask < 0.12 then t.t1 + (t.t_close_raw - t.t1) * 0.3 end as t_ask,
  case when t.closed and t.r_ask < 0.12 then t.t1 + (t.t_close_raw - t.t1) * 0.6 end as t_answer,
  case when t.closed then t.t_close_raw end as t_close,
  case when t.closed then t.t_close_raw + make_interval(days => t.retention_days) end as retention_until,
  t.answers
    || case when t.given_field is not null then jsonb_build_object(t.given_field, t.given) else '{}'::jsonb end
    || case when t.family_field is not null then jsonb_build_object(t.family_field, t.family) else '{}'::jsonb end
    || case when t.name_field is not null then jsonb_build_object(t.name_field, t.given || ' ' || t.family) else '{}'::jsonb end
    || case when t.email_field is not null then jsonb_build_object(t.email_field, t.email) else '{}'::jsonb end as answers,
  jsonb_strip_nulls(jsonb_build_object(
    'name', case when coalesce(t.given_field, t.family_field, t.name_field) is not null then t.given || ' ' || t.family end,
    'email', case when t.email_field is not null then t.email end)) as contact,
  case when t.r_time < 0.04 then 'en' else 'de' end as locale
from t join vol_clerks c on c.unit_id = t.unit_id`);

  await run(ctx, 'drop taken references', sql`delete from vol_app v where exists (select 1 from cases c where c.tenant_id = ${tenant.id}::uuid and c.reference = v.reference)`);
  await run(ctx, 'keep n', sql`delete from vol_app where i not in (select i from vol_app order by i limit ${n}::int)`);
  await run(ctx, 'alter vol_app', sql`alter table vol_app add column anonymised boolean`);
  await run(ctx, 'update vol_app', sql`update vol_app set anonymised = coalesce(retention_until < ${at}, false)`);

  const cases = await run(ctx, 'cases', sql`
insert into cases (tenant_id, id, reference, type, status, unit_id, assignee_id, subject, data, contact, locale, access_salt, access_token_hash,
                   idempotency_key, due_at, retention_until, created_at, updated_at, closed_at, anonymised_at)
select ${tenant.id}::uuid, v.id, v.reference, 'antrag.' || v.form_id, v.status, v.unit_id, v.assignee_id,
  case when v.anonymised then '' else v.title end,
  case when v.anonymised then '{}'::jsonb else jsonb_build_object('service', v.slug, 'form', v.form_id, 'formVersion', v.form_version, 'answers', v.answers, 'fees', v.fees) end,
  case when v.anonymised then '{}'::jsonb else v.contact end,
  v.locale, substr(md5('salt:' || v.id::text), 1, 16), encode(sha256(convert_to('volume-access:' || v.id::text, 'UTF8')), 'hex'),
  'volume:app:' || v.i, v.created_at + make_interval(days => ${dueDays}::int), v.retention_until, v.created_at,
  coalesce(v.t_close, v.t_answer, v.t_ask, v.t1, v.created_at), v.t_close, case when v.anonymised then v.retention_until end
from vol_app v order by v.i`);

  const events = await run(ctx, 'events', sql`
insert into case_events (tenant_id, case_id, kind, actor_type, actor_id, from_status, to_status, body, visible_to_citizen, created_at)
select ${tenant.id}::uuid, v.id, e.kind, e.actor_type, e.actor_id, e.from_status, e.to_status, case when v.anonymised then null else e.body end, e.visible, e.at
from vol_app v cross join lateral (values
  (true, 'created', 'system', null::uuid, null, 'received', null, true, v.created_at),
  (v.t1 is not null, 'assigned', 'staff', v.assignee_id, null, null, v.assignee_id::text, false, v.t1),
  (v.t1 is not null, 'status', 'staff', v.assignee_id, 'received', 'in_progress', null, true, v.t1 + interval '1 second'),
  (v.asked, 'status', 'staff', v.assignee_id, 'in_progress', 'awaiting_citizen', 'Bitte reichen Sie uns noch eine Kopie Ihres Ausweises nach.', true, v.t_ask),
  (v.t_answer is not null, 'message_from_citizen', 'citizen', null, null, null, 'Die Kopie habe ich hochgeladen. Viele Grüße', true, v.t_answer),
  (v.t_answer is not null, 'status', 'system', null, 'awaiting_citizen', 'in_progress', null, true, v.t_answer + interval '1 second'),
  (v.closed, 'status', 'staff', v.assignee_id, 'in_progress', v.status,
     case when v.status = 'rejected' then 'Ihr Antrag kann leider nicht bewilligt werden: Die Voraussetzungen liegen nicht vor.' end, true, v.t_close)
) as e(applies, kind, actor_type, actor_id, from_status, to_status, body, visible, at)
where e.applies
order by v.id, e.at`);

  const auditRows = await run(ctx, 'auditRows', sql`
insert into audit_log (tenant_id, at, actor_id, actor_label, action, object_type, object_id, details)
select ${tenant.id}::uuid, e.at, v.assignee_id, v.assignee_name, e.action, 'case', v.id::text, e.details
from vol_app v cross join lateral (values
  (v.t1 is not null, v.t1, 'case.claim', jsonb_build_object('assigneeId', v.assignee_id)),
  (v.t1 is not null, v.t1 + interval '1 second', 'case.status', jsonb_build_object('from', 'received', 'to', 'in_progress', 'withMessage', false)),
  (v.asked, v.t_ask, 'case.question', jsonb_build_object('from', 'in_progress')),
  (v.closed, v.t_close, 'case.status', jsonb_build_object('from', 'in_progress', 'to', v.status, 'withMessage', v.status = 'rejected'))
) as e(applies, at, action, details)
where e.applies`);

  const consents = await run(ctx, 'consents', sql`
insert into consents (tenant_id, case_id, kind, version, given_at)
select ${tenant.id}::uuid, v.id, 'privacy', ${privacyVersion}::text, v.created_at from vol_app v`);

  await run(ctx, 'drop temp tables', sql`drop table vol_app, vol_services, vol_clerks`);
  return { applications: cases, applicationEvents: events, applicationAudit: auditRows, applicationConsents: consents };
}
