/**
 * A dot map of the reports without map tiles: the tenant's area
 * (reports.bounds) projected onto an SVG (equirectangular, longitudes
 * shortened by the cosine of the middle latitude, north up), the districts
 * as outlined rectangles, and one mark per grid cell and state whose size
 * grows with the number of reports. Each state has its own shape as well as
 * its own colour, and the legend names both with the count, so the map can
 * be read without telling colours apart; the page's tables carry the same
 * figures for screen readers.
 */
import type { Bounds } from '../../model/geo.ts';
import type { ReportState } from '../../schema.ts';
import type { MapCell } from '../statistics.service.ts';
import { TEXT_FILL } from '../../../../core/ui/charts.tsx';

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

/** Shape and colour (≥ 4.5:1 against the map's light background) of each state. */
export const STATE_MARK: Record<ReportState, { shape: Shape; colour: string; dx: number; dy: number }> = {
  received: { shape: 'circle', colour: '#2044aa', dx: -4, dy: -4 },
  in_progress: { shape: 'square', colour: '#a14f00', dx: 4, dy: -4 },
  fixed: { shape: 'triangle', colour: '#1d7a3c', dx: -4, dy: 4 },
  referred: { shape: 'diamond', colour: '#4a4f5c', dx: 4, dy: 4 },
  rejected: { shape: 'cross', colour: '#a3000b', dx: 0, dy: 0 },
};

const WIDTH = 800;
const BACKGROUND = '#f5f6fa';
const AREA_STROKE = '#5c6270';

/** One mark, centred on (x, y) with "radius" r. */
export function Mark({ shape, colour, x, y, r }: { shape: Shape; colour: string; x: number; y: number; r: number }): JSX.Element {
  const p = (n: number) => n.toFixed(1);
  switch (shape) {
    case 'circle':
      return <circle cx={p(x)} cy={p(y)} r={p(r)} fill={colour} stroke="#ffffff" stroke-width="0.75" />;
    case 'square':
      return <rect x={p(x - r * 0.9)} y={p(y - r * 0.9)} width={p(r * 1.8)} height={p(r * 1.8)} fill={colour} stroke="#ffffff" stroke-width="0.75" />;
    case 'triangle':
      return <polygon points={`${p(x)},${p(y - r * 1.15)} ${p(x + r * 1.1)},${p(y + r * 0.8)} ${p(x - r * 1.1)},${p(y + r * 0.8)}`} fill={colour} stroke="#ffffff" stroke-width="0.75" />;
    case 'diamond':
      return <polygon points={`${p(x)},${p(y - r * 1.2)} ${p(x + r * 1.2)},${p(y)} ${p(x)},${p(y + r * 1.2)} ${p(x - r * 1.2)},${p(y)}`} fill={colour} stroke="#ffffff" stroke-width="0.75" />;
    case 'cross':
      return <path d={`M${p(x - r)} ${p(y - r)}L${p(x + r)} ${p(y + r)}M${p(x + r)} ${p(y - r)}L${p(x - r)} ${p(y + r)}`} stroke={colour} stroke-width={p(Math.max(1.5, r * 0.55))} stroke-linecap="round" fill="none" />;
  }
}

/** A legend mark: the state's shape and colour in a small box. */
export function LegendMark({ state }: { state: ReportState }): JSX.Element {
  const mark = STATE_MARK[state];
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <Mark shape={mark.shape} colour={mark.colour} x={10} y={10} r={6} />
    </svg>
  );
}

export interface DotMapProps {
  id: string;
  title: string;
  description: string;
  bounds: Bounds;
  columns: number;
  rows: number;
  cells: readonly MapCell[];
  areas: readonly { name: string; bounds: Bounds }[];
}

export function mapHeight(columns: number, rows: number): number {
  return Math.round((WIDTH * rows) / columns);
}

export function DotMap(p: DotMapProps): JSX.Element {
  const height = mapHeight(p.columns, p.rows);
  const b = p.bounds;
  const x = (lng: number) => ((lng - b.minLng) / (b.maxLng - b.minLng)) * WIDTH;
  const y = (lat: number) => ((b.maxLat - lat) / (b.maxLat - b.minLat)) * height;
  const largest = Math.max(1, ...p.cells.map((c) => c.count));
  const cellPx = WIDTH / p.columns;
  // Marks stay inside their cell, so neighbouring cells never cover each other.
  const radius = (count: number) => Math.min(cellPx / 4, 2.5 + 3.5 * Math.sqrt(count / largest));
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${p.id}-title`} aria-describedby={`${p.id}-desc`} focusable="false">
      <title id={`${p.id}-title`} safe>
        {p.title}
      </title>
      <desc id={`${p.id}-desc`} safe>
        {p.description}
      </desc>
      <rect x="0" y="0" width={WIDTH} height={height} fill={BACKGROUND} stroke={TEXT_FILL} stroke-width="1" />
      <g fill="none" stroke={AREA_STROKE} stroke-width="1" stroke-dasharray="6 4">
        {p.areas.map((a) => {
          const left = clamp(x(a.bounds.minLng), WIDTH);
          const right = clamp(x(a.bounds.maxLng), WIDTH);
          const top = clamp(y(a.bounds.maxLat), height);
          const bottom = clamp(y(a.bounds.minLat), height);
          return <rect x={left.toFixed(1)} y={top.toFixed(1)} width={(right - left).toFixed(1)} height={(bottom - top).toFixed(1)} />;
        })}
      </g>
      <g font-size="13" fill={TEXT_FILL}>
        {p.areas.map((a) => (
          <text x={(clamp(x(a.bounds.minLng), WIDTH) + 6).toFixed(1)} y={(clamp(y(a.bounds.maxLat), height) + 16).toFixed(1)} safe>
            {a.name}
          </text>
        ))}
      </g>
      <g>
        {p.cells.map((c) => {
          const mark = STATE_MARK[c.state];
          return <Mark shape={mark.shape} colour={mark.colour} x={x(c.lng) + mark.dx} y={y(c.lat) + mark.dy} r={radius(c.count)} />;
        })}
      </g>
      <g fill={TEXT_FILL} font-size="13">
        <path d={`M${WIDTH - 24} 34L${WIDTH - 16} 14L${WIDTH - 8} 34Z`} fill={TEXT_FILL} />
        <text x={WIDTH - 16} y="50" text-anchor="middle">
          N
        </text>
      </g>
    </svg>
  );
}
