/** "Mein Konto" and its forms: password change and TOTP set-up. */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { FieldError } from '../../../core/http/validation.ts';
import { Button, ButtonGroup, ButtonLink, CsrfField, ErrorSummary, InsetText, SummaryList, TextInput } from '../../../core/ui/components.tsx';
import { groupSecret } from '../setup-token.ts';
import { CancelSignIn, errorFor } from './login.tsx';

export interface AccountOverviewProps {
  t: Translate;
  name: string;
  email: string;
  roles: readonly string[];
  totpEnabled: boolean;
}

export function AccountOverview(p: AccountOverviewProps): JSX.Element {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('account.title')}
      </h1>
      <SummaryList
        t={t}
        rows={[
          { key: t('account.name'), value: p.name },
          { key: t('account.email'), value: p.email },
          { key: t('account.roles'), value: p.roles.length ? p.roles.join(', ') : t('account.roles.none') },
          {
            key: t('account.totp'),
            value: t(p.totpEnabled ? 'account.totp.on' : 'account.totp.off'),
            changeHref: '/verwaltung/konto/zwei-faktor',
            changeLabel: t(p.totpEnabled ? 'account.totp.renew' : 'account.totp.setUp'),
          },
        ]}
      />
      <h2 class="kern-heading-medium" safe>
        {t('account.password.heading')}
      </h2>
      <p class="kern-body" safe>
        {t('account.password.text')}
      </p>
      <ButtonLink href="/verwaltung/konto/passwort" label={t('account.password.link')} />
    </>
  );
}

export interface PasswordFormProps {
  t: Translate;
  csrfToken: string;
  errors: readonly FieldError[];
}

/** Passwords are never written back into the form, not even after an error. */
export function PasswordForm(p: PasswordFormProps): JSX.Element {
  const { t, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('account.password.title')}
      </h1>
      <p class="kern-body" safe>
        {t('account.password.lead')}
      </p>
      <form method="post" action="/verwaltung/konto/passwort" novalidate>
        <CsrfField token={p.csrfToken} />
        <TextInput t={t} name="current" type="password" label={t('account.password.current')} autocomplete="current-password" error={errorFor(errors, 'current')} />
        <TextInput t={t} name="next" type="password" label={t('account.password.next')} hint={t('account.password.nextHint')} autocomplete="new-password" error={errorFor(errors, 'next')} />
        <TextInput t={t} name="repeat" type="password" label={t('account.password.repeat')} autocomplete="new-password" error={errorFor(errors, 'repeat')} />
        <ButtonGroup>
          <Button label={t('account.password.submit')} />
          <ButtonLink href="/verwaltung/konto" variant="tertiary" label={t('account.password.back')} />
        </ButtonGroup>
      </form>
    </>
  );
}

export interface TotpSetupProps {
  t: Translate;
  csrfToken: string;
  /** The session still waits for its second factor: set-up is the way in (REQUIRE_TOTP / production). */
  signingIn: boolean;
  totpEnabled: boolean;
  secret: string;
  uri: string;
  setupToken: string;
  returnPath: string | null;
  errors: readonly FieldError[];
}

export function TotpSetup(p: TotpSetupProps): JSX.Element {
  const { t, errors } = p;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('account.setup.title')}
      </h1>
      {p.signingIn ? (
        <p class="kern-body" safe>
          {t('account.setup.required')}
        </p>
      ) : (
        ''
      )}
      {p.totpEnabled ? (
        <InsetText>
          <p class="kern-body" safe>
            {t('account.setup.replace')}
          </p>
        </InsetText>
      ) : (
        ''
      )}
      <ol class="kern-list">
        <li safe>{t('account.setup.step1')}</li>
        <li>
          <span safe>{t('account.setup.step2')}</span>
          <p class="kern-body kern-body--large">
            <span class="kern-sr-only" safe>
              {t('account.setup.key') + ': '}
            </span>
            <code translate="no" safe>
              {groupSecret(p.secret)}
            </code>
          </p>
        </li>
        <li safe>{t('account.setup.step3')}</li>
      </ol>
      {/* Read-only field rather than running text: the long link stays on one scrollable line and is easy to select and copy. */}
      <div class="kern-form-input">
        <label class="kern-label" for="totp-uri" safe>
          {t('account.setup.uri')}
        </label>
        <div class="kern-hint" id="totp-uri-hint" safe>
          {t('account.setup.uriText')}
        </div>
        <input class="kern-form-input__input" id="totp-uri" type="text" readonly value={p.uri} aria-describedby="totp-uri-hint" spellcheck="false" autocomplete="off" translate="no" />
      </div>
      <form method="post" action="/verwaltung/konto/zwei-faktor" novalidate>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="setup" value={p.setupToken} />
        {p.returnPath ? <input type="hidden" name="weiter" value={p.returnPath} /> : ''}
        <TextInput t={t} name="code" label={t('account.code.label')} hint={t('account.code.hint')} autocomplete="one-time-code" inputmode="numeric" spellcheck={false} maxlength={9} error={errorFor(errors, 'code')} />
        <Button label={t('account.setup.submit')} />
      </form>
      {p.signingIn ? <CancelSignIn t={t} csrfToken={p.csrfToken} /> : ''}
    </>
  );
}
