/** Protokoll: the tenant's audit log, newest first, filterable by action prefix. */
import { formatDate, type Locale, type Translate } from '../../../core/i18n/i18n.ts';
import { Button, DataTable, Pagination, TextInput, trusted } from '../../../core/ui/components.tsx';
import type { AuditRow, Paged } from '../queries.ts';

export interface AuditPageProps {
  t: Translate;
  locale: Locale;
  entries: Paged<AuditRow>;
  actionPrefix: string;
  hrefFor: (page: number) => string;
}

function objectLabel(t: Translate, row: AuditRow): string {
  if (!row.object_type && !row.object_id) return t('admin.none');
  return [row.object_type, row.object_id].filter(Boolean).join(' ');
}

export function AuditPage({ t, locale, entries, actionPrefix, hrefFor }: AuditPageProps): JSX.Element {
  const rows = entries.rows.map((e) => [
    trusted(
      <time datetime={e.at.toISOString()} safe>
        {formatDate(e.at, locale)}
      </time>,
    ),
    e.actor_label,
    trusted(<code safe>{e.action}</code>),
    objectLabel(t, e),
    Object.keys(e.details).length === 0 ? t('admin.none') : trusted(<code safe>{JSON.stringify(e.details)}</code>),
  ]);
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('admin.audit.title')}
      </h1>
      <p class="kern-body" safe>
        {t('admin.audit.lead')}
      </p>
      <form method="get" action="/verwaltung/protokoll" class="rathaus-filter" role="search" aria-label={t('admin.filter.heading')}>
        <TextInput t={t} name="aktion" label={t('admin.audit.filter.action')} hint={t('admin.audit.filter.actionHint')} value={actionPrefix} spellcheck={false} maxlength={100} />
        <Button variant="secondary" label={t('admin.filter.apply')} />
      </form>
      <p class="kern-body" role="status" safe>
        {t('admin.filter.results', { count: entries.total })}
      </p>
      {entries.rows.length === 0 ? (
        <p class="kern-body" safe>
          {t('admin.audit.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('admin.audit.caption')}
          head={[t('admin.audit.col.at'), t('admin.audit.col.actor'), t('admin.audit.col.action'), t('admin.audit.col.object'), t('admin.audit.col.details')]}
          rows={rows}
        />
      )}
      <Pagination t={t} page={entries.page} pageCount={entries.pageCount} hrefFor={hrefFor} />
    </>
  );
}
