/**
 * The page chrome every HTML page renders into: head, skip link, header with
 * tenant branding, language switch, navigation, breadcrumbs, flash message,
 * main and footer. KERN has no header/footer/navigation components, so these
 * are built on its tokens in rathaus.css.
 *
 * Strict CSP: no inline script or style, no `style=` attributes. The layout
 * holds no h1; each page brings exactly one.
 */
import { escapeHtml } from '@kitajs/html';
import type { Locale, Translate } from '../i18n/i18n.ts';
import { LOCALES } from '../i18n/i18n.ts';

export interface NavItem {
  label: string;
  href: string;
  current?: boolean;
}

/** The last breadcrumb is the current page and has no href. */
export interface Breadcrumb {
  label: string;
  href?: string;
}

export interface Flash {
  kind: 'success' | 'info' | 'error';
  message: string;
}

export interface LayoutProps {
  t: Translate;
  locale: Locale;
  tenant: { name: string; slug: string; hasLogo: boolean };
  /** Becomes `${title} – ${tenant.name}` in the document title. */
  title: string;
  area: 'public' | 'staff';
  nav: NavItem[];
  breadcrumbs?: Breadcrumb[];
  user?: { displayName: string } | null;
  csrfToken: string;
  flash?: Flash | null;
  /** Path and query of this page, for the language switch links. */
  currentPath: string;
  /** Extra stylesheets and scripts (same-origin files only) a page needs, e.g. the ALTCHA widget's. */
  head?: JSX.Element;
  children?: JSX.Element | JSX.Element[] | string;
}

/**
 * The same page in another language: keeps path and query, sets `lang`.
 * Only a path comes out, never a scheme or host, so the link cannot lead
 * off-site whatever the request path was.
 */
export function languageHref(currentPath: string, locale: Locale): string {
  const url = new URL(currentPath, 'http://localhost');
  url.searchParams.set('lang', locale);
  const path = url.pathname.replace(/^\/+/, '/');
  return `${path}${url.search}`;
}

const flashRole = { success: 'status', info: 'status', error: 'alert' } as const;
const flashAlertClass = { success: 'kern-alert--success', info: 'kern-alert--info', error: 'kern-alert--danger' } as const;
const flashIcon = { success: 'kern-icon--success', info: 'kern-icon--info', error: 'kern-icon--danger' } as const;

function StaffStrip({ t }: { t: Translate }): JSX.Element {
  return (
    <div class="kern-kopfzeile rathaus-staff-strip">
      <div class="rathaus-container kern-kopfzeile__content">
        <span class="kern-kopfzeile__label">
          <strong safe>{t('ui.header.staffStrip')}</strong>
          <span class="rathaus-staff-strip__hint" safe>
            {' – ' + t('ui.header.staffStripHint')}
          </span>
        </span>
      </div>
    </div>
  );
}

