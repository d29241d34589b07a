import { readFileSync, realpathSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** The file a running server keeps in its BEATGRID_DATA_DIR: `{pid, dataDir, startedAt, port}`. */
export const SERVER_LOCK_FILE = 'beatgrid.pid';

/** What the lock file records about the server that wrote it. */
export interface ServerLock {
  pid: number;
  /** the real path of the data dir it was written for (a copied folder holds a stale lock) */
  dataDir: string;
  startedAt: string;
  port: number | null;
}

/** Thrown when another live server holds the data dir; the message names its pid. */
export class ServerLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerLockError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: no signal, only "does it exist and may I signal it"
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * The server running on `dataDir` right now, according to its lock file, or null. A lock file
 * left behind by a killed server (its pid is gone, or is this very process), or copied from
 * another folder, does not count.
 */
export function runningServer(dataDir: string): ServerLock | null {
  let lock: ServerLock;
  try {
    lock = JSON.parse(readFileSync(join(dataDir, SERVER_LOCK_FILE), 'utf8')) as ServerLock;
  } catch {
    return null; // absent or unreadable (a torn write): no evidence of a live server
  }
  if (!Number.isInteger(lock.pid) || lock.pid === process.pid || !isAlive(lock.pid)) return null;
  try {
    if (lock.dataDir !== realpathSync(dataDir)) return null;
  } catch {
    return null;
  }
  return lock;
}

/**
 * Writes the lock file of a server starting on `dataDir` (atomically: temp file + rename).
 * Throws when another live server already holds the folder: two servers on one database would
 * each cache layers the other one changes.
 */
export function acquireServerLock(dataDir: string, port: number | null): ServerLock {
  const other = runningServer(dataDir);
  if (other) {
    throw new ServerLockError(
      `Another beatgrid server (pid ${other.pid}, started ${other.startedAt}) is running on ${dataDir}; ` +
        `stop it first (if it is not a beatgrid server, delete ${join(dataDir, SERVER_LOCK_FILE)})`,
    );
  }
  const lock: ServerLock = { pid: process.pid, dataDir: realpathSync(dataDir), startedAt: new Date().toISOString(), port };
  const file = join(dataDir, SERVER_LOCK_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(lock)}\n`);
  renameSync(`${file}.tmp`, file);
  return lock;
}

/** Removes this process's lock file from `dataDir` (only when it is ours). */
export function releaseServerLock(dataDir: string): void {
  const file = join(dataDir, SERVER_LOCK_FILE);
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as ServerLock;
    if (lock.pid === process.pid) rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}
