/** Einstellungen: the tenant's master data (read-only) and one small form per setting. */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { Button, CsrfField, ErrorSummary, SummaryList, type FieldError } from '../../../core/ui/components.tsx';

export interface SettingView {
  key: string;
  description: string;
  /** The value in force, formatted for display. */
  current: string;
  defaultValue: string;
  usesDefault: boolean;
  kind: 'text' | 'number' | 'boolean';
}

/** A setting's field id; the error summary links here. */
export const settingField = (key: string): string => `setting-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;

export interface SettingsPageProps {
  t: Translate;
  tenant: Tenant;
  settings: readonly SettingView[];
  csrfToken: string;
  errors: readonly FieldError[];
  /** What the user typed into the failed form, so it is not lost. */
  failed?: { key: string; value: string; message: string };
}

function SettingInput({ t, setting, value, error }: { t: Translate; setting: SettingView; value: string; error: string | undefined }): JSX.Element {
  const id = `field-${settingField(setting.key)}`;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control =
    setting.kind === 'boolean' ? (
      <div class="kern-form-input__select-wrapper">
        <select class={error ? 'kern-form-input__select kern-form-input__select--error' : 'kern-form-input__select'} id={id} name="value" aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
          <option value="true" selected={value === 'true'} safe>
            {t('admin.settings.yes')}
          </option>
          <option value="false" selected={value !== 'true'} safe>
            {t('admin.settings.no')}
          </option>
        </select>
      </div>
    ) : (
      <input
        class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        id={id}
        name="value"
        type="text"
        inputmode={setting.kind === 'number' ? 'numeric' : undefined}
        spellcheck="false"
        value={value}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
      />
    );
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <label class="kern-label" for={id} safe>
        {t('admin.settings.value', { key: setting.key })}
      </label>
      <div class="kern-hint" id={`${id}-hint`} safe>
        {setting.description}
      </div>
      {error ? (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span class="kern-body">
            <span class="kern-sr-only" safe>
              {t('ui.field.errorPrefix') + ' '}
            </span>
            <span safe>{error}</span>
          </span>
        </p>
      ) : (
        ''
      )}
      {control}
    </div>
  );
}

function SettingForm({ t, setting, csrfToken, failed }: { t: Translate; setting: SettingView; csrfToken: string; failed: SettingsPageProps['failed'] }): JSX.Element {
  const own = failed?.key === setting.key ? failed : undefined;
  const headingId = `${settingField(setting.key)}-heading`;
  return (
    <section class="rathaus-setting" aria-labelledby={headingId}>
      <h3 class="kern-heading-small" id={headingId}>
        <code safe>{setting.key}</code>
      </h3>
      <p class="kern-body" safe>
        {t('admin.settings.current', { value: setting.current === '' ? t('admin.settings.empty') : setting.current })}
      </p>
      <p class="kern-body kern-body--small" safe>
        {setting.usesDefault ? t('admin.settings.usesDefault') : t('admin.settings.defaultValue', { value: setting.defaultValue === '' ? t('admin.settings.empty') : setting.defaultValue })}
      </p>
      <form method="post" action="/verwaltung/einstellungen" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="key" value={setting.key} />
        <SettingInput t={t} setting={setting} value={own ? own.value : setting.current} error={own?.message} />
        <Button variant="secondary">
          <span safe>{t('admin.settings.save')}</span>
          <span class="kern-sr-only" safe>
            {': ' + setting.key}
          </span>
        </Button>
      </form>
    </section>
  );
}

export function SettingsPage({ t, tenant, settings, csrfToken, errors, failed }: SettingsPageProps): JSX.Element {
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" safe>
        {t('admin.settings.title')}
      </h1>
      <h2 class="kern-heading-medium" safe>
        {t('admin.settings.masterData')}
      </h2>
      <p class="kern-body" safe>
        {t('admin.settings.masterDataHint')}
      </p>
      <SummaryList
        t={t}
        rows={[
          { key: t('admin.settings.name'), value: tenant.name },
          { key: t('admin.settings.ags'), value: tenant.ags },
          { key: t('admin.settings.bundesland'), value: tenant.bundesland },
          { key: t('admin.settings.hostnames'), value: tenant.hostnames.join('\n') || t('admin.none') },
        ]}
      />
      {/* Target of the error summary when the posted key is not a setting at all. */}
      <h2 class="kern-heading-medium" id="field-settings" tabindex="-1" safe>
        {t('admin.settings.options')}
      </h2>
      <p class="kern-body" safe>
        {t('admin.settings.optionsLead')}
      </p>
      {settings.map((setting) => (
        <SettingForm t={t} setting={setting} csrfToken={csrfToken} failed={failed} />
      ))}
    </>
  );
}
