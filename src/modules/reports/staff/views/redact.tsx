/**
 * Blacking out areas of a photo. Without JavaScript the clerk types
 * rectangles in percent; with it (report-staff.js) they drag over the image
 * and the script fills the same fields, so there is one way to submit.
 */
import type { Translate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, ErrorSummary, TextInput, WarningText, type FieldError } from '../../../../core/ui/components.tsx';
import { RECTANGLE_ROWS } from '../redact.ts';
import { photoPath, reportPath } from './shared.tsx';

export interface RedactPageProps {
  t: Translate;
  reportId: string;
  reference: string;
  photo: { id: string; position: number; width: number; height: number };
  csrfToken: string;
  errors: FieldError[];
  values: Record<string, string>;
}

export function RedactPage(p: RedactPageProps): JSX.Element {
  const { t } = p;
  const n = p.photo.position + 1;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const rows = Array.from({ length: RECTANGLE_ROWS }, (_, i) => i + 1);
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.redact.title', { n, reference: p.reference })}
      </h1>
      <p class="kern-body" safe>
        {t('reportsStaff.redact.lead')}
      </p>
      <p class="kern-body rathaus-report-redact__js-hint" hidden safe>
        {t('reportsStaff.redact.dragHint')}
      </p>
      <WarningText t={t}>
        <span safe>{t('reportsStaff.redact.warning')}</span>
      </WarningText>
      <div class="rathaus-report-redact" data-redact-image>
        <img class="rathaus-report-photo" src={photoPath(p.reportId, p.photo.id)} width={String(p.photo.width)} height={String(p.photo.height)} alt={t('reportsStaff.photo.alt', { n, reference: p.reference })} draggable="false" />
      </div>
      <form method="post" action={`${photoPath(p.reportId, p.photo.id)}/schwaerzen`} data-redact-form>
        <CsrfField token={p.csrfToken} />
        {rows.map((row) => (
          <fieldset class="kern-fieldset rathaus-report-rect" data-redact-row={String(row)}>
            <legend class="kern-label" safe>
              {t('reportsStaff.redact.area', { n: row })}
            </legend>
            <div class="rathaus-report-rect__fields">
              {(['x', 'y', 'w', 'h'] as const).map((field) => (
                <TextInput t={t} name={`${field}${row}`} label={t(`reportsStaff.redact.${field}`)} inputmode="decimal" width="width-4" maxlength={7} value={p.values[`${field}${row}`] ?? ''} error={error(`${field}${row}`)} />
              ))}
            </div>
          </fieldset>
        ))}
        <div class="rathaus-button-group kern-btn-wrapper">
          <Button variant="danger" label={t('reportsStaff.redact.submit')} />
          <a class="kern-link" href={reportPath(p.reportId)} safe>
            {t('reportsStaff.redact.cancel')}
          </a>
        </div>
      </form>
    </>
  );
}
