/** Open311 GeoReport v2 (placeholder until built). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../core/services.ts';

export function open311Routes(_app: FastifyInstance, _services: Services): void {}
