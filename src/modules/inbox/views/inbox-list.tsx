import type { Locale, Translate } from '../../../core/i18n/i18n.ts';
import { formatDate } from '../../../core/i18n/i18n.ts';
import type { CaseFilters, CaseSummary } from '../../../core/cases/case-service.ts';
import { CASE_STATUSES, STATUS_TONE, statusLabelKey, type CaseStatus } from '../../../core/cases/statuses.ts';
import { Button, Checkbox, DataTable, Pagination, Select, StatusTag, TextInput, trusted } from '../../../core/ui/components.tsx';
import type { UnitOption } from '../inbox.service.ts';

export interface InboxListProps {
  t: Translate;
  locale: Locale;
  filters: CaseFilters;
  units: UnitOption[];
  types: { value: string; label: string }[];
  result: { cases: CaseSummary[]; total: number; page: number; pageCount: number };
  now: Date;
  hrefFor(page: number): string;
  typeLabel(type: string): string;
}

export function InboxList(p: InboxListProps): JSX.Element {
  const { t, filters } = p;
  const rows = p.result.cases.map((c) => {
    const overdue = c.dueAt !== null && c.closedAt === null && c.dueAt < p.now;
    return [
      trusted(
        <a class="kern-link" href={`/verwaltung/vorgaenge/${c.id}`} safe>
          {c.reference}
        </a>,
      ),
      c.subject,
      p.typeLabel(c.type),
      c.unitName,
      trusted(<StatusTag label={t(statusLabelKey(c.status))} tone={STATUS_TONE[c.status as CaseStatus] ?? 'neutral'} />),
      c.assigneeName ?? t('inbox.nobody'),
      formatDate(c.createdAt, p.locale),
      c.dueAt
        ? trusted(
            <span class={overdue ? 'rathaus-overdue' : ''}>
              <span safe>{formatDate(c.dueAt, p.locale, 'date')}</span>
              {overdue ? <strong safe>{` (${t('inbox.overdue')})`}</strong> : ''}
            </span>,
          )
        : t('inbox.nobody'),
    ];
  });
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {t('inbox.title')}
      </h1>
      <form method="get" action="/verwaltung" class="rathaus-filters" aria-label={t('inbox.filters')}>
        <div class="rathaus-filters__grid">
          <Select t={t} name="unit" label={t('inbox.filter.unit')} placeholder={false} value={filters.unitId ?? ''} options={[{ value: '', label: t('inbox.filter.allUnits') }, ...p.units.map((u) => ({ value: u.id, label: u.name }))]} />
          <Select t={t} name="type" label={t('inbox.filter.type')} placeholder={false} value={filters.type ?? ''} options={[{ value: '', label: t('inbox.filter.allTypes') }, ...p.types]} />
          <Select
            t={t}
            name="status"
            label={t('inbox.filter.status')}
            placeholder={false}
            value={filters.status ?? 'all'}
            options={[{ value: 'open', label: t('inbox.filter.open') }, { value: 'all', label: t('inbox.filter.all') }, ...CASE_STATUSES.map((s) => ({ value: s, label: t(statusLabelKey(s)) }))]}
          />
          <Select
            t={t}
            name="assignee"
            label={t('inbox.filter.assignee')}
            placeholder={false}
            value={filters.assignee ?? ''}
            options={[
              { value: '', label: t('inbox.filter.assigneeAll') },
              { value: 'me', label: t('inbox.filter.assigneeMe') },
              { value: 'none', label: t('inbox.filter.assigneeNone') },
            ]}
          />
          <TextInput t={t} name="q" type="search" label={t('inbox.filter.q')} value={filters.q ?? ''} />
        </div>
        <Checkbox t={t} name="overdue" value="1" label={t('inbox.filter.overdue')} checked={Boolean(filters.overdue)} />
        <Button variant="secondary" label={t('inbox.filter.apply')} />
      </form>
      {p.result.total === 0 ? (
        <p class="kern-body" safe>
          {t('inbox.empty')}
        </p>
      ) : (
        <>
          <DataTable
            caption={t('inbox.table.caption', { total: p.result.total })}
            head={[t('inbox.col.reference'), t('inbox.col.subject'), t('inbox.col.type'), t('inbox.col.unit'), t('inbox.col.status'), t('inbox.col.assignee'), t('inbox.col.received'), t('inbox.col.due')]}
            rows={rows}
          />
          <Pagination t={t} page={p.result.page} pageCount={p.result.pageCount} hrefFor={p.hrefFor} />
        </>
      )}
    </>
  );
}
