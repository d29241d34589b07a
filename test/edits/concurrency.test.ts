/**
 * Two merges that include the same grid, run at the same time by two workers on one
 * database file: exactly one wins (201), the other gets 409 with the grid's current version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { miniCity, MINI } from '../fixtures/mini-city.ts';

const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const WORKER = new URL('./merge-worker.ts', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'beatgrid-merge-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { status: number; code?: string; details?: { id: number; currentVersion: number }; newId?: number; message?: string };

describe('concurrent merges', () => {
  it('exactly one of two simultaneous merges of the same grid wins; the other gets 409', async () => {
    const file = join(dir, 'race.sqlite');
    const db = openDatabase(file);
    migrate(db);
    seedDemoCity(db, miniCity());
    const id = (code: string) => (db.prepare("SELECT id FROM features WHERE layer='grids' AND code=?").get(code) as { id: number }).id;
    const a1 = id(MINI.grids.A1);
    const a2 = id(MINI.grids.A2);
    db.close();

    const signal = new SharedArrayBuffer(8);
    const flag = new Int32Array(signal);
    const run = (who: string, ids: number[]) => {
      // workers do not inherit the tsx loader: register it, then import the TypeScript worker
      const boot = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER)}); })`;
      const w = new Worker(boot, { eval: true, workerData: { file, ids, signal, who } });
      return new Promise<Outcome>((resolve, reject) => {
        w.once('message', (m) => resolve(m as Outcome));
        w.once('error', reject);
      }).finally(() => w.terminate());
    };
    const results = Promise.all([run('alice', [a1, a2]), run('bob', [a2, a1])]);
    let failed = false;
    results.catch(() => (failed = true));
    const deadline = Date.now() + 30_000;
    while (Atomics.load(flag, 1) < 2 && !failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    const outcomes = await results;
    const statuses = outcomes.map((o) => o.status).sort();
    expect(statuses, JSON.stringify(outcomes)).toEqual([201, 409]);
    const loser = outcomes.find((o) => o.status === 409)!;
    expect(loser.code).toBe('retired');
    expect(loser.details!.currentVersion).toBe(2);

    const check = openDatabase(file);
    expect((check.prepare("SELECT count(*) AS n FROM changes WHERE kind = 'merge'").get() as { n: number }).n).toBe(1);
    expect((check.prepare("SELECT count(*) AS n FROM features WHERE layer = 'grids' AND retired_at IS NULL").get() as { n: number }).n).toBe(3);
    check.close();
  });
});
