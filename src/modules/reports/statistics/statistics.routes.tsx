/** Mängelmelder statistics (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';
import type { NavEntry } from '../../../core/module.ts';
import { defineMessages } from '../../../core/i18n/i18n.ts';

export const reportStatisticsMessages = defineMessages({}, {});
export const reportStatisticsNavigation: NavEntry[] = [];

export function reportStatisticsRoutes(_app: FastifyInstance, _services: Services): void {}
