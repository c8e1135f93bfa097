/**
 * A same-origin GET crawler: visits pages breadth-first from the start
 * paths, runs `checkPage` on each and collects every link it finds. It never
 * submits a form, so it changes nothing on the server.
 */
import type { Page, Response } from 'playwright-core';
import { checkPage, forgetRecorded } from './browser.ts';

export interface CrawledPage {
  /** Path and query, relative to the origin. */
  path: string;
  status: number;
  /** Set when the page redirected elsewhere. */
  finalPath?: string;
  /** The page that linked here first (undefined for start paths). */
  linkedFrom?: string;
  problems: string[];
}

export interface CrawlOptions {
  origin: string;
  start: string[];
  /** Which paths to follow (pathname, without the query). */
  follow: (pathname: string) => boolean;
  /** Every page must be in this language (`html[lang]`). */
  lang?: 'de' | 'en';
  /** Safety cap. */
  maxPages?: number;
  /**
   * Pages of one kind (same template, other data: one per service, per
   * category …) visited at most this often; `kindOf` names the kind of a
   * path. Without it every page is visited.
   */
  perKind?: { max: number; kindOf: (pathname: string) => string };
}

/** Not pages: static files, the stylesheet of the tenant, machine endpoints. */
const NOT_PAGES = /^\/(assets\/|branding\.css$|branding\/|healthz$|readyz$|metrics$|api\/)/;

function linkKey(url: URL): string {
  // The language switch links (`?lang=`) would flip the locale cookie for
  // everything crawled afterwards; languages are crawled in their own context.
  url.searchParams.delete('lang');
  url.hash = '';
  return `${url.pathname}${url.search}`;
}

export async function crawl(page: Page, options: CrawlOptions): Promise<CrawledPage[]> {
  const max = options.maxPages ?? 200;
  const queue: { path: string; from?: string }[] = options.start.map((path) => ({ path }));
  const seen = new Set(options.start);
  const pages: CrawledPage[] = [];
  const kinds = new Map<string, number>();
  while (queue.length > 0 && pages.length < max) {
    const next = queue.shift();
    if (!next) break;
    let response: Response | null;
    try {
      response = await page.goto(`${options.origin}${next.path}`, { waitUntil: 'load' });
    } catch (error) {
      // A download (e.g. a PDF attachment) is no page to check.
      if (error instanceof Error && /Download is starting/.test(error.message)) {
        pages.push({ path: next.path, status: 200, problems: [], ...(next.from ? { linkedFrom: next.from } : {}) });
        continue;
      }
      throw error;
    }
    const status = response?.status() ?? 0;
    const final = new URL(page.url());
    const finalPath = `${final.pathname}${final.search}`;
    const contentType = (await response?.headerValue('content-type')) ?? '';
    const crawled: CrawledPage = { path: next.path, status, problems: [], ...(finalPath !== next.path ? { finalPath } : {}), ...(next.from ? { linkedFrom: next.from } : {}) };
    pages.push(crawled);
    if (!contentType.startsWith('text/html')) {
      await forgetRecorded(page);
      continue;
    }
    crawled.problems = (await checkPage(page)).problems;
    const lang = await page.locator('html').getAttribute('lang');
    if (options.lang && lang !== options.lang) crawled.problems.push(`html[lang] is ${JSON.stringify(lang)}, expected "${options.lang}"`);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const url = new URL(href, page.url());
      if (url.origin !== options.origin || NOT_PAGES.test(url.pathname) || !options.follow(url.pathname)) continue;
      // `?ansicht=1` opens a stored document in the browser's own PDF/image viewer (sandboxed): a file, not one of our pages.
      if (url.searchParams.get('ansicht') === '1') continue;
      const key = linkKey(url);
      if (seen.has(key)) continue;
      seen.add(key);
      if (options.perKind) {
        const kind = options.perKind.kindOf(url.pathname);
        const count = kinds.get(kind) ?? 0;
        if (count >= options.perKind.max) continue;
        kinds.set(kind, count + 1);
      }
      queue.push({ path: key, from: crawled.path });
    }
  }
  return pages;
}

export function describeCrawl(title: string, pages: CrawledPage[]): string {
  const lines = pages.map((p) => `  ${String(p.status).padEnd(3)} ${p.path}${p.finalPath ? ` → ${p.finalPath}` : ''}${p.problems.length ? `  (${p.problems.length} problems)` : ''}`);
  return `${title}: ${pages.length} pages\n${lines.join('\n')}`;
}

export function describeProblems(pages: CrawledPage[]): string {
  return pages
    .filter((p) => p.problems.length > 0)
    .map((p) => `${p.path}:\n  - ${p.problems.join('\n  - ')}`)
    .join('\n');
}
