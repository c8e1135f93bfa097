/** Small geometry for reports: WGS84 points, a municipality's bounds, distances. */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface Bounds {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

/** Parses "minLat,minLng,maxLat,maxLng" (the reports.bounds setting). */
export function parseBounds(value: string): Bounds | null {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [minLat, minLng, maxLat, maxLng] = parts as [number, number, number, number];
  if (minLat >= maxLat || minLng >= maxLng || minLat < -90 || maxLat > 90 || minLng < -180 || maxLng > 180) return null;
  return { minLat, minLng, maxLat, maxLng };
}

export const inBounds = (p: LatLng, b: Bounds): boolean => p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng;

export const centreOf = (b: Bounds): LatLng => ({ lat: (b.minLat + b.maxLat) / 2, lng: (b.minLng + b.maxLng) / 2 });

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box around a point that contains every point within `metres` (for an index-friendly pre-filter). */
export function boxAround(p: LatLng, metres: number): Bounds {
  const dLat = metres / 111_320;
  const dLng = metres / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

/** Parses a decimal coordinate as people and Open311 clients write it ("51.9402", "51,9402"). */
export function parseCoordinate(value: unknown, kind: 'lat' | 'lng'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= (kind === 'lat' ? 90 : 180) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(',', '.');
  if (!/^-?\d{1,3}(\.\d{1,12})?$/.test(text)) return null;
  const n = Number(text);
  return Math.abs(n) <= (kind === 'lat' ? 90 : 180) ? n : null;
}
