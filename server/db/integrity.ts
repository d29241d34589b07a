import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from './connection.ts';

/** The outcome of a PRAGMA quick_check / integrity_check (+ foreign_key_check). */
export interface CheckResult {
  ok: boolean;
  /** one line per problem SQLite reported; [] when ok */
  problems: string[];
  ms: number;
}

/**
 * Thrown when the database file is damaged: SQLite's check found problems, or the file could
 * not even be read as a database. The message names the file, says what is wrong and what to do.
 */
export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(damagedMessage(file, problems));
    this.name = 'DatabaseDamagedError';
  }
}

function damagedMessage(file: string, problems: string[]): string {
  const shown = problems.slice(0, 10).map((p) => `  - ${p}`);
  if (problems.length > shown.length) shown.push(`  - … and ${problems.length - shown.length} more`);
  return (
    `The database file ${file} is damaged; the server will not start on it.\n${shown.join('\n')}\n` +
    'Restore the latest backup (npm run restore -- FILE, with the server stopped) or inspect it with ' +
    '`npm run check-db` (PRAGMA integrity_check).'
  );
}

/** SQLite error codes that mean "this file is not a sound database" rather than a usage error. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/** True when `err` is SQLite saying the file is damaged or not a database. */
export function isDamageError(err: unknown): boolean {
  return err instanceof Database.SqliteError && (DAMAGE_CODES.has(err.code) || err.code.startsWith('SQLITE_CORRUPT'));
}

function runCheck(db: Db, pragma: 'quick_check' | 'integrity_check', maxErrors: number): CheckResult {
  const t = performance.now();
  let problems: string[];
  try {
    const rows = db.pragma(`${pragma}(${maxErrors})`) as Record<string, string>[];
    problems = rows.map((r) => String(Object.values(r)[0])).filter((v) => v !== 'ok');
  } catch (err) {
    // a page so broken that the check itself cannot walk it: that is the finding
    if (!isDamageError(err)) throw err;
    problems = [`${pragma} stopped: ${(err as Error).message}`];
  }
  return { ok: problems.length === 0, problems, ms: performance.now() - t };
}

/**
 * `PRAGMA quick_check`: every page and b-tree structure, without cross-checking index
 * contents against tables (O(N), the start-up check). Up to `maxErrors` problems are listed.
 */
export function quickCheck(db: Db, maxErrors = 100): CheckResult {
  return runCheck(db, 'quick_check', maxErrors);
}

/**
 * `PRAGMA integrity_check` (also checks that every index matches its table, UNIQUE and NOT
 * NULL/CHECK constraints) followed by `PRAGMA foreign_key_check` (rows whose reference is
 * missing). The on-demand check of `npm run check-db`.
 */
export function integrityCheck(db: Db, maxErrors = 100): CheckResult {
  const t = performance.now();
  const r = runCheck(db, 'integrity_check', maxErrors);
  // when integrity_check could not even walk the file, a foreign-key pass would only fail again
  const stopped = r.problems.some((p) => p.startsWith('integrity_check stopped'));
  if (!stopped) {
    try {
      const fk = db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string; fkid: number }[];
      for (const f of fk.slice(0, maxErrors)) {
        r.problems.push(`foreign key: ${f.table} row ${f.rowid ?? '?'} refers to a missing ${f.parent} row (constraint ${f.fkid})`);
      }
      if (fk.length > maxErrors) r.problems.push(`foreign key: … and ${fk.length - maxErrors} more`);
    } catch (err) {
      if (!isDamageError(err)) throw err;
      r.problems.push(`foreign_key_check stopped: ${(err as Error).message}`);
    }
  }
  return { ok: r.problems.length === 0, problems: r.problems, ms: performance.now() - t };
}

/**
 * Opens the server's database file and runs `PRAGMA quick_check` before anything else touches
 * it (start-up, issue 8). A damaged file — problems reported, or SQLite refusing to read it
 * (SQLITE_CORRUPT / SQLITE_NOTADB) — throws DatabaseDamagedError and leaves the file closed.
 * Returns the open connection and the check's duration.
 */
export function openCheckedDatabase(file: string): { db: Db; check: CheckResult } {
  const existed = existsSync(file);
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    const check = existed ? quickCheck(db) : { ok: true, problems: [], ms: 0 };
    if (!check.ok) throw new DatabaseDamagedError(file, check.problems);
    return { db, check };
  } catch (err) {
    if (db?.open) db.close();
    if (err instanceof DatabaseDamagedError) throw err;
    if (isDamageError(err)) throw new DatabaseDamagedError(file, [(err as Error).message]);
    throw err;
  }
}
