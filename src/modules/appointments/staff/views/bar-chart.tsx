/**
 * A horizontal bar chart as plain SVG, rendered on the server: no script, no
 * inline style (colours are SVG presentation attributes, which the CSP's
 * style-src does not govern). Horizontal, because the labels are service
 * names. Screen readers get the title and a description that lists every
 * value; the page shows the same figures in a table. Every bar carries its
 * number as text, so nothing depends on reading the bar's length.
 */

export interface Bar {
  label: string;
  value: number;
}

/** KERN's action blue (darkblue-700): 8.5:1 against white. */
const BAR_FILL = '#2044aa';
/** KERN's text colour (neutral-950). */
const TEXT_FILL = '#13151f';

const WIDTH = 960;
const LABEL_WIDTH = 340;
const VALUE_ROOM = 70;
const ROW = 36;
const BAR = 22;
const PAD = 8;
const MAX_LABEL = 44;

const shorten = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

export function HorizontalBarChart({ id, title, bars }: { id: string; title: string; bars: readonly Bar[] }): JSX.Element {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const height = PAD * 2 + bars.length * ROW;
  const description = bars.map((b) => `${b.label}: ${b.value}`).join('; ');
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} focusable="false">
      <title id={`${id}-title`} safe>
        {title}
      </title>
      <desc id={`${id}-desc`} safe>
        {description}
      </desc>
      <g font-size="15" fill={TEXT_FILL}>
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={PAD} y2={height - PAD} stroke={TEXT_FILL} stroke-width="1" />
        {bars.map((bar, index) => {
          const y = PAD + index * ROW;
          const length = Math.round((bar.value / max) * plot);
          return (
            <>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 5} text-anchor="end" safe>
                {shorten(bar.label)}
              </text>
              <rect x={LABEL_WIDTH} y={y + (ROW - BAR) / 2} width={length} height={BAR} fill={BAR_FILL} />
              <text x={LABEL_WIDTH + length + 8} y={y + ROW / 2 + 5} font-weight="bold" safe>
                {String(bar.value)}
              </text>
            </>
          );
        })}
      </g>
    </svg>
  );
}
