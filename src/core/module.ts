/**
 * The module manifest. A capability is a folder under src/modules with a
 * module.ts exporting one of these; src/modules/index.ts lists them and core
 * only iterates the list. Modules never edit core.
 */
import type { FastifyInstance } from 'fastify';
import type { MessageBundle } from './i18n/i18n.ts';
import type { CaseType } from './cases/case-types.ts';
import type { SettingDefinition } from './tenancy/settings.ts';
import type { TenantAction } from './auth/policy.ts';
import type { Services } from './services.ts';
import type { JobLogger, QueueDefinition } from './jobs/jobs.ts';
import type { OpenApiContribution } from './http/openapi.ts';
import type { PayableHandler } from './payments/payables.ts';

export interface NavEntry {
  labelKey: string;
  href: string;
  /** Staff entries: shown only to those allowed this action. */
  permission?: TenantAction;
  order: number;
}

/** A tile on the tenant's start page ("what you can do here"). */
export interface StartTile {
  titleKey: string;
  textKey: string;
  href: string;
  order: number;
}

export interface RathausModule {
  name: string;
  messages?: readonly MessageBundle[];
  caseTypes?: readonly CaseType[];
  settings?: readonly SettingDefinition[];
  /** What paid payments of the module's payables do (see core/payments/payables.ts). */
  payables?: readonly PayableHandler[];
  navigation?: { public?: readonly NavEntry[]; staff?: readonly NavEntry[] };
  startTiles?: readonly StartTile[];
  /** Citizen pages. */
  publicRoutes?(app: FastifyInstance, services: Services): void | Promise<void>;
  /** Back-office pages, mounted under /verwaltung behind the staff login. */
  staffRoutes?(app: FastifyInstance, services: Services): void | Promise<void>;
  /** Background work: the queues are created at start, then `register` adds workers and schedules. */
  jobs?: { queues: readonly QueueDefinition[]; register(services: Services, logger: JobLogger): Promise<void> };
  /** The OpenAPI description of the module's machine APIs (merged into /api/openapi.json). */
  apiDocs?: OpenApiContribution;
  /** Machine APIs under /api (no cookies, no CSRF; own authentication). */
  apiRoutes?(app: FastifyInstance, services: Services): void | Promise<void>;
}
