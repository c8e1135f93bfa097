import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCatalog, createTranslator } from '../../../../core/i18n/i18n.ts';
import { mapCsp, ReportMap, tileOrigin } from '../map.tsx';
import { journeyMessages } from './messages.ts';

const t = createTranslator(buildCatalog([journeyMessages]), 'de');
const bounds = { minLat: 51.9, minLng: 9.02, maxLat: 51.985, maxLng: 9.16 };
const APP_CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'";

/** An attribute's value as the browser reads it back. */
function attribute(html: string, name: string): string {
  const raw = new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
  assert.ok(raw !== undefined, `${name} is there`);
  return raw.replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

test('the tile server\'s origin is added to img-src only; every other directive stays as strict', () => {
  assert.equal(tileOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png'), 'https://tile.openstreetmap.org');
  assert.equal(tileOrigin('https://{s}.tiles.example.org:8443/osm/{z}/{x}/{y}.png?key=a'), 'https://*.tiles.example.org:8443');
  assert.equal(tileOrigin('http://tiles.example.org/{z}/{x}/{y}.png'), null, 'no plain http …');
  assert.equal(tileOrigin('http://127.0.0.1:8089/{z}/{x}/{y}.png'), 'http://127.0.0.1:8089', '… but for a stand-in on this machine');
  assert.equal(tileOrigin('http://localhost.evil.org/{z}/{x}/{y}.png'), null);
  assert.equal(tileOrigin("https://a.org;script-src *'/{z}"), null, 'nothing that could smuggle a directive');
  assert.equal(tileOrigin(''), null);
  const csp = mapCsp(APP_CSP, 'https://tile.openstreetmap.org/{z}/{x}/{y}.png');
  assert.equal(csp, APP_CSP.replace("img-src 'self' data:", "img-src 'self' data: https://tile.openstreetmap.org"));
  assert.equal(mapCsp(APP_CSP, ''), APP_CSP);
});

test('the map container carries its data as escaped JSON, is hidden until the script runs, and is absent without a tile server', () => {
  const markers = [{ lat: 51.94, lng: 9.08, label: 'Graffiti </p><script>alert(1)</script> & "Co"', href: '/maengelmelder/meldung/MM-23456-7', state: 'received' as const }];
  const html = String(ReportMap({ t, mode: 'show', tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap & Co <b>', bounds, markers }));
  assert.doesNotMatch(html, /<script|<b>/);
  assert.match(html, /^<div class="rathaus-report-map" hidden/);
  assert.deepEqual(JSON.parse(attribute(html, 'data-markers')), markers);
  assert.equal(JSON.parse(attribute(html, 'data-attribution')), '© OpenStreetMap & Co <b>');
  assert.deepEqual(JSON.parse(attribute(html, 'data-bounds')), [51.9, 9.02, 51.985, 9.16]);
  assert.match(html, /role="region" aria-label="Karte"/);

  const pick = String(ReportMap({ t, mode: 'pick', tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '', bounds, centre: { lat: 51.95, lng: 9.1 }, latInput: 'lat', lngInput: 'lng', addressInput: 'adresse' }));
  assert.deepEqual(JSON.parse(attribute(pick, 'data-centre')), [51.95, 9.1]);
  assert.equal(attribute(pick, 'data-lat-input'), 'lat');
  assert.equal(JSON.parse(attribute(pick, 'data-strings')).marker, 'Ort des Mangels (verschiebbar)');
  assert.equal(String(ReportMap({ t, mode: 'show', tileUrl: '', attribution: '', bounds, markers })), '');
});
