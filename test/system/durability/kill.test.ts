/**
 * Issue 8, durability: a real server process takes a burst of concurrent writes from several
 * clients and is killed with SIGKILL in the middle of it. After the restart the database passes
 * integrity_check, every write answered 2xx before the kill is present, and no write is
 * half-applied (server/db/consistency.ts).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../../server/db/consistency.ts';
import { integrityCheck } from '../../../server/db/integrity.ts';
import { demoDataDir, demoTemplate, removeDir, startServerOn, type ServerProcess } from '../support/server-process.ts';
import { loginClients, planLoad, runWriteLoad, verifyAcknowledged } from '../support/write-load.ts';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

describe('SIGKILL during a burst of concurrent writes', () => {
  it('keeps every acknowledged write and never half-applies one', async () => {
    const plan = planLoad(await demoTemplate());
    expect(plan.gridPairs.length).toBeGreaterThan(20);
    const dataDir = await demoDataDir();
    dirs.push(dataDir);
    const server = await startServerOn(dataDir);
    servers.push(server);
    const clients = await loginClients(server.url, 4);

    let stop = false;
    const load = runWriteLoad(server.url, clients, plan, () => stop, { workersPerClient: 2, tag: 'KILL' });
    // let the burst run until ≥ 60 writes of all four kinds are acknowledged, then kill it mid-flight:
    // wait for a moment when requests are in flight so the kill really cuts some
    const t0 = Date.now();
    const kinds = () => new Set(load.outcome.acked.map((w) => w.op)).size;
    while ((load.outcome.acked.length < 60 || kinds() < 4) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    while (load.outcome.inFlight() < 3 && Date.now() - t0 < 70_000) await new Promise((r) => setTimeout(r, 1));
    const inFlightAtKill = load.outcome.inFlight();
    const ackedAtKill = load.outcome.acked.length;
    const exit = await server.kill('SIGKILL');
    stop = true;
    const outcome = await load.done;

    expect(exit.signal).toBe('SIGKILL');
    expect(inFlightAtKill).toBeGreaterThanOrEqual(3);
    expect(ackedAtKill).toBeGreaterThanOrEqual(60);
    expect(outcome.noAnswer).toBeGreaterThan(0); // the kill cut requests
    expect(outcome.serverErrors).toEqual([]);
    const ops = new Set(outcome.acked.map((w) => w.op));
    expect([...ops].sort()).toEqual(['create', 'merge', 'retire', 'update']);

    // restart on the same folder: the start-up quick_check passes and the server serves
    const again = await startServerOn(dataDir);
    servers.push(again);
    expect(again.log()).toMatch(/database check \(PRAGMA quick_check\): ok/);
    const health = (await (await fetch(`${again.url}/api/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const sample = outcome.acked.filter((w) => w.op === 'create').at(-1)!;
    const [admin] = await loginClients(again.url, 1);
    const res = await fetch(`${again.url}/api/layers/police-posts/${sample.featureId}`, { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(200);

    // the database read while the restarted server runs (WAL readers are fine)
    const db = new Database(join(dataDir, 'beatgrid.sqlite'), { readonly: true });
    try {
      const integrity = integrityCheck(db);
      expect(integrity.problems).toEqual([]);
      expect(verifyAcknowledged(db, outcome.acked)).toEqual([]);
      const consistency = checkConsistency(db);
      expect(consistency.problems).toEqual([]);
      // nothing beyond the acknowledged writes except what was in flight at the kill
      const newChanges = (db.prepare("SELECT count(*) AS n FROM changes WHERE reason LIKE 'durability%'").get() as { n: number }).n;
      expect(newChanges).toBeGreaterThanOrEqual(outcome.acked.length);
      expect(newChanges).toBeLessThanOrEqual(outcome.acked.length + inFlightAtKill);
      console.log(
        `[kill] ${outcome.acked.length} writes acknowledged (${[...ops].join(', ')}), ${inFlightAtKill} in flight at SIGKILL, ` +
          `${outcome.noAnswer} cut; statuses ${JSON.stringify(outcome.statuses)}; ${newChanges} durability changes in the db; ` +
          `integrity_check ${Math.round(integrity.ms)} ms, consistency ${Math.round(consistency.ms)} ms`,
      );
    } finally {
      db.close();
    }
    expect((await again.kill('SIGTERM')).code).toBe(0);
  });
});
