import { SERIES_COLORS, pct } from './format.ts';

/** One line of the trend: a county and its value per month (null = no data that month). */
export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
  /** index of a point that is live (not filed), drawn hollow */
  liveIndex?: number;
}

/**
 * Lines of one indicator per county over months, y from the lowest value (rounded down to
 * 10 %) to 100 %. Plain SVG with a legend; hovering a point shows its value.
 */
export function TrendChart({ months, series, title, liveLabel }: { months: string[]; series: Series[]; title: string; liveLabel: string }) {
  const width = 560;
  const height = 240;
  const left = 44;
  const right = 12;
  const top = 14;
  const bottom = 28;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const lo = all.length ? Math.min(0.9, Math.floor(Math.min(...all) * 10) / 10) : 0;
  const x = (i: number) => left + (months.length <= 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (months.length - 1));
  const y = (v: number) => top + ((1 - v) / (1 - lo || 1)) * (height - top - bottom);
  const ticks: number[] = [];
  for (let t = lo; t <= 1.0001; t += 0.1) ticks.push(Math.round(t * 10) / 10);
  return (
    <figure className="chart" data-testid="trend-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} className={t === 1 ? 'target-line' : 'grid-line'} />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" className="axis-label">{`${Math.round(t * 100)}%`}</text>
          </g>
        ))}
        {months.map((m, i) => (
          <text key={m} x={x(i)} y={height - 8} textAnchor="middle" className="axis-label">{m.slice(2).replace('-', '.')}</text>
        ))}
        {series.map((s, k) => {
          const color = SERIES_COLORS[k % SERIES_COLORS.length];
          const pts = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
          const d = pts.reduce((acc, p, i) => (p ? `${acc}${acc && pts[i - 1] ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}` : acc), '');
          return (
            <g key={s.key} data-testid={`trend-${s.key}`}>
              <path d={d} fill="none" stroke={color} strokeWidth={1.8} />
              {pts.map((p, i) =>
                p ? (
                  <circle key={i} cx={p[0]} cy={p[1]} r={3} fill={i === s.liveIndex ? '#fff' : color} stroke={color} strokeWidth={1.5}>
                    <title>{`${s.label} ${months[i]}: ${pct(s.values[i])}${i === s.liveIndex ? ` (${liveLabel})` : ''}`}</title>
                  </circle>
                ) : null,
              )}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend">
        {series.map((s, k) => (
          <li key={s.key}>
            <span className="legend-line" style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }} />
            {s.label}
          </li>
        ))}
        <li className="muted">○ {liveLabel}</li>
      </ul>
    </figure>
  );
}
