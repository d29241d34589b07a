/**
 * Real server processes for the system tests (issue 8): started on a data dir the test owns
 * (so it survives a SIGKILL and can be restarted, backed up, restored), killed with any signal.
 * Unlike test/e2e/support/server.ts, nothing here deletes the data dir behind the test's back.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../../../scripts/lib/server-process.ts';
import { cachedTemplate, saveTemplate } from '../../e2e/support/demo-template.ts';

// the process itself (spawn, health wait, kill, log wait) is shared with the browser tests and
// the load bench; re-exported so the system tests keep importing from here
export { REPO, spawnServer, waitForLog, type ServerExit, type ServerProcess } from '../../../scripts/lib/server-process.ts';

/**
 * Starts a server on `dataDir` and waits until /api/health answers 200. Throws with the
 * server's output when it exits first or is not healthy within `timeoutMs` (then it is killed;
 * the data dir stays, as always here).
 */
export async function startServerOn(dataDir: string, timeoutMs = 150_000, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(dataDir, { env: extraEnv, timeoutMs });
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
