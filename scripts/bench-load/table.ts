/** What one autocannon run of one scenario measured. */
export interface RunFigures {
  scenario: string;
  /** 1-based round of --repeat */
  round: number;
  connections: number;
  durationS: number;
  /** mean requests per second over the run */
  rps: number;
  /** latency of 2xx answers, ms (autocannon records only 2xx latencies) */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** connection errors and timeouts */
  errors: number;
  /** answers outside 2xx other than the expected 409 conflicts of edits */
  non2xx: number;
  /** 409 conflicts (edits only): not errors, a loser of an edit race gets one */
  conflicts: number;
  /** mean response bytes (headers + body) per 2xx answer */
  bytesPerAnswer: number;
  /** server process CPU (all threads, user + system) per answer, ms; null when not measurable (--url, not Linux) */
  serverCpuMs: number | null;
  /** p99 / p99 of /api/health in the same round (null for health itself or when absent) */
  p99Ratio: number | null;
}

/** Best and median over the rounds of one scenario. */
export interface ScenarioSummary {
  scenario: string;
  note: string;
  connections: number;
  rounds: number;
  rpsMedian: number;
  p50Median: number;
  p99Median: number;
  p99Best: number;
  p99RatioMedian: number | null;
  errors: number;
  non2xx: number;
  conflicts: number;
  bytesPerAnswer: number;
  serverCpuMsMedian: number | null;
}

/** The median of numbers (mean of the middle two for an even count); NaN when empty. */
export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Adds each run's p99 ratio against the /api/health run of the same round. */
export function withRatios(runs: RunFigures[], baseline = 'health'): RunFigures[] {
  const base = new Map(runs.filter((r) => r.scenario === baseline).map((r) => [r.round, r.p99]));
  return runs.map((r) => {
    const b = base.get(r.round);
    return { ...r, p99Ratio: r.scenario === baseline || !b ? null : r.p99 / b };
  });
}

/** Folds the runs of each scenario (in first-seen order) into best and median figures. */
export function summarise(runs: RunFigures[], notes: Record<string, string> = {}): ScenarioSummary[] {
  const order = [...new Set(runs.map((r) => r.scenario))];
  return order.map((scenario) => {
    const rs = runs.filter((r) => r.scenario === scenario);
    const ratios = rs.map((r) => r.p99Ratio).filter((x): x is number => x !== null);
    return {
      scenario,
      note: notes[scenario] ?? '',
      connections: rs[0].connections,
      rounds: rs.length,
      rpsMedian: median(rs.map((r) => r.rps)),
      p50Median: median(rs.map((r) => r.p50)),
      p99Median: median(rs.map((r) => r.p99)),
      p99Best: Math.min(...rs.map((r) => r.p99)),
      p99RatioMedian: ratios.length ? median(ratios) : null,
      errors: rs.reduce((s, r) => s + r.errors, 0),
      non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
      conflicts: rs.reduce((s, r) => s + r.conflicts, 0),
      bytesPerAnswer: Math.round(median(rs.map((r) => r.bytesPerAnswer))),
      serverCpuMsMedian: rs.every((r) => r.serverCpuMs !== null) ? median(rs.map((r) => r.serverCpuMs!)) : null,
    };
  });
}

const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** Human size of a byte count (B, KB, MB; 1 KB = 1024 B). */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * The results as a Markdown table (pasteable into docs/BENCHMARKS.md): per scenario the median
 * throughput, p50 and p99, the best p99 over the rounds, p99 ÷ /api/health p99 of the same
 * round (median), errors, non-2xx and 409 counts, answer size, the server's CPU per answer.
 */
export function formatTable(rows: ScenarioSummary[]): string {
  const head = ['endpoint', 'conns', 'rounds', 'req/s', 'p50 ms', 'p99 ms', 'best p99 ms', 'p99 ÷ health p99', 'errors', 'non-2xx', '409', 'answer', 'server CPU ms/req'];
  const lines = rows.map((r) => [
    r.note ? `${r.scenario} (${r.note})` : r.scenario,
    String(r.connections),
    String(r.rounds),
    fmt(r.rpsMedian),
    fmt(r.p50Median, 1),
    fmt(r.p99Median, 1),
    fmt(r.p99Best, 1),
    r.p99RatioMedian === null ? '1 (baseline)' : `${fmt(r.p99RatioMedian, 2)}×`,
    String(r.errors),
    String(r.non2xx),
    String(r.conflicts),
    bytes(r.bytesPerAnswer),
    r.serverCpuMsMedian === null ? '-' : fmt(r.serverCpuMsMedian, 2),
  ]);
  const all = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...all.map((l) => [...l[i]].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [row(head), rule, ...lines.map(row)].join('\n');
}
