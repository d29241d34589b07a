/**
 * Concurrency (issue 8): several users, each with their own session, write the SAME grid / staff
 * record at the same moment against a real server process. Each round exactly one write wins,
 * every loser gets 409 whose body carries the current state (equal to what a GET returns), and
 * clients that retry on 409 with that state lose no update: the final version counts every
 * successful write and the history holds each one, each based on the one before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../e2e/support/server.ts';
import { assertNoServerErrors, loginClients, race, Recorder, type ApiClient, type Reply } from '../support/clients.ts';
import { countyGrids } from '../support/grid-picks.ts';

/** 集安市: civil-jian may edit its grids, civil-city and the admin may edit every grid. */
const COUNTY = '220582';
const USERS = ['demo-admin', 'civil-city', 'civil-jian', 'demo-admin', 'civil-city', 'civil-jian', 'civil-city', 'civil-jian'];

let server: TestServer;
const rec = new Recorder();
let clients: ApiClient[];
let grids: { id: number; code: string; parentId: number }[];

beforeAll(async () => {
  server = await startServer();
  clients = await loginClients(server.url, USERS, rec);
  grids = (await countyGrids(clients[0], COUNTY)).sort((a, b) => a.code.localeCompare(b.code));
  expect(grids.length).toBeGreaterThan(20);
});

afterAll(async () => {
  const t = rec.tally();
  console.log(`[concurrency/same-feature] ${JSON.stringify(t)}`);
  await server?.stop();
});

/** A feature's properties without the read-only members, ready to PUT back. */
function writable(props: Record<string, unknown>): Record<string, unknown> {
  const { layer: _l, version: _v, ...rest } = props;
  return rest;
}

/** The winners (2xx) and losers of a round, checked: exactly one winner, every loser a 409 of `code`. */
function oneWinner(replies: Reply[], code: string): { winner: number; losers: number[] } {
  const winners = replies.map((r, i) => (r.status >= 200 && r.status < 300 ? i : -1)).filter((i) => i >= 0);
  expect(winners, JSON.stringify(replies.map((r) => [r.status, r.body?.error?.code]))).toHaveLength(1);
  const losers = replies.map((_, i) => i).filter((i) => i !== winners[0]);
  for (const i of losers) {
    expect(replies[i].status, JSON.stringify(replies[i].body).slice(0, 300)).toBe(409);
    expect(replies[i].body.error.code).toBe(code);
  }
  return { winner: winners[0], losers };
}

