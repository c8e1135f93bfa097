/**
 * Page rendering: a page hands over its title, breadcrumbs and body; the
 * renderer wraps it in the tenant's layout with navigation, language switch,
 * CSRF token and flash message. Browsers and proxies never store pages (they may show
 * personal data), and the flash message is read once.
 */
import type { FastifyReply } from 'fastify';
import { Layout, type Breadcrumb, type Flash, type NavItem } from '../ui/layout.tsx';
import type { Csrf } from './csrf.ts';
import type { NavEntry } from '../module.ts';
import { can } from '../auth/policy.ts';

export interface PageSpec {
  title: string;
  body: JSX.Element;
  breadcrumbs?: Breadcrumb[];
  status?: number;
  area?: 'public' | 'staff';
  /** Extra same-origin stylesheets/scripts for this page (see LayoutProps.head). */
  head?: JSX.Element;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a full HTML page. */
    page(spec: PageSpec): Promise<FastifyReply>;
    /** A message shown once on the next page (after a redirect). */
    flash(kind: Flash['kind'], message: string): FastifyReply;
  }
  interface FastifyReply {
    /** The CSRF token for forms on this page (sets the browser secret cookie on first use). */
    csrfToken(): string;
  }
}

export const FLASH_COOKIE = 'rathaus-flash';

function isCurrent(path: string, href: string): boolean {
  if (href === '/' || href === '/verwaltung') return path === href;
  return path === href || path.startsWith(`${href}/`);
}

export function installRenderer(
  app: import('fastify').FastifyInstance,
  options: { csrf: Csrf; publicNav: readonly NavEntry[]; staffNav: readonly NavEntry[]; secureCookies: boolean; csrfMarker?: string },
): void {
  const publicNav = [...options.publicNav].sort((a, b) => a.order - b.order);
  const staffNav = [...options.staffNav].sort((a, b) => a.order - b.order);

  app.decorateReply('csrfToken', function (this: FastifyReply) {
    // A render for the page cache leaves a hole that every response fills with its own browser's token.
    const cached = this.request.pageCache;
    if (cached?.mode === 'store' && options.csrfMarker) {
      cached.hole = true;
      return options.csrfMarker;
    }
    return options.csrf.tokenFor(this.request, this);
  });

  app.decorateReply('flash', function (this: FastifyReply, kind: Flash['kind'], message: string) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ kind, message }), { path: '/', httpOnly: true, secure: options.secureCookies, sameSite: 'lax', signed: true, maxAge: 300 });
    return this;
  });

  app.decorateReply('page', async function (this: FastifyReply, spec: PageSpec) {
    const request = this.request;
    const t = request.t;
    const area = spec.area ?? (request.url.startsWith('/verwaltung') ? 'staff' : 'public');
    const path = request.url.split('?')[0] ?? '/';
    let flash: Flash | null = null;
    const rawFlash = request.cookies[FLASH_COOKIE];
    if (rawFlash) {
      const unsigned = request.unsignCookie(rawFlash);
      if (unsigned.valid && unsigned.value) {
        try {
          flash = JSON.parse(unsigned.value) as Flash;
        } catch {
          flash = null;
        }
      }
      this.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    const staff = request.staff;
    const entries = area === 'staff' ? staffNav.filter((e) => !e.permission || (staff && can(staff, e.permission, { tenantId: request.tenant.id }))) : publicNav;
    const nav: NavItem[] = entries.map((e) => ({ label: t(e.labelKey), href: e.href, current: isCurrent(path, e.href) }));
    const user = area === 'staff' && staff ? { displayName: staff.displayName } : null;
    const html = await Layout({
      t,
      locale: request.locale,
      tenant: { name: request.tenant.name, slug: request.tenant.slug, hasLogo: request.tenant.hasLogo },
      title: spec.title,
      area,
      nav: area === 'staff' && !staff ? [] : nav,
      ...(spec.breadcrumbs ? { breadcrumbs: spec.breadcrumbs } : {}),
      ...(spec.head ? { head: spec.head } : {}),
      user,
      // Only the user menu's sign-out form needs a token; an anonymous page sets no CSRF cookie of its own.
      csrfToken: user ? this.csrfToken() : '',
      flash,
      currentPath: request.url,
      children: spec.body,
    });
    return this.code(spec.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });
}
