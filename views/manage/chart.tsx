/**
 * A bar chart drawn on the server as SVG: no chart script, no inline styles (the CSP forbids
 * them); colours come from classes in styles.css. role="img" with <title>/<desc> gives screen
 * readers the gist; the table beside each chart holds the exact figures.
 */
export type Bar = { label: string; value: number; display: string };

const WIDTH = 640;

export function HorizontalBarChart({ id, title, description, bars }: { id: string; title: string; description: string; bars: Bar[] }) {
  const rowHeight = 26;
  const labelWidth = 170;
  const valueWidth = 90;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const span = WIDTH - labelWidth - valueWidth;
  return (
    <svg class="chart" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const y = 5 + index * rowHeight;
        const width = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * span)) : 0;
        return (
          <g>
            <text class="chart-label" x={labelWidth - 8} y={y + 17} text-anchor="end">{bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}</text>
            <rect class="chart-bar" x={labelWidth} y={y + 4} width={width} height={rowHeight - 8} rx="3" />
            <text class="chart-value" x={labelWidth + width + 6} y={y + 17}>{bar.display}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function ColumnChart({ id, title, description, bars }: { id: string; title: string; description: string; bars: Bar[] }) {
  const height = 240;
  const top = 20;
  const bottom = 40;
  const left = 10;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - left * 2) / Math.max(1, bars.length);
  const every = Math.max(1, Math.ceil(bars.length / 12));
  return (
    <svg class="chart" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line class="chart-axis" x1={left} x2={WIDTH - left} y1={top + plot} y2={top + plot} />
      {bars.map((bar, index) => {
        const barHeight = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * plot)) : 0;
        const x = left + index * slot;
        return (
          <g>
            <rect class="chart-bar" x={x + slot * 0.15} y={top + plot - barHeight} width={Math.max(1, slot * 0.7)} height={barHeight} rx="2">
              <title>{`${bar.label}: ${bar.display}`}</title>
            </rect>
            {index % every === 0 ? (
              <text class="chart-label" x={x + slot / 2} y={height - bottom + 16} text-anchor="middle">{bar.label}</text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
