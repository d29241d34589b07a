import { parseArgs } from 'node:util';

/** Options of `npm run bench:load`. */
export interface LoadBenchArgs {
  /** seconds each endpoint is loaded */
  duration: number;
  /** concurrent connections for the light endpoints (health, layer and feature reads, edits) */
  connections: number;
  /** concurrent connections for the heavy endpoints (alignment analysis, dashboard) */
  heavyConnections: number;
  /** run only these scenarios (names or prefixes); empty = all */
  only: string[];
  /** rounds of the whole scenario list (interleaved), for best and median */
  repeat: number;
  /** JSON result file; empty = bench-results/load-<timestamp>.json */
  out: string;
  /** an already running server to load instead of spawning one (demo data, demo-admin login) */
  url: string;
  /** with --url: the server's process id, to measure its CPU per request (null = not measured) */
  serverPid: number | null;
}

/** The usage text printed for --help and with argument errors. */
export const USAGE = `npm run bench:load -- [--duration 10] [--connections 50] [--heavy-connections 10]
                      [--only health,grids-bbox,...] [--repeat 1] [--out bench-results/x.json]
                      [--url http://127.0.0.1:8080 [--server-pid PID]]`;

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max} (got "${raw}")\n${USAGE}`);
  return n;
}

/** Parses the command line (the part after the script name); throws with the usage on a bad value. */
export function parseLoadBenchArgs(argv: string[]): LoadBenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      'heavy-connections': { type: 'string' },
      only: { type: 'string' },
      repeat: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      'server-pid': { type: 'string' },
    },
  });
  const url = (values.url ?? '').replace(/\/$/, '');
  if (url && !/^https?:\/\/[^/]+$/.test(url)) throw new Error(`--url must be an origin like http://127.0.0.1:8080 (got "${values.url}")\n${USAGE}`);
  if (values['server-pid'] !== undefined && !url) throw new Error(`--server-pid goes with --url (a spawned server's pid is known)\n${USAGE}`);
  const only = (values.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    duration: positiveInt('duration', values.duration, 10, 3600),
    connections: positiveInt('connections', values.connections, 50, 1000),
    heavyConnections: positiveInt('heavy-connections', values['heavy-connections'], 10, 1000),
    only,
    repeat: positiveInt('repeat', values.repeat, 1, 50),
    out: values.out ?? '',
    url,
    serverPid: values['server-pid'] === undefined ? null : positiveInt('server-pid', values['server-pid'], 0, 2 ** 22),
  };
}
