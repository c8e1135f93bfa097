/**
 * The Test-Kasse's hosted payment page: what a citizen would see at a real
 * provider, marked as test mode everywhere. No card data is asked for; the
 * tester chooses a method and an outcome (paid, failed, cancelled, or paid
 * with the confirmation arriving minutes later). The page then does what a
 * provider does: sends the browser back (return or cancel URL) and posts the
 * signed callback to the notify URL (a job, retried until it is delivered).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { JobLogger } from '../../../core/jobs/jobs.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import { formatEuro } from '../../../core/i18n/money.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { Button, CsrfField, ErrorSummary, InsetText, RadioGroup, SummaryList, WarningText } from '../../../core/ui/components.tsx';
import { signTestkasse, TESTKASSE_PATH, TESTKASSE_SIGNATURE_HEADER } from '../../../core/payments/providers/testkasse.ts';
import { testkasseSecret } from '../../../core/payments/providers/index.ts';

export const TESTKASSE_NOTIFY_QUEUE = 'testkasse.notify';
export const TESTKASSE_SETTLE_QUEUE = 'testkasse.settle';

const METHODS = ['creditcard', 'paypal', 'wero', 'directdebit'] as const;
const OUTCOMES = ['paid', 'failed', 'cancelled', 'late'] as const;

const params = z.object({ id: z.uuid() });
const decisionForm = z.object({ method: z.enum(METHODS).optional(), outcome: z.enum(OUTCOMES).optional() });


export function testkasseRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function transaction(request: FastifyRequest) {
    const { id } = request.params as z.infer<typeof params>;
    return db.selectFrom('testkasse_transactions').selectAll().where('id', '=', id).where('merchant', '=', request.tenant.id).executeTakeFirst();
  }

  async function render(request: FastifyRequest, reply: FastifyReply, errors: FieldError[], values: Record<string, string>, status = 200) {
    const t = request.t;
    const tx = await transaction(request);
    if (!tx) return reply.callNotFound();
    const open = tx.status === 'pending' && !tx.settles_at && tx.expires_at.getTime() > Date.now();
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('testkasse.title'),
      status,
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <WarningText t={t}>
            <span safe>{t('testkasse.testMode')}</span>
          </WarningText>
          <h1 class="kern-heading-large" safe>
            {t('testkasse.title')}
          </h1>
          <SummaryList
            t={t}
            rows={[
              { key: t('testkasse.payee'), value: request.tenant.name },
              { key: t('testkasse.purpose'), value: tx.purpose },
              { key: t('testkasse.amount'), value: formatEuro(tx.amount_cents, request.locale) },
              { key: t('testkasse.validUntil'), value: formatDate(tx.expires_at, request.locale) },
            ]}
          />
          {open ? (
            <form method="post" action={`${TESTKASSE_PATH}/${tx.id}`} novalidate>
              <CsrfField token={reply.csrfToken()} />
              <RadioGroup
                t={t}
                name="method"
                label={t('testkasse.method')}
                required
                value={values.method ?? ''}
                error={errors.find((e) => e.field === 'method')?.message}
                options={METHODS.map((m) => ({ value: m, label: t(`testkasse.method.${m}`) }))}
              />
              <RadioGroup
                t={t}
                name="outcome"
                label={t('testkasse.outcome')}
                hint={t('testkasse.outcomeHint')}
                required
                value={values.outcome ?? ''}
                error={errors.find((e) => e.field === 'outcome')?.message}
                options={OUTCOMES.map((o) => ({ value: o, label: t(`testkasse.outcome.${o}`) }))}
              />
              <Button label={t('testkasse.submit')} />
            </form>
          ) : (
            <InsetText>
              <p class="kern-body" safe>
                {t('testkasse.closed')}
              </p>
              <a class="kern-link" href={tx.return_url} safe>
                {t('testkasse.back')}
              </a>
            </InsetText>
          )}
        </>
      ),
    });
  }

  app.get(`${TESTKASSE_PATH}/:id`, { schema: { params } }, async (request, reply) => render(request, reply, [], {}));

  app.post(`${TESTKASSE_PATH}/:id`, { schema: { params } }, async (request, reply) => {
    const t = request.t;
    const parsed = decisionForm.safeParse(request.body);
    const values = parsed.success ? parsed.data : {};
    const errors: FieldError[] = [];
    if (!values.method) errors.push({ field: 'method', message: t('testkasse.error.method') });
    if (!values.outcome) errors.push({ field: 'outcome', message: t('testkasse.error.outcome') });
    if (errors.length || !values.method || !values.outcome) return render(request, reply, errors, values as Record<string, string>, 422);
    const tx = await transaction(request);
    if (!tx) return reply.callNotFound();
    const late = values.outcome === 'late';
    const lateSeconds = await services.tenants.getSetting<number>(request.tenant.id, 'payments.testkasseLateSeconds');
    // Only a pending, undecided transaction can be decided; a second click changes nothing.
    const decided = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('testkasse_transactions')
        .set(
          late
            ? { method: values.method ?? null, settles_at: new Date(Date.now() + lateSeconds * 1000) }
            : { status: values.outcome as 'paid' | 'failed' | 'cancelled', method: values.method ?? null, ...(values.outcome === 'paid' ? { paid_at: new Date() } : {}) },
        )
        .where('id', '=', tx.id)
        .where('status', '=', 'pending')
        .where('settles_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      if (late) await services.jobs.send(trx, TESTKASSE_SETTLE_QUEUE, { transaction: tx.id }, { startAfter: lateSeconds });
      else await services.jobs.send(trx, TESTKASSE_NOTIFY_QUEUE, { transaction: tx.id });
      return true;
    });
    if (!decided) return render(request, reply, [], {}, 409);
    return reply.redirect(values.outcome === 'cancelled' ? tx.cancel_url : tx.return_url, 303);
  });
}

/** The Test-Kasse's background work: settling "late" payments and delivering signed callbacks (retried like a provider would). */
export async function registerTestkasseJobs(services: Services, logger: JobLogger): Promise<void> {
  const secret = testkasseSecret(services.config);
  await services.jobs.work<{ transaction: string }>(TESTKASSE_SETTLE_QUEUE, async ({ transaction }) => {
    await services.db
      .updateTable('testkasse_transactions')
      .set({ status: 'paid', paid_at: new Date() })
      .where('id', '=', transaction)
      .where('status', '=', 'pending')
      .execute();
    await services.jobs.send(services.db, TESTKASSE_NOTIFY_QUEUE, { transaction });
  });
  await services.jobs.work<{ transaction: string }>(TESTKASSE_NOTIFY_QUEUE, async ({ transaction }, job) => {
    const row = await services.db.selectFrom('testkasse_transactions').select(['id', 'status', 'notify_url']).where('id', '=', transaction).executeTakeFirst();
    if (!row) return;
    const body = JSON.stringify({ transaction: row.id, status: row.status });
    const response = await fetch(row.notify_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TESTKASSE_SIGNATURE_HEADER]: signTestkasse(secret, body) },
      body,
      signal: AbortSignal.any([job.signal, AbortSignal.timeout(10_000)]),
    });
    // 404: the shop does not know the transaction — a provider gives up on that too.
    if (!response.ok && response.status !== 404) {
      logger.warn?.({ status: response.status }, 'testkasse: callback not accepted, will retry');
      throw new Error(`callback answered ${response.status}`);
    }
  });
}
