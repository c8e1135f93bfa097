/**
 * The citizen's report journey (see journey/): category → place → "Ist es
 * dieses?" → description and the category's questions → photos → contact →
 * check → sent. Also serves the map's files (Leaflet and ours) for every
 * Mängelmelder page that shows a map (map.tsx).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Services } from '../../../core/services.ts';
import { MAP_ASSETS } from './map.tsx';
import { journeyMessages } from './journey/messages.ts';
import { journeyRoutes } from './journey/journey.routes.tsx';
import { fromRoot } from '../../../core/paths.ts';

export const reportJourneyMessages = journeyMessages;


export function reportJourneyRoutes(app: FastifyInstance, services: Services): void {
  const leafletDist = path.dirname(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.js'));
  app.register(fastifyStatic, { root: leafletDist, prefix: `${MAP_ASSETS}/leaflet/`, decorateReply: false, maxAge: '7d', index: false, allowedPath: (p) => /^\/?(leaflet\.(css|js)|images\/[a-z0-9-]+\.png)$/.test(p) });
  app.register(fastifyStatic, { root: fromRoot('src/modules/reports/public/assets'), prefix: `${MAP_ASSETS}/`, decorateReply: false, maxAge: '1h', index: false, allowedPath: (p) => /^\/?[a-z0-9-]+\.(css|js)$/.test(p) });
  journeyRoutes(app, services);
}
