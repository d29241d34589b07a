/**
 * Concurrency (issue 8): neighbouring grids edited at once against a real server process. A
 * vertex shared by three grids is moved (topological move, every holder in one commit) by two
 * users while a third edits one of the holders: exactly one of the three wins each round, the
 * losers get 409 with the current state, and the vertex stays shared (no gap, no overlap). An
 * edit of a neighbour that does not hold the vertex never conflicts. Clients that retry on 409
 * lose no update: the final geometry and properties hold every successful write.
 */
import type { Polygon, MultiPolygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../e2e/support/server.ts';
import { assertNoServerErrors, loginClients, race, Recorder, type ApiClient, type Reply } from '../support/clients.ts';
import { adjacency, countyGrids, holds, nearestOtherVertexDeg, sharedVertices } from '../support/grid-picks.ts';

const COUNTY = '220582';
/** How far the shared vertex moves (degrees, ≈ 1 m): far below the distance to the next vertex. */
const STEP = 1e-5;

let server: TestServer;
const rec = new Recorder();
let clients: ApiClient[];

/** A vertex shared by three grids of one community, inside it, plus an edge-neighbour not holding it. */
interface Site {
  vertex: Position;
  holders: [number, number, number];
  /** a grid of the same community next to a holder, without the vertex */
  neighbour: number;
}

async function pickSites(c: ApiClient, n: number): Promise<Site[]> {
  const grids = await countyGrids(c, COUNTY);
  const byId = new Map(grids.map((g) => [g.id, g]));
  const adj = adjacency(grids);
  const used = new Set<number>();
  const sites: Site[] = [];
  for (const v of sharedVertices(grids, 3)) {
    if (sites.length === n) break;
    if (v.ids.length !== 3 || v.ids.some((id) => used.has(id))) continue;
    const gs = v.ids.map((id) => byId.get(id)!);
    if (new Set(gs.map((g) => g.parentId)).size !== 1) continue;
    if (gs.some((g) => nearestOtherVertexDeg(g.geometry, v.at) < 20 * STEP)) continue;
    const neighbour = [...new Set(v.ids.flatMap((id) => [...adj.get(id)!]))].find((id) => !v.ids.includes(id) && !used.has(id) && !holds(byId.get(id)!.geometry, v.at));
    if (neighbour === undefined) continue;
    const community = (await c.get(`/api/layers/communities/${gs[0].parentId}`)).body;
    if (holds(community.geometry as Polygon | MultiPolygon, v.at)) continue;
    // every target must be a valid move (dry run: validation and hooks, rolled back)
    const ok = await Promise.all(
      targets(v.at).slice(1).map((to) =>
        c.post(`/api/grids/${v.ids[0]}/move-vertex?dryRun=1`, { from: v.at, to, baseVersion: gs[0].version, reason: 'probe' }),
      ),
    );
    if (ok.some((r) => r.status !== 200)) continue;
    // only the three holders (and police zones) move: no other grid has an edge through the vertex
    if (ok.some((r) => (r.body.features as { id: number; properties: { layer: string } }[]).some((f) => f.properties.layer === 'grids' && !v.ids.includes(Number(f.id))))) continue;
    for (const id of [...v.ids, neighbour]) used.add(id);
    sites.push({ vertex: v.at, holders: v.ids as [number, number, number], neighbour });
  }
  if (sites.length < n) throw new Error(`only ${sites.length} of ${n} shared-vertex sites found in county ${COUNTY}`);
  return sites;
}

/** Where the vertex may be: its original place and four spots ≈ 1 m around it. */
function targets(v: Position): Position[] {
  return [[v[0], v[1]], [v[0] + STEP, v[1]], [v[0], v[1] + STEP], [v[0] - STEP, v[1]], [v[0], v[1] - STEP]];
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

let sites: Site[];

beforeAll(async () => {
  server = await startServer();
  clients = await loginClients(server.url, ['demo-admin', 'civil-jian', 'civil-city', 'civil-jian', 'demo-admin'], rec);
  sites = await pickSites(clients[0], 2);
});

afterAll(async () => {
  console.log(`[concurrency/neighbours] ${JSON.stringify(rec.tally())}`);
  await server?.stop();
});

async function feature(c: ApiClient, id: number) {
  const r = await c.get(`/api/layers/grids/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** Properties ready to PUT back (read-only members dropped). */
function writable(props: Record<string, unknown>): Record<string, unknown> {
  const { layer: _l, version: _v, ...rest } = props;
  return rest;
}

describe('a shared vertex moved by two users while a third edits a grid holding it', () => {
  it('exactly one of the three wins each round; the vertex stays shared; the neighbour edit always lands', async () => {
    const site = sites[0];
    const [g1, g2, g3] = site.holders;
    const spots = targets(site.vertex);
    let at = spots[0];
    const ROUNDS = 16;
    const wins = { moveA: 0, moveB: 0, edit: 0 };
    const from = rec.log.length;
    const t0 = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const [f1, f2, f3, f4] = await Promise.all([g1, g2, g3, site.neighbour].map((id) => feature(clients[0], id)));
      const versions = Object.fromEntries([f1, f2, f3].map((f) => [String(f.id), f.properties.version]));
      const others = spots.filter((p) => !same(p, at));
      const toA = others[round % others.length];
      const toB = others[(round + 1) % others.length];
      const [a, b, cEdit, dEdit] = await race([
        () => clients[0].post(`/api/grids/${g1}/move-vertex`, { from: at, to: toA, baseVersion: f1.properties.version, versions, reason: `round ${round} A` }),
        // civil affairs may not reshape police zones (403): its move leaves the aux-grids alone
        () => clients[1].post(`/api/grids/${g2}/move-vertex`, { from: at, to: toB, baseVersion: f2.properties.version, versions, includeZones: false, reason: `round ${round} B` }),
        () => clients[2].put(`/api/layers/grids/${g3}`, { properties: { ...writable(f3.properties), editedIn: round } }, f3.properties.version),
        () => clients[3].put(`/api/layers/grids/${site.neighbour}`, { properties: { ...writable(f4.properties), editedIn: round } }, f4.properties.version),
      ], round);
      const trio: Reply[] = [a, b, cEdit];
      const winners = trio.filter((r) => r.status === 200);
      expect(winners.length, JSON.stringify(trio.map((r) => [r.status, r.body?.error?.code ?? 'ok']))).toBe(1);
      expect(dEdit.status, JSON.stringify(dEdit.body).slice(0, 300)).toBe(200);
      const moved = a.status === 200 ? toA : b.status === 200 ? toB : null;
      if (a.status === 200) wins.moveA++;
      else if (b.status === 200) wins.moveB++;
      else wins.edit++;
      const after = await Promise.all([g1, g2, g3].map((id) => feature(clients[0], id)));
      for (const r of trio.filter((x) => x.status !== 200)) {
        expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(409);
        expect(r.body.error.code).toBe('stale_version');
        const d = r.body.error.details;
        const now = after.find((f) => f.id === d.id);
        expect(now, `409 names feature ${d.id}`).toBeDefined();
        expect(d.currentVersion).toBe(now.properties.version);
        expect(d.current).toEqual(now);
      }
      const prev = at;
      if (moved) {
        const w = a.status === 200 ? a : b;
        expect(w.body.features.map((f: { id: number }) => f.id).filter((id: number) => [g1, g2, g3].includes(id)).sort()).toEqual([g1, g2, g3].sort());
        at = moved;
      }
      // the vertex is where the winner put it, in all three grids: no gap, no overlap
      for (const f of after) {
        expect(holds(f.geometry, at), `grid ${f.id} holds [${at}] after round ${round}`).toBe(true);
        expect(f.properties.version).toBe(versions[String(f.id)] + (moved || f.id === g3 ? 1 : 0));
      }
      if (moved) for (const f of after) expect(holds(f.geometry, prev), `grid ${f.id} still holds the old place`).toBe(false);
    }
    const t = rec.tally(from);
    console.log(`[shared vertex vs neighbour edit] ${ROUNDS} rounds: wins ${JSON.stringify(wins)}, ${JSON.stringify(t)}, wall ${Math.round(performance.now() - t0)} ms`);
    expect(t.conflicts).toBe(ROUNDS * 2);
    assertNoServerErrors(rec, from);
  });

  it('movers and editors retrying on 409 lose nothing: every move and every property edit is in the final state', async () => {
    const site = sites[1];
    const [g1, g2, g3] = site.holders;
    const spots = targets(site.vertex);
    const K = 8;
    const from = rec.log.length;
    const start = await Promise.all([g1, g2, g3, site.neighbour].map((id) => feature(clients[0], id)));
    const t0 = performance.now();

    // the mover: each attempt reads the three holders and moves the vertex one spot further
    const mover = async (c: ApiClient) => {
      let conflicts = 0;
      let last: Position = spots[0];
      for (let k = 0; k < K; k++) {
        for (let attempt = 0; ; attempt++) {
          if (attempt > 200) throw new Error(`move ${k} never landed`);
          const fs = await Promise.all([g1, g2, g3].map((id) => feature(c, id)));
          const versions = Object.fromEntries(fs.map((f) => [String(f.id), f.properties.version]));
          const cur = spots.find((p) => fs.every((f) => holds(f.geometry, p)))!;
          const to = spots[(spots.indexOf(cur) + 1) % spots.length];
          const r = await c.post(`/api/grids/${g1}/move-vertex`, { from: cur, to, baseVersion: fs[0].properties.version, versions, reason: `move ${k}` });
          if (r.status === 200) {
            last = to;
            break;
          }
          expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(409);
          conflicts++;
        }
      }
      return { conflicts, last };
    };
    // an editor: read-modify-write of a list in the properties, retrying with the 409's current feature
    const editor = async (c: ApiClient, id: number) => {
      let cur = await feature(c, id);
      let conflicts = 0;
      for (let k = 0; k < K; k++) {
        for (let attempt = 0; ; attempt++) {
          if (attempt > 200) throw new Error(`edit ${k} of ${id} never landed`);
          const p = cur.properties;
          const r = await c.put(`/api/layers/grids/${id}`, { properties: { ...writable(p), log: [...((p.log as string[]) ?? []), `${c.name}:${k}`] }, reason: `edit ${k}` }, p.version);
          if (r.status === 200) {
            cur = r.body;
            break;
          }
          expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(409);
          cur = r.body.error.details.current;
          conflicts++;
        }
      }
      return conflicts;
    };
    const [moved, c3, c2, c4] = await Promise.all([mover(clients[0]), editor(clients[1], g3), editor(clients[2], g2), editor(clients[3], site.neighbour)]);
    const wallMs = performance.now() - t0;

    const end = await Promise.all([g1, g2, g3, site.neighbour].map((id) => feature(clients[0], id)));
    for (const f of end.slice(0, 3)) expect(holds(f.geometry, moved.last), `grid ${f.id} holds the last move`).toBe(true);
    expect(end[0].properties.version).toBe(start[0].properties.version + K);
    expect(end[1].properties.version).toBe(start[1].properties.version + 2 * K);
    expect(end[2].properties.version).toBe(start[2].properties.version + 2 * K);
    expect(end[3].properties.version).toBe(start[3].properties.version + K);
    expect(end[2].properties.log).toEqual(Array.from({ length: K }, (_, k) => `${clients[1].name}:${k}`));
    expect(end[1].properties.log).toEqual(Array.from({ length: K }, (_, k) => `${clients[2].name}:${k}`));
    expect(end[3].properties.log).toEqual(Array.from({ length: K }, (_, k) => `${clients[3].name}:${k}`));
    expect(c4, 'an edit of a neighbour that does not hold the vertex never conflicts').toBe(0);

    // the history of g3 is one chain: moves and edits interleaved, each based on the one before
    const history = (await clients[0].get(`/api/features/grids/${g3}/history`)).body;
    const revs = (history.revisions as { version: number; kind: string; before: unknown; after: unknown }[]).filter((r) => r.version > start[2].properties.version).reverse();
    expect(revs).toHaveLength(2 * K);
    expect(revs.filter((r) => r.kind === 'move-vertex')).toHaveLength(K);
    revs.forEach((r, i) => {
      expect(r.version).toBe(start[2].properties.version + 1 + i);
      if (i > 0) expect(r.before).toEqual(revs[i - 1].after);
    });
    const t = rec.tally(from);
    console.log(
      `[shared vertex, retry on 409] ${K} moves + 3 x ${K} edits committed; conflicts retried: mover ${moved.conflicts}, ` +
        `editors ${c3}/${c2}/${c4}; ${JSON.stringify(t)}, wall ${Math.round(wallMs)} ms`,
    );
    assertNoServerErrors(rec, from);
  });
});
