/**
 * A bar chart as plain SVG, rendered on the server: no script, no inline
 * style (colours are SVG presentation attributes, which the CSP's style-src
 * does not govern). Screen readers get the title and a short description;
 * the full figures are in the table the page shows with it. Every bar
 * carries its number as text, so nothing depends on reading the bar height.
 */

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartProps {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
}

/** KERN's action blue (darkblue-700): 8.5:1 against white, well above the 3:1 non-text contrast asks for. */
const BAR_FILL = '#2044aa';
/** KERN's text colour (neutral-950). */
const TEXT_FILL = '#13151f';
/** Grid lines are decoration: the numbers are written on the bars. */
const GRID_STROKE = '#c9ccd8';

const WIDTH = 960;
const HEIGHT = 300;
const LEFT = 44;
const RIGHT = 8;
const TOP = 28;
const BOTTOM = 36;

/** A round top for the axis: 1, 2, 5 or 10 times a power of ten, at least the largest value. */
export function axisMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((f) => f * power >= max) ?? 10;
  return step * power;
}

export function BarChart({ id, title, description, bars }: BarChartProps): JSX.Element {
  const top = axisMax(Math.max(0, ...bars.map((b) => b.value)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, bars.length);
  const barWidth = Math.round(slot * 0.6);
  const y = (value: number): number => TOP + plotHeight - (value / top) * plotHeight;
  const ticks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      focusable="false"
    >
      <title id={`${id}-title`} safe>
        {title}
      </title>
      <desc id={`${id}-desc`} safe>
        {description}
      </desc>
      <g font-size="14" fill={TEXT_FILL}>
        {ticks.map((tick) => (
          <>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? TEXT_FILL : GRID_STROKE} stroke-width="1" />
            <text x={LEFT - 8} y={y(tick) + 5} text-anchor="end" safe>
              {String(tick)}
            </text>
          </>
        ))}
        {bars.map((bar, index) => {
          const x = LEFT + index * slot + (slot - barWidth) / 2;
          const barTop = y(bar.value);
          return (
            <>
              <rect x={x} y={barTop} width={barWidth} height={TOP + plotHeight - barTop} fill={BAR_FILL} />
              <text x={x + barWidth / 2} y={barTop - 6} text-anchor="middle" font-weight="bold" safe>
                {String(bar.value)}
              </text>
              <text x={x + barWidth / 2} y={HEIGHT - BOTTOM + 22} text-anchor="middle" safe>
                {bar.label}
              </text>
            </>
          );
        })}
      </g>
    </svg>
  );
}
