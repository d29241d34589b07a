import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens (creating if absent) the SQLite database at `file` (or ':memory:') with the pragmas
 * the app relies on: WAL journal, foreign keys on, a busy timeout for concurrent readers.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}
