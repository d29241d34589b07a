/**
 * Concurrency (issue 8): merging grids that other users are editing, splitting or merging at
 * the same moment, against a real server process. In each community a chain of grids A–B–C
 * gets five requests at once: merge A+B, merge B+C, split B, edit A, edit C. Every pair that
 * touches the same grid is a conflict: no two winners share a grid, every loser shares one
 * with a winner and gets 409 with that grid's current state. Then the winner's change is undone
 * by two users at once while a third edits its result: one wins. Afterwards the lineage
 * (/api/lineage) is a tree: a feature is created by at most one change, retired into at most
 * one live successor change, and no feature descends from itself.
 */
import type { LineString } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../e2e/support/server.ts';
import { assertNoServerErrors, loginClients, race, Recorder, type ApiClient, type Reply } from '../support/clients.ts';
import { adjacency, countyGrids, splitLineFor, type GridInfo } from '../support/grid-picks.ts';

const COUNTY = '220582';
const SITES = 10;

let server: TestServer;
const rec = new Recorder();
let clients: ApiClient[];

/** A chain A–B–C of one community (A and B, B and C share an edge), and a line that splits B. */
interface Site {
  a: GridInfo;
  b: GridInfo;
  c: GridInfo;
  line: LineString;
  /** grids besides B that the split updates (its cut ends become vertices of the neighbours sharing that edge) */
  splitAlsoUpdates: number[];
}

async function pickSites(cl: ApiClient, n: number): Promise<Site[]> {
  const grids = (await countyGrids(cl, COUNTY)).sort((x, y) => x.code.localeCompare(y.code));
  const byId = new Map(grids.map((g) => [g.id, g]));
  const adj = adjacency(grids);
  const used = new Set<number>();
  const sites: Site[] = [];
  for (const b of grids) {
    if (sites.length === n) break;
    const community = [...adj.get(b.id)!].filter((id) => !used.has(id)).sort((x, y) => x - y);
    if (used.has(b.id) || community.length < 2) continue;
    const [a, c] = [byId.get(community[0])!, byId.get(community[1])!];
    const probes = await Promise.all([
      cl.post('/api/grids/merge?dryRun=1', { ids: [a.id, b.id], reason: 'probe' }),
      cl.post('/api/grids/merge?dryRun=1', { ids: [b.id, c.id], reason: 'probe' }),
    ]);
    if (probes.some((p) => p.status !== 200)) continue;
    const line = await splitLineFor(cl, b);
    if (!line) continue;
    const dry = await cl.post(`/api/grids/${b.id}/split?dryRun=1`, { line, baseVersion: b.version, reason: 'probe' });
    const splitAlsoUpdates = (dry.body.revisions as { entityId: number; layer: string; op: string }[])
      .filter((r) => r.layer === 'grids' && r.op === 'update')
      .map((r) => r.entityId);
    // the whole community is taken: merges elsewhere in it would change the code sequence only, but keep sites apart
    for (const g of grids) if (g.parentId === b.parentId) used.add(g.id);
    sites.push({ a, b, c, line, splitAlsoUpdates });
  }
  if (sites.length < n) throw new Error(`only ${sites.length} of ${n} merge sites found in county ${COUNTY}`);
  return sites;
}

let sites: Site[];
/** generic-route writes that lost to a retirement and got 404 instead of 409 (see the last test) */
const genericRetired404: string[] = [];

beforeAll(async () => {
  const t0 = performance.now();
  server = await startServer();
  const t1 = performance.now();
  clients = await loginClients(server.url, ['demo-admin', 'civil-jian', 'civil-city', 'civil-jian', 'demo-admin', 'civil-city'], rec);
  const t2 = performance.now();
  sites = await pickSites(clients[0], SITES);
  console.log(`[merge-lineage set-up] server ${Math.round(t1 - t0)} ms, ${clients.length} logins ${Math.round(t2 - t1)} ms, picking ${SITES} sites ${Math.round(performance.now() - t2)} ms (${rec.log.length} requests)`);
});

