/** The sign-in steps: password, then (if set up) the code from the authenticator app. */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { Button, CsrfField, ErrorSummary, TextInput } from '../../../core/ui/components.tsx';

export const errorFor = (errors: readonly FieldError[], field: string): string | undefined => errors.find((e) => e.field === field)?.message;

function ReturnPathField({ returnPath }: { returnPath: string | null }): JSX.Element {
  return returnPath ? <input type="hidden" name="weiter" value={returnPath} /> : '';
}

export interface LoginFormProps {
  t: Translate;
  csrfToken: string;
  returnPath: string | null;
  email: string;
  errors: readonly FieldError[];
}

export function LoginForm(p: LoginFormProps): JSX.Element {
  const { t, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('account.login.title')}
      </h1>
      <p class="kern-body" safe>
        {t('account.login.lead')}
      </p>
      <form method="post" action="/verwaltung/anmelden" novalidate>
        <CsrfField token={p.csrfToken} />
        <ReturnPathField returnPath={p.returnPath} />
        <TextInput t={t} name="email" type="email" label={t('account.login.email')} autocomplete="username" spellcheck={false} value={p.email} error={errorFor(errors, 'email')} maxlength={254} />
        <TextInput t={t} name="password" type="password" label={t('account.login.password')} autocomplete="current-password" error={errorFor(errors, 'password')} />
        <Button label={t('account.login.submit')} />
      </form>
      <p class="kern-body" safe>
        {t('account.login.forgotten')}
      </p>
    </>
  );
}

/** A pending sign-in can be abandoned; the header has no sign-out button until the second factor is done. */
export function CancelSignIn({ t, csrfToken }: { t: Translate; csrfToken: string }): JSX.Element {
  return (
    <form method="post" action="/verwaltung/abmelden">
      <CsrfField token={csrfToken} />
      <Button variant="secondary" label={t('account.cancel')} />
    </form>
  );
}

export interface CodeFormProps {
  t: Translate;
  csrfToken: string;
  tenantName: string;
  returnPath: string | null;
  errors: readonly FieldError[];
}

export function CodeForm(p: CodeFormProps): JSX.Element {
  const { t, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('account.code.title')}
      </h1>
      <p class="kern-body" safe>
        {t('account.code.lead', { tenant: p.tenantName })}
      </p>
      <form method="post" action="/verwaltung/anmelden/code" novalidate>
        <CsrfField token={p.csrfToken} />
        <ReturnPathField returnPath={p.returnPath} />
        <TextInput t={t} name="code" label={t('account.code.label')} hint={t('account.code.hint')} autocomplete="one-time-code" inputmode="numeric" spellcheck={false} maxlength={9} error={errorFor(errors, 'code')} />
        <Button label={t('account.code.submit')} />
      </form>
      <CancelSignIn t={t} csrfToken={p.csrfToken} />
    </>
  );
}