function LanguageSwitch({ t, locale, currentPath }: { t: Translate; locale: Locale; currentPath: string }): JSX.Element {
  return (
    <nav class="rathaus-lang" aria-label={t('ui.lang.label')}>
      <ul class="rathaus-lang__list">
        {LOCALES.map((target) => (
          <li>
            <a
              class="rathaus-lang__link"
              href={languageHref(currentPath, target)}
              lang={target}
              hreflang={target}
              aria-current={target === locale ? 'true' : undefined}
              safe
            >
              {t(`ui.lang.${target}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserMenu({ t, user, csrfToken }: { t: Translate; user: { displayName: string }; csrfToken: string }) {
  return (
    <div class="rathaus-user">
      <span class="rathaus-user__name">
        <span class="rathaus-user__label" safe>
          {t('ui.header.signedInAs') + ' '}
        </span>
        <strong safe>{user.displayName}</strong>
      </span>
      <form class="rathaus-user__logout" method="post" action="/verwaltung/abmelden">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button class="rathaus-header__button" type="submit" safe>
          {t('ui.header.logout')}
        </button>
      </form>
    </div>
  );
}

function MainNav({ t, area, nav }: { t: Translate; area: LayoutProps['area']; nav: NavItem[] }): JSX.Element {
  if (nav.length === 0) return '';
  return (
    <nav class="rathaus-nav" aria-label={t(area === 'staff' ? 'ui.nav.staff' : 'ui.nav.public')}>
      <div class="rathaus-container">
        <ul class="rathaus-nav__list">
          {nav.map((item) => (
            <li class="rathaus-nav__item">
              <a class="rathaus-nav__link" href={item.href} aria-current={item.current ? 'page' : undefined} safe>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

function Breadcrumbs({ t, items }: { t: Translate; items?: Breadcrumb[] }): JSX.Element {
  if (!items || items.length === 0) return '';
  return (
    <div class="rathaus-container">
      <nav class="rathaus-breadcrumbs" aria-label={t('ui.nav.breadcrumbs')}>
        <ol class="rathaus-breadcrumbs__list">
          {items.map((item, index) => {
            const isCurrent = index === items.length - 1;
            return (
              <li class="rathaus-breadcrumbs__item">
                {isCurrent || item.href === undefined ? (
                  <span aria-current={isCurrent ? 'page' : undefined} safe>
                    {item.label}
                  </span>
                ) : (
                  <a class="kern-link rathaus-breadcrumbs__link" href={item.href} safe>
                    {item.label}
                  </a>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
    </div>
  );
}

function FlashMessage({ t, flash }: { t: Translate; flash?: Flash | null }): JSX.Element {
  if (!flash) return '';
  return (
    <div class={`kern-alert ${flashAlertClass[flash.kind]} rathaus-flash`} role={flashRole[flash.kind]}>
      <div class="kern-alert__header">
        <span class={`kern-icon ${flashIcon[flash.kind]}`} aria-hidden="true"></span>
        <span class="kern-title" safe>
          {t(`ui.flash.${flash.kind}`)}
        </span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body" safe>
          {flash.message}
        </p>
      </div>
    </div>
  );
}

const footerLinks = [
  ['/impressum', 'ui.footer.imprint'],
  ['/datenschutz', 'ui.footer.privacy'],
  ['/barrierefreiheit', 'ui.footer.accessibility'],
  ['/barriere-melden', 'ui.footer.reportBarrier'],
  ['/leichte-sprache', 'ui.footer.easyLanguage'],
  ['/kontakt', 'ui.footer.contact'],
] as const;

function Footer({ t, tenantName }: { t: Translate; tenantName: string }): JSX.Element {
  return (
    <footer class="rathaus-footer">
      <div class="rathaus-container">
        <nav aria-label={t('ui.footer.label')}>
          <ul class="rathaus-footer__links">
            {footerLinks.map(([href, key]) => (
              <li>
                <a class="rathaus-footer__link" href={href} safe>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="rathaus-footer__meta">
          <span class="rathaus-footer__tenant" safe>
            {tenantName}
          </span>
          <span safe>{t('ui.footer.software')}</span>
        </p>
      </div>
    </footer>
  );
}

export function Layout(props: LayoutProps): JSX.Element {
  const { t, tenant } = props;
  // Page content is markup composed by the caller; xss-scan checks it where <Layout> is used.
  const safeContent = props.children;
  // Script and stylesheet tags composed by the calling route from constants (e.g. altchaScripts()).
  const safeHead = props.head ?? '';
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.locale} data-kern-theme="light">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{escapeHtml(`${props.title} – ${tenant.name}`)}</title>
          <link rel="stylesheet" href="/assets/kern/kern.min.css" />
          <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
          <link rel="stylesheet" href="/assets/ui/rathaus.css" />
          <link rel="stylesheet" href="/branding.css" />
          <script src="/assets/ui/app.js" defer></script>
          {safeHead}
        </head>
        <body class={`rathaus rathaus--${props.area}`}>
          <a class="rathaus-skip-link" href="#main" safe>
            {t('ui.skipLink')}
          </a>
          <header class="rathaus-header">
            {props.area === 'staff' ? <StaffStrip t={t} /> : ''}
            <div class="rathaus-header__bar">
              <div class="rathaus-container rathaus-header__inner">
                <a class="rathaus-header__brand" href="/">
                  {tenant.hasLogo ? <img class="rathaus-header__logo" src="/branding/logo" alt="" /> : ''}
                  <span class="rathaus-header__name" safe>
                    {tenant.name}
                  </span>
                  <span class="kern-sr-only" safe>
                    {' – ' + t('ui.header.home')}
                  </span>
                </a>
                <div class="rathaus-header__tools">
                  <LanguageSwitch t={t} locale={props.locale} currentPath={props.currentPath} />
                  {props.user ? <UserMenu t={t} user={props.user} csrfToken={props.csrfToken} /> : ''}
                </div>
              </div>
            </div>
            <MainNav t={t} area={props.area} nav={props.nav} />
          </header>
          <Breadcrumbs t={t} items={props.breadcrumbs} />
          <main id="main" tabindex="-1" class="rathaus-container rathaus-main">
            <FlashMessage t={t} flash={props.flash} />
            {safeContent}
          </main>
          <Footer t={t} tenantName={tenant.name} />
        </body>
      </html>
    </>
  );
}
