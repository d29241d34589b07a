/**
 * Issue 8, online backup and restore: `npm run backup` taken while clients write to a running
 * server yields a verified copy; `npm run restore` refuses while the server runs, and a backup
 * restored into a fresh data dir starts, passes integrity_check and the write-history
 * invariants, and holds every write acknowledged before the backup began.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../../server/db/consistency.ts';
import { integrityCheck } from '../../../server/db/integrity.ts';
import { demoDataDir, demoTemplate, removeDir, REPO, startServerOn, tempDir, type ServerProcess } from '../support/server-process.ts';
import { loginClients, planLoad, runWriteLoad, verifyAcknowledged } from '../support/write-load.ts';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

/** Runs an npm script's file (scripts/NAME.ts) as its own process, without blocking this one. */
function runScript(name: string, args: string[], dataDir: string): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: REPO,
      env: { ...process.env, BEATGRID_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => ok({ code, out, ms: performance.now() - t0 }));
  });
}

describe('backup under write load, then restore', () => {
  it('backs up while clients write, refuses to restore over the running server, restores into a fresh dir consistently', async () => {
    const plan = planLoad(await demoTemplate());
    const dataDir = await demoDataDir();
    const scratch = tempDir('beatgrid-backups-');
    const fresh = tempDir('beatgrid-restored-');
    dirs.push(dataDir, scratch, fresh);
    const server = await startServerOn(dataDir);
    servers.push(server);
    const clients = await loginClients(server.url, 3);

    let stop = false;
    const load = runWriteLoad(server.url, clients, plan, () => stop, { workersPerClient: 2, tag: 'BACKUP' });
    const t0 = Date.now();
    while (load.outcome.acked.length < 25 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    const ackedBefore = load.outcome.acked.slice(); // acknowledged before the backup started
    const backupFile = join(scratch, 'under-load.sqlite');
    const backup = await runScript('backup', ['--out', backupFile, '--json'], dataDir);
    const ackedDuring = load.outcome.acked.length - ackedBefore.length;
    // restore must refuse while the server runs on the folder, and leave it untouched
    const refused = await runScript('restore', [backupFile], dataDir);
    stop = true;
    const outcome = await load.done;

    expect(backup.code, backup.out).toBe(0);
    const report = JSON.parse(backup.out) as { path: string; bytes: number; pages: number; copyMs: number; verifyMs: number; ms: number };
    expect(report.path).toBe(backupFile);
    expect(report.bytes).toBe(statSync(backupFile).size);
    expect(report.pages * 4096).toBe(report.bytes);
    expect(existsSync(`${backupFile}-wal`)).toBe(false); // one self-contained file
    expect(outcome.serverErrors).toEqual([]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/restore refused: A beatgrid server \(pid \d+, started .*\) is running on /);
    expect(readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);

    // restore into a fresh data dir and start a server on it
    const restored = await runScript('restore', [backupFile, '--json'], fresh);
    expect(restored.code, restored.out).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ keptAs: null, restored: join(fresh, 'beatgrid.sqlite') });
    const second = await startServerOn(fresh);
    servers.push(second);
    expect(second.log()).toMatch(/database check \(PRAGMA quick_check\): ok/);
    const db = new Database(join(fresh, 'beatgrid.sqlite'), { readonly: true });
    try {
      expect(integrityCheck(db).problems).toEqual([]);
      expect(checkConsistency(db).problems).toEqual([]);
      expect(verifyAcknowledged(db, ackedBefore)).toEqual([]);
      // the snapshot is a prefix of the history: whatever it holds of the load is acknowledged or was in flight
      const lastChange = (db.prepare('SELECT max(id) AS n FROM changes').get() as { n: number }).n;
      expect(verifyAcknowledged(db, outcome.acked, lastChange)).toEqual([]);
      console.log(
        `[backup] under load: ${report.bytes} bytes, ${report.pages} pages, ${report.ms} ms (copy ${Math.round(report.copyMs)} ms, ` +
          `integrity_check ${Math.round(report.verifyMs)} ms) by the script; process ${Math.round(backup.ms)} ms; ` +
          `${ackedBefore.length} writes acknowledged before it, ${ackedDuring} during it; restore ${Math.round(restored.ms)} ms`,
      );
    } finally {
      db.close();
    }
    expect((await second.kill('SIGTERM')).code).toBe(0);

    // restore over the original folder once its server is stopped: the old database is kept
    expect((await server.kill('SIGTERM')).code).toBe(0);
    const over = await runScript('restore', [backupFile, '--json'], dataDir);
    expect(over.code, over.out).toBe(0);
    const keptAs = (JSON.parse(over.out) as { keptAs: string }).keptAs;
    expect(keptAs).toMatch(/beatgrid\.sqlite\.before-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(existsSync(`${join(dataDir, 'beatgrid.sqlite')}-wal`)).toBe(false);
    const kept = new Database(keptAs, { readonly: true });
    const now = new Database(join(dataDir, 'beatgrid.sqlite'), { readonly: true });
    try {
      const count = (d: Database.Database) => (d.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n;
      expect(count(kept)).toBe(1 + outcome.acked.length); // the seed + every acknowledged write (the load ended without cuts)
      expect(count(now)).toBeLessThanOrEqual(count(kept));
      expect(verifyAcknowledged(kept, outcome.acked)).toEqual([]);
    } finally {
      kept.close();
      now.close();
    }
  });
});
