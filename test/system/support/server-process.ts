/**
 * Real server processes for the system tests (issue 8): started on a data dir the test owns
 * (so it survives a SIGKILL and can be restarted, backed up, restored), killed with any signal.
 * Unlike test/e2e/support/server.ts, nothing here deletes the data dir behind the test's back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../e2e/support/server.ts';
import { cachedTemplate, saveTemplate } from '../../e2e/support/demo-template.ts';

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '../../..');

/** A server process on a data dir. */
export interface ServerProcess {
  url: string;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** everything it printed so far */
  log: () => string;
  /** resolves with the exit code (null when killed by a signal) and the signal */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** sends a signal and waits for the exit (SIGKILL after `graceMs` if it has not exited) */
  kill: (signal?: NodeJS.Signals, graceMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node --import tsx server/main.ts` on `dataDir` without waiting for anything. */
export function spawnServer(dataDir: string, port: number, extraEnv: Record<string, string> = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', BEATGRID_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })),
  );
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
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, dataDir, child, log: () => output, exited, kill };
}

/**
 * Starts a server on `dataDir` and waits until /api/health answers 200. Throws with the
 * server's output when it exits first or is not healthy within `timeoutMs`.
 */
export async function startServerOn(dataDir: string, timeoutMs = 150_000, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const s = spawnServer(dataDir, port, extraEnv);
  let exit: { code: number | null } | null = null;
  void s.exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before it was healthy:\n${s.log()}`);
    try {
      const res = await fetch(`${s.url}/api/health`);
      if (res.ok) return s;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await s.kill('SIGKILL');
  throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${s.log()}`);
}

/** A fresh temporary folder (the caller removes it with removeDir). */
export function tempDir(prefix = 'beatgrid-system-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a folder made by tempDir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The demo city database, made by a real server: it starts on an empty folder (migrates, loads
 * the demo city, creates the demo accounts), is stopped with SIGTERM (which checkpoints the WAL
 * into the file), and its beatgrid.sqlite becomes the template other data dirs copy — the same
 * cache the browser tests use (test/e2e/support/demo-template.ts, keyed by a hash of server/
 * and data/). Returns the file.
 */
export async function demoTemplate(): Promise<string> {
  const cached = cachedTemplate();
  if (cached) return cached;
  const dir = tempDir('beatgrid-template-');
  try {
    const s = await startServerOn(dir);
    const exit = await s.kill('SIGTERM');
    if (exit.code !== 0) throw new Error(`the template server did not exit 0 on SIGTERM (${JSON.stringify(exit)}):\n${s.log()}`);
    if (existsSync(join(dir, 'beatgrid.sqlite-wal'))) throw new Error('the template database still has a -wal after a clean shutdown');
    saveTemplate(join(dir, 'beatgrid.sqlite'));
    return cachedTemplate()!;
  } finally {
    removeDir(dir);
  }
}

/** A new data dir holding a copy of the demo template database. */
export async function demoDataDir(): Promise<string> {
  const file = await demoTemplate();
  const dir = tempDir();
  copyFileSync(file, join(dir, 'beatgrid.sqlite'));
  return dir;
}

/**
 * Waits until the server has printed a line matching `pattern` (e.g. /alignment index warm/:
 * the start-up's synchronous warm-up is over and the event loop serves requests promptly).
 */
export async function waitForLog(s: ServerProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(s.log())) {
    if (Date.now() > deadline) throw new Error(`the server did not print ${pattern} within ${timeoutMs} ms:\n${s.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