describe('the same grid written by several users at once', () => {
  it('each round: exactly one PUT wins, the others get 409 with the current feature', async () => {
    const grid = grids[0];
    const path = `/api/layers/grids/${grid.id}`;
    const ROUNDS = 25;
    const from = rec.log.length;
    const t0 = performance.now();
    const start = (await clients[0].get(path)).body.properties.version as number;
    const winsBy = clients.map(() => 0);
    for (let round = 0; round < ROUNDS; round++) {
      const reads = await Promise.all(clients.map((c) => c.get(path)));
      const v = reads[0].body.properties.version as number;
      expect(reads.map((r) => r.body.properties.version)).toEqual(clients.map(() => v));
      const puts = await race(
        clients.map((c, i) => () =>
          c.put(path, { properties: { ...writable(reads[i].body.properties), editor: c.name, round }, reason: `round ${round} by ${c.name}` }, v),
        ),
        round,
      );
      const { winner, losers } = oneWinner(puts, 'stale_version');
      winsBy[winner]++;
      expect(puts[winner].body.properties).toMatchObject({ version: v + 1, editor: clients[winner].name, round });
      expect(puts[winner].headers.get('etag')).toBe(`"${v + 1}"`);
      const now = (await clients[0].get(path)).body;
      for (const i of losers) {
        const d = puts[i].body.error.details;
        expect(d).toMatchObject({ id: grid.id, baseVersion: v, currentVersion: v + 1 });
        // the loser is handed exactly what a fresh GET shows: it can redo its edit without reloading
        expect(d.current).toEqual(now);
      }
    }
    const wallMs = performance.now() - t0;
    const end = (await clients[0].get(path)).body.properties.version as number;
    expect(end).toBe(start + ROUNDS);

    const history = (await clients[0].get(`/api/features/grids/${grid.id}/history`)).body;
    const ours = (history.revisions as { reason: string; actor: string; version: number; after: { props: { editor: string } } }[])
      .filter((r) => r.reason.startsWith('round '))
      .reverse();
    expect(ours.map((r) => r.version)).toEqual(Array.from({ length: ROUNDS }, (_, i) => start + 1 + i));
    for (const r of ours) expect(r.reason.endsWith(`by ${r.after.props.editor}`)).toBe(true);
    for (const r of ours) expect(r.after.props.editor.startsWith(`${r.actor}#`)).toBe(true);
    const t = rec.tally(from);
    console.log(`[same grid, one base version] ${ROUNDS} rounds x ${clients.length} clients: wins per client ${winsBy.join('/')}, ${JSON.stringify(t)}, wall ${Math.round(wallMs)} ms`);
    expect(t.conflicts).toBe(ROUNDS * (clients.length - 1));
    assertNoServerErrors(rec, from);
  });

  it('clients retrying on 409 with the state from the 409 body lose no update', async () => {
    const grid = grids[1];
    const path = `/api/layers/grids/${grid.id}`;
    const PER_CLIENT = 6;
    const from = rec.log.length;
    const start = (await clients[0].get(path)).body.properties.version as number;
    const t0 = performance.now();
    // each write is a read-modify-write: append my token to the list the server holds now
    const work = async (c: ApiClient) => {
      let cur = (await c.get(path)).body;
      let conflicts = 0;
      for (let k = 0; k < PER_CLIENT; k++) {
        const token = `${c.name}:${k}`;
        for (let attempt = 0; ; attempt++) {
          if (attempt > 200) throw new Error(`${c.name} never got ${token} in`);
          const props = cur.properties;
          const r = await c.put(path, { properties: { ...writable(props), log: [...((props.log as string[]) ?? []), token] }, reason: `append ${token}` }, props.version);
          if (r.status === 200) {
            cur = r.body;
            break;
          }
          expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(409);
          expect(r.body.error.details.current.properties.version).toBe(r.body.error.details.currentVersion);
          cur = r.body.error.details.current;
          conflicts++;
        }
      }
      return conflicts;
    };
    const conflicts = await Promise.all(clients.map(work));
    const wallMs = performance.now() - t0;

    const writes = clients.length * PER_CLIENT;
    const final = (await clients[0].get(path)).body;
    expect(final.properties.version).toBe(start + writes);
    const log = final.properties.log as string[];
    expect(log).toHaveLength(writes);
    expect(new Set(log).size).toBe(writes);
    for (const c of clients) {
      // every client's tokens are there, in the order it wrote them; its last change is visible
      expect(log.filter((t) => t.startsWith(`${c.name}:`))).toEqual(Array.from({ length: PER_CLIENT }, (_, k) => `${c.name}:${k}`));
    }
    // the history is one chain: each write's before image is the previous write's after image
    const history = (await clients[0].get(`/api/features/grids/${grid.id}/history`)).body;
    const ours = (history.revisions as { reason: string; version: number; before: { props: { log?: string[] } }; after: { props: { log: string[] } } }[])
      .filter((r) => r.reason.startsWith('append '))
      .reverse();
    expect(ours).toHaveLength(writes);
    ours.forEach((r, i) => {
      expect(r.version).toBe(start + 1 + i);
      expect(r.after.props.log).toEqual([...(r.before.props.log ?? []), r.reason.slice('append '.length)]);
      if (i > 0) expect(r.before.props.log).toEqual(ours[i - 1].after.props.log);
    });
    const t = rec.tally(from);
    const total = conflicts.reduce((a, b) => a + b, 0);
    console.log(
      `[same grid, retry on 409] ${clients.length} clients x ${PER_CLIENT} writes: ${writes} committed, ${total} conflicts retried ` +
        `(per client ${conflicts.join('/')}), ${JSON.stringify(t)}, wall ${Math.round(wallMs)} ms`,
    );
    expect(t.byStatus['200']).toBe(writes + clients.length + 3); // writes + each client's first GET + our start, final and history GETs
    expect(t.conflicts).toBe(total);
    assertNoServerErrors(rec, from);
  });

  it('a burst of writes to ten grids with reads in between: one winner per grid, no 5xx (no SQLITE_BUSY)', async () => {
    const targets = grids.slice(2, 12);
    const from = rec.log.length;
    const reads = await Promise.all(targets.map((g) => clients[0].get(`/api/layers/grids/${g.id}`)));
    const bbox = reads[0].body.bbox as number[];
    const pad = 0.02;
    const box = [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad].join(',');
    const t0 = performance.now();
    const jobs: Promise<Reply>[] = [];
    const putsByGrid = targets.map(() => [] as Promise<Reply>[]);
    for (const [ci, c] of clients.entries()) {
      targets.forEach((g, gi) => {
        const props = reads[gi].body.properties;
        const p = c.put(`/api/layers/grids/${g.id}`, { properties: { ...writable(props), burst: c.name } }, props.version);
        putsByGrid[gi].push(p);
        jobs.push(p);
      });
      jobs.push(c.get(`/api/layers/grids?bbox=${box}`), c.get(`/api/layers/beats?bbox=${box}`), c.get(`/api/layers/grids/${targets[ci % targets.length].id}`));
    }
    const all = await Promise.all(jobs);
    const wallMs = performance.now() - t0;
    for (const [gi, ps] of putsByGrid.entries()) {
      const replies = await Promise.all(ps);
      const { winner } = oneWinner(replies, 'stale_version');
      const now = (await clients[0].get(`/api/layers/grids/${targets[gi].id}`)).body;
      expect(now.properties.burst).toBe(clients[winner].name);
      expect(now.properties.version).toBe(reads[gi].body.properties.version + 1);
    }
    expect(all.filter((r) => r.status >= 500)).toEqual([]);
    const t = rec.tally(from);
    console.log(`[burst] ${jobs.length} requests in flight at once (${clients.length * targets.length} PUTs to ${targets.length} grids + reads): ${JSON.stringify(t)}, wall ${Math.round(wallMs)} ms`);
    assertNoServerErrors(rec, from);
  });
});

