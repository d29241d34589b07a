/**
 * Issue 8, integrity at start-up and on demand: the server runs PRAGMA quick_check before it
 * touches the database and refuses a damaged file with a clear message and exit code 3;
 * `npm run check-db` runs integrity_check (+ foreign keys, migrations, write-history
 * consistency) and says ok or lists the problems, with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../e2e/support/server.ts';
import { demoTemplate, removeDir, REPO, spawnServer, startServerOn, tempDir } from '../support/server-process.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

/** Overwrites `bytes` bytes in the middle of `file` (page-aligned) with deterministic garbage. */
function corruptMiddle(file: string, bytes = 64 * 1024): void {
  const size = statSync(file).size;
  const offset = Math.floor(size / 2 / 4096) * 4096;
  const garbage = Buffer.alloc(bytes);
  let x = 0x2545f491;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    garbage[i] = x & 0xff;
  }
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, garbage, 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

/** A data dir holding a copy of the demo template, after `damage` was applied to the copy. */
async function dataDirWith(damage: (file: string) => void): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'beatgrid.sqlite');
  copyFileSync(await demoTemplate(), file);
  damage(file);
  return dir;
}

async function startExpectingExit(dataDir: string): Promise<{ code: number | null; log: string }> {
  const s = spawnServer(dataDir, await freePort());
  const exit = await Promise.race([s.exited, new Promise<null>((r) => setTimeout(() => r(null), 90_000))]);
  if (!exit) {
    await s.kill('SIGKILL');
    throw new Error(`the server kept running on a damaged database:\n${s.log()}`);
  }
  return { code: exit.code, log: s.log() };
}

function checkDb(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-db.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('start-up quick_check', () => {
  it('starts on the intact demo database and reports the check', async () => {
    const dir = await dataDirWith(() => {});
    const s = await startServerOn(dir);
    try {
      const m = /database check \(PRAGMA quick_check\): ok in (\d+) ms/.exec(s.log());
      expect(m).not.toBeNull();
      console.log(`[startup] quick_check of the demo city (${statSync(join(dir, 'beatgrid.sqlite')).size} bytes) took ${m![1]} ms`);
    } finally {
      expect((await s.kill('SIGTERM')).code).toBe(0);
    }
  });

  it('refuses a database whose middle was overwritten: exit 3, a message naming the file and the problems', async () => {
    const dir = await dataDirWith((f) => corruptMiddle(f));
    const { code, log } = await startExpectingExit(dir);
    expect(code).toBe(3);
    expect(log).toContain(`The database file ${join(dir, 'beatgrid.sqlite')} is damaged; the server will not start on it.`);
    expect(log).toMatch(/\n {2}- \S/); // at least one problem listed
    expect(log).toContain('npm run restore');
    expect(log).not.toContain('serving http://');
    expect(log).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });

  it('refuses a file that is not a database at all (damaged header)', async () => {
    const dir = await dataDirWith((f) => writeFileSync(f, Buffer.concat([Buffer.from('this is not SQLite'), Buffer.alloc(8192, 7)])));
    const { code, log } = await startExpectingExit(dir);
    expect(code).toBe(3);
    expect(log).toMatch(/is damaged; the server will not start on it\.\n {2}- file is not a database/);
  });

  it('refuses a database recording a migration this code does not know (fail fast, exit 1)', async () => {
    const dir = await dataDirWith((f) => {
      const db = new Database(f);
      db.prepare("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', 'x', '2030-01-01')").run();
      db.pragma('journal_mode = DELETE');
      db.close();
    });
    const { code, log } = await startExpectingExit(dir);
    expect(code).toBe(1);
    expect(log).toContain('The database has migration 9999_from_the_future which this code does not know');
  });
});

describe('npm run check-db', () => {
  it('says ok (exit 0) for the demo database, with every section', async () => {
    const dir = await dataDirWith(() => {});
    const r = checkDb([], { BEATGRID_DATA_DIR: dir });
    expect(r.out).toMatch(/ok {3}integrity_check/);
    expect(r.out).toMatch(/ok {3}migrations \(\d+ recorded\)/);
    expect(r.out).toMatch(/ok {3}consistency \(1 changes, \d+ revisions/);
    expect(r.out.trim().split('\n').at(-1)).toBe('ok');
    expect(r.code).toBe(0);
  });

  it('lists the problems and exits 1 for a damaged database', async () => {
    const dir = await dataDirWith((f) => corruptMiddle(f));
    const r = checkDb(['--file', join(dir, 'beatgrid.sqlite')]);
    expect(r.out).toContain('FAIL integrity_check');
    expect(r.out.trim().split('\n').at(-1)).toBe('problems found');
    expect(r.code).toBe(1);
  });

  it('reports a half-applied write (a version without its revision) and exits 1', async () => {
    const dir = await dataDirWith((f) => {
      const db = new Database(f);
      db.prepare("UPDATE features SET version = version + 1 WHERE id = (SELECT min(id) FROM features WHERE layer = 'grids')").run();
      db.pragma('journal_mode = DELETE');
      db.close();
    });
    const r = checkDb(['--json'], { BEATGRID_DATA_DIR: dir });
    const report = JSON.parse(r.out) as { ok: boolean; sections: { name: string; ok: boolean; problems: string[] }[] };
    expect(report.ok).toBe(false);
    const consistency = report.sections.find((s) => s.name.startsWith('consistency'))!;
    expect(consistency.ok).toBe(false);
    expect(consistency.problems.join('\n')).toMatch(/feature \d+ is at version 2 but its revisions carry versions 1\.\.1/);
    expect(r.code).toBe(1);
  });

  it('exits 2 when there is no database', () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = checkDb([], { BEATGRID_DATA_DIR: dir });
    expect(r.out).toContain(`no database at ${join(dir, 'beatgrid.sqlite')}`);
    expect(r.code).toBe(2);
  });
});
