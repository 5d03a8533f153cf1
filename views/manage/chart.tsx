/**
 * A bar chart drawn on the server as SVG: no chart script, no inline styles (the CSP forbids
 * them); colours come from classes in styles.css. role="img" with <title>/<desc> gives screen
 * readers the gist; the table beside each chart holds the exact figures.
 */
export type Bar = { label: string; value: number; display: string };

const WIDTH = 640;
const NARROW_WIDTH = 330;

type BarChartProps = { id: string; title: string; description: string; bars: Bar[] };

/**
 * Bars with their labels, drawn twice like the sales chart: on screens the label sits left of its
 * bar; on phones (330 wide, shown at its size) above it, so the text stays 12 px instead of
 * shrinking to 6 px with a 640-wide drawing.
 */
export function HorizontalBarChart(props: BarChartProps) {
  return (
    <div class="chart-frame">
      <WideBars {...props} />
      <NarrowBars {...props} id={`${props.id}-narrow`} />
    </div>
  );
}

const shortLabel = (label: string, most: number) => (label.length > most ? `${label.slice(0, most - 1)}…` : label);

function WideBars({ id, title, description, bars }: BarChartProps) {
  const rowHeight = 26;
  const labelWidth = 170;
  const valueWidth = 90;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const span = WIDTH - labelWidth - valueWidth;
  return (
    <svg class="chart chart-wide" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const y = 5 + index * rowHeight;
        const width = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * span)) : 0;
        return (
          <g>
            <text class="chart-label" x={labelWidth - 8} y={y + 17} text-anchor="end">{shortLabel(bar.label, 24)}</text>
            <rect class="chart-bar" x={labelWidth} y={y + 4} width={width} height={rowHeight - 8} rx="3" />
            <text class="chart-value" x={labelWidth + width + 6} y={y + 17}>{bar.display}</text>
          </g>
        );
      })}
    </svg>
  );
}

