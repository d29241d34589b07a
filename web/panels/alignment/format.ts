/** Score colour against the 100 % target: green at 100 %, amber from 95 %, red below. */
export function scoreColor(score: number): string {
  if (score >= 0.99995) return '#2f9e44';
  if (score >= 0.95) return '#f08c00';
  return '#e03131';
}

/** 0.9423 → "94.2 %" (100 % only when exactly all). */
export function pct(score: number): string {
  if (score >= 1) return '100 %';
  return `${(Math.floor(score * 1000) / 10).toFixed(1)} %`;
}

/** Area in m² (below 10,000 m²), hectares or km². */
export function area(m2: number): string {
  if (m2 < 1) return `${m2.toFixed(2)} m²`;
  if (m2 < 10_000) return `${Math.round(m2).toLocaleString()} m²`;
  if (m2 < 1_000_000) return `${(m2 / 10_000).toFixed(2)} ha`;
  return `${(m2 / 1_000_000).toFixed(2)} km²`;
}
