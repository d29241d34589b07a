import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../test/e2e/support/server.ts';

const REPO = resolve(import.meta.dirname, '../..');

/** A beatgrid server process the bench spawned (or an external one it only talks to). */
export interface BenchServer {
  url: string;
  /** process id (null for --url) */
  pid: number | null;
  /** milliseconds from spawn to a healthy /api/health */
  startMs: number;
  /** the server's console output so far */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns the REAL server (`node --import tsx server/main.ts`, as `npm run serve` does) on a free
 * 127.0.0.1 port with a fresh temporary BEATGRID_DATA_DIR, so it migrates and loads the demo
 * city; waits for /api/health. The server runs in its own process: the load generator (this
 * process) does not share its event loop.
 */
export async function spawnServer(timeoutMs = 240_000): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'beatgrid-bench-load-'));
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BEATGRID_DATA_DIR: dataDir, BEATGRID_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // keep the tail only: a server logging per request must not grow this process without bound
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-200_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  child.on('exit', (code) => { exited = code ?? -1; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null && child.pid) {
      const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`the server exited with code ${exited} before it was healthy:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        // main.ts warms the alignment index right after listening: wait for it so the first
        // scenario does not measure that one-off work
        while (!/alignment index warm/.test(output) && exited === null && Date.now() < deadline) await sleep(200);
        return { url, pid: child.pid ?? null, startMs: Date.now() - started, log: () => output, stop };
      }
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${output}`);
}

/** An already running server (--url): nothing to start or stop. */
export function externalServer(url: string, pid: number | null = null): BenchServer {
  return { url, pid, startMs: 0, log: () => '', stop: async () => {} };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
