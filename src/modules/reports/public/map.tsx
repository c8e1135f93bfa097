/**
 * The Mängelmelder's map: Leaflet (served from our own origin) enhancing a
 * page that works without it. The server renders an empty, hidden container
 * whose data attributes tell `report-map.js` what to draw; without
 * JavaScript, or with `reports.tileUrl` empty, nothing shows and the page's
 * own fields (address, list) do the work.
 *
 * Strict CSP stays: no inline script or style (Leaflet positions tiles and
 * markers through the CSSOM, which CSP allows). Only img-src gains the tile
 * server's origin, and only on pages that show a map (`setMapCsp`).
 */
import type { FastifyReply } from 'fastify';
import { jsonAttribute } from '../../../core/antibot/widget.tsx';
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { Services } from '../../../core/services.ts';
import { reportsOf } from '../instance.ts';
import type { Bounds, LatLng } from '../model/geo.ts';
import type { ReportState } from '../schema.ts';

/** Where Leaflet's dist files and our map script/style are served (see report.routes.tsx). */
export const MAP_ASSETS = '/assets/maengelmelder';

/** A report on a `show` map. `label` is the visible text of its popup (category, place, state in words: never colour alone). */
export interface MapMarker {
  lat: number;
  lng: number;
  label: string;
  href: string;
  state: ReportState;
}

interface CommonProps {
  t: Translate;
  /** `reports.tileUrl`; '' renders nothing. */
  tileUrl: string;
  /** `reports.tileAttribution` (plain text; the script escapes it). */
  attribution: string;
  /** The tenant's area (`reportsOf(services).boundsOf(tenantId)`): where the map starts. */
  bounds: Bounds;
  /** Start here instead (zoomed in), e.g. a report's own point. */
  centre?: LatLng | null;
  /** Accessible name of the map region; defaults to a generic "Karte". */
  label?: string;
  /** Extra class for the container (e.g. a smaller map on a detail page). */
  class?: string;
}

/** Choosing a point: a draggable marker that writes into the form's lat/lng inputs (usually hidden). */
export interface PickMapProps extends CommonProps {
  mode: 'pick';
  /** id of the input the latitude goes into. */
  latInput: string;
  /** id of the input the longitude goes into. */
  lngInput: string;
  /** id of the address/landmark field: it stays the citizen's, the script only shows the chosen point as its placeholder. */
  addressInput: string;
}

/** Showing reports: one marker per report, each with a popup linking to its page. */
export interface ShowMapProps extends CommonProps {
  mode: 'show';
  markers: readonly MapMarker[];
}

export type ReportMapProps = PickMapProps | ShowMapProps;

/** What a map of this tenant needs: tile server, attribution and the town's bounds (settings reports.tileUrl, reports.tileAttribution, reports.bounds). */
export async function mapSettingsOf(services: Services, tenantId: string): Promise<{ tileUrl: string; attribution: string; bounds: Bounds }> {
  const [tileUrl, attribution, bounds] = await Promise.all([
    services.tenants.getSetting<string>(tenantId, 'reports.tileUrl'),
    services.tenants.getSetting<string>(tenantId, 'reports.tileAttribution'),
    reportsOf(services).boundsOf(tenantId),
  ]);
  return { tileUrl, attribution, bounds };
}

/** Leaflet's and our stylesheets and scripts, once per page with a map: pass as `head` to `reply.page`. */
export function mapAssets(): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={`${MAP_ASSETS}/leaflet/leaflet.css`} />
      <link rel="stylesheet" href={`${MAP_ASSETS}/report-map.css`} />
      <script defer src={`${MAP_ASSETS}/leaflet/leaflet.js`}></script>
      <script defer src={`${MAP_ASSETS}/report-map.js`}></script>
    </>
  );
}

/** The texts the script shows (buttons, status messages), in the page's language. */
function mapStrings(t: Translate) {
  return {
    chosen: t('reports.map.chosen'),
    marker: t('reports.map.marker'),
    clear: t('reports.map.clear'),
    keyboardHint: t('reports.map.keyboardHint'),
    zoomIn: t('reports.map.zoomIn'),
    zoomOut: t('reports.map.zoomOut'),
  };
}

/**
 * The map container. Hidden until the script has drawn the map, so a page
 * without JavaScript (or whose tiles never load) shows no empty box.
 */
export function ReportMap(props: ReportMapProps): JSX.Element {
  if (!props.tileUrl) return '';
  const { t } = props;
  const common = {
    'data-report-map': props.mode,
    'data-tile-url': jsonAttribute(props.tileUrl),
    'data-attribution': jsonAttribute(props.attribution),
    'data-bounds': jsonAttribute([props.bounds.minLat, props.bounds.minLng, props.bounds.maxLat, props.bounds.maxLng]),
    'data-strings': jsonAttribute(mapStrings(t)),
    ...(props.centre ? { 'data-centre': jsonAttribute([props.centre.lat, props.centre.lng]) } : {}),
  };
  const specific =
    props.mode === 'pick'
      ? { 'data-lat-input': props.latInput, 'data-lng-input': props.lngInput, 'data-address-input': props.addressInput }
      : { 'data-markers': jsonAttribute(props.markers.map((m) => ({ lat: m.lat, lng: m.lng, label: m.label, href: m.href, state: m.state }))) };
  return (
    <div class={['rathaus-report-map', props.class]} hidden {...common} {...specific}>
      <div class="rathaus-report-map__canvas" role="region" aria-label={props.label ?? t('reports.map.label')}></div>
    </div>
  );
}

/**
 * The origin a tile URL template loads from, for img-src (`{s}` subdomains
 * become a wildcard). https only; plain http only for a stand-in on this
 * machine (the setting allows localhost for tests).
 */
export function tileOrigin(tileUrl: string): string | null {
  const match = /^(https:\/\/|http:\/\/(?=(?:localhost|127\.0\.0\.1)(?::\d+)?\/))([^/?#]+)/.exec(tileUrl);
  if (!match) return null;
  const host = (match[2] as string).replace(/^\{s\}\./, '*.');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host)) return null;
  return `${match[1]}${host.toLowerCase()}`;
}

/**
 * The page's CSP with the tile server's origin added to img-src; every other
 * directive stays as the app set it (src/app.tsx).
 */
export function mapCsp(current: string, tileUrl: string): string {
  const origin = tileOrigin(tileUrl);
  if (!origin) return current;
  const directives = current.split(';').map((d) => d.trim()).filter(Boolean);
  const index = directives.findIndex((d) => /^img-src\b/i.test(d));
  if (index === -1) directives.push(`img-src 'self' data: ${origin}`);
  else directives[index] = `${directives[index]} ${origin}`;
  return directives.join(';');
}

/** Call in a route that renders a `ReportMap`, before `reply.page(...)`. */
export function setMapCsp(reply: FastifyReply, tileUrl: string): FastifyReply {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string') return reply;
  return reply.header('content-security-policy', mapCsp(current, tileUrl));
}
