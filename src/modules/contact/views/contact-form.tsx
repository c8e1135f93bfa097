import type { Translate } from '../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { Button, Checkbox, CsrfField, ErrorSummary, FileInput, InsetText, RadioGroup, TextInput, Textarea } from '../../../core/ui/components.tsx';
import type { Topic } from '../contact.service.ts';

const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

export interface ContactFormProps {
  t: Translate;
  csrfToken: string;
  topics: Topic[];
  values: Record<string, string>;
  errors: FieldError[];
  submission: string;
  hadAttachment: boolean;
}

export function ContactForm(p: ContactFormProps): JSX.Element {
  const { t, values, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('contact.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('contact.lead')}
      </p>
      <form method="post" action="/kontakt" enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="submission" value={p.submission} />
        <RadioGroup t={t} name="topic" label={t('contact.topic')} required options={p.topics.map((topic) => ({ value: topic.slug, label: topic.label }))} value={values.topic ?? ''} error={errorFor(errors, 'topic')} />
        <TextInput t={t} name="name" label={t('contact.name')} required autocomplete="name" value={values.name ?? ''} error={errorFor(errors, 'name')} maxlength={200} />
        <TextInput t={t} name="email" type="email" label={t('contact.email')} hint={t('contact.emailHint')} required autocomplete="email" spellcheck={false} value={values.email ?? ''} error={errorFor(errors, 'email')} />
        <Textarea t={t} name="message" label={t('contact.message')} hint={t('contact.messageHint')} required rows={8} maxlength={5000} value={values.message ?? ''} error={errorFor(errors, 'message')} />
        {p.hadAttachment && !errorFor(errors, 'attachment') ? <InsetText><span safe>{t('contact.attachmentAgain')}</span></InsetText> : ''}
        <FileInput t={t} name="attachment" label={t('contact.attachment')} hint={t('contact.attachmentHint')} accept="application/pdf,image/jpeg,image/png" error={errorFor(errors, 'attachment')} />
        <p class="kern-body">
          <a class="kern-link" href="/datenschutz" safe>
            {t('contact.privacyLink')}
          </a>
        </p>
        <Checkbox t={t} name="privacy" value="yes" label={t('contact.privacy')} required checked={values.privacy === 'yes'} error={errorFor(errors, 'privacy')} />
        <Button label={t('contact.submit')} />
      </form>
    </>
  );
}

export interface BarrierFormProps {
  t: Translate;
  csrfToken: string;
  values: Record<string, string>;
  errors: FieldError[];
  submission: string;
}

export function BarrierForm(p: BarrierFormProps): JSX.Element {
  const { t, values, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('barrier.heading')}
      </h1>
      <p class="kern-body" safe>
        {t('barrier.lead')}
      </p>
      <form method="post" action="/barriere-melden" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="submission" value={p.submission} />
        <TextInput t={t} name="page" label={t('barrier.page')} hint={t('barrier.pageHint')} value={values.page ?? ''} error={errorFor(errors, 'page')} maxlength={500} />
        <Textarea t={t} name="description" label={t('barrier.description')} hint={t('barrier.descriptionHint')} required rows={8} maxlength={5000} value={values.description ?? ''} error={errorFor(errors, 'description')} />
        <TextInput t={t} name="name" label={t('barrier.name')} autocomplete="name" value={values.name ?? ''} error={errorFor(errors, 'name')} maxlength={200} />
        <TextInput t={t} name="email" type="email" label={t('barrier.email')} hint={t('barrier.emailHint')} autocomplete="email" spellcheck={false} value={values.email ?? ''} error={errorFor(errors, 'email')} />
        <p class="kern-body">
          <a class="kern-link" href="/datenschutz" safe>
            {t('contact.privacyLink')}
          </a>
        </p>
        <Checkbox t={t} name="privacy" value="yes" label={t('contact.privacy')} required checked={values.privacy === 'yes'} error={errorFor(errors, 'privacy')} />
        <Button label={t('barrier.submit')} />
      </form>
    </>
  );
}
