/**
 * Concurrency (issue 8): another process holding the database's write lock (a CLI import, a
 * restore, a second server on the same file). The server's writes wait for it (busy_timeout,
 * server/db/connection.ts) and then succeed; when the lock outlasts the timeout the write is
 * refused with 503 database_busy — never a 500 — and nothing of it is written, so the same
 * request succeeds afterwards.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../e2e/support/server.ts';
import { assertNoServerErrors, loginClients, Recorder, type ApiClient, type Reply } from '../support/clients.ts';
import { adjacency, countyGrids, type GridInfo } from '../support/grid-picks.ts';

const COUNTY = '220582';
/** server/db/connection.ts: busy_timeout = 5000 */
const BUSY_TIMEOUT_MS = 5000;
/** How much longer than the busy timeout the foreign lock is held: room for a loaded machine to deliver the request late. */
const OVERHOLD_MS = 4000;

let server: TestServer;
const rec = new Recorder();
let clients: ApiClient[];
let dbFile: string;
let grids: GridInfo[];

beforeAll(async () => {
  server = await startServer();
  // the server names its database file when it starts serving
  const m = /\(database (.+?); ready/.exec(server.log());
  if (!m) throw new Error(`the server log names no database file:\n${server.log()}`);
  dbFile = m[1];
  clients = await loginClients(server.url, ['demo-admin', 'civil-city', 'civil-jian', 'demo-admin'], rec);
  grids = (await countyGrids(clients[0], COUNTY)).sort((a, b) => a.code.localeCompare(b.code));
});

afterAll(async () => {
  console.log(`[concurrency/busy-lock] ${JSON.stringify(rec.tally())}`);
  await server?.stop();
});

/** Holds the write lock from this (test) process for `ms`, while `during` runs; returns its result. */
async function withForeignWriteLock<T>(ms: number, during: () => Promise<T>): Promise<T> {
  const other = new Database(dbFile);
  try {
    other.exec('BEGIN IMMEDIATE');
    const release = new Promise<void>((r) => setTimeout(r, ms)).then(() => other.exec('COMMIT'));
    const [out] = await Promise.all([during(), release]);
    return out;
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  }
}

async function version(id: number): Promise<number> {
  return (await clients[0].get(`/api/layers/grids/${id}`)).body.properties.version;
}

describe('another process holds the write lock', () => {
  it('a short hold: a burst of writes waits for it and then every one succeeds', async () => {
    const targets = grids.slice(0, 12);
    const before = await Promise.all(targets.map((g) => version(g.id)));
    const from = rec.log.length;
    const t0 = performance.now();
    const replies = await withForeignWriteLock(1500, () =>
      Promise.all(targets.map((g, i) => clients[i % clients.length].put(`/api/layers/grids/${g.id}`, { properties: { lockTest: 'short' } }, before[i]))),
    );
    const wallMs = performance.now() - t0;
    expect(replies.map((r) => r.status)).toEqual(targets.map(() => 200));
    expect(await Promise.all(targets.map((g) => version(g.id)))).toEqual(before.map((v) => v + 1));
    console.log(`[short foreign lock 1500 ms] ${targets.length} PUTs all 200, wall ${Math.round(wallMs)} ms, ${JSON.stringify(rec.tally(from))}`);
    assertNoServerErrors(rec, from);
  });

  it('a hold past the busy timeout: the write gets 503 database_busy, writes nothing, and succeeds when retried', async () => {
    const from = rec.log.length;
    const adj = adjacency(grids);
    let pair: [GridInfo, GridInfo] | undefined;
    for (const x of grids.slice(20)) {
      const y = grids.find((z) => adj.get(x.id)!.has(z.id) && !grids.slice(0, 12).includes(z));
      if (!y) continue;
      if ((await clients[0].post('/api/grids/merge?dryRun=1', { ids: [x.id, y.id], reason: 'probe' })).status === 200) {
        pair = [x, y];
        break;
      }
    }
    expect(pair, 'two mergeable grids').toBeDefined();
    const [g, other] = pair!;
    const vg = await version(g.id); // read before the lock: the request itself must reach the server at once
    const attempts: { what: string; send: () => Promise<Reply>; ok: number }[] = [
      { what: 'PUT /api/layers/grids/:id (commit)', send: () => clients[1].put(`/api/layers/grids/${g.id}`, { properties: { lockTest: 'long' } }, vg), ok: 200 },
      { what: 'POST /api/grids/merge (editing transaction)', send: async () => clients[2].post('/api/grids/merge', { ids: [g.id, other.id], reason: 'merge after a foreign lock' }), ok: 201 },
    ];
    for (const a of attempts) {
      const v = [await version(g.id), await version(other.id)];
      // the request is sent while the lock is held; it outlasts the server's busy timeout
      const refused = await withForeignWriteLock(BUSY_TIMEOUT_MS + OVERHOLD_MS, () => a.send());
      expect(refused.status, `${a.what}: ${JSON.stringify(refused.body).slice(0, 300)}`).toBe(503);
      expect(refused.body.error.code).toBe('database_busy');
      expect([await version(g.id), await version(other.id)], `${a.what} wrote nothing`).toEqual(v);
      const retried = await a.send();
      expect(retried.status, `${a.what} retried: ${JSON.stringify(retried.body).slice(0, 300)}`).toBe(a.ok);
    }
    const t = rec.tally(from);
    console.log(`[long foreign lock ${BUSY_TIMEOUT_MS + OVERHOLD_MS} ms] ${JSON.stringify(t)}`);
    expect(t.byStatus['503']).toBe(attempts.length);
    assertNoServerErrors(rec, from, ['database_busy']); // the refusals above; no 500 among them
  });
});