function NarrowBars({ id, title, description, bars }: BarChartProps) {
  const rowHeight = 40;
  const valueWidth = 70;
  const height = Math.max(1, bars.length) * rowHeight + 6;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const span = NARROW_WIDTH - valueWidth;
  return (
    <svg class="chart chart-narrow" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${NARROW_WIDTH} ${height}`} width={String(NARROW_WIDTH)} height={String(height)}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const y = 3 + index * rowHeight;
        const width = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * span)) : 0;
        return (
          <g>
            <text class="chart-label" x="0" y={y + 13}>{shortLabel(bar.label, 40)}</text>
            <rect class="chart-bar" x="0" y={y + 19} width={width} height="14" rx="3" />
            <text class="chart-value" x={width + 6} y={y + 31}>{bar.display}</text>
          </g>
        );
      })}
    </svg>
  );
}

export type Period = { label: string; revenue: number; revenueDisplay: string; orders: number };

/** The smallest of 1, 2 or 5 times a power of ten that is at least `rough`. */
function roundStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
}

/** Round steps for an axis: 1, 2 or 5 times a power of ten, about `count` of them up to `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const step = roundStep(max / count);
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

/**
 * Whole-number ticks for a second axis on the first one's grid lines: exactly `intervals` steps of
 * 1, 2 or 5 times a power of ten, the last at or above `max` (orders: 5 over two steps is 0, 5, 10).
 */
export function alignedTicks(max: number, intervals: number): number[] {
  const steps = Math.max(1, intervals);
  const step = roundStep(Math.max(1, Math.max(1, max) / steps));
  return Array.from({ length: steps + 1 }, (_, i) => i * step);
}

/** Which labels fit: every n-th, so labels of this many characters never overlap at this width. */
export function labelEvery(count: number, plotWidth: number, longestLabel: number): number {
  const needed = longestLabel * 7 + 10;
  return Math.max(1, Math.ceil((count * needed) / plotWidth));
}

/**
 * Revenue as columns against the left axis and orders as a line against the right one, with
 * ticks, a legend and date labels thinned to fit. Drawn at the width it is shown (one for wide
 * screens, one for phones), so its text is never scaled down to unreadable.
 */
function OverTimeSvg(props: { id: string; title: string; description: string; periods: Period[]; width: number; axisMoney: (cents: number) => string; className: string }) {
  const { periods, width } = props;
  const height = 260;
  const top = 16;
  const bottom = 44;
  const left = 64;
  const right = 40;
  const plotWidth = width - left - right;
  const plot = height - top - bottom;
  const revenueTicks = niceTicks(Math.max(0, ...periods.map((p) => p.revenue)));
  const orderTicks = alignedTicks(Math.max(0, ...periods.map((p) => p.orders)), revenueTicks.length - 1);
  const revenueMax = revenueTicks.at(-1)!;
  const ordersMax = orderTicks.at(-1)!;
  const slot = plotWidth / Math.max(1, periods.length);
  const every = labelEvery(periods.length, plotWidth, Math.max(1, ...periods.map((p) => p.label.length)));
  const yOf = (value: number, max: number) => top + plot - (value / max) * plot;
  const legendGap = width < 400 ? 118 : 160;
  const points = periods.map((p, index) => `${Math.round(left + index * slot + slot / 2)},${Math.round(yOf(p.orders, ordersMax))}`).join(" ");
  return (
    <svg class={`chart ${props.className}`} id={props.id} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${width} ${height}`} width={String(width)} height={String(height)}>
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {revenueTicks.map((tick) => (
        <g>
          <line class="chart-grid" x1={left} x2={width - right} y1={yOf(tick, revenueMax)} y2={yOf(tick, revenueMax)} />
          <text class="chart-tick" x={left - 6} y={yOf(tick, revenueMax) + 4} text-anchor="end">{props.axisMoney(tick)}</text>
        </g>
      ))}
      {orderTicks.map((tick) => (
        <text class="chart-tick" x={width - right + 6} y={yOf(tick, ordersMax) + 4}>{String(tick)}</text>
      ))}
      <line class="chart-axis" x1={left} x2={width - right} y1={top + plot} y2={top + plot} />
      <line class="chart-axis" x1={left} x2={left} y1={top} y2={top + plot} />
      {periods.map((period, index) => {
        const barHeight = period.revenue > 0 ? Math.max(2, (period.revenue / revenueMax) * plot) : 0;
        const x = left + index * slot;
        return (
          <g>
            <rect class="chart-bar" x={x + slot * 0.15} y={top + plot - barHeight} width={Math.max(1, slot * 0.7)} height={barHeight} rx="2">
              <title>{`${period.label}: ${period.revenueDisplay}, ${period.orders} order${period.orders === 1 ? "" : "s"}`}</title>
            </rect>
            {index % every === 0 ? (
              <>
                <line class="chart-axis" x1={x + slot / 2} x2={x + slot / 2} y1={top + plot} y2={top + plot + 4} />
                <text class="chart-label" x={x + slot / 2} y={top + plot + 18} text-anchor="middle">{period.label}</text>
              </>
            ) : null}
          </g>
        );
      })}
      {periods.length > 1 ? <polyline class="chart-line" points={points} /> : null}
      {periods.map((p, index) => <circle class="chart-dot" cx={left + index * slot + slot / 2} cy={yOf(p.orders, ordersMax)} r="3" />)}
      <g class="chart-legend" transform={`translate(${width < 400 ? 8 : left}, ${height - 12})`}>
        <rect class="chart-bar" x="0" y="-9" width="12" height="10" rx="2" />
        <text class="chart-label" x="18" y="0">{width < 400 ? "Revenue (left)" : "Revenue (left axis)"}</text>
        <line class="chart-line" x1={legendGap} x2={legendGap + 18} y1="-4" y2="-4" />
        <circle class="chart-dot" cx={legendGap + 9} cy="-4" r="3" />
        <text class="chart-label" x={legendGap + 24} y="0">{width < 400 ? "Orders (right)" : "Orders (right axis)"}</text>
      </g>
    </svg>
  );
}

export function OverTimeChart(props: { id: string; title: string; description: string; periods: Period[]; axisMoney: (cents: number) => string }) {
  return (
    <div class="chart-frame">
      <OverTimeSvg {...props} width={720} className="chart-wide" />
      <OverTimeSvg {...props} id={`${props.id}-narrow`} width={330} className="chart-narrow" />
    </div>
  );
}
