/**
 * Kontaktformular and "Barriere melden": topics and routing to the
 * responsible unit, and the submission commands that create the Vorgang.
 */
import type { Services } from '../../core/services.ts';
import type { Tenant } from '../../core/tenancy/tenants.ts';
import type { Locale } from '../../core/i18n/i18n.ts';
import type { CheckedUpload } from '../../core/files/uploads.ts';
import type { BarrierInput, ContactInput } from './forms.ts';

export interface Topic {
  slug: string;
  label: string;
  unitId: string;
}

export const BARRIER_TOPIC = 'barrierefreiheit';

export async function listTopics(services: Services, tenantId: string, locale: Locale): Promise<Topic[]> {
  const rows = await services.db
    .selectFrom('contact_topics')
    .select(['slug', 'label_de', 'label_en', 'unit_id'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ slug: r.slug, label: locale === 'en' ? r.label_en : r.label_de, unitId: r.unit_id }));
}

type SubmitResult = { ok: true; reference: string; withEmail: boolean } | { ok: false; reason: 'unknown-topic' };

/** Creates the contact Vorgang in the topic's unit. Outcomes: ok (also for a repeated submission), unknown-topic. */
export async function submitContact(services: Services, tenant: Tenant, locale: Locale, input: ContactInput, attachments: readonly CheckedUpload[]): Promise<SubmitResult> {
  const topics = await listTopics(services, tenant.id, 'de');
  const topic = topics.find((t) => t.slug === input.topic);
  if (!topic) return { ok: false, reason: 'unknown-topic' };
  const version = await services.tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion');
  const created = await services.cases.createCase(tenant, {
    type: 'contact',
    unitId: topic.unitId,
    subject: topic.label,
    data: { topic: topic.slug, topicLabel: topic.label, message: input.message },
    contact: { name: input.name, email: input.email },
    locale,
    consent: { kind: 'privacy', version },
    ...(input.submission ? { idempotencyKey: `contact:${input.submission}` } : {}),
    attachments,
  });
  return { ok: true, reference: created.reference, withEmail: true };
}

/** Creates the barrier report in the unit that handles accessibility. */
export async function submitBarrier(services: Services, tenant: Tenant, locale: Locale, input: BarrierInput, subject: string): Promise<SubmitResult> {
  const topics = await listTopics(services, tenant.id, 'de');
  const topic = topics.find((t) => t.slug === BARRIER_TOPIC) ?? topics.at(-1);
  if (!topic) return { ok: false, reason: 'unknown-topic' };
  const version = await services.tenants.getSetting<string>(tenant.id, 'privacy.noticeVersion');
  const created = await services.cases.createCase(tenant, {
    type: 'barrier',
    unitId: topic.unitId,
    subject,
    data: { page: input.page, description: input.description },
    contact: { ...(input.name ? { name: input.name } : {}), ...(input.email ? { email: input.email } : {}) },
    locale,
    consent: { kind: 'privacy', version },
    ...(input.submission ? { idempotencyKey: `barrier:${input.submission}` } : {}),
  });
  return { ok: true, reference: created.reference, withEmail: Boolean(input.email) };
}
