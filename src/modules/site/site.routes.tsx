import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.ts';
import { modules } from '../index.ts';
import { EasyReadPage, StartPage, TextPage } from './views/pages.tsx';

/** White or black text on the brand colour, whichever has the higher contrast (WCAG relative luminance). */
function contrastText(hex: string): string {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? '#ffffff' : '#000000';
}

export function siteRoutes(app: FastifyInstance, services: Services): void {
  app.get('/', async (request, reply) => {
    const t = request.t;
    const tiles = modules
      .flatMap((m) => m.startTiles ?? [])
      .sort((a, b) => a.order - b.order)
      .map((tile) => ({ title: t(tile.titleKey), text: t(tile.textKey), href: tile.href }));
    return reply.page({ title: t('site.start.title'), body: StartPage({ t, tenant: request.tenant, tiles }) });
  });

  app.get('/leichte-sprache', async (request, reply) =>
    reply.page({ title: request.t('site.easy.title'), breadcrumbs: [{ label: request.t('nav.start'), href: '/' }, { label: request.t('site.easy.title') }], body: EasyReadPage({ tenant: request.tenant }) }),
  );

  const textPages = [
    { path: '/impressum', titleKey: 'site.imprint.title', text: 'imprint' },
    { path: '/datenschutz', titleKey: 'site.privacy.title', text: 'privacy' },
    { path: '/barrierefreiheit', titleKey: 'site.accessibility.title', text: 'accessibility' },
  ] as const;
  for (const page of textPages) {
    app.get(page.path, async (request, reply) => {
      const t = request.t;
      const extra =
        page.text === 'accessibility' ? (
          <p class="kern-body">
            <span safe>{t('site.accessibility.report')}</span>{' '}
            <a class="kern-link" href="/barriere-melden" safe>
              {t('site.accessibility.reportLink')}
            </a>
          </p>
        ) : (
          ''
        );
      return reply.page({
        title: t(page.titleKey),
        breadcrumbs: [{ label: t('nav.start'), href: '/' }, { label: t(page.titleKey) }],
        body: TextPage({ title: t(page.titleKey), text: request.tenant[page.text], extra }),
      });
    });
  }

  app.get('/branding.css', async (request, reply) => {
    const color = await services.tenants.getSetting<string>(request.tenant.id, 'branding.primaryColor');
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(`:root{--rathaus-brand:${color};--rathaus-brand-contrast:${contrastText(color)};}\n`);
  });
}
