/**
 * server/db/backup.ts and server-lock.ts in-process: a verified backup while another connection
 * keeps writing, restore refusing (live server lock, database open elsewhere, damaged backup)
 * without touching anything, and a restore that keeps the old database and removes stale WAL.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, BackupError, DB_FILE_NAME, restoreDatabase } from '../../server/db/backup.ts';
import { closeDatabase, openDatabase, type Db } from '../../server/db/connection.ts';
import { checkConsistency } from '../../server/db/consistency.ts';
import { commit } from '../../server/edits/commit.ts';
import { migrate } from '../../server/db/migrate.ts';
import { acquireServerLock, releaseServerLock, runningServer, SERVER_LOCK_FILE, ServerLockError } from '../../server/db/server-lock.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { miniCity } from '../fixtures/mini-city.ts';

const tmp = mkdtempSync(join(tmpdir(), 'beatgrid-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A data dir with the mini city; the connection stays open (like a server's) unless closed. */
function dataDir(): { dir: string; file: string; db: Db } {
  const dir = join(tmp, `data-${++n}`);
  mkdirSync(dir);
  const file = join(dir, DB_FILE_NAME);
  const db = openDatabase(file);
  migrate(db);
  seedDemoCity(db, miniCity());
  return { dir, file, db };
}

/** One commit renaming a police room (a write of the shape the server makes). */
function rename(db: Db, i: number): void {
  const row = db.prepare("SELECT id, version FROM features WHERE layer = 'police-rooms' ORDER BY id LIMIT 1").get() as { id: number; version: number };
  commit(db, { kind: 'update', actor: 'test', reason: `rename ${i}`, ops: [{ entity: 'feature', op: 'update', id: row.id, baseVersion: row.version, set: { name: `警务室 ${i}` } }] });
}

const changes = (db: Db) => (db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n;

describe('backupDatabase', () => {
  it('copies a consistent snapshot while the database is written between the steps, verified, one file', async () => {
    const { file, db } = dataDir();
    rename(db, 0);
    const out = join(tmp, `b-${n}.sqlite`);
    let i = 1;
    const writer = setInterval(() => rename(db, i++), 1); // keeps committing while the backup's promise is pending
    const r = await backupDatabase(file, out).finally(() => clearInterval(writer));
    expect(r).toMatchObject({ path: out, migrations: expect.any(Number) });
    expect(r.pages).toBeGreaterThan(10);
    expect(existsSync(`${out}-wal`)).toBe(false);
    const copy = openDatabase(out);
    expect(checkConsistency(copy).problems).toEqual([]);
    expect(changes(copy)).toBeGreaterThanOrEqual(2);
    expect(changes(copy)).toBeLessThanOrEqual(changes(db));
    closeDatabase(copy);
    await expect(backupDatabase(file, out)).rejects.toThrow(/already exists/);
    db.close();
  });
});

describe('restoreDatabase', () => {
  it('refuses while a live server holds the lock file, and changes nothing', async () => {
    const { dir, file, db } = dataDir();
    const backup = join(tmp, `b-${n}.sqlite`);
    await backupDatabase(file, backup);
    db.close();
    // the lock of a live process (our parent: certainly alive, not us)
    writeFileSync(join(dir, SERVER_LOCK_FILE), JSON.stringify({ pid: process.ppid, dataDir: dir, startedAt: 'then', port: 1 }));
    expect(runningServer(dir)?.pid).toBe(process.ppid);
    await expect(restoreDatabase(backup, dir)).rejects.toThrow(new RegExp(`A beatgrid server \\(pid ${process.ppid}, started then\\) is running`));
    expect(() => acquireServerLock(dir, 8080)).toThrow(ServerLockError);
    // a lock naming a dead process, or copied from another folder, does not count
    writeFileSync(join(dir, SERVER_LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, dataDir: dir, startedAt: 'then', port: 1 }));
    expect(runningServer(dir)).toBeNull();
    writeFileSync(join(dir, SERVER_LOCK_FILE), JSON.stringify({ pid: process.ppid, dataDir: '/elsewhere', startedAt: 'then', port: 1 }));
    expect(runningServer(dir)).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([SERVER_LOCK_FILE, DB_FILE_NAME]);
    // our own lock is written and released
    acquireServerLock(dir, 8080);
    expect(runningServer(dir)).toBeNull(); // it is this process: not "another" server
    releaseServerLock(dir);
    expect(existsSync(join(dir, SERVER_LOCK_FILE))).toBe(false);
  });

  it('refuses while another connection has the database open (a server without a lock file)', async () => {
    const { dir, file, db } = dataDir();
    const backup = join(tmp, `b-${n}.sqlite`);
    await backupDatabase(file, backup);
    rename(db, 1);
    await expect(restoreDatabase(backup, dir)).rejects.toThrow(/is in use by another process/);
    expect(readdirSync(dir).filter((f) => !f.startsWith(DB_FILE_NAME) || f.includes('restor'))).toEqual([]);
    expect(changes(db)).toBe(2); // untouched, still writable
    db.close();
  });

  it('refuses a damaged backup before touching the database', async () => {
    const { dir, db } = dataDir();
    db.close();
    const bad = join(tmp, `bad-${n}.sqlite`);
    writeFileSync(bad, Buffer.alloc(8192, 1));
    await expect(restoreDatabase(bad, dir)).rejects.toThrow(/failed its check; nothing was changed/);
    expect(readdirSync(dir)).toEqual([DB_FILE_NAME]);
  });

  it('restores: keeps the old database (with its WAL content) as before-restore-<time>, removes stale -wal/-shm', async () => {
    const { dir, file, db } = dataDir();
    const backup = join(tmp, `b-${n}.sqlite`);
    await backupDatabase(file, backup);
    for (let i = 0; i < 5; i++) rename(db, i);
    const before = changes(db);
    // the state a killed server leaves: its last changes only in the -wal, an -shm beside it
    // (copied while the connection is open, so nothing was checkpointed)
    db.pragma('wal_autocheckpoint = 0');
    rename(db, 99);
    const crashed = join(tmp, `crashed-${n}`);
    mkdirSync(crashed);
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${file}${suffix}`, join(crashed, `${DB_FILE_NAME}${suffix}`));
    db.close();
    const target = join(crashed, DB_FILE_NAME);
    const r = await restoreDatabase(backup, crashed, new Date('2026-11-28T10:00:00Z'));
    expect(r.keptAs).toBe(`${target}.before-restore-2026-11-28T10-00-00Z`);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(existsSync(`${target}-shm`)).toBe(false);
    expect(readdirSync(crashed).sort()).toEqual([DB_FILE_NAME, `${DB_FILE_NAME}.before-restore-2026-11-28T10-00-00Z`]);
    const restored = openDatabase(target);
    expect(changes(restored)).toBe(1); // the seed only, as backed up
    closeDatabase(restored);
    const kept = openDatabase(r.keptAs!);
    expect(changes(kept)).toBe(before + 1); // nothing of the old database was lost
    closeDatabase(kept);
  });
});
