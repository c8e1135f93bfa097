/** The queue (/verwaltung/maengel): filters, the table with a checkbox per row, and the bulk actions below it. */
import type { Locale, Translate } from '../../../../core/i18n/i18n.ts';
import { formatDate } from '../../../../core/i18n/i18n.ts';
import { Button, ButtonLink, Checkbox, CsrfField, ErrorSummary, fieldId, Pagination, Select, TextInput, Textarea, type FieldError } from '../../../../core/ui/components.tsx';
import { REPORT_STATES, stateLabelKey } from '../../model/states.ts';
import type { QueueFilters, QueueRow, Option } from '../staff.service.ts';
import { DeadlineCell, deadlineOf, NEW_PATH, placeText, PublicationTag, QUEUE_PATH, reportPath, StateTag } from './shared.tsx';

export interface QueueProps {
  t: Translate;
  locale: Locale;
  filters: QueueFilters;
  categories: { id: string; name: { de: string; en: string } }[];
  units: Option[];
  allUnits: Option[];
  result: { rows: QueueRow[]; total: number; page: number; pageCount: number };
  now: Date;
  bundesland: string;
  hrefFor(page: number): string;
  /** The queue URL with the current filters (where a bulk action returns to). */
  back: string;
  csrfToken: string;
  bulk: { errors: FieldError[]; values: Record<string, string>; selected: string[] };
}

const SOURCES = ['web', 'open311', 'staff'] as const;

function Filters({ t, locale, filters, categories, units }: Pick<QueueProps, 't' | 'locale' | 'filters' | 'categories' | 'units'>): JSX.Element {
  return (
    <form method="get" action={QUEUE_PATH} class="rathaus-filters" aria-label={t('reportsStaff.filters')}>
      <div class="rathaus-filters__grid">
        <Select
          t={t}
          name="state"
          label={t('reportsStaff.filter.state')}
          placeholder={false}
          value={filters.state || 'all'}
          options={[{ value: 'open', label: t('reportsStaff.filter.open') }, { value: 'closed', label: t('reportsStaff.filter.closed') }, { value: 'all', label: t('reportsStaff.filter.all') }, ...REPORT_STATES.map((s) => ({ value: s, label: t(stateLabelKey(s)) }))]}
        />
        <Select t={t} name="category" label={t('reportsStaff.filter.category')} placeholder={false} value={filters.categoryId ?? ''} options={[{ value: '', label: t('reportsStaff.filter.allCategories') }, ...categories.map((c) => ({ value: c.id, label: c.name[locale] }))]} />
        <Select t={t} name="unit" label={t('reportsStaff.filter.unit')} placeholder={false} value={filters.unitId ?? ''} options={[{ value: '', label: t('reportsStaff.filter.allUnits') }, ...units.map((u) => ({ value: u.id, label: u.name }))]} />
        <Select
          t={t}
          name="publication"
          label={t('reportsStaff.filter.publication')}
          placeholder={false}
          value={filters.publication ?? ''}
          options={[{ value: '', label: t('reportsStaff.filter.allPublication') }, ...(['pending', 'published', 'hidden'] as const).map((p) => ({ value: p, label: t(`reportsStaff.publication.${p}`) }))]}
        />
        <Select t={t} name="source" label={t('reportsStaff.filter.source')} placeholder={false} value={filters.source ?? ''} options={[{ value: '', label: t('reportsStaff.filter.allSources') }, ...SOURCES.map((s) => ({ value: s, label: t(`reports.source.${s}`) }))]} />
        <TextInput t={t} name="q" type="search" label={t('reportsStaff.filter.q')} hint={t('reportsStaff.filter.qHint')} value={filters.q ?? ''} />
        <Select
          t={t}
          name="order"
          label={t('reportsStaff.filter.order')}
          placeholder={false}
          value={filters.order}
          options={[
            { value: 'urgent', label: t('reportsStaff.filter.orderUrgent') },
            { value: 'newest', label: t('reportsStaff.filter.orderNewest') },
          ]}
        />
      </div>
      <Checkbox t={t} name="overdue" value="1" label={t('reportsStaff.filter.overdue')} checked={Boolean(filters.overdue)} />
      <Button variant="secondary" label={t('reportsStaff.filter.apply')} />
    </form>
  );
}