afterAll(async () => {
  console.log(`[concurrency/merge-lineage] ${JSON.stringify(rec.tally())}`);
  await server?.stop();
});

/**
 * Up to `n` disjoint pairs of adjacent grids that a dry-run merge accepts, away from the race
 * sites and from `exclude`, whose first grid passes `accept`.
 */
async function mergeablePairs(cl: ApiClient, n: number, exclude: Set<number>, accept: (g: GridInfo) => Promise<boolean> = async () => true): Promise<[GridInfo, GridInfo][]> {
  const grids = await countyGrids(cl, COUNTY);
  const adj = adjacency(grids);
  const byId = new Map(grids.map((g) => [g.id, g]));
  const used = new Set([...exclude, ...sites.flatMap((s) => [s.a.id, s.b.id, s.c.id, ...s.splitAlsoUpdates])]);
  const out: [GridInfo, GridInfo][] = [];
  for (const g of grids) {
    if (out.length === n) break;
    if (used.has(g.id)) continue;
    const other = [...adj.get(g.id)!].find((x) => !used.has(x));
    if (other === undefined || !(await accept(g))) continue;
    const probe = await cl.post('/api/grids/merge?dryRun=1', { ids: [g.id, other], reason: 'probe' });
    if (probe.status !== 200) continue;
    out.push([g, byId.get(other)!]);
    used.add(g.id).add(other);
  }
  return out;
}

/** Properties ready to PUT back (read-only members dropped). */
function writable(props: Record<string, unknown>): Record<string, unknown> {
  const { layer: _l, version: _v, ...rest } = props;
  return rest;
}

/**
 * One contender of a round: what it sends; `claims` = the grids whose version it sends (it must
 * lose when another write got there first); `writes` = every grid it changes (a split also
 * inserts its cut ends into neighbours, read fresh inside its transaction); `consumes` = the
 * grids it retires.
 */
interface Contender {
  name: string;
  claims: number[];
  writes: number[];
  consumes?: number[];
  send: () => Promise<Reply>;
}

/**
 * Checks a round: no two winners claim the same grid; every loser claims a grid that a winner
 * wrote and got 409 (stale_version or retired) about such a grid, with its current state.
 */
