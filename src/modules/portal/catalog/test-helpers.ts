/** Test support: the regular test app plus a module that mounts the catalogue (until the portal module is registered). */
import type { FastifyInstance } from 'fastify';
import { buildApp, sessionCookieName } from '../../../app.tsx';
import { coreMessages } from '../../../core/messages.ts';
import { uiMessages } from '../../../core/ui/messages.ts';
import { buildCatalog } from '../../../core/i18n/i18n.ts';
import type { RathausModule } from '../../../core/module.ts';
import { modules } from '../../index.ts';
import { TestBrowser, type TestApp } from '../../../../test/support/app.ts';
import { DEMO_PASSWORD } from '../../../../seed/demo.ts';
import { catalogMessages, catalogNavigation, catalogPublicRoutes, catalogStaffRoutes, catalogStartTile } from './catalog.routes.tsx';

const catalogModule: RathausModule = {
  name: 'catalog-test',
  messages: [catalogMessages],
  navigation: catalogNavigation,
  startTiles: [catalogStartTile],
  publicRoutes: catalogPublicRoutes,
  staffRoutes: catalogStaffRoutes,
};

export async function catalogApp(t: TestApp): Promise<FastifyInstance> {
  // Should the portal module be registered by then, it would mount the same routes twice.
  const others = modules.filter((m) => m.name !== 'portal');
  const all = [...others, catalogModule];
  const catalog = buildCatalog([coreMessages, uiMessages, ...all.flatMap((m) => m.messages ?? [])]);
  const app = await buildApp({ ...t.services, catalog }, all);
  await app.ready();
  return app;
}

export async function staffOn(t: TestApp, app: FastifyInstance, email: string, host = 'localhost'): Promise<TestBrowser> {
  const tenant = await t.services.tenants.resolve(host);
  if (!tenant) throw new Error(`no tenant for ${host}`);
  const result = await t.services.staffAuth.login(tenant.id, email, DEMO_PASSWORD);
  if (!result.ok) throw new Error(`login failed for ${email}: ${result.reason}`);
  const browser = new TestBrowser(app, host);
  browser.setCookie(sessionCookieName(t.config.secureCookies), result.token);
  return browser;
}
