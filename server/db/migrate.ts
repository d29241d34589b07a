import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

/** Where the numbered migrations live: server/db/migrations/NNNN_name.sql. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

const FILE_PATTERN = /^(\d{4})_([a-z0-9_-]+)\.sql$/i;

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

/** Thrown when the database and the code disagree about migrations. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Reads the migration files of `dir` in version order (files not matching NNNN_name.sql are ignored). */
export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = FILE_PATTERN.exec(file);
    if (!m) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    out.push({
      version: Number(m[1]),
      name: m[2],
      checksum: createHash('sha256').update(sql).digest('hex'),
      sql,
    });
  }
  for (let i = 1; i < out.length; i++) {
    if (out[i].version === out[i - 1].version) {
      throw new MigrationError(`Two migration files share version ${out[i].version}: ${out[i - 1].name}, ${out[i].name}`);
    }
  }
  return out;
}

/** One row of schema_migrations. */
export interface RecordedMigration {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Checks, without changing anything, that every migration recorded in the database is known to
 * the code with the same checksum (a database newer than the code, or a migration file edited
 * after it was applied, throws MigrationError naming it). Returns the recorded rows and the
 * versions the code has that the database has not applied yet (`pending`). A database without
 * schema_migrations counts as empty.
 */
export function verifyMigrations(db: Db, dir: string = MIGRATIONS_DIR): { recorded: RecordedMigration[]; pending: number[] } {
  const known = listMigrations(dir);
  const byVersion = new Map(known.map((m) => [m.version, m]));
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const recorded = hasTable
    ? (db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as RecordedMigration[])
    : [];
  for (const r of recorded) {
    const m = byVersion.get(r.version);
    if (!m) {
      throw new MigrationError(
        `The database has migration ${String(r.version).padStart(4, '0')}_${r.name} which this code does not know ` +
          `(is the code older than the database?)`,
      );
    }
    if (m.checksum !== r.checksum) {
      throw new MigrationError(
        `Migration ${String(r.version).padStart(4, '0')}_${r.name} was changed after it was applied ` +
          `(checksum ${r.checksum.slice(0, 12)}… in the database, ${m.checksum.slice(0, 12)}… in the file)`,
      );
    }
  }
  const done = new Set(recorded.map((r) => r.version));
  return { recorded, pending: known.filter((m) => !done.has(m.version)).map((m) => m.version) };
}

/**
 * Applies the migrations of `dir` that the database has not seen, each in its own transaction,
 * recording them in schema_migrations(version, name, checksum, applied_at). Fails fast (before
 * applying anything) when the database holds a migration the code does not know or a recorded
 * checksum differs from the file (verifyMigrations). Returns how many were applied and the
 * total now recorded.
 */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): { applied: number[]; total: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const known = listMigrations(dir);
  const { recorded } = verifyMigrations(db, dir);
  const done = new Set(recorded.map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const applied: number[] = [];
  for (const m of known) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new MigrationError(`Migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${(err as Error).message}`);
      }
      record.run(m.version, m.name, m.checksum, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return { applied, total: recorded.length + applied.length };
}

/** Number of migrations recorded in the database. */
export function migrationCount(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n;
}