async function checkRound(label: string, cs: Contender[], replies: Reply[], viewer: ApiClient): Promise<number[]> {
  const won = cs.map((_, i) => i).filter((i) => replies[i].status >= 200 && replies[i].status < 300);
  const claimed = new Map<number, string>();
  for (const i of won) {
    for (const id of cs[i].claims) {
      expect(claimed.has(id), `${label}: ${cs[i].name} and ${claimed.get(id)} both won on grid ${id}`).toBe(false);
      claimed.set(id, cs[i].name);
    }
  }
  const taken = new Set(won.flatMap((i) => cs[i].writes));
  for (const [i, c] of cs.entries()) {
    if (won.includes(i)) continue;
    const r = replies[i];
    const why = `${label}: ${c.name} lost with ${r.status} ${JSON.stringify(r.body).slice(0, 240)}`;
    // soft: a wrong loser status is reported, and the lineage checks below still run
    expect.soft(c.claims.some((id) => taken.has(id)), `${why} — but no winner wrote the grids it claimed`).toBe(true);
    if (r.status === 404 && r.body?.error?.code === 'not_found' && c.name.startsWith('edit')) {
      // the generic PUT /api/layers/grids/:id answers 404 for a grid retired under it: noted
      // here and failed by its own test below (it must be 409 with the current grid)
      const h = (await viewer.get(`/api/features/grids/${c.claims[0]}/history`)).body;
      expect(h.feature.retiredAt, why).not.toBeNull();
      genericRetired404.push(why);
      continue;
    }
    expect.soft(r.status, why).toBe(409);
    if (r.status !== 409) continue;
    expect.soft(['stale_version', 'retired'], why).toContain(r.body.error.code);
    const d = r.body.error.details;
    if (d.entity === 'assignment') {
      // an undo also puts back the staff assignments its change carried: the winning undo moved them already
      expect.soft(c.name.startsWith('undo'), why).toBe(true);
      expect.soft(d.current?.version, why).toBe(d.currentVersion);
      const now = (await viewer.get(`/api/assignments/${d.id}`)).body;
      expect.soft(d.current, why).toMatchObject({ id: now.id, version: now.version, targetId: now.targetId });
      continue;
    }
    expect.soft(taken.has(d.id), `${why} — the 409 names grid ${d.id}, which no winner changed`).toBe(true);
    expect.soft(d.current?.properties?.version, why).toBe(d.currentVersion);
    // the state it was handed is the grid as of the winner's commit (later winners of the round may
    // have changed it again since): the history's revision of that version, same geometry and code
    const h = (await viewer.get(`/api/features/grids/${d.id}/history`)).body;
    const rev = (h.revisions as { version: number; op: string; before: any; after: any }[]).find((x) => x.version === d.currentVersion);
    expect.soft(rev, `${why} — no revision ${d.currentVersion} in the history of grid ${d.id}`).toBeDefined();
    if (!rev) continue;
    const image = rev.op === 'retire' ? rev.before : rev.after;
    expect.soft(Boolean(d.current?.properties?.retiredAt), why).toBe(rev.op === 'retire');
    expect.soft(d.current?.geometry, why).toEqual(image.geometry);
    expect.soft(d.current?.properties?.code, why).toBe(image.code);
  }
  return won;
}

