/**
 * Machine-readable feeds of the public Ratsinformationssystem: RSS 2.0 of the
 * newest papers and an iCalendar (RFC 5545, METHOD:PUBLISH) subscription of
 * the meetings. Both receive only public data (the views' rows), so nothing
 * non-public can end up in a feed reader or a calendar.
 */
import { escapeText, foldLine } from '../../../core/ical/ical.ts';
import type { MeetingSummary, PaperSummary } from './public.service.ts';

function xml(text: string): string {
  // XML 1.0 forbids most control characters even when escaped.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] as string);
}

export interface RssChannel {
  title: string;
  description: string;
  /** Absolute URL of the portal (https://…/ratsinfo/vorlagen). */
  link: string;
  /** Absolute URL of this feed. */
  self: string;
  language: 'de' | 'en';
  baseUrl: string;
}

export function renderPapersRss(channel: RssChannel, papers: readonly PaperSummary[]): string {
  const items = papers.map((p) => {
    const url = `${channel.baseUrl}/ratsinfo/vorlagen/${p.id}`;
    const title = p.reference ? `${p.reference}: ${p.name}` : p.name;
    return [
      '<item>',
      `<title>${xml(title)}</title>`,
      `<link>${xml(url)}</link>`,
      `<guid isPermaLink="true">${xml(url)}</guid>`,
      `<pubDate>${p.published.toUTCString()}</pubDate>`,
      `<category>${xml(p.paperType)}</category>`,
      `<description>${xml(p.paperType)}</description>`,
      '</item>',
    ].join('');
  });
  const updated = papers.reduce<Date | null>((latest, p) => (!latest || p.published > latest ? p.published : latest), null);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xml(channel.title)}</title>`,
    `<link>${xml(channel.link)}</link>`,
    `<description>${xml(channel.description)}</description>`,
    `<language>${channel.language}</language>`,
    `<atom:link href="${xml(channel.self)}" rel="self" type="application/rss+xml"/>`,
    ...(updated ? [`<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`] : []),
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

export interface IcalFeed {
  name: string;
  prodId: string;
  /** Host part of the UIDs, e.g. musterstadt.example: stable as long as the portal's address is. */
  uidDomain: string;
  baseUrl: string;
  /** Prefix of a cancelled meeting's summary, e.g. "abgesagt". */
  cancelledLabel: string;
}

const DEFAULT_DURATION_MS = 2 * 3_600_000;

function utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

/** One VEVENT per meeting; times in UTC (unambiguous for every client); cancelled meetings stay, as CANCELLED. */
export function renderMeetingsIcal(feed: IcalFeed, meetings: readonly MeetingSummary[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(feed.prodId)}`, 'METHOD:PUBLISH', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${escapeText(feed.name)}`, 'X-WR-TIMEZONE:Europe/Berlin'];
  for (const m of meetings) {
    const end = m.endAt && m.endAt.getTime() > m.startAt.getTime() ? m.endAt : new Date(m.startAt.getTime() + DEFAULT_DURATION_MS);
    const organizations = m.organizations.map((o) => o.name).join(', ');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(`council-meeting-${m.id}@${feed.uidDomain}`)}`,
      `DTSTAMP:${utc(m.modified)}`,
      `LAST-MODIFIED:${utc(m.modified)}`,
      `DTSTART:${utc(m.startAt)}`,
      `DTEND:${utc(end)}`,
      `SUMMARY:${escapeText(m.cancelled ? `[${feed.cancelledLabel}] ${m.name}` : m.name)}`,
      ...(m.location ? [`LOCATION:${escapeText(m.location)}`] : []),
      ...(organizations ? [`DESCRIPTION:${escapeText(organizations)}`] : []),
      `URL:${new URL(`/ratsinfo/sitzungen/${m.id}`, feed.baseUrl).href}`,
      `STATUS:${m.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
