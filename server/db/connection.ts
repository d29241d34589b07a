import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * The SQLite settings of every connection, and why (issue 8, docs/RELIABILITY.md "Durability"):
 *
 * - `journal_mode = WAL`: readers never block the writer and the writer never blocks readers,
 *   so map reads keep flowing during an edit, and an online backup (scripts/backup.ts, another
 *   process) reads a consistent snapshot without stopping the server. A commit is one append to
 *   the -wal file; a process killed mid-commit leaves a WAL tail without a commit frame, which
 *   SQLite ignores on the next open: a transaction is there entirely or not at all.
 * - `synchronous = FULL`: the WAL is fsync'ed at every commit, before the HTTP answer is sent.
 *   With NORMAL, a commit that the process has handed to the OS survives a process crash
 *   (SIGKILL, OOM) but the last commits before a power loss or kernel crash can vanish
 *   although their 2xx went out. "Every 2xx write is present" must hold for power loss too
 *   (a merge a civil-affairs clerk saw succeed must not silently disappear), and edits are a
 *   few per second at most: FULL costs ~0.3 ms per commit here against ~0.04 ms for NORMAL
 *   (measured on this machine's ext4), noise next to an edit's validation.
 * - `foreign_keys = ON`: revisions → changes, lineage → features etc. are enforced, not hoped for.
 * - `busy_timeout = 5000`: the server is the only writer, but check-db, backup and restore
 *   open the same file from other processes; a writer waiting for a checkpoint or a lock
 *   retries for up to 5 s instead of failing with SQLITE_BUSY at once.
 * - `wal_autocheckpoint = 1000` (SQLite's default, stated so it is a choice): pages move from
 *   the WAL into the main file every ~4 MB of WAL.
 * - `journal_size_limit = 64 MiB`: after a checkpoint the -wal file is truncated back to at most
 *   this size, so one big transaction (the demo seed writes ~30 MB) does not leave a huge WAL
 *   file behind for ever.
 */
export const CONNECTION_PRAGMAS = {
  journal_mode: 'WAL',
  synchronous: 'FULL',
  foreign_keys: 'ON',
  busy_timeout: 5000,
  wal_autocheckpoint: 1000,
  journal_size_limit: 64 * 1024 * 1024,
} as const;

/**
 * Opens (creating if absent) the SQLite database at `file` (or ':memory:') with the settings
 * above (CONNECTION_PRAGMAS). A file that is not a database, or whose header is damaged, fails
 * here with SQLITE_NOTADB / SQLITE_CORRUPT (see server/db/integrity.ts for the start-up check).
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  const p = CONNECTION_PRAGMAS;
  if (file !== ':memory:') db.pragma(`journal_mode = ${p.journal_mode}`);
  db.pragma(`foreign_keys = ${p.foreign_keys}`);
  db.pragma(`busy_timeout = ${p.busy_timeout}`);
  db.pragma(`synchronous = ${p.synchronous}`);
  db.pragma(`wal_autocheckpoint = ${p.wal_autocheckpoint}`);
  db.pragma(`journal_size_limit = ${p.journal_size_limit}`);
  return db;
}

/**
 * Closes a file database cleanly: checkpoints the whole WAL into the main file and truncates it
 * (`wal_checkpoint(TRUNCATE)`), then closes, so the file on disk is complete on its own. When
 * this is the last connection SQLite also deletes the -wal and -shm files. Returns the WAL's
 * size before the checkpoint and whether another connection kept it from finishing (busy);
 * null for in-memory or read-only connections.
 */
export function closeDatabase(db: Db): { walBytes: number; busy: boolean } | null {
  let result: { walBytes: number; busy: boolean } | null = null;
  if (db.open && !db.memory && !db.readonly) {
    let walBytes = 0;
    try {
      walBytes = statSync(`${db.name}-wal`).size;
    } catch {
      /* no WAL file */
    }
    const r = (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0];
    result = { walBytes, busy: r.busy !== 0 };
  }
  if (db.open) db.close();
  return result;
}
