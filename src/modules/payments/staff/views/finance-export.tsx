/** Tagesexport: pick a Berlin calendar day, download its booking records as CSV. */
import type { Translate } from '../../../../core/i18n/i18n.ts';
import { Button, DateInput, ErrorSummary, type FieldError } from '../../../../core/ui/components.tsx';
import { EXPORT_PATH } from './shared.tsx';

export const EXPORT_CSV_PATH = `${EXPORT_PATH}.csv`;

export function FinanceExportPage({ t, day, errors }: { t: Translate; day: string; errors: FieldError[] }): JSX.Element {
  return (
    <>
      <ErrorSummary t={t} errors={errors} />
      <h1 class="kern-heading-large" safe>
        {t('kasse.export.title')}
      </h1>
      <p class="kern-body" safe>
        {t('kasse.export.lead')}
      </p>
      <p class="kern-body" safe>
        {t('kasse.export.format')}
      </p>
      <form method="get" action={EXPORT_CSV_PATH} novalidate>
        <DateInput t={t} name="tag" label={t('kasse.export.day')} hint={t('kasse.export.dayHint')} required value={day} error={errors.find((e) => e.field === 'tag')?.message} />
        <Button label={t('kasse.export.submit')} />
      </form>
    </>
  );
}
