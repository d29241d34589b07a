/**
 * The connection settings, closeDatabase, the integrity checks and verifyMigrations
 * (server/db/connection.ts, integrity.ts, migrate.ts), on real files in a temp folder.
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../server/db/connection.ts';
import { DatabaseDamagedError, integrityCheck, openCheckedDatabase, quickCheck } from '../../server/db/integrity.ts';
import { listMigrations, migrate, MigrationError, verifyMigrations } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { miniCity } from '../fixtures/mini-city.ts';

const tmp = mkdtempSync(join(tmpdir(), 'beatgrid-db-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A file database holding the mini city, closed cleanly (no -wal); returns its path. */
function miniCityFile(): string {
  const file = join(tmp, `city-${++n}.sqlite`);
  const db = openDatabase(file);
  migrate(db);
  seedDemoCity(db, miniCity());
  closeDatabase(db);
  return file;
}

describe('openDatabase', () => {
  it('uses WAL, synchronous FULL, foreign keys, a busy timeout and a WAL size limit', () => {
    const db = openDatabase(join(tmp, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    db.close();
  });

  it('closeDatabase checkpoints the WAL into the file and leaves no -wal/-shm', () => {
    const file = join(tmp, 'close.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3);');
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const r = closeDatabase(db);
    expect(r).toMatchObject({ busy: false });
    expect(r!.walBytes).toBeGreaterThan(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(db.open).toBe(false);
  });
});

describe('quick_check and integrity_check', () => {
  it('pass on an intact database; openCheckedDatabase opens it', () => {
    const file = miniCityFile();
    const { db, check } = openCheckedDatabase(file);
    expect(check).toMatchObject({ ok: true, problems: [] });
    expect(quickCheck(db).ok).toBe(true);
    expect(integrityCheck(db)).toMatchObject({ ok: true, problems: [] });
    db.close();
  });

  it('overwritten pages: openCheckedDatabase throws DatabaseDamagedError naming the file and the problems', () => {
    const file = miniCityFile();
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // pages 3 .. the middle of the file: b-tree pages of the tables (page 1 is the schema)
    const garbage = Buffer.alloc(Math.max(4096, Math.floor(size / 2 / 4096) * 4096 - 8192), 0xa5);
    writeSync(fd, garbage, 0, garbage.length, 8192);
    closeSync(fd);
    let err: unknown;
    try {
      openCheckedDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    const damaged = err as DatabaseDamagedError;
    expect(damaged.file).toBe(file);
    expect(damaged.problems.length).toBeGreaterThan(0);
    expect(damaged.message).toContain(`The database file ${file} is damaged`);
    expect(damaged.message).toContain('npm run restore');
  });

  it('a file that is not a database: DatabaseDamagedError (file is not a database)', () => {
    const file = join(tmp, 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(16384, 0x42));
    expect(() => openCheckedDatabase(file)).toThrow(DatabaseDamagedError);
    expect(() => openCheckedDatabase(file)).toThrow(/file is not a database/);
  });

  it('a new file is created without a check', () => {
    const { db, check } = openCheckedDatabase(join(tmp, 'new.sqlite'));
    expect(check).toMatchObject({ ok: true, ms: 0 });
    db.close();
  });

  it('integrityCheck also reports rows whose foreign key points nowhere', () => {
    const file = miniCityFile();
    const db = openDatabase(file);
    db.pragma('foreign_keys = OFF');
    db.prepare('UPDATE revisions SET change_id = 999999 WHERE id = 1').run();
    const r = integrityCheck(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('foreign key: revisions row 1 refers to a missing changes row (constraint 0)');
    db.close();
  });
});

describe('verifyMigrations', () => {
  it('lists pending migrations without applying them, and fails fast on unknown or changed ones', () => {
    const db = openDatabase(':memory:');
    expect(verifyMigrations(db)).toEqual({ recorded: [], pending: listMigrations().map((m) => m.version) });
    migrate(db);
    expect(verifyMigrations(db).pending).toEqual([]);
    db.prepare("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1").run();
    expect(() => verifyMigrations(db)).toThrow(MigrationError);
    expect(() => migrate(db)).toThrow(/0001_core was changed after it was applied/);
    db.close();
  });
});
