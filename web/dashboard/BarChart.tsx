import { BAND_COLORS, band, pct } from './format.ts';

/** One bar: a label and a share (0..1, or null when unknown). */
export interface Bar {
  key: string;
  label: string;
  share: number | null;
}

/**
 * Horizontal bars of one indicator per county, coloured by their band against the 100 %
 * target, with the target drawn as a dashed line. Plain SVG; width follows the container.
 */
export function BarChart({ bars, title, targetLabel, onPick }: { bars: Bar[]; title: string; targetLabel: string; onPick?: (key: string) => void }) {
  const rowH = 26;
  const labelW = 86;
  const valueW = 52;
  const plotW = 420;
  const top = 22;
  const height = top + bars.length * rowH + 8;
  const width = labelW + plotW + valueW;
  const x = (s: number) => labelW + s * plotW;
  return (
    <figure className="chart" data-testid="bar-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        {[0, 0.25, 0.5, 0.75].map((g) => (
          <g key={g}>
            <line x1={x(g)} x2={x(g)} y1={top - 4} y2={height - 6} className="grid-line" />
            <text x={x(g)} y={top - 8} className="axis-label" textAnchor="middle">{`${g * 100}%`}</text>
          </g>
        ))}
        <line x1={x(1)} x2={x(1)} y1={top - 4} y2={height - 6} className="target-line" />
        <text x={x(1)} y={top - 8} className="axis-label target" textAnchor="end">{targetLabel}</text>
        {bars.map((b, i) => {
          const y = top + i * rowH;
          const s = b.share ?? 0;
          return (
            <g key={b.key} className={onPick ? 'bar clickable' : 'bar'} onClick={() => onPick?.(b.key)} data-testid={`bar-${b.key}`}>
              <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="bar-label">{b.label}</text>
              <rect x={labelW} y={y + 4} width={plotW} height={rowH - 8} className="bar-track" />
              <rect x={labelW} y={y + 4} width={Math.max(0, s * plotW)} height={rowH - 8} fill={BAND_COLORS[band(b.share)]}>
                <title>{`${b.label}: ${pct(b.share)}`}</title>
              </rect>
              <text x={labelW + plotW + 6} y={y + rowH / 2 + 4} className="bar-value">{pct(b.share)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
