import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../lib/server-process.ts';

/** A beatgrid server process the bench spawned (or an external one it only talks to). */
export interface BenchServer {
  url: string;
  /** process id (null for --url) */
  pid: number | null;
  /** milliseconds from spawn to a healthy /api/health with the alignment index warm */
  startMs: number;
  /** the server's console output so far */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns the REAL server (`node --import tsx server/main.ts`, as `npm run serve` does) on a free
 * 127.0.0.1 port with a fresh temporary BEATGRID_DATA_DIR, so it migrates and loads the demo
 * city; waits for /api/health and the alignment warm-up. The server runs in its own process:
 * the load generator (this process) does not share its event loop.
 */
export async function spawnServer(timeoutMs = 240_000): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beatgrid-bench-load-'));
  let s: ServerProcess;
  try {
    s = await startServerProcess(dataDir, {
      env: { BEATGRID_DEMO: '1' },
      timeoutMs,
      // main.ts warms the alignment index right after listening: wait for it so the first
      // scenario does not measure that one-off work
      waitFor: /alignment index warm/,
      // keep the tail only: a server logging per request must not grow this process without bound
      maxLogChars: 200_000,
    });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const stop = async () => {
    await s.kill('SIGTERM', 8000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url: s.url, pid: s.pid, startMs: Date.now() - s.startedAt, log: s.log, stop };
}

/** An already running server (--url): nothing to start or stop. */
export function externalServer(url: string, pid: number | null = null): BenchServer {
  return { url, pid, startMs: 0, log: () => '', stop: async () => {} };
}
