/**
 * The staff inbox: every Vorgang of every module, per unit, with filters,
 * claim/assign, status changes with messages to the citizen, internal notes,
 * forwarding and documents.
 */
import type { RathausModule } from '../../core/module.ts';
import { inboxMessages } from './messages.ts';
import { inboxRoutes } from './inbox.routes.tsx';

export const inboxModule: RathausModule = {
  name: 'inbox',
  messages: [inboxMessages],
  navigation: { staff: [{ labelKey: 'nav.staff.inbox', href: '/verwaltung', permission: 'inbox.view', order: 0 }] },
  staffRoutes: inboxRoutes,
};
