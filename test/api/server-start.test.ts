import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { migrate } from '../../server/db/migrate.ts';
import { REPO_ROOT } from '../../server/env.ts';
import { miniCity } from '../fixtures/mini-city.ts';

const tmp = mkdtempSync(join(tmpdir(), 'beatgrid-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('seedDemoCity', () => {
  it('writes the city as ONE seed change by system, with staff and assignments linked by key', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const city = miniCity();
    const r = seedDemoCity(db, city);
    expect(db.prepare('SELECT kind, actor FROM changes').all()).toEqual([{ kind: 'seed', actor: 'system' }]);
    expect(r.revisions).toHaveLength(city.features.length + city.staff.length + city.assignments.length);
    const row = db
      .prepare(
        `SELECT s.code AS staff, f.code AS target FROM assignments a JOIN staff s ON s.id = a.staff_id
         JOIN features f ON f.id = a.target_id WHERE a.role = 'beatOfficer'`,
      )
      .get();
    expect(row).toEqual({ staff: 'OF-001', target: 'BEAT-DC-01' });
    const grid = db.prepare("SELECT p.code FROM features g JOIN features p ON p.id = g.parent_id WHERE g.code = '220502001002002'").get();
    expect(grid).toEqual({ code: '220502001002' });
    db.close();
  });
  it('a bad feature in the city aborts the whole seed', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const city = miniCity();
    city.features[5].geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    expect(() => seedDemoCity(db, city)).toThrow(/220502001001002.*self-intersects/);
    expect(db.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('server/main.ts', () => {
  it('creates the data dir, migrates, serves /api/health, and exits 0 on SIGTERM', async () => {
    const dataDir = join(tmp, 'fresh', 'data');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), BEATGRID_DATA_DIR: dataDir, BEATGRID_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    try {
      for (let i = 0; i < 300 && !out.includes('serving http://'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`serving http://127.0.0.1:${port}`);
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health.ok).toBe(true);
      expect(health.counts.grids).toBe(0);
      expect(existsSync(join(dataDir, 'beatgrid.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: shutting down');
  });
});
