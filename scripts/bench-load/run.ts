import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import type { RunFigures } from './table.ts';
import type { Scenario } from './scenarios.ts';

/**
 * autocannon 9 appends every response body to a string (PipelinedRequestsQueue#addBody, a
 * UTF-8 decode per chunk) even when nothing reads it. For a 450 KB layer answer that costs the
 * load generator more CPU than the server spends serving it from its cache, so on a 2-core
 * machine the generator, not the server, set the latency (measured: half of its CPU profile in
 * Buffer#toString). Bodies are only kept for scenarios with an onResponse (the edits read their
 * new versions); this changes what the client does, not what is sent or timed.
 */
const Queue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as {
  prototype: { addBody: (data: Buffer) => void };
};
const keepBody = Queue.prototype.addBody;
let bodiesWanted = true;
Queue.prototype.addBody = function (this: unknown, data: Buffer) {
  if (bodiesWanted) keepBody.call(this, data);
};

/** Linux clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux builds). */
const CLK_TCK = 100;

/**
 * CPU time a process used so far (user + system, all threads: zlib's pool included), ms;
 * null when /proc is not there or the pid is unknown.
 */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after "(comm)": state is [0], utime [11], stime [12]
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Checks that the scenario's paths answer 2xx JSON; throws naming the path otherwise. */
async function probe(url: string, sc: Scenario): Promise<void> {
  for (const p of sc.probe.paths) {
    const res = await fetch(`${url}${p}`, { headers: sc.probe.headers });
    const type = res.headers.get('content-type') ?? '';
    await res.arrayBuffer();
    if (!res.ok || !/json/.test(type)) throw new Error(`scenario ${sc.name}: GET ${p} answered ${res.status} ${type}, not 2xx JSON`);
  }
}

/**
 * Loads one scenario with autocannon (programmatic API, in this process, which is not the
 * server's) for `durationS` seconds with `connections` keep-alive connections, after one
 * warm-up request, and returns its figures.
 */
export async function runScenario(
  url: string,
  sc: Scenario,
  connections: number,
  durationS: number,
  round: number,
  serverPid: number | null = null,
): Promise<RunFigures> {
  await probe(url, sc);
  const { path, ...opts } = sc.options();
  bodiesWanted = (opts.requests ?? []).some((r) => typeof r.onResponse === 'function');
  // autocannon takes the path of a single-request run from `url` (its `path` option is ignored there)
  const target = path ? `${url}${path}` : url;
  // one warm-up request so the measured run sees what a steady server sees (warm caches)
  await autocannon({ ...opts, url: target, connections: 1, amount: 1 });
  const cpu0 = processCpuMs(serverPid);
  const r = await autocannon({ ...opts, url: target, connections, duration: durationS, timeout: 30 });
  const cpu1 = processCpuMs(serverPid);
  const codes = r.statusCodeStats ?? {};
  const conflicts = sc.conflictsExpected ? (codes['409']?.count ?? 0) : 0;
  const ok = r['2xx'];
  return {
    scenario: sc.name,
    round,
    connections,
    durationS,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx - conflicts,
    conflicts,
    bytesPerAnswer: ok ? r.throughput.total / ok : NaN,
    serverCpuMs: cpu0 !== null && cpu1 !== null && r.requests.total ? (cpu1 - cpu0) / r.requests.total : null,
    p99Ratio: null,
  };
}
