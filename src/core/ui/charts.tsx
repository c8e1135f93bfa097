/**
 * The charts of the statistics pages (Anträge, Termine, Mängel), as plain SVG rendered on the server: no script, no inline style
 * (colours are SVG presentation attributes, which the CSP's style-src does
 * not govern). Each chart is an image with a title and a description for
 * screen readers; the page shows every figure in a table beside it, so no
 * information depends on colour or on reading a bar's length. Every colour
 * has at least 3:1 contrast against white (WCAG 1.4.11), stacked segments
 * are parted by a white line.
 */

/** KERN's text colour (neutral-950). */
export const TEXT_FILL = '#13151f';
const GRID_STROKE = '#c9ccd8';

/** Series colours, each ≥ 4.5:1 against white, in an order that keeps neighbours apart. */
export const PALETTE = ['#2044aa', '#b35c00', '#1d7a3c', '#a3000b', '#6b3fa0', '#00707a', '#7a5c00', '#c2185b', '#455a64', '#5d4037'] as const;

export const colourOf = (index: number): string => PALETTE[index % PALETTE.length] as string;

/** A round top for the axis: 1, 2, 5 or 10 times a power of ten, at least the largest value. */
export function axisMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((f) => f * power >= max) ?? 10;
  return step * power;
}

export interface Series {
  name: string;
  colour: string;
  values: readonly number[];
}

const WIDTH = 960;
const HEIGHT = 320;
const LEFT = 52;
const RIGHT = 8;
const TOP = 28;
const BOTTOM = 40;

/** Vertical bars, one per label, each stacked from the series' values; the total is written above the bar. */
export function StackedBarChart({ id, title, description, labels, series }: { id: string; title: string; description: string; labels: readonly string[]; series: readonly Series[] }): JSX.Element {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = axisMax(Math.max(0, ...totals));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, labels.length);
  const barWidth = Math.max(4, Math.round(slot * 0.62));
  const scale = (value: number): number => (value / top) * plotHeight;
  const ticks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  // Beyond a year of bars, every other month is labelled; the table has all.
  const labelEvery = labels.length > 12 ? 2 : 1;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} focusable="false">
      <title id={`${id}-title`} safe>
        {title}
      </title>
      <desc id={`${id}-desc`} safe>
        {description}
      </desc>
      <g font-size="14" fill={TEXT_FILL}>
        {ticks.map((tick) => {
          const y = TOP + plotHeight - scale(tick);
          return (
            <>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} stroke={tick === 0 ? TEXT_FILL : GRID_STROKE} stroke-width="1" />
              <text x={LEFT - 8} y={y + 5} text-anchor="end" safe>
                {String(tick)}
              </text>
            </>
          );
        })}
        {labels.map((label, i) => {
          const x = LEFT + i * slot + (slot - barWidth) / 2;
          let base = TOP + plotHeight;
          const segments = series.map((s) => {
            const height = scale(s.values[i] ?? 0);
            base -= height;
            // Zero-height bars are drawn too: every label has its bar, even an empty one.
            return <rect x={x} y={base} width={barWidth} height={height} fill={s.colour} stroke={height > 0 ? '#ffffff' : 'none'} stroke-width="1" />;
          });
          return (
            <>
              {segments}
              {totals[i] ? (
                <text x={x + barWidth / 2} y={base - 6} text-anchor="middle" font-weight="bold" safe>
                  {String(totals[i])}
                </text>
              ) : (
                ''
              )}
              {i % labelEvery === 0 ? (
                <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 22} text-anchor="middle" font-size="13" safe>
                  {label}
                </text>
              ) : (
                ''
              )}
            </>
          );
        })}
      </g>
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number;
  /** The number as written at the bar (e.g. "75 %"); default the value. */
  text?: string;
}

const H_WIDTH = 960;
const H_LABEL = 320;
const H_VALUE_ROOM = 110;
const H_ROW = 34;
const H_BAR = 20;
const H_PAD = 8;
const MAX_LABEL = 40;

const shorten = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** Vertical bars of one series (e.g. applications per month), the number above each bar. */
export function BarChart({ id, title, description, bars }: { id: string; title: string; description: string; bars: readonly Bar[] }): JSX.Element {
  return StackedBarChart({ id, title, description, labels: bars.map((b) => b.label), series: [{ name: title, colour: colourOf(0), values: bars.map((b) => b.value) }] });
}

/**
 * Horizontal bars with their labels on the left and their numbers at the
 * end (for long labels such as service names); `max` fixes the scale (e.g.
 * 100 for per cent).
 */
export function HorizontalBarChart({ id, title, bars, max }: { id: string; title: string; bars: readonly Bar[]; max?: number }): JSX.Element {
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const plot = H_WIDTH - H_LABEL - H_VALUE_ROOM;
  const height = H_PAD * 2 + bars.length * H_ROW;
  const description = bars.map((b) => `${b.label}: ${b.text ?? b.value}`).join('; ');
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${H_WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} focusable="false">
      <title id={`${id}-title`} safe>
        {title}
      </title>
      <desc id={`${id}-desc`} safe>
        {description}
      </desc>
      <g font-size="15" fill={TEXT_FILL}>
        <line x1={H_LABEL} x2={H_LABEL} y1={H_PAD} y2={height - H_PAD} stroke={TEXT_FILL} stroke-width="1" />
        {bars.map((bar, index) => {
          const y = H_PAD + index * H_ROW;
          const length = Math.round((Math.min(bar.value, top) / top) * plot);
          return (
            <>
              <text x={H_LABEL - 8} y={y + H_ROW / 2 + 5} text-anchor="end" safe>
                {shorten(bar.label)}
              </text>
              <rect x={H_LABEL} y={y + (H_ROW - H_BAR) / 2} width={length} height={H_BAR} fill={PALETTE[0]} />
              <text x={H_LABEL + length + 8} y={y + H_ROW / 2 + 5} font-weight="bold" safe>
                {bar.text ?? String(bar.value)}
              </text>
            </>
          );
        })}
      </g>
    </svg>
  );
}

/** A colour swatch for an HTML legend (decorative: the legend's text names the series). */
export function Swatch({ colour }: { colour: string }): JSX.Element {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="14" height="14" fill={colour} stroke={TEXT_FILL} stroke-width="1" />
    </svg>
  );
}