describe('merging grids that others edit, split or merge at the same time', () => {
  it('exactly one wins each conflict, the losers get 409 with the current state, and the lineage stays a tree', async () => {
    const from = rec.log.length;
    const t0 = performance.now();
    const wins: Record<string, number> = {};
    /** every change that created grids from others, with whether it was reverted later */
    const changes = new Map<number, { kind: string; inputs: number[]; outputs: number[]; reverted: boolean }>();
    const involved = new Set<number>();

    for (const [round, s] of sites.entries()) {
      const [A, B, C] = [s.a, s.b, s.c];
      for (const g of [A, B, C]) involved.add(g.id);
      const read = async (g: GridInfo) => (await clients[0].get(`/api/layers/grids/${g.id}`)).body;
      const [fa, fc] = await Promise.all([read(A), read(C)]);
      const cs: Contender[] = [
        { name: 'merge A+B', claims: [A.id, B.id], writes: [A.id, B.id], consumes: [A.id, B.id], send: () => clients[0].post('/api/grids/merge', { ids: [A.id, B.id], versions: { [A.id]: A.version, [B.id]: B.version }, reason: `race ${round} merge A+B` }) },
        { name: 'merge B+C', claims: [B.id, C.id], writes: [B.id, C.id], consumes: [B.id, C.id], send: () => clients[1].post('/api/grids/merge', { ids: [B.id, C.id], versions: { [B.id]: B.version, [C.id]: C.version }, reason: `race ${round} merge B+C` }) },
        { name: 'split B', claims: [B.id], writes: [B.id, ...s.splitAlsoUpdates], consumes: [B.id], send: () => clients[3].post(`/api/grids/${B.id}/split`, { line: s.line, baseVersion: B.version, reason: `race ${round} split B` }) },
        { name: 'edit A', claims: [A.id], writes: [A.id], send: () => clients[2].put(`/api/layers/grids/${A.id}`, { properties: { ...writable(fa.properties), note: `race ${round}` } }, fa.properties.version) },
        { name: 'edit C', claims: [C.id], writes: [C.id], send: () => clients[4].put(`/api/layers/grids/${C.id}`, { properties: { ...writable(fc.properties), note: `race ${round}` } }, fc.properties.version) },
      ];
      const replies = await race(cs.map((c) => c.send), round);
      const won = await checkRound(`round ${round}`, cs, replies, clients[0]);
      for (const i of won) wins[cs[i].name] = (wins[cs[i].name] ?? 0) + 1;
      const structural = won.filter((i) => cs[i].name.startsWith('merge') || cs[i].name === 'split B');
      expect(structural.length, `round ${round}: one of merge A+B, merge B+C, split B must win`).toBe(1);
      const w = replies[structural[0]].body;
      // a winning edit is in the grid now, even when a split then inserted its cut end into it
      for (const [i, c] of cs.entries()) {
        if (!won.includes(i) || !c.name.startsWith('edit')) continue;
        const now = (await clients[0].get(`/api/layers/grids/${c.claims[0]}`)).body;
        expect(now.properties.note, `round ${round}: ${c.name} is kept`).toBe(`race ${round}`);
      }
      const outputs: number[] = w.feature ? [w.feature.id] : w.features.map((f: { id: number }) => f.id);
      const inputs: number[] = w.retired.map((r: { id: number }) => r.id);
      expect(inputs.sort()).toEqual([...cs[structural[0]].consumes!].sort());
      const alsoUpdated = (w.revisions as { entityId: number; layer: string; op: string }[]).filter((r) => r.layer === 'grids' && r.op === 'update').map((r) => r.entityId);
      changes.set(w.change.id, { kind: w.change.kind, inputs, outputs, reverted: false });
      for (const id of outputs) involved.add(id);

      // phase 2: two users undo that change while a third edits its result — one wins
      const n = (await clients[0].get(`/api/layers/grids/${outputs[0]}`)).body;
      const undo: Contender[] = [
        { name: 'undo 1', claims: [...inputs, ...outputs, ...alsoUpdated], writes: [...inputs, ...outputs, ...alsoUpdated], send: () => clients[0].post(`/api/changes/${w.change.id}/revert`, { reason: `undo ${round} (1)` }) },
        { name: 'undo 2', claims: [...inputs, ...outputs, ...alsoUpdated], writes: [...inputs, ...outputs, ...alsoUpdated], send: () => clients[5].post(`/api/changes/${w.change.id}/revert`, { reason: `undo ${round} (2)` }) },
        { name: 'edit result', claims: [outputs[0]], writes: [outputs[0]], send: () => clients[2].put(`/api/layers/grids/${outputs[0]}`, { properties: { ...writable(n.properties), note: `after ${round}` } }, n.properties.version) },
      ];
      const undone = await race(undo.map((c) => c.send), round);
      const undoWon = await checkRound(`undo ${round}`, undo, undone, clients[0]);
      expect(undoWon, `undo ${round}: exactly one of two undos and an edit wins`).toHaveLength(1);
      const undoneBy = undo[undoWon[0]].name.startsWith('undo') ? 'undo' : 'edit result';
      wins[undoneBy] = (wins[undoneBy] ?? 0) + 1;
      if (undoneBy === 'undo') {
        expect(undone[undoWon[0]].body.revertedChange).toBe(w.change.id);
        changes.get(w.change.id)!.reverted = true;
      }
    }
    const wallMs = performance.now() - t0;

    // the lineage of every grid involved, as /api/lineage serves it
    const lineages = new Map<number, any>();
    for (const id of involved) {
      const r = await clients[0].get(`/api/lineage/grids/${id}`);
      expect(r.status).toBe(200);
      lineages.set(id, r.body);
    }
    const edges: { from: number; to: number; changeId: number }[] = [];
    for (const [id, l] of lineages) {
      const back = new Set((l.becameFrom as { id: number }[]).map((x) => x.id));
      const fwd = new Set((l.became as { id: number }[]).map((x) => x.id));
      expect(back.has(id) || fwd.has(id), `grid ${id} descends from itself`).toBe(false);
      expect([...back].filter((x) => fwd.has(x)), `grid ${id}: a feature both before and after it (a cycle)`).toEqual([]);
      for (const x of l.became as { id: number; depth: number; changeId: number }[]) if (x.depth === 1) edges.push({ from: id, to: x.id, changeId: x.changeId });
      for (const x of l.becameFrom as { id: number; depth: number; changeId: number }[]) if (x.depth === 1) edges.push({ from: x.id, to: id, changeId: x.changeId });
    }
    // a feature is created by one change only; it is retired into at most one change that still stands
    const createdBy = new Map<number, Set<number>>();
    const retiredInto = new Map<number, Set<number>>();
    for (const e of edges) {
      createdBy.set(e.to, (createdBy.get(e.to) ?? new Set()).add(e.changeId));
      if (!changes.get(e.changeId)?.reverted) retiredInto.set(e.from, (retiredInto.get(e.from) ?? new Set()).add(e.changeId));
    }
    for (const [id, set] of createdBy) expect(set.size, `grid ${id} was created by changes ${[...set]}`).toBe(1);
    for (const [id, set] of retiredInto) expect(set.size, `grid ${id} became the result of changes ${[...set]}`).toBe(1);
    // every lineage edge is one the tests' winners made, and every winner's edges are there
    const expected = [...changes].flatMap(([changeId, c]) => c.inputs.flatMap((f) => c.outputs.map((t) => `${f}>${t}@${changeId}`)));
    expect([...new Set(edges.map((e) => `${e.from}>${e.to}@${e.changeId}`))].sort()).toEqual(expected.sort());
    // live now: an input is live exactly when its change was undone; an output exactly when it was not
    for (const c of changes.values()) {
      for (const id of c.inputs) expect(lineages.get(id).retiredAt === null, `input ${id}`).toBe(c.reverted);
      for (const id of c.outputs) expect(lineages.get(id).retiredAt === null, `output ${id}`).toBe(!c.reverted);
    }
    const t = rec.tally(from);
    console.log(`[merge/split/edit races] ${sites.length} rounds x (5 + 3) requests: wins ${JSON.stringify(wins)}, ${JSON.stringify(t)}, wall ${Math.round(wallMs)} ms`);
    assertNoServerErrors(rec, from);
  });

  it('two disjoint merges in one community at once both win, with different new codes', async () => {
    const grids = await countyGrids(clients[0], COUNTY);
    const adj = adjacency(grids);
    const taken = new Set(sites.flatMap((s) => [s.a.id, s.b.id, s.c.id]));
    // a community with two disjoint adjacent pairs, away from the sites above
    let pairs: [number, number][] | null = null;
    const byCommunity = new Map<number, GridInfo[]>();
    for (const g of grids) if (!taken.has(g.id)) byCommunity.set(g.parentId, [...(byCommunity.get(g.parentId) ?? []), g]);
    for (const gs of byCommunity.values()) {
      const ids = new Set(gs.map((g) => g.id));
      const found: [number, number][] = [];
      const used = new Set<number>();
      for (const g of gs) {
        if (used.has(g.id)) continue;
        const other = [...adj.get(g.id)!].find((x) => ids.has(x) && !used.has(x));
        if (other === undefined) continue;
        found.push([g.id, other]);
        used.add(g.id).add(other);
        if (found.length === 2) break;
      }
      if (found.length < 2) continue;
      const probes = await Promise.all(found.map((ids) => clients[0].post('/api/grids/merge?dryRun=1', { ids, reason: 'probe' })));
      if (probes.every((r) => r.status === 200)) {
        pairs = found;
        break;
      }
    }
    expect(pairs, 'a community with two disjoint adjacent grid pairs').not.toBeNull();
    const [m1, m2] = await race(pairs!.map((p, i) => () => clients[i].post('/api/grids/merge', { ids: p, reason: `disjoint merge ${i}` })), 0);
    expect([m1.status, m2.status], JSON.stringify([m1.body, m2.body]).slice(0, 400)).toEqual([201, 201]);
    expect(m1.body.feature.properties.code).not.toBe(m2.body.feature.properties.code);
    assertNoServerErrors(rec);
  });

  it('a PUT or DELETE of a grid that a concurrent merge retired gets 409 with the current (retired) grid, not 404', async () => {
    const [pair] = await mergeablePairs(clients[0], 1, new Set());
    expect(pair, 'two mergeable grids').toBeDefined();
    const [a, b] = pair;
    const merged = await clients[0].post('/api/grids/merge', { ids: [a.id, b.id], versions: { [a.id]: a.version, [b.id]: b.version }, reason: 'retire under an editor' });
    expect(merged.status).toBe(201);
    // the other user still holds version a.version of A / b.version of B
    const put = await clients[1].put(`/api/layers/grids/${a.id}`, { properties: { note: 'too late' } }, a.version);
    const del = await clients[2].del(`/api/layers/grids/${b.id}`, b.version);
    const problems = [...genericRetired404];
    for (const [what, r, id] of [['PUT', put, a.id], ['DELETE', del, b.id]] as const) {
      if (r.status !== 409) problems.push(`${what} /api/layers/grids/${id} after the merge: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      else {
        expect(['stale_version', 'retired']).toContain(r.body.error.code);
        expect(r.body.error.details.current.properties.retiredAt).toBeTruthy();
      }
    }
    expect(problems, 'losers of a race against a merge/undo on the generic layer routes must get 409 with the current grid').toEqual([]);
  });

  it('a staff assignment edited while its grid is merged: the edit lands or gets 409, and it follows the grid either way', async () => {
    const from = rec.log.length;
    const open = new Map<number, { id: number; version: number }>();
    const pairs = await mergeablePairs(clients[0], 4, new Set(), async (g) => {
      const list = (await clients[0].get(`/api/assignments?target=${g.id}`)).body.assignments as { id: number; role: string; until: string | null; version: number }[];
      const a = list.find((x) => x.role === 'gridWorker' && x.until === null);
      if (a) open.set(g.id, a);
      return a !== undefined;
    });
    expect(pairs.length, 'grids with a grid worker next to a mergeable grid').toBeGreaterThanOrEqual(3);
    const outcomes: string[] = [];
    for (const [round, [a, b]] of pairs.entries()) {
      const asg = open.get(a.id)!;
      const until = '2099-12-31';
      const [merge, put] = await race(
        [
          () => clients[0].post('/api/grids/merge', { ids: [a.id, b.id], versions: { [a.id]: a.version, [b.id]: b.version }, reason: `merge under assignment ${round}` }),
          () => clients[1].put(`/api/assignments/${asg.id}`, { until, reason: `end date ${round}` }, asg.version),
        ],
        round,
      );
      // the merge claims only the grids: it wins; the edit wins too when it came first
      expect(merge.status, JSON.stringify(merge.body).slice(0, 300)).toBe(201);
      const merged = merge.body.feature.id as number;
      const now = (await clients[0].get(`/api/assignments/${asg.id}`)).body;
      expect(now.targetId, `assignment ${asg.id} follows grid ${a.id} into ${merged}`).toBe(merged);
      if (put.status === 200) {
        expect(now.until).toBe(until);
        expect(now.version).toBe(asg.version + 2);
        outcomes.push('edit, then merge');
      } else {
        expect(put.status, JSON.stringify(put.body).slice(0, 300)).toBe(409);
        expect(put.body.error.details).toMatchObject({ entity: 'assignment', currentVersion: asg.version + 1, current: { id: asg.id, targetId: merged, until: null } });
        expect(now.until).toBeNull();
        outcomes.push('merge, edit refused');
      }
    }
    console.log(`[assignment vs merge] ${pairs.length} rounds: ${outcomes.join('; ')}; ${JSON.stringify(rec.tally(from))}`);
    assertNoServerErrors(rec, from);
  });
});
