/** API-Schlüssel: the keys of a tenant, the form to create one and the page that shows a new key once. */
import { API_SCOPES, apiScopeDescription, isApiScope, type ApiKeyListRow } from '../../../core/auth/api-keys.ts';
import { formatDate, type Locale, type Translate } from '../../../core/i18n/i18n.ts';
import { Button, ButtonLink, CheckboxGroup, CsrfField, DataTable, ErrorSummary, InsetText, StatusTag, TextInput, trusted, WarningText, type FieldError } from '../../../core/ui/components.tsx';

export const API_KEYS_PATH = '/verwaltung/api-schluessel';

function DateCell({ locale, value, fallback }: { locale: Locale; value: Date | null; fallback: string }): JSX.Element {
  if (!value) return <span safe>{fallback}</span>;
  return (
    <time datetime={value.toISOString()} safe>
      {formatDate(value, locale)}
    </time>
  );
}

function ScopeList({ scopes }: { scopes: readonly string[] }): JSX.Element {
  return (
    <ul class="kern-list">
      {scopes.map((scope) => (
        <li>
          <code translate="no" safe>
            {scope}
          </code>
        </li>
      ))}
    </ul>
  );
}

function RevokeForm({ t, apiKey, csrfToken }: { t: Translate; apiKey: ApiKeyListRow; csrfToken: string }): JSX.Element {
  return (
    <form method="post" action={`${API_KEYS_PATH}/${apiKey.id}/widerrufen`}>
      <CsrfField token={csrfToken} />
      <Button variant="danger">
        <span safe>{t('admin.apiKeys.revoke')}</span>
        <span class="kern-sr-only" safe>
          {': ' + apiKey.name}
        </span>
      </Button>
    </form>
  );
}

function UsageNote({ t }: { t: Translate }): JSX.Element {
  return (
    <InsetText>
      <p class="kern-body" safe>
        {t('admin.apiKeys.usage')}
      </p>
    </InsetText>
  );
}

export interface ApiKeysPageProps {
  t: Translate;
  locale: Locale;
  keys: readonly ApiKeyListRow[];
  csrfToken: string;
}

export function ApiKeysPage({ t, locale, keys, csrfToken }: ApiKeysPageProps): JSX.Element {
  const rows = keys.map((k) => [
    k.name,
    trusted(
      <code translate="no" safe>
        {`${k.prefix}…`}
      </code>,
    ),
    trusted(<ScopeList scopes={k.scopes} />),
    trusted(
      <>
        <DateCell locale={locale} value={k.createdAt} fallback={t('admin.none')} />
        <br />
        <span safe>{t('admin.apiKeys.by', { label: k.createdByLabel })}</span>
      </>,
    ),
    trusted(<DateCell locale={locale} value={k.lastUsedAt} fallback={t('admin.apiKeys.never')} />),
    trusted(
      k.revokedAt ? (
        <>
          <StatusTag tone="neutral" label={t('admin.apiKeys.revoked')} />
          <br />
          <DateCell locale={locale} value={k.revokedAt} fallback={t('admin.none')} />
        </>
      ) : (
        <StatusTag tone="success" label={t('admin.apiKeys.active')} />
      ),
    ),
    k.revokedAt ? t('admin.none') : trusted(<RevokeForm t={t} apiKey={k} csrfToken={csrfToken} />),
  ]);
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('admin.apiKeys.title')}
      </h1>
      <p class="kern-body" safe>
        {t('admin.apiKeys.lead')}
      </p>
      <UsageNote t={t} />
      <ButtonLink href={`${API_KEYS_PATH}/neu`} variant="primary" label={t('admin.apiKeys.new')} />
      {keys.length === 0 ? (
        <p class="kern-body" safe>
          {t('admin.apiKeys.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('admin.apiKeys.caption')}
          head={[
            t('admin.apiKeys.col.name'),
            t('admin.apiKeys.col.prefix'),
            t('admin.apiKeys.col.scopes'),
            t('admin.apiKeys.col.created'),
            t('admin.apiKeys.col.lastUsed'),
            t('admin.apiKeys.col.status'),
            t('admin.apiKeys.col.actions'),
          ]}
          rows={rows}
          rowHeaders
        />
      )}
    </>
  );
}

export interface NewApiKeyPageProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  errors: readonly FieldError[];
  values: { name?: string; scopes: readonly string[] };
}

export function NewApiKeyPage({ t, locale, csrfToken, errors, values }: NewApiKeyPageProps): JSX.Element {
  const error = (field: string): string | undefined => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" safe>
        {t('admin.apiKeys.new')}
      </h1>
      <form method="post" action={`${API_KEYS_PATH}/neu`} novalidate>
        <CsrfField token={csrfToken} />
        <TextInput t={t} name="name" label={t('admin.apiKeys.field.name')} hint={t('admin.apiKeys.field.nameHint')} value={values.name} error={error('name')} autocomplete="off" maxlength={100} required />
        <CheckboxGroup
          t={t}
          name="scopes"
          label={t('admin.apiKeys.field.scopes')}
          hint={t('admin.apiKeys.field.scopesHint')}
          values={values.scopes}
          error={error('scopes')}
          options={API_SCOPES.map((s) => ({ value: s.scope, label: s.scope, hint: apiScopeDescription(s.scope, locale) }))}
          required
        />
        <Button label={t('admin.apiKeys.create')} />
      </form>
    </>
  );
}

export interface ApiKeyCreatedPageProps {
  t: Translate;
  locale: Locale;
  name: string;
  /** The plaintext key: this page is the only place it is ever shown. */
  apiKey: string;
  scopes: readonly string[];
}

export function ApiKeyCreatedPage({ t, locale, name, apiKey, scopes }: ApiKeyCreatedPageProps): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('admin.apiKeys.created.title')}
      </h1>
      <p class="kern-body" safe>
        {t('admin.apiKeys.created.lead', { name })}
      </p>
      <WarningText t={t}>
        <span safe>{t('admin.apiKeys.created.warning')}</span>
      </WarningText>
      {/* Read-only field: the key stays on one line and is easy to select and copy. */}
      <div class="kern-form-input">
        <label class="kern-label" for="api-key" safe>
          {t('admin.apiKeys.created.key')}
        </label>
        <div class="kern-hint" id="api-key-hint" safe>
          {t('admin.apiKeys.created.keyHint')}
        </div>
        <input class="kern-form-input__input" id="api-key" type="text" readonly value={apiKey} aria-describedby="api-key-hint" spellcheck="false" autocomplete="off" translate="no" />
      </div>
      <h2 class="kern-heading-medium" safe>
        {t('admin.apiKeys.col.scopes')}
      </h2>
      <ul class="kern-list">
        {scopes.filter(isApiScope).map((scope) => (
          <li>
            <code translate="no">{scope}</code>
            <span safe>{': ' + apiScopeDescription(scope, locale)}</span>
          </li>
        ))}
      </ul>
      <UsageNote t={t} />
      <ButtonLink href={API_KEYS_PATH} label={t('admin.apiKeys.back')} />
    </>
  );
}
