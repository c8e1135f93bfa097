/** Test support: an app with the statistics routes mounted (the regular one, once the lead has wired them in). */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../app.tsx';
import { buildCatalog } from '../../../core/i18n/i18n.ts';
import { coreMessages } from '../../../core/messages.ts';
import type { RathausModule } from '../../../core/module.ts';
import { uiMessages } from '../../../core/ui/messages.ts';
import { modules } from '../../index.ts';
import type { TestApp } from '../../../../test/support/app.ts';
import { statisticsMessages, statisticsStaffRoutes } from './statistics.routes.tsx';

const statisticsModule: RathausModule = { name: 'statistics-test', staffRoutes: statisticsStaffRoutes, messages: [statisticsMessages] };

/** The app to test against; close it with `closeStatisticsApp`. */
export async function statisticsApp(t: TestApp): Promise<FastifyInstance> {
  // Mounting the routes a second time would fail once a module registers them.
  if (t.app.hasRoute({ method: 'GET', url: '/verwaltung/statistik' })) return t.app;
  const catalog = buildCatalog([coreMessages, uiMessages, ...modules.flatMap((m) => m.messages ?? []), statisticsMessages]);
  const app = await buildApp({ ...t.services, catalog }, [...modules, statisticsModule]);
  await app.ready();
  return app;
}

export async function closeStatisticsApp(t: TestApp, app: FastifyInstance | undefined): Promise<void> {
  if (app && app !== t.app) await app.close();
}
