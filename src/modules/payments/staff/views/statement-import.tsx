/** Kontoauszug: the upload form with the recent imports, and the result of one import. */
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import { Button, CsrfField, DataTable, ErrorSummary, FileInput, InsetText, trusted, WarningText, type FieldError } from '../../../../core/ui/components.tsx';
import { OUTCOME_ORDER, outcomeLabel, REVIEW_OUTCOMES } from '../labels.ts';
import type { CreditRow, ImportRow, ImportSummary } from '../staff.service.ts';
import { CreditTable, importPath, Link, STATEMENT_PATH, UNRESOLVED_PATH } from './shared.tsx';

export const STATEMENT_FIELD = 'statement';

const creditCount = (summary: ImportSummary): number =>
  OUTCOME_ORDER.filter((o) => o !== 'ignored' && o !== 'duplicate' && o !== 'foreign-currency').reduce((sum, o) => sum + (summary[o] ?? 0), 0);

export function StatementImportPage(p: { t: Translate; locale: Locale; csrfToken: string; errors: FieldError[]; maxMegabytes: number; imports: readonly ImportRow[] }): JSX.Element {
  const { t, locale } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.errors} />
      <h1 class="kern-heading-large" safe>
        {t('kasse.import.title')}
      </h1>
      <p class="kern-body" safe>
        {t('kasse.import.lead')}
      </p>
      <form method="post" action={STATEMENT_PATH} enctype="multipart/form-data" novalidate>
        <CsrfField token={p.csrfToken} />
        <FileInput
          t={t}
          name={STATEMENT_FIELD}
          label={t('kasse.import.file')}
          hint={t('kasse.import.fileHint', { max: p.maxMegabytes })}
          required
          accept=".xml,application/xml,text/xml"
          error={p.errors.find((e) => e.field === STATEMENT_FIELD)?.message}
        />
        <Button label={t('kasse.import.submit')} />
      </form>
      <h2 class="kern-heading-medium" safe>
        {t('kasse.import.history.heading')}
      </h2>
      {p.imports.length === 0 ? (
        <p class="kern-body" safe>
          {t('kasse.import.history.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('kasse.import.history.caption')}
          captionHidden
          id="kasse-imports"
          head={[t('kasse.import.history.col.at'), t('kasse.import.history.col.file'), t('kasse.import.history.col.by'), t('kasse.import.history.col.credits')]}
          rows={p.imports.map((i) => [trusted(<Link href={importPath(i.id)} text={formatDate(i.uploadedAt, locale)} />), i.filename, i.uploadedBy, String(creditCount(i.summary))])}
        />
      )}
    </>
  );
}

export function ImportResultPage(p: { t: Translate; locale: Locale; import: ImportRow; credits: readonly CreditRow[] }): JSX.Element {
  const { t, locale, import: imported } = p;
  const counts = OUTCOME_ORDER.filter((o) => (imported.summary[o] ?? 0) > 0);
  const foreign = imported.summary['foreign-currency'] ?? 0;
  const toResolve = p.credits.some((c) => c.resolvedAt === null && (REVIEW_OUTCOMES as readonly string[]).includes(c.outcome));
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('kasse.import.result.title')}
      </h1>
      <p class="kern-body" safe>
        {t('kasse.import.result.meta', { filename: imported.filename, date: formatDate(imported.uploadedAt, locale), name: imported.uploadedBy })}
      </p>
      {foreign > 0 ? (
        <WarningText t={t}>
          <span safe>{t('kasse.import.result.foreign', { count: foreign })}</span>
        </WarningText>
      ) : (
        ''
      )}
      {counts.length > 0 ? (
        <DataTable
          caption={t('kasse.import.result.countsCaption')}
          id="kasse-import-counts"
          rowHeaders
          head={[t('kasse.import.result.col.outcome'), t('kasse.import.result.col.count')]}
          rows={counts.map((o) => [outcomeLabel(t, o), String(imported.summary[o] ?? 0)])}
        />
      ) : (
        ''
      )}
      {toResolve ? (
        <InsetText>
          <Link href={UNRESOLVED_PATH} text={t('kasse.import.result.toResolve')} />
        </InsetText>
      ) : (
        ''
      )}
      {p.credits.length === 0 ? (
        <p class="kern-body" safe>
          {t('kasse.import.result.noCredits')}
        </p>
      ) : (
        <CreditTable t={t} locale={locale} caption={t('kasse.import.result.creditsCaption')} id="kasse-import-credits" credits={p.credits} />
      )}
      <p class="kern-body">
        <Link href={STATEMENT_PATH} text={t('kasse.import.another')} />
      </p>
    </>
  );
}
