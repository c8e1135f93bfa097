/** The report journey (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';
import { defineMessages } from '../../../core/i18n/i18n.ts';

export const reportJourneyMessages = defineMessages({}, {});

export function reportJourneyRoutes(_app: FastifyInstance, _services: Services): void {}
