/**
 * Administration of a municipality's installation, for admins only:
 * Postausgang (the mails sent, readable here when no SMTP server is set up),
 * Einstellungen (tenant settings, master data read-only), Protokoll (audit
 * log), Mitarbeitende (staff accounts) and API-Schlüssel (keys of machine
 * clients). Owns no tables: it reads core tables scoped by tenant and changes
 * them through core services, audited.
 */
import type { FastifyInstance } from 'fastify';
import type { RathausModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { apiKeyRoutes } from './api-keys.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { adminMessages } from './messages.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { staffUserRoutes } from './staff-users.routes.ts';

function administrationRoutes(app: FastifyInstance, services: Services): void {
  outboxRoutes(app, services);
  settingsRoutes(app, services);
  auditRoutes(app, services);
  staffUserRoutes(app, services);
  apiKeyRoutes(app, services);
}

export const administrationModule: RathausModule = {
  name: 'administration',
  messages: [adminMessages],
  navigation: {
    staff: [
      { labelKey: 'nav.staff.outbox', href: '/verwaltung/postausgang', permission: 'outbox.view', order: 80 },
      { labelKey: 'admin.nav.users', href: '/verwaltung/mitarbeitende', permission: 'users.manage', order: 85 },
      { labelKey: 'admin.nav.apiKeys', href: '/verwaltung/api-schluessel', permission: 'users.manage', order: 87 },
      { labelKey: 'nav.staff.settings', href: '/verwaltung/einstellungen', permission: 'settings.edit', order: 90 },
      { labelKey: 'nav.staff.audit', href: '/verwaltung/protokoll', permission: 'audit.view', order: 95 },
    ],
  },
  staffRoutes: administrationRoutes,
};
