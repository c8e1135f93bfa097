/** Beschwerdemanagement (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';
import type { NavEntry } from '../../../core/module.ts';
import { defineMessages } from '../../../core/i18n/i18n.ts';

export const complaintMessages = defineMessages({}, {});
export const complaintStaffNavigation: NavEntry[] = [];

export function complaintPublicRoutes(_app: FastifyInstance, _services: Services): void {}
export function complaintStaffRoutes(_app: FastifyInstance, _services: Services): void {}
