/** Public list, map and report pages; the reporter's own pages (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';
import { defineMessages } from '../../../core/i18n/i18n.ts';

export const reportBrowseMessages = defineMessages({}, {});

export function reportBrowseRoutes(_app: FastifyInstance, _services: Services): void {}