describe('the same staff record written by several users at once', () => {
  it('one PUT wins per round, the losers get 409 with the current record; equal codes: one create wins', async () => {
    const from = rec.log.length;
    const admin = clients[0];
    const community = grids[0].parentId;
    const created = await admin.post('/api/staff', { kind: 'gridWorker', code: 'SYS-CONC-1', name: '并发测试网格员', unitId: community, reason: 'concurrency test' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/api/staff/${created.body.id}`;
    const ROUNDS = 10;
    for (let round = 0; round < ROUNDS; round++) {
      const v = (await admin.get(path)).body.version as number;
      const puts = await race(clients.map((c, i) => () => c.put(path, { phone: `0435-${String(round * 100 + i).padStart(4, '0')}` }, v)), round);
      const { winner, losers } = oneWinner(puts, 'stale_version');
      const now = (await admin.get(path)).body;
      expect(now.version).toBe(v + 1);
      expect(now.phone).toBe(`0435-${String(round * 100 + winner).padStart(4, '0')}`);
      for (const i of losers) {
        expect(puts[i].body.error.details).toMatchObject({ entity: 'staff', currentVersion: v + 1, current: { id: now.id, version: v + 1, phone: now.phone } });
      }
    }

    // retire vs edit of the same record: one wins; the loser learns the current (maybe retired) record
    const v = (await admin.get(path)).body.version as number;
    const [del, put] = await Promise.all([clients[1].del(path, v), clients[2].put(path, { name: '改名' }, v)]);
    expect([del.status, put.status].sort()).toEqual([200, 409]);
    const loser = del.status === 409 ? del : put;
    expect(loser.body.error.details.currentVersion).toBe(v + 1);

    // the same new code from every client at once: one 201, the others 409 duplicate_code
    const creates = await Promise.all(
      clients.map((c) => c.post('/api/staff', { kind: 'gridWorker', code: 'SYS-CONC-2', name: `并发${c.name.length}`, unitId: community })),
    );
    const { winner } = oneWinner(creates, 'duplicate_code');
    const found = (await admin.get(`/api/staff?q=SYS-CONC-2`)).body.staff as { id: number; code: string }[];
    expect(found.filter((s) => s.code === 'SYS-CONC-2').map((s) => s.id)).toEqual([creates[winner].body.id]);
    console.log(`[same staff record] ${JSON.stringify(rec.tally(from))}`);
    assertNoServerErrors(rec, from);
  });
});
