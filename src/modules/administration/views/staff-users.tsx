/** Mitarbeitende: the staff accounts of a tenant and the form to create one. */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { StaffRole } from '../../../core/db/tables.ts';
import { Button, ButtonLink, CsrfField, DataTable, ErrorSummary, RadioGroup, Select, StatusTag, TextInput, trusted, type FieldError } from '../../../core/ui/components.tsx';
import type { StaffUserRow } from '../queries.ts';

export const STAFF_ROLES = ['admin', 'sachbearbeitung', 'redaktion', 'kasse', 'ratsbuero', 'mandatstraeger'] as const satisfies readonly StaffRole[];

function rolesText(t: Translate, user: StaffUserRow): string {
  if (user.roles.length === 0) return t('admin.none');
  return user.roles
    .map((r) => (r.unitName ? t('admin.users.roleInUnit', { role: t(`admin.role.${r.role}`), unit: r.unitName }) : t(`admin.role.${r.role}`)))
    .join(', ');
}

function DeactivateForm({ t, user, csrfToken }: { t: Translate; user: StaffUserRow; csrfToken: string }): JSX.Element {
  return (
    <form method="post" action={`/verwaltung/mitarbeitende/${user.id}/deaktivieren`}>
      <CsrfField token={csrfToken} />
      <Button variant="danger">
        <span safe>{t('admin.users.deactivate')}</span>
        <span class="kern-sr-only" safe>
          {': ' + user.displayName}
        </span>
      </Button>
    </form>
  );
}

export interface StaffUsersPageProps {
  t: Translate;
  users: readonly StaffUserRow[];
  currentUserId: string;
  csrfToken: string;
  errors: readonly FieldError[];
}

export function StaffUsersPage({ t, users, currentUserId, csrfToken, errors }: StaffUsersPageProps): JSX.Element {
  const rows = users.map((u) => [
    u.id === currentUserId ? `${u.displayName} ${t('admin.users.you')}` : u.displayName,
    u.email,
    rolesText(t, u),
    u.totpEnabled ? t('admin.users.totp.on') : t('admin.users.totp.off'),
    trusted(u.active ? <StatusTag tone="success" label={t('admin.users.active')} /> : <StatusTag tone="neutral" label={t('admin.users.inactive')} />),
    u.active && u.id !== currentUserId ? trusted(<DeactivateForm t={t} user={u} csrfToken={csrfToken} />) : t('admin.none'),
  ]);
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" id="field-users" tabindex="-1" safe>
        {t('admin.users.title')}
      </h1>
      <p class="kern-body" safe>
        {t('admin.users.lead')}
      </p>
      <ButtonLink href="/verwaltung/mitarbeitende/neu" variant="primary" label={t('admin.users.new')} />
      <DataTable
        caption={t('admin.users.caption')}
        head={[t('admin.users.col.name'), t('admin.users.col.email'), t('admin.users.col.roles'), t('admin.users.col.totp'), t('admin.users.col.status'), t('admin.users.col.actions')]}
        rows={rows}
        rowHeaders
      />
    </>
  );
}

export interface NewStaffUserPageProps {
  t: Translate;
  units: readonly { slug: string; name: string }[];
  csrfToken: string;
  errors: readonly FieldError[];
  /** What was typed, minus the password (never sent back to the browser). */
  values: Record<string, string>;
}

export function NewStaffUserPage({ t, units, csrfToken, errors, values }: NewStaffUserPageProps): JSX.Element {
  const error = (field: string): string | undefined => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-x-large" safe>
        {t('admin.users.new')}
      </h1>
      <form method="post" action="/verwaltung/mitarbeitende/neu" novalidate>
        <CsrfField token={csrfToken} />
        <TextInput t={t} name="displayName" label={t('admin.users.field.displayName')} value={values.displayName} error={error('displayName')} autocomplete="off" maxlength={200} required />
        <TextInput t={t} name="email" type="email" label={t('admin.users.field.email')} hint={t('admin.users.field.emailHint')} value={values.email} error={error('email')} autocomplete="off" spellcheck={false} maxlength={254} required />
        <TextInput t={t} name="password" type="password" label={t('admin.users.field.password')} hint={t('admin.users.field.passwordHint')} error={error('password')} autocomplete="new-password" required />
        <RadioGroup t={t} name="role" label={t('admin.users.field.role')} value={values.role} error={error('role')} options={STAFF_ROLES.map((role) => ({ value: role, label: t(`admin.role.${role}`) }))} required />
        <Select t={t} name="unit" label={t('admin.users.field.unit')} hint={t('admin.users.field.unitHint')} value={values.unit} error={error('unit')} options={units.map((u) => ({ value: u.slug, label: u.name }))} />
        <Button label={t('admin.users.new')} />
      </form>
    </>
  );
}
