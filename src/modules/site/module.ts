/**
 * The tenant's own site: start page, Leichte Sprache, Impressum,
 * Datenschutzerklärung, Erklärung zur Barrierefreiheit and the per-tenant
 * branding stylesheet.
 */
import type { RathausModule } from '../../core/module.ts';
import { siteMessages } from './messages.ts';
import { siteRoutes } from './site.routes.tsx';

export const siteModule: RathausModule = {
  name: 'site',
  messages: [siteMessages],
  navigation: { public: [{ labelKey: 'nav.start', href: '/', order: 0 }] },
  publicRoutes: siteRoutes,
};
