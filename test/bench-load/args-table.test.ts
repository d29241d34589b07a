import { describe, expect, it } from 'vitest';
import { parseLoadBenchArgs } from '../../scripts/bench-load/args.ts';
import { processCpuMs } from '../../scripts/bench-load/run.ts';
import { windowIn } from '../../scripts/bench-load/scenarios.ts';
import { bytes, formatTable, median, summarise, withRatios, type RunFigures } from '../../scripts/bench-load/table.ts';

describe('bench:load arguments', () => {
  it('defaults: 10 s, 50 connections, 10 for heavy endpoints, all scenarios, one round', () => {
    expect(parseLoadBenchArgs([])).toEqual({ duration: 10, connections: 50, heavyConnections: 10, only: [], repeat: 1, out: '', url: '', serverPid: null });
  });
  it('reads every flag', () => {
    const a = parseLoadBenchArgs(['--duration', '3', '--connections', '20', '--heavy-connections', '4', '--only', 'grids-bbox, edit', '--repeat', '3', '--out', 'x.json', '--url', 'http://127.0.0.1:9000/', '--server-pid', '4321']);
    expect(a).toEqual({ duration: 3, connections: 20, heavyConnections: 4, only: ['grids-bbox', 'edit'], repeat: 3, out: 'x.json', url: 'http://127.0.0.1:9000', serverPid: 4321 });
  });
  it.each([
    [['--duration', '0'], /--duration must be an integer from 1/],
    [['--connections', 'many'], /--connections must be an integer.*"many"/],
    [['--repeat', '2.5'], /--repeat/],
    [['--url', 'localhost:8080'], /--url must be an origin/],
    [['--nope'], /Unknown option '--nope'/],
    [['--server-pid', '12'], /--server-pid goes with --url/],
  ])('refuses %j', (argv, msg) => {
    expect(() => parseLoadBenchArgs(argv)).toThrow(msg);
  });
});

const run = (scenario: string, round: number, p99: number, extra: Partial<RunFigures> = {}): RunFigures => ({
  scenario, round, connections: 50, durationS: 10, rps: 1000 / p99, p50: p99 / 2, p99, max: p99 * 2, requests: 100,
  errors: 0, non2xx: 0, conflicts: 0, bytesPerAnswer: 2048, serverCpuMs: p99 / 100, p99Ratio: null, ...extra,
});

describe('bench:load results', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('each p99 is divided by the health p99 of the same round; summaries take median and best', () => {
    const runs = withRatios([
      run('health', 1, 10), run('grids-bbox', 1, 30),
      run('health', 2, 20), run('grids-bbox', 2, 20, { errors: 1 }),
      run('health', 3, 10), run('grids-bbox', 3, 50, { non2xx: 2, conflicts: 3 }),
    ]);
    expect(runs.map((r) => r.p99Ratio)).toEqual([null, 3, null, 1, null, 5]);
    const [h, g] = summarise(runs, { 'grids-bbox': '东昌区 bbox' });
    expect(h).toMatchObject({ scenario: 'health', rounds: 3, p99Median: 10, p99Best: 10, p99RatioMedian: null });
    expect(g).toMatchObject({ scenario: 'grids-bbox', note: '东昌区 bbox', p99Median: 30, p99Best: 20, p99RatioMedian: 3, errors: 1, non2xx: 2, conflicts: 3, serverCpuMsMedian: 0.3 });
    // without a server pid (--url) there is no CPU figure
    expect(summarise([run('health', 1, 10, { serverCpuMs: null })])[0].serverCpuMsMedian).toBeNull();
  });
  it('formats an aligned Markdown table with the ratio column', () => {
    const table = formatTable(summarise(withRatios([run('health', 1, 10), run('grids-bbox', 1, 25)]), { 'grids-bbox': '东昌区' }));
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| endpoint .*\| req\/s .*\| p99 ÷ health p99 .*\|$/);
    expect(lines[1]).toMatch(/^\| -+ \| -+ /);
    expect(lines[2]).toContain('1 (baseline)');
    expect(lines[3]).toMatch(/^\| grids-bbox \(东昌区\) +\| 50 +\| 1 +\| 40 +\| 12\.5 +\| 25\.0 +\| 25\.0 +\| 2\.50× +\| 0 .*\| 2\.0 KB +\| 0\.25 +\|$/);
    // every row has the same number of cells
    expect(new Set(lines.map((l) => l.split('|').length)).size).toBe(1);
  });
  it('sizes and windows', () => {
    expect([bytes(800), bytes(2048), bytes(3 * 1024 * 1024)]).toEqual(['800 B', '2.0 KB', '3.00 MB']);
    const w = windowIn([0, 0, 4, 2], 0.25, 1, 0);
    expect(w).toEqual([3, 0, 4, 0.5]);
  });
  it('reads a process CPU time from /proc (this process), null for an unknown pid', () => {
    const ms = processCpuMs(process.pid);
    if (process.platform === 'linux') expect(ms).toBeGreaterThan(0);
    expect(processCpuMs(null)).toBeNull();
    expect(processCpuMs(2 ** 30)).toBeNull();
  });
});
