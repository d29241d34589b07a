/**
 * The REAL server (`node --import tsx server/main.ts`, as `npm run serve` runs it) as a child
 * process on a data dir and port the caller chooses: spawn, wait until /api/health answers,
 * read its output, kill it with any signal. Shared by the browser tests
 * (test/e2e/support/server.ts), the system tests (test/system/support/server-process.ts) and
 * the load bench (scripts/bench-load/server.ts), which each add only what is theirs (temporary
 * dir and template, a kept dir and restarts, the warm-up wait). Lives under scripts/ because
 * scripts may not import from test/, while tests may import from here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root (the server's working directory). */
export const REPO = resolve(import.meta.dirname, '../..');

/** How a server process ended: the exit code (null when a signal ended it) and the signal. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server process on a data dir. */
export interface ServerProcess {
  url: string;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** Date.now() when it was spawned (for start-up times) */
  startedAt: number;
  /** everything it printed so far (only the tail when `maxLogChars` was given) */
  log: () => string;
  /** resolves when it has exited */
  exited: Promise<ServerExit>;
  /** sends a signal and waits for the exit (SIGKILL after `graceMs` if it has not exited) */
  kill: (signal?: NodeJS.Signals, graceMs?: number) => Promise<ServerExit>;
}

/** Options of {@link spawnServer}. */
export interface SpawnOptions {
  /**
   * keep only the last this many characters of output: a long-running server that logs per
   * request (the load bench) must not grow the parent process without bound. Default: all.
   */
  maxLogChars?: number;
}

/** A TCP port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * Spawns the server on 127.0.0.1:`port` with BEATGRID_DATA_DIR=`dataDir` (plus `extraEnv` over
 * this process's environment) without waiting for anything.
 */
export function spawnServer(dataDir: string, port: number, extraEnv: Record<string, string> = {}, opts: SpawnOptions = {}): ServerProcess {
  const startedAt = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', BEATGRID_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const max = opts.maxLogChars;
  const keep = (d: Buffer) => {
    output += d.toString();
    if (max !== undefined && output.length > max) output = output.slice(-max);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<ServerExit>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000) => {
    if (!done) child.kill(signal);
    const timer = setTimeout(() => {
      if (!done) child.kill('SIGKILL');
    }, graceMs);
    const r = await exited;
    clearTimeout(timer);
    return r;
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, dataDir, child, startedAt, log: () => output, exited, kill };
}

/**
 * Waits until `s` answers 200 on /api/health. Throws with the server's output when it exits
 * first or is not healthy within `timeoutMs`; the caller decides what to do with the process.
 */
export async function waitHealthy(s: ServerProcess, timeoutMs = 150_000): Promise<void> {
  let exit: ServerExit | null = null;
  void s.exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before it was healthy:\n${s.log()}`);
    try {
      const res = await fetch(`${s.url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${s.log()}`);
}

/**
 * Waits until the server has printed a line matching `pattern` (e.g. /alignment index warm/:
 * the start-up's synchronous warm-up is over and the event loop serves requests promptly).
 * Throws with the output when it is not printed within `timeoutMs` or the server's output has
 * ended (the process exited and its pipes closed) without it.
 */
export async function waitForLog(s: ServerProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // 'close', not 'exit': output can still arrive between the two
  let ended = false;
  void outputClosed(s.child).then(() => (ended = true));
  while (!pattern.test(s.log())) {
    if (ended) throw new Error(`the server ended without printing ${pattern}:\n${s.log()}`);
    if (Date.now() > deadline) throw new Error(`the server did not print ${pattern} within ${timeoutMs} ms:\n${s.log()}`);
    await sleep(50);
  }
}

/** Options of {@link startServerProcess}. */
export interface StartProcessOptions extends SpawnOptions {
  /** port to listen on; default a {@link freePort} */
  port?: number;
  /** environment variables over this process's (PORT, HOST, BEATGRID_DATA_DIR are set here) */
  env?: Record<string, string>;
  /** how long it may take to become healthy (and print `waitFor`); default 150 s */
  timeoutMs?: number;
  /** after healthy, also wait for a line of output matching this */
  waitFor?: RegExp;
}

/**
 * Spawns the server on `dataDir` and waits until /api/health answers 200 (and, with `waitFor`,
 * until it printed that line). When it exits first or does not get there in time it is killed
 * (SIGKILL: a server that never became ready has nothing to shut down cleanly) and this throws
 * with its output. The data dir is the caller's: nothing here creates or deletes it.
 */
export async function startServerProcess(dataDir: string, opts: StartProcessOptions = {}): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 150_000;
  const port = opts.port ?? (await freePort());
  const s = spawnServer(dataDir, port, opts.env, opts);
  const deadline = Date.now() + timeoutMs;
  try {
    await waitHealthy(s, timeoutMs);
    if (opts.waitFor) await waitForLog(s, opts.waitFor, Math.max(0, deadline - Date.now()));
  } catch (e) {
    await s.kill('SIGKILL');
    throw e;
  }
  return s;
}

/** Resolves when the child has exited and its output pipes have closed (at once if so already). */
function outputClosed(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (exited && (child.stdout?.closed ?? true) && (child.stderr?.closed ?? true)) ok();
    else child.once('close', () => ok());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
