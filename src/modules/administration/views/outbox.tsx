/** Postausgang: the list of a tenant's mails and one mail as plain text. */
import { formatDate, type Locale, type Translate } from '../../../core/i18n/i18n.ts';
import { Button, ButtonLink, DataTable, InsetText, Pagination, Select, StatusTag, SummaryList, trusted, type Tone } from '../../../core/ui/components.tsx';
import { MAIL_STATUSES, type MailDetail, type MailListRow, type MailStatus, type Paged } from '../queries.ts';

const statusTone: Record<MailStatus, Tone> = { queued: 'info', sent: 'success', held: 'warning', failed: 'danger' };

function MailStatusTag({ t, status }: { t: Translate; status: MailStatus }): JSX.Element {
  return <StatusTag label={t(`admin.mail.status.${status}`)} tone={statusTone[status]} />;
}

function OfflineNote({ t, offline }: { t: Translate; offline: boolean }): JSX.Element {
  if (!offline) return '';
  return (
    <InsetText>
      <p class="kern-body" safe>
        {t('admin.outbox.offline')}
      </p>
    </InsetText>
  );
}

export interface OutboxPageProps {
  t: Translate;
  locale: Locale;
  mails: Paged<MailListRow>;
  status: MailStatus | undefined;
  offline: boolean;
  hrefFor: (page: number) => string;
}

export function OutboxPage({ t, locale, mails, status, offline, hrefFor }: OutboxPageProps): JSX.Element {
  const rows = mails.rows.map((m) => [
    trusted(
      <time datetime={m.created_at.toISOString()} safe>
        {formatDate(m.created_at, locale)}
      </time>,
    ),
    m.to_address,
    trusted(
      <a class="kern-link" href={`/verwaltung/postausgang/${m.id}`} safe>
        {m.subject}
      </a>,
    ),
    m.template,
    trusted(<MailStatusTag t={t} status={m.status} />),
    String(m.attempts),
    m.last_error ?? t('admin.none'),
  ]);
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('admin.outbox.title')}
      </h1>
      <p class="kern-body" safe>
        {t('admin.outbox.lead')}
      </p>
      <OfflineNote t={t} offline={offline} />
      <form method="get" action="/verwaltung/postausgang" class="rathaus-filter" role="search" aria-label={t('admin.filter.heading')}>
        <Select
          t={t}
          name="status"
          label={t('admin.outbox.filter.status')}
          value={status ?? ''}
          placeholder={false}
          options={[{ value: '', label: t('admin.outbox.filter.all') }, ...MAIL_STATUSES.map((s) => ({ value: s, label: t(`admin.mail.status.${s}`) }))]}
        />
        <Button variant="secondary" label={t('admin.filter.apply')} />
      </form>
      <p class="kern-body" role="status" safe>
        {t('admin.filter.results', { count: mails.total })}
      </p>
      {mails.rows.length === 0 ? (
        <p class="kern-body" safe>
          {t('admin.outbox.empty')}
        </p>
      ) : (
        <DataTable
          caption={t('admin.outbox.caption')}
          head={[t('admin.outbox.col.created'), t('admin.outbox.col.recipient'), t('admin.outbox.col.subject'), t('admin.outbox.col.template'), t('admin.outbox.col.status'), t('admin.outbox.col.attempts'), t('admin.outbox.col.lastError')]}
          rows={rows}
        />
      )}
      <Pagination t={t} page={mails.page} pageCount={mails.pageCount} hrefFor={hrefFor} />
    </>
  );
}

export function MailPage({ t, locale, mail, offline }: { t: Translate; locale: Locale; mail: MailDetail; offline: boolean }): JSX.Element {
  const rows = [
    { key: t('admin.mail.to'), value: mail.to_address },
    { key: t('admin.mail.subject'), value: mail.subject },
    { key: t('admin.mail.status'), value: trusted(<MailStatusTag t={t} status={mail.status} />) },
    { key: t('admin.mail.template'), value: mail.template },
    { key: t('admin.mail.locale'), value: mail.locale },
    { key: t('admin.mail.created'), value: formatDate(mail.created_at, locale) },
    { key: t('admin.mail.sent'), value: mail.sent_at ? formatDate(mail.sent_at, locale) : t('admin.none') },
    { key: t('admin.mail.attempts'), value: String(mail.attempts) },
    { key: t('admin.mail.lastError'), value: mail.last_error ?? t('admin.none') },
  ];
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {mail.subject}
      </h1>
      <OfflineNote t={t} offline={offline} />
      <h2 class="kern-heading-medium" safe>
        {t('admin.mail.headers')}
      </h2>
      <SummaryList t={t} rows={rows} />
      <h2 class="kern-heading-medium" id="mail-body" safe>
        {t('admin.mail.body')}
      </h2>
      <p class="kern-hint" safe>
        {t('admin.mail.htmlNote')}
      </p>
      {/* Focusable so keyboard users can scroll long lines; never the HTML body, so nothing in a mail can run or load here. */}
      <pre class="kern-body rathaus-mail-body" role="region" tabindex="0" aria-labelledby="mail-body" safe>
        {mail.text_body}
      </pre>
      <ButtonLink href="/verwaltung/postausgang" label={t('admin.mail.back')} />
    </>
  );
}
