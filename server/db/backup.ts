import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './connection.ts';
import { integrityCheck, isDamageError, type CheckResult } from './integrity.ts';
import { verifyMigrations } from './migrate.ts';
import { runningServer, SERVER_LOCK_FILE } from './server-lock.ts';

/** The database file's name inside BEATGRID_DATA_DIR. */
export const DB_FILE_NAME = 'beatgrid.sqlite';

/** What `npm run backup` reports. */
export interface BackupResult {
  path: string;
  bytes: number;
  pages: number;
  /** wall time of the copy and of the verification */
  copyMs: number;
  verifyMs: number;
  /** migrations recorded in the copy */
  migrations: number;
}

/** A backup or restore that was refused or failed its verification; the message says why. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** `2026-11-28T17-05-09Z`: an ISO time usable in file names. */
export function fileStamp(d = new Date()): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the database `source` into `target` (which must not exist) with SQLite's online
 * backup API, all pages in ONE step: the copy is read inside one read transaction, i.e. one
 * consistent snapshot of the WAL database, while a server in another process keeps writing (WAL
 * readers do not block the writer). Copying in small steps instead would restart from scratch
 * whenever the server commits between two steps, and might never finish under load.
 * The copy is switched to journal_mode DELETE so it is one self-contained file.
 */
async function copyWithBackupApi(source: string, target: string): Promise<{ pages: number }> {
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another --out`);
  const src = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    src.pragma('busy_timeout = 5000');
    const r = await src.backup(target, { progress: () => 0x7fffffff });
    pages = r.totalPages;
  } finally {
    src.close();
  }
  const copy = new Database(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  fsyncPath(target);
  return { pages };
}

/**
 * Verifies a database file as a backup: `PRAGMA integrity_check` + foreign keys, and its
 * recorded migrations must all be known to this code (verifyMigrations). The file is opened
 * read-only and not changed.
 */
export function verifyBackupFile(file: string): CheckResult & { migrations: number } {
  const t = performance.now();
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = integrityCheck(db);
    if (!check.ok) return { ...check, migrations: 0, ms: performance.now() - t };
    const hasFeatures = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'features'").get();
    if (!hasFeatures) return { ok: false, problems: ['no features table: not a beatgrid database'], migrations: 0, ms: performance.now() - t };
    const { recorded } = verifyMigrations(db);
    return { ok: true, problems: [], migrations: recorded.length, ms: performance.now() - t };
  } catch (err) {
    const message = (err as Error).message;
    const what = isDamageError(err) ? `damaged: ${message}` : message;
    return { ok: false, problems: [what], migrations: 0, ms: performance.now() - t };
  } finally {
    if (db?.open) db.close();
  }
}

/**
 * Online backup of the database `source` (the server may be running on it) into `out`:
 * copied through a temporary file next to `out`, verified (verifyBackupFile), fsync'ed, then
 * renamed into place, so `out` only ever appears complete and checked. Throws BackupError when
 * the copy fails its check (the temporary file is removed).
 */
export async function backupDatabase(source: string, out: string): Promise<BackupResult> {
  source = resolve(source);
  out = resolve(out);
  if (!existsSync(source)) throw new BackupError(`No database at ${source}`);
  if (existsSync(out)) throw new BackupError(`${out} already exists; choose another --out`);
  const tmp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  rmSync(tmp, { force: true });
  try {
    const t0 = performance.now();
    const { pages } = await copyWithBackupApi(source, tmp);
    const copyMs = performance.now() - t0;
    const check = verifyBackupFile(tmp);
    if (!check.ok) throw new BackupError(`The backup copy of ${source} failed its check:\n  - ${check.problems.join('\n  - ')}`);
    renameSync(tmp, out);
    fsyncPath(dirname(out));
    return { path: out, bytes: statSync(out).size, pages, copyMs, verifyMs: check.ms, migrations: check.migrations };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
  }
}

/** What `npm run restore` reports. */
export interface RestoreResult {
  restored: string;
  from: string;
  /** where the replaced database now lives (null: there was none) */
  keptAs: string | null;
  pages: number;
  migrations: number;
  ms: number;
}

/**
 * Tries to take the database file for ourselves: switching journal_mode from WAL to DELETE
 * needs the only connection, so it fails with SQLITE_BUSY while any other process (a server
 * that wrote no lock file, a check-db, …) has it open. On success the WAL has been checkpointed
 * into the file and the -wal is gone. Returns false when the file is too damaged to try.
 */
function takeOver(file: string): boolean {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new BackupError(`${file} is in use by another process (a running server?); stop it before restoring`);
    }
    if (isDamageError(err)) return false;
    throw err;
  } finally {
    if (db?.open) db.close();
  }
}

/**
 * Restores `backupFile` as the database of `dataDir`. Refuses while a server runs on the
 * folder (its lock file names a live process, or the database is open elsewhere). The backup is
 * copied next to the database with the backup API and verified BEFORE anything is replaced;
 * the current database is kept as `beatgrid.sqlite.before-restore-<time>` (with its -wal when
 * it could not be checkpointed, e.g. because it is damaged) and stale -wal/-shm files are
 * removed, so the restored file is read exactly as it was backed up.
 */
export async function restoreDatabase(backupFile: string, dataDir: string, now = new Date()): Promise<RestoreResult> {
  const t0 = performance.now();
  backupFile = resolve(backupFile);
  dataDir = resolve(dataDir);
  if (!existsSync(backupFile)) throw new BackupError(`No backup file at ${backupFile}`);
  if (!existsSync(dataDir)) throw new BackupError(`BEATGRID_DATA_DIR ${dataDir} does not exist`);
  const server = runningServer(dataDir);
  if (server) {
    throw new BackupError(
      `A beatgrid server (pid ${server.pid}, started ${server.startedAt}) is running on ${dataDir}; ` +
        `stop it before restoring (${SERVER_LOCK_FILE} names it)`,
    );
  }
  const target = join(dataDir, DB_FILE_NAME);
  if (resolve(backupFile) === target) throw new BackupError('The backup file is the database itself');

  const before = verifyBackupFile(backupFile);
  if (!before.ok) throw new BackupError(`The backup ${backupFile} failed its check; nothing was changed:\n  - ${before.problems.join('\n  - ')}`);

  const incoming = join(dataDir, `${DB_FILE_NAME}.restoring-${process.pid}`);
  rmSync(incoming, { force: true });
  try {
    const { pages } = await copyWithBackupApi(backupFile, incoming);
    const check = verifyBackupFile(incoming);
    if (!check.ok) throw new BackupError(`The copy of ${backupFile} failed its check; nothing was changed:\n  - ${check.problems.join('\n  - ')}`);

    let keptAs: string | null = null;
    if (existsSync(target)) {
      const checkpointed = takeOver(target); // throws while someone has it open
      keptAs = `${target}.before-restore-${fileStamp(now)}`;
      renameSync(target, keptAs);
      // a damaged file keeps its WAL beside it under the matching name, so SQLite still finds it
      if (!checkpointed && existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${keptAs}-wal`);
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    rmSync(`${target}-journal`, { force: true });
    renameSync(incoming, target);
    fsyncPath(dataDir);
    return { restored: target, from: backupFile, keptAs, pages, migrations: check.migrations, ms: performance.now() - t0 };
  } finally {
    rmSync(incoming, { force: true });
    rmSync(`${incoming}-journal`, { force: true });
  }
}
