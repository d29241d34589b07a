import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { MIGRATIONS_DIR, listMigrations, migrate } from '../../server/db/migrate.ts';
import { EnvError, REPO_ROOT, ensureDataDir, parseEnv } from '../../server/env.ts';

const tmp = mkdtempSync(join(tmpdir(), 'beatgrid-h1-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseEnv', () => {
  it('defaults', () => {
    const e = parseEnv({});
    expect(e).toEqual({ port: 8080, host: '127.0.0.1', dataDir: join(REPO_ROOT, '.data'), basemapUrl: null, demo: true, shutdownTimeoutMs: 10_000 });
  });
  it('reads valid values', () => {
    const e = parseEnv({ PORT: '9001', HOST: '0.0.0.0', BEATGRID_DATA_DIR: tmp, BEATGRID_DEMO: '0', BEATGRID_SHUTDOWN_TIMEOUT_MS: '2500' });
    expect(e).toMatchObject({ port: 9001, host: '0.0.0.0', dataDir: tmp, demo: false, shutdownTimeoutMs: 2500 });
  });
  it.each([
    [{ PORT: 'abc' }, 'PORT', 'whole number'],
    [{ PORT: '0' }, 'PORT', 'between 1 and 65535'],
    [{ PORT: '70000' }, 'PORT', 'between 1 and 65535'],
    [{ BEATGRID_DEMO: 'yes' }, 'BEATGRID_DEMO', "'1'"],
    [{ BEATGRID_BASEMAP_URL: 'ftp://x/{z}/{x}/{y}' }, 'BEATGRID_BASEMAP_URL', 'http(s)'],
    [{ BEATGRID_BASEMAP_URL: 'https://x/tiles' }, 'BEATGRID_BASEMAP_URL', '{z}'],
    [{ BEATGRID_SHUTDOWN_TIMEOUT_MS: 'soon' }, 'BEATGRID_SHUTDOWN_TIMEOUT_MS', 'whole number'],
    [{ BEATGRID_SHUTDOWN_TIMEOUT_MS: '50' }, 'BEATGRID_SHUTDOWN_TIMEOUT_MS', 'between 100 and 600000'],
  ])('%j → EnvError naming %s', (raw, name, words) => {
    expect(() => parseEnv(raw)).toThrow(EnvError);
    try {
      parseEnv(raw);
    } catch (e) {
      expect((e as Error).message).toContain(name);
      expect((e as Error).message).toContain(words);
    }
  });
  it('ensureDataDir creates the directory, and names the variable when it cannot', () => {
    const dir = join(tmp, 'a', 'b');
    ensureDataDir(parseEnv({ BEATGRID_DATA_DIR: dir }));
    expect(existsSync(dir)).toBe(true);
    writeFileSync(join(tmp, 'plain-file'), 'x');
    expect(() => ensureDataDir(parseEnv({ BEATGRID_DATA_DIR: join(tmp, 'plain-file', 'sub') }))).toThrow(/BEATGRID_DATA_DIR cannot be created/);
  });
  it('server start-up with a bad PORT prints one clear message and exits 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: 'eighty', BEATGRID_DATA_DIR: join(tmp, 'never') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT must be a whole number between 1 and 65535 (got "eighty")');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('migrate', () => {
  it('applies every migration once, records version/name/checksum, and is idempotent', () => {
    const db = openDatabase(join(tmp, 'm1.sqlite'));
    const first = migrate(db);
    const files = listMigrations();
    expect(first.applied).toEqual(files.map((m) => m.version));
    const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(files.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    expect(migrate(db)).toEqual({ applied: [], total: files.length });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('fails fast on a migration the code does not know', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', 'x', '2030-01-01')").run();
    expect(() => migrate(db)).toThrow(/9999_from_the_future which this code does not know/);
    db.close();
  });

  it('fails fast when an applied migration file changed', () => {
    const dir = mkdtempSync(join(tmp, 'mig-'));
    copyFileSync(join(MIGRATIONS_DIR, '0001_core.sql'), join(dir, '0001_core.sql'));
    const db = openDatabase(':memory:');
    migrate(db, dir);
    writeFileSync(join(dir, '0001_core.sql'), '-- edited\nSELECT 1;');
    expect(() => migrate(db, dir)).toThrow(/0001_core was changed after it was applied/);
    db.close();
  });

  it('a failing migration rolls back and names itself', () => {
    const dir = mkdtempSync(join(tmp, 'mig-'));
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE a(x);');
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE b(x); CREATE TABLE a(x);');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const db = openDatabase(':memory:');
    expect(() => migrate(db, dir)).toThrow(/Migration 0002_bad failed/);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });
});
