/** Pages of the application journey around the form pages: start, privacy, check, declaration, confirmation, save for later. */
import type { Translate } from '../../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../../core/http/validation.ts';
import { Button, ButtonLink, Checkbox, CsrfField, ErrorSummary, FileInput, InsetText, Panel, Paragraphs, RadioGroup, SummaryList, Textarea, TextInput, WarningText } from '../../../../core/ui/components.tsx';

export interface FeeLine {
  label: string;
  amount: string;
}

function Caption({ text }: { text: string }): JSX.Element {
  return (
    <span class="kern-preline rathaus-caption" safe>
      {text}
    </span>
  );
}

export function StartPage(p: { t: Translate; serviceTitle: string; csrfToken: string; action: string; requirements: string[]; fees: FeeLine[]; processingTime: string; draftDays: number; hasDraft: boolean; continueHref: string }): JSX.Element {
  const { t } = p;
  return (
    <>
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {t('apply.start.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('apply.start.lead')}
      </p>
      {p.requirements.length ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('apply.start.need')}
          </h2>
          <ul class="kern-list">
            {p.requirements.map((r) => (
              <li safe>{r}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h2 class="kern-heading-medium" safe>
        {t('apply.start.costs')}
      </h2>
      {p.fees.length ? (
        <ul class="kern-list">
          {p.fees.map((f) => (
            <li safe>{`${f.label}: ${f.amount}`}</li>
          ))}
        </ul>
      ) : (
        <p class="kern-body" safe>
          {t('apply.start.free')}
        </p>
      )}
      {p.processingTime ? (
        <p class="kern-body" safe>
          {t('apply.start.time', { time: p.processingTime })}
        </p>
      ) : (
        ''
      )}
      <p class="kern-body" safe>
        {t('apply.start.save', { days: String(p.draftDays) })}
      </p>
      {p.hasDraft ? (
        <InsetText>
          <p class="kern-body" safe>
            {t('apply.start.draftExists')}
          </p>
          <ButtonLink href={p.continueHref} label={t('apply.start.continue')} />
        </InsetText>
      ) : (
        ''
      )}
      <form method="post" action={p.action}>
        <CsrfField token={p.csrfToken} />
        <Button label={p.hasDraft ? t('apply.start.restart') : t('apply.start.button')} variant={p.hasDraft ? 'secondary' : 'primary'} />
      </form>
    </>
  );
}

export function PrivacyPage(p: { t: Translate; serviceTitle: string; csrfToken: string; action: string; unitName: string; tenantName: string; errors: FieldError[]; version: string; draftDays: number }): JSX.Element {
  const { t } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {t('apply.privacy.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('apply.privacy.who', { tenant: p.tenantName, unit: p.unitName })}
      </p>
      <p class="kern-body" safe>
        {t('apply.privacy.what')}
      </p>
      <p class="kern-body" safe>
        {t('apply.privacy.how', { days: String(p.draftDays) })}
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/datenschutz" safe>
          {t('apply.privacy.full')}
        </a>
        <span safe>{` (${t('apply.privacy.version', { version: p.version })})`}</span>
      </p>
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrfToken} />
        <Checkbox t={t} name="privacy" value="yes" label={t('apply.privacy.consent')} required error={p.errors.find((e) => e.field === 'privacy')?.message} />
        <Button label={t('apply.continue')} />
      </form>
    </>
  );
}

export interface SummarySection {
  pageTitle: string;
  changeHref: string;
  rows: { label: string; value: string }[];
}

export function CheckPage(p: { t: Translate; serviceTitle: string; sections: SummarySection[]; fees: FeeLine[]; total: string | null; declarationHref: string; saveHref: string; exemptionNext?: boolean }): JSX.Element {
  const { t } = p;
  return (
    <>
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {t('apply.check.heading')}
      </h1>
      {p.sections.map((section) => (
        <section class="rathaus-check-section">
          <h2 class="kern-heading-medium" safe>
            {section.pageTitle}
          </h2>
          <SummaryList t={t} rows={section.rows.map((r) => ({ key: r.label, value: r.value || '–', changeHref: section.changeHref }))} />
        </section>
      ))}
      {p.total ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('apply.start.costs')}
          </h2>
          <SummaryList t={t} rows={[...p.fees.map((f) => ({ key: f.label, value: f.amount })), { key: t('apply.check.total'), value: p.total }]} />
        </>
      ) : (
        ''
      )}
      <p class="kern-body">
        <ButtonLink href={p.declarationHref} label={t(p.exemptionNext ? 'apply.check.continueExemption' : 'apply.check.continue')} />
      </p>
      <p class="kern-body">
        <a class="kern-link" href={p.saveHref} safe>
          {t('apply.save.link')}
        </a>
      </p>
    </>
  );
}

export interface DeclarationPayment {
  /** How the fee is paid; `exemption`: the citizen claims a Gebührenbefreiung instead. */
  policy: 'none' | 'optional' | 'required' | 'deferred' | 'exemption';
  total: string;
  /** Where the citizen changes the exemption answer (only for services that allow a claim). */
  exemptionHref?: string;
}

/**
 * Gebührenbefreiung: one question (claim or not); a claim needs a reason and
 * a proof document. Without JavaScript every field is shown; the hints say
 * which belong to a claim.
 */
export function ExemptionPage(p: {
  t: Translate;
  serviceTitle: string;
  csrfToken: string;
  action: string;
  total: string;
  grounds: string;
  proof: { filename: string } | null;
  errors: FieldError[];
  values: { claim: string; reason: string };
}): JSX.Element {
  const { t } = p;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {t('apply.exemption.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('apply.exemption.lead', { total: p.total })}
      </p>
      {p.grounds ? (
        <InsetText>
          <Paragraphs text={p.grounds} />
        </InsetText>
      ) : (
        ''
      )}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrfToken} />
        <RadioGroup
          t={t}
          name="claim"
          label={t('apply.exemption.question')}
          required
          value={p.values.claim}
          error={error('claim')}
          options={[
            { value: 'nein', label: t('apply.exemption.no') },
            { value: 'ja', label: t('apply.exemption.yes') },
          ]}
        />
        <Textarea t={t} name="reason" label={t('apply.exemption.reason')} hint={t('apply.exemption.reasonHint')} rows={4} maxlength={2000} value={p.values.reason} error={error('reason')} />
        {p.proof ? (
          <p class="kern-body" safe>
            {t('apply.exemption.proofStored', { filename: p.proof.filename })}
          </p>
        ) : (
          ''
        )}
        <FileInput t={t} name="nachweis" label={p.proof ? t('apply.exemption.proofReplace') : t('apply.exemption.proof')} hint={t('apply.exemption.proofHint')} accept="application/pdf,image/jpeg,image/png" error={error('nachweis')} />
        <Button label={t('apply.continue')} />
      </form>
    </>
  );
}

export function DeclarationPage(p: { t: Translate; serviceTitle: string; csrfToken: string; action: string; errors: FieldError[]; payment: DeclarationPayment | null; values?: Record<string, string> }): JSX.Element {
  const { t, payment } = p;
  const submitLabel = !payment || payment.policy === 'none' || payment.policy === 'deferred' || payment.policy === 'exemption' ? t('apply.declaration.submit') : payment.policy === 'required' ? t('apply.declaration.submitPay') : t('apply.declaration.submitChoose');
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {t('apply.declaration.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('apply.declaration.text')}
      </p>
      {payment ? (
        <WarningText t={t}>
          <span safe>{t('apply.declaration.fee', { total: payment.total })}</span>
        </WarningText>
      ) : (
        ''
      )}
      {payment ? (
        <InsetText>
          <span safe>{t(`apply.declaration.payment.${payment.policy}`)}</span>
          {payment.exemptionHref ? (
            <>
              {' '}
              <a class="kern-link" href={payment.exemptionHref} safe>
                {payment.policy === 'exemption' ? t('apply.declaration.exemptionChange') : t('apply.declaration.exemptionClaim')}
              </a>
            </>
          ) : (
            ''
          )}
        </InsetText>
      ) : (
        ''
      )}
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.csrfToken} />
        {payment?.policy === 'optional' ? (
          <RadioGroup
            t={t}
            name="payment"
            label={t('apply.declaration.howPay')}
            required
            value={p.values?.payment ?? ''}
            error={p.errors.find((e) => e.field === 'payment')?.message}
            options={[
              { value: 'online', label: t('apply.declaration.payOnline') },
              { value: 'invoice', label: t('apply.declaration.payInvoice') },
            ]}
          />
        ) : (
          ''
        )}
        <Checkbox t={t} name="declaration" value="yes" label={t('apply.declaration.confirm')} required error={p.errors.find((e) => e.field === 'declaration')?.message} />
        <Button label={submitLabel} />
      </form>
    </>
  );
}

export interface PaymentView {
  status: string;
  amount: string;
  kassenzeichen: string;
}

/** Back from the payment provider without a paid payment: still open, or failed/cancelled/expired with a way to try again. */
export function PaymentPage(p: { t: Translate; serviceTitle: string; csrfToken: string; action: string; checkHref: string; payment: PaymentView; errors: FieldError[] }): JSX.Element {
  const { t, payment } = p;
  const open = payment.status === 'pending' || payment.status === 'initial';
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {open ? t('apply.payment.pendingHeading') : t(`apply.payment.heading.${payment.status}`)}
      </h1>
      <p class="kern-body" safe>
        {open ? t('apply.payment.pendingText') : t('apply.payment.notPaidText')}
      </p>
      <SummaryList
        t={t}
        rows={[
          { key: t('payment.amount'), value: payment.amount },
          { key: t('payment.kassenzeichen'), value: payment.kassenzeichen },
          { key: t('payment.status'), value: t(`payment.status.${payment.status}`) },
        ]}
      />
      {open ? (
        <p class="kern-body">
          <a class="kern-link" href={p.action} safe>
            {t('apply.payment.refresh')}
          </a>
        </p>
      ) : (
        <>
          <form method="post" action={p.action}>
            <CsrfField token={p.csrfToken} />
            <Button label={t('apply.payment.retry')} />
          </form>
          <p class="kern-body">
            <a class="kern-link" href={p.checkHref} safe>
              {t('apply.payment.backToCheck')}
            </a>
          </p>
        </>
      )}
    </>
  );
}

export interface ConfirmationPayment {
  /** `exemption`: a Gebührenbefreiung was claimed instead of paying (kassenzeichen is empty). */
  kind: 'paid' | 'invoice' | 'pending' | 'exemption';
  amount: string;
  kassenzeichen: string;
  method?: string;
  invoice?: { recipient: string; iban: string; bic: string; dueDate: string };
}

export function ConfirmationPage(p: { t: Translate; serviceTitle: string; reference: string; processingTime: string; pdfHref: string; withEmail: boolean; payment?: ConfirmationPayment | null }): JSX.Element {
  const { t, payment } = p;
  return (
    <>
      <Panel title={t('apply.done.heading')} reference={p.reference} referenceLabel={t('apply.done.reference')} />
      <p class="kern-body" safe>
        {t('apply.done.service', { service: p.serviceTitle })}
      </p>
      {payment?.kind === 'paid' ? (
        <p class="kern-body" safe>
          {t('apply.done.paid', { amount: payment.amount, method: payment.method ?? '', kassenzeichen: payment.kassenzeichen })}
        </p>
      ) : (
        ''
      )}
      {payment?.kind === 'exemption' ? (
        <p class="kern-body" safe>
          {t('apply.done.exemption', { amount: payment.amount })}
        </p>
      ) : (
        ''
      )}
      {payment?.kind === 'invoice' && payment.invoice ? (
        <>
          <h2 class="kern-heading-medium" safe>
            {t('apply.done.invoiceHeading')}
          </h2>
          <p class="kern-body" safe>
            {t('apply.done.invoiceText', { date: payment.invoice.dueDate })}
          </p>
          <SummaryList
            t={t}
            rows={[
              { key: t('payment.amount'), value: payment.amount },
              { key: t('apply.done.recipient'), value: payment.invoice.recipient },
              { key: 'IBAN', value: payment.invoice.iban },
              ...(payment.invoice.bic ? [{ key: 'BIC', value: payment.invoice.bic }] : []),
              { key: t('apply.done.purpose'), value: payment.kassenzeichen },
            ]}
          />
          <WarningText t={t}>
            <span safe>{t('apply.done.invoiceReference', { kassenzeichen: payment.kassenzeichen })}</span>
          </WarningText>
        </>
      ) : (
        ''
      )}
      <h2 class="kern-heading-medium" safe>
        {t('apply.done.next')}
      </h2>
      <p class="kern-body" safe>
        {p.withEmail ? t('apply.done.mail') : t('apply.done.noMail')}
      </p>
      {p.processingTime ? (
        <p class="kern-body" safe>
          {t('apply.start.time', { time: p.processingTime })}
        </p>
      ) : (
        ''
      )}
      <p class="kern-body">
        <a class="kern-link" href={p.pdfHref} safe>
          {t('apply.done.pdf')}
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/leistungen" safe>
          {t('apply.done.more')}
        </a>
      </p>
    </>
  );
}

export function SavePage(p: { t: Translate; serviceTitle: string; csrfToken: string; action: string; errors: FieldError[]; email: string; sent: boolean; expiresOn: string }): JSX.Element {
  const { t } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <Caption text={p.serviceTitle} />
      <h1 class="kern-heading-large" safe>
        {p.sent ? t('apply.save.sentHeading') : t('apply.save.heading')}
      </h1>
      {p.sent ? (
        <p class="kern-body" safe>
          {t('apply.save.sent', { date: p.expiresOn })}
        </p>
      ) : (
        <>
          <p class="kern-body" safe>
            {t('apply.save.lead', { date: p.expiresOn })}
          </p>
          <form method="post" action={p.action} novalidate>
            <CsrfField token={p.csrfToken} />
            <TextInput t={t} name="email" type="email" label={t('apply.save.email')} required autocomplete="email" spellcheck={false} value={p.email} error={p.errors.find((e) => e.field === 'email')?.message} />
            <Button label={t('apply.save.submit')} />
          </form>
        </>
      )}
    </>
  );
}
