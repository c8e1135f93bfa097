/** The Mängelmelder back office (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';
import type { NavEntry } from '../../../core/module.ts';
import { defineMessages } from '../../../core/i18n/i18n.ts';

export const reportStaffMessages = defineMessages({}, {});
export const reportStaffNavigation: NavEntry[] = [];

export function reportStaffRoutes(_app: FastifyInstance, _services: Services): void {}

/** The contractor's answer page, reached by the link in the order mail (no login). */
export function contractorRoutes(_app: FastifyInstance, _services: Services): void {}