function QueueTable(p: QueueProps): JSX.Element {
  const { t, locale } = p;
  const head = [t('reportsStaff.col.select'), t('reportsStaff.col.reference'), t('reportsStaff.col.category'), t('reportsStaff.col.place'), t('reportsStaff.col.state'), t('reportsStaff.col.received'), t('reportsStaff.col.due'), t('reportsStaff.col.publication')];
  const rows: JSX.Element[][] = p.result.rows.map((r, index) => {
    const deadline = deadlineOf(t, r.dueAt, r.closedAt, p.now, p.bundesland);
    // The first box carries the id the error summary's "select at least one" links to.
    const boxId = index === 0 ? fieldId('ids') : `select-${r.id}`;
    return [
      <span class="kern-form-check rathaus-report-select">
        <input class="kern-form-check__checkbox" type="checkbox" id={boxId} name="ids" value={r.id} checked={p.bulk.selected.includes(r.id)} />
        <label class="kern-label" for={boxId}>
          <span class="kern-sr-only" safe>
            {t('reportsStaff.selectRow', { reference: r.reference })}
          </span>
        </label>
      </span>,
      <a class="kern-link" href={reportPath(r.id)} safe>
        {r.reference}
      </a>,
      <span safe>{r.categoryName[locale]}</span>,
      <>
        <span safe>{placeText(t, r.address, r.lat, r.lng)}</span>
        <span class="rathaus-report-deadline" safe>
          {r.unitName + (r.assigneeName ? ` · ${r.assigneeName}` : '')}
        </span>
      </>,
      <StateTag t={t} state={r.state} />,
      <span safe>{formatDate(r.requestedAt, locale)}</span>,
      <DeadlineCell t={t} locale={locale} dueAt={r.dueAt} deadline={deadline} />,
      <PublicationTag t={t} publication={r.publication} />,
    ];
  });
  const captionId = 'queue-caption';
  return (
    <div class="kern-table-responsive rathaus-table" role="region" aria-labelledby={captionId} tabindex="0">
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id={captionId} safe>
          {t('reportsStaff.table.caption', { total: p.result.total, page: p.result.page, pages: p.result.pageCount })}
        </caption>
        <thead>
          <tr class="kern-table__row">
            {head.map((h) => (
              <th class="kern-table__header" scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {rows.map((row) => (
            <tr class="kern-table__row">
              {row.map((safeCell) => (
                <td class="kern-table__cell">{safeCell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BulkActions(p: QueueProps): JSX.Element {
  const { t } = p;
  const error = (field: string) => p.bulk.errors.find((e) => e.field === field)?.message;
  return (
    <fieldset class="kern-fieldset rathaus-report-bulk">
      <legend class="kern-label" safe>
        {t('reportsStaff.bulk.legend')}
      </legend>
      <p class="kern-hint" safe>
        {t('reportsStaff.bulk.hint')}
      </p>
      <div class="rathaus-report-bulk__group">
        <h2 class="kern-heading-small" safe>
          {t('reportsStaff.bulk.stateHeading')}
        </h2>
        <Select t={t} name="bulkState" label={t('reportsStaff.field.state')} value={p.bulk.values.bulkState ?? ''} error={error('bulkState')} options={REPORT_STATES.map((s) => ({ value: s, label: t(stateLabelKey(s)) }))} />
        <Textarea t={t} name="bulkComment" label={t('reportsStaff.field.comment')} hint={t('reportsStaff.field.commentHint')} rows={3} maxlength={4000} value={p.bulk.values.bulkComment ?? ''} error={error('bulkComment')} />
        <Button name="aktion" value="stand" variant="secondary" label={t('reportsStaff.bulk.applyState')} />
      </div>
      <div class="rathaus-report-bulk__group">
        <h2 class="kern-heading-small" safe>
          {t('reportsStaff.bulk.assignHeading')}
        </h2>
        <Button name="aktion" value="mir" variant="secondary" label={t('reportsStaff.bulk.assignMe')} />
      </div>
      <div class="rathaus-report-bulk__group">
        <h2 class="kern-heading-small" safe>
          {t('reportsStaff.bulk.routeHeading')}
        </h2>
        <Select t={t} name="bulkUnit" label={t('reportsStaff.field.unit')} value={p.bulk.values.bulkUnit ?? ''} error={error('bulkUnit')} options={p.allUnits.map((u) => ({ value: u.id, label: u.name }))} />
        <Button name="aktion" value="weiterleiten" variant="secondary" label={t('reportsStaff.bulk.route')} />
      </div>
    </fieldset>
  );
}

export function QueuePage(p: QueueProps): JSX.Element {
  const { t } = p;
  return (
    <>
      <ErrorSummary t={t} errors={p.bulk.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.title')}
      </h1>
      <p class="kern-body">
        <ButtonLink href={NEW_PATH} variant="secondary" label={t('reportsStaff.new.link')} />
      </p>
      <Filters t={t} locale={p.locale} filters={p.filters} categories={p.categories} units={p.units} />
      {p.result.total === 0 ? (
        <p class="kern-body" safe>
          {t('reportsStaff.empty')}
        </p>
      ) : (
        <>
          <form method="post" action={`${QUEUE_PATH}/sammelaktion`}>
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="zurueck" value={p.back} />
            <QueueTable {...p} />
            <BulkActions {...p} />
          </form>
          <Pagination t={t} page={p.result.page} pageCount={p.result.pageCount} hrefFor={p.hrefFor} />
        </>
      )}
    </>
  );
}

export interface BulkResultProps {
  t: Translate;
  done: string[];
  failed: { reference: string; reason: string }[];
  back: string;
}

export function BulkResultPage({ t, done, failed, back }: BulkResultProps): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('reportsStaff.bulk.resultTitle')}
      </h1>
      <p class="kern-body" safe>
        {t('reportsStaff.bulk.resultDone', { n: done.length })}
      </p>
      {done.length ? (
        <ul class="kern-list">
          {done.map((reference) => (
            <li safe>{reference}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <div class="kern-alert kern-alert--danger" role="alert">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <h2 class="kern-title" safe>
            {t('reportsStaff.bulk.resultFailed', { n: failed.length })}
          </h2>
        </div>
        <div class="kern-alert__body">
          <ul class="kern-list">
            {failed.map((f) => (
              <li safe>{`${f.reference}: ${f.reason}`}</li>
            ))}
          </ul>
        </div>
      </div>
      <p class="kern-body">
        <a class="kern-link" href={back} safe>
          {t('reportsStaff.backToQueue')}
        </a>
      </p>
    </>
  );
}
