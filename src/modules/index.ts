/**
 * Every capability of Rathaus. Adding one = adding its folder and one line here.
 */
import type { RathausModule } from '../core/module.ts';
import { siteModule } from './site/module.ts';
import { operationsModule } from './operations/module.ts';
import { contactModule } from './contact/module.ts';
import { caseStatusModule } from './case-status/module.ts';
import { inboxModule } from './inbox/module.ts';
import { administrationModule } from './administration/module.ts';
import { staffAccountModule } from './staff-account/module.ts';
import { portalModule } from './portal/module.ts';
import { appointmentsModule } from './appointments/module.ts';
import { paymentsModule } from './payments/module.ts';
import { reportsModule } from './reports/module.ts';
import { councilModule } from './council/module.ts';

export const modules: readonly RathausModule[] = [operationsModule, siteModule, portalModule, paymentsModule, appointmentsModule, reportsModule, councilModule, contactModule, caseStatusModule, inboxModule, administrationModule, staffAccountModule];
