/**
 * A burst of concurrent writes from several logged-in HTTP clients against a real server
 * (issue 8): creates, updates and retirements of police posts and merges of adjacent grids.
 * Every 2xx answer is recorded with the change id and versions it reported, so a test can
 * check after a crash, a backup or a restore that each acknowledged write is in the database
 * (verifyAcknowledged). Reusable by the concurrency tests (helper E).
 */
import Database from 'better-sqlite3';
import { apiLogin, demoUsers } from '../../e2e/support/login.ts';

/** One logged-in HTTP client. */
export interface LoadClient {
  username: string;
  /** civil-affairs clients only merge grids (they may not write police posts) */
  role: string;
  cookie: string;
  csrfToken: string;
}

/** One write the server acknowledged with a 2xx. */
export interface AckedWrite {
  op: 'create' | 'update' | 'retire' | 'merge';
  client: string;
  status: number;
  changeId: number;
  /** the created/updated/retired feature, or the merge's new grid */
  featureId: number;
  /** its version after the write */
  version: number;
  code?: string;
  name?: string;
  /** merge inputs */
  mergedIds?: number[];
}

/** What runWriteLoad saw. */
export interface LoadOutcome {
  acked: AckedWrite[];
  /** non-2xx answers by status (409/422 are normal under load; 5xx are failures) */
  statuses: Record<number, number>;
  /** requests that got no answer (connection reset by a kill, refused afterwards) */
  noAnswer: number;
  /** requests started and not yet settled right now */
  inFlight: () => number;
  /** 5xx bodies, for failure messages */
  serverErrors: string[];
}

/**
 * Logs in `count` clients (separate sessions): the last one as the city-wide civil-affairs demo
 * account when `count` > 1 (it merges grids), the others as the demo admin.
 */
export async function loginClients(url: string, count: number): Promise<LoadClient[]> {
  const admin = demoUsers().find((u) => u.role === 'admin');
  const civil = demoUsers().find((u) => u.role === 'civil-affairs' && u.scope === 'city');
  if (!admin || !civil) throw new Error('data/demo-users.json lacks the demo admin or the city-wide civil-affairs account');
  const out: LoadClient[] = [];
  for (let i = 0; i < count; i++) {
    const u = count > 1 && i === count - 1 ? civil : admin;
    out.push({ username: u.username, role: u.role, ...(await apiLogin(url, u)) });
  }
  return out;
}

/** Templates for new posts: existing demo posts' grid, station and location. */
export interface PostSeed {
  parentId: number;
  stationId: number;
  coordinates: [number, number];
}

/** What a write load needs from the database before it starts (read from the file, read-only). */
export interface LoadPlan {
  posts: PostSeed[];
  /** disjoint pairs of live grids of one community that share at least two vertices */
  gridPairs: [number, number][];
}

/** Reads a LoadPlan from a (template) database file. */
export function planLoad(dbFile: string, maxPairs = 200): LoadPlan {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const posts = (
      db
        .prepare("SELECT parent_id, station_id, geometry FROM features WHERE layer = 'police-posts' AND retired_at IS NULL AND parent_id IS NOT NULL AND station_id IS NOT NULL LIMIT 200")
        .all() as { parent_id: number; station_id: number; geometry: string }[]
    ).map((r) => ({ parentId: r.parent_id, stationId: r.station_id, coordinates: (JSON.parse(r.geometry) as { coordinates: [number, number] }).coordinates }));
    const grids = db
      .prepare("SELECT id, parent_id, geometry FROM features WHERE layer = 'grids' AND retired_at IS NULL ORDER BY parent_id, id")
      .all() as { id: number; parent_id: number; geometry: string }[];
    const byCommunity = new Map<number, { id: number; vertices: Set<string> }[]>();
    for (const g of grids) {
      const geom = JSON.parse(g.geometry) as { type: string; coordinates: unknown };
      const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as number[][][][];
      const vertices = new Set<string>();
      for (const p of polys) for (const ring of p) for (const [x, y] of ring) vertices.add(`${x},${y}`);
      const list = byCommunity.get(g.parent_id) ?? [];
      list.push({ id: g.id, vertices });
      byCommunity.set(g.parent_id, list);
    }
    const gridPairs: [number, number][] = [];
    for (const list of byCommunity.values()) {
      const used = new Set<number>();
      for (let i = 0; i < list.length; i++) {
        if (used.has(list[i].id)) continue;
        for (let j = i + 1; j < list.length; j++) {
          if (used.has(list[j].id)) continue;
          let shared = 0;
          for (const v of list[i].vertices) if (list[j].vertices.has(v) && ++shared >= 2) break;
          if (shared >= 2) {
            gridPairs.push([list[i].id, list[j].id]);
            used.add(list[i].id).add(list[j].id);
            break;
          }
        }
      }
      if (gridPairs.length >= maxPairs) break;
    }
    return { posts, gridPairs };
  } finally {
    db.close();
  }
}

const POST_PROPS = { type: 'station', status: 'staffed', openedOn: '2026-11-28', staffCount: 1 };

/**
 * Runs `workersPerClient` concurrent loops per client until `shouldStop()` is true: each loop
 * creates a police post, renames or retires one of the posts its client created, or merges the
 * next pair of `plan.gridPairs` (civil-affairs clients only merge, paced). Returns the outcome once every loop has
 * stopped (a request cut by a kill counts as `noAnswer` and stops that loop's client after
 * `shouldStop()`).
 */
export function runWriteLoad(
  url: string,
  clients: LoadClient[],
  plan: LoadPlan,
  shouldStop: () => boolean,
  opts: { workersPerClient?: number; tag?: string } = {},
): { outcome: LoadOutcome; done: Promise<LoadOutcome> } {
  const workers = opts.workersPerClient ?? 2;
  const tag = opts.tag ?? `L${Date.now().toString(36)}`;
  let inFlight = 0;
  const outcome: LoadOutcome = { acked: [], statuses: {}, noAnswer: 0, inFlight: () => inFlight, serverErrors: [] };
  const pairs = [...plan.gridPairs];
  let seq = 0;
  let rnd = 12345;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648);
  // the admins' mix, cycled (so every kind of write happens early in any run): half creates
  const MIX = ['create', 'update', 'create', 'merge', 'create', 'update', 'retire', 'create', 'update', 'create'] as const;

  async function call(client: LoadClient, method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
    inFlight++;
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', Cookie: client.cookie, 'X-CSRF-Token': client.csrfToken, ...headers },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 500) outcome.serverErrors.push(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
      if (res.status < 200 || res.status >= 300) outcome.statuses[res.status] = (outcome.statuses[res.status] ?? 0) + 1;
      let parsed: any = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: only 2xx bodies are used, and those are JSON */
      }
      return { status: res.status, body: parsed };
    } catch {
      outcome.noAnswer++;
      return null;
    } finally {
      inFlight--;
    }
  }

  /**
   * After a 409/404 on one of our posts, take the server's word for its state, as a real client
   * does: a merge moving the post to the new grid bumps its version behind the client's back.
   */
  function refresh(p: { version: number }, res: { status: number; body: any }) {
    const d = res.body?.error?.details;
    if (res.status === 404 || d?.current?.properties?.retiredAt || res.body?.error?.code === 'retired') p.version = -1;
    else if (res.status === 409 && typeof d?.currentVersion === 'number') p.version = d.currentVersion;
  }

  async function worker(client: LoadClient, mine: { id: number; version: number; code: string }[], start: number) {
    let iteration = start;
    while (!shouldStop()) {
      if (client.role === 'civil-affairs') await new Promise((r) => setTimeout(r, 20)); // merges are heavier: pace them
      const pick = MIX[iteration++ % MIX.length];
      const live = mine.filter((p) => p.version > 0);
      const merger = client.role === 'civil-affairs';
      if (merger && !pairs.length) break;
      if ((merger || pick === 'merge') && pairs.length) {
        const [a, b] = pairs.shift()!;
        const res = await call(client, 'POST', '/api/grids/merge', { ids: [a, b], reason: `durability ${tag}` });
        if (res && res.status === 201) {
          outcome.acked.push({
            op: 'merge', client: client.username, status: res.status, changeId: res.body.change.id,
            featureId: Number(res.body.feature.id), version: res.body.feature.properties.version, mergedIds: [a, b],
          });
        }
      } else if (pick === 'retire' && live.length >= 2) {
        const p = live[Math.floor(random() * live.length)];
        const res = await call(client, 'DELETE', `/api/layers/police-posts/${p.id}`, { reason: 'durability' }, { 'If-Match': `"${p.version}"` });
        if (res && res.status === 200) {
          outcome.acked.push({ op: 'retire', client: client.username, status: 200, changeId: res.body.change.id, featureId: p.id, version: res.body.version, code: p.code });
          p.version = -1;
        } else if (res) refresh(p, res);
      } else if (pick === 'update' && live.length) {
        const p = live[Math.floor(random() * live.length)];
        const name = `耐久测试岗 ${tag} ${p.code} v${p.version + 1}`;
        const res = await call(client, 'PUT', `/api/layers/police-posts/${p.id}`, { properties: { name, ...POST_PROPS }, reason: 'durability' }, { 'If-Match': `"${p.version}"` });
        if (res && res.status === 200) {
          p.version = res.body.properties.version;
          outcome.acked.push({ op: 'update', client: client.username, status: 200, changeId: res.body.change.id, featureId: p.id, version: p.version, name, code: p.code });
        } else if (res) refresh(p, res);
      } else {
        const seed = plan.posts[seq % plan.posts.length];
        const code = `${tag}-${client.username}-${++seq}`;
        const name = `耐久测试岗 ${code}`;
        const res = await call(client, 'POST', '/api/layers/police-posts', {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: seed.coordinates },
          properties: { code, name, parentId: seed.parentId, stationId: seed.stationId, ...POST_PROPS },
          reason: 'durability',
        });
        if (res && res.status === 201) {
          const id = Number(res.body.id);
          mine.push({ id, version: res.body.properties.version, code });
          outcome.acked.push({ op: 'create', client: client.username, status: 201, changeId: res.body.change.id, featureId: id, version: res.body.properties.version, code, name });
        }
      }
    }
  }

  const loops: Promise<void>[] = [];
  for (const c of clients) {
    const mine: { id: number; version: number; code: string }[] = [];
    for (let w = 0; w < workers; w++) loops.push(worker(c, mine, w * 3 + loops.length));
  }
  return { outcome, done: Promise.all(loops).then(() => outcome) };
}

/**
 * Checks that every acknowledged write is in the database `db` (open on the server's file, or a
 * restored copy): its change exists with the client as actor, and the revision it reported
 * (feature, version, change) is there with the name it wrote; a merge has its lineage rows
 * and retired inputs; a retired post is retired. Writes acknowledged after `untilChangeId`
 * (e.g. after a backup's snapshot) are skipped when it is given. Returns problems; [] = all present.
 */
export function verifyAcknowledged(db: Database.Database, acked: AckedWrite[], untilChangeId = Infinity): string[] {
  const problems: string[] = [];
  const change = db.prepare('SELECT kind, actor FROM changes WHERE id = ?');
  const revision = db.prepare("SELECT op, change_id, json_extract(after, '$.name') AS name FROM revisions WHERE entity = 'feature' AND entity_id = ? AND version = ?");
  const feature = db.prepare('SELECT code, version, retired_at FROM features WHERE id = ?');
  const lineage = db.prepare("SELECT from_id, to_id FROM lineage WHERE change_id = ? AND kind = 'merge'");
  for (const w of acked) {
    if (w.changeId > untilChangeId) continue;
    const label = `${w.op} by ${w.client} (change ${w.changeId}, feature ${w.featureId} v${w.version})`;
    const c = change.get(w.changeId) as { kind: string; actor: string } | undefined;
    if (!c) {
      problems.push(`${label}: the change is missing`);
      continue;
    }
    if (c.actor !== w.client) problems.push(`${label}: change ${w.changeId} is by ${c.actor}`);
    const f = feature.get(w.featureId) as { code: string; version: number; retired_at: string | null } | undefined;
    if (!f) {
      problems.push(`${label}: the feature is missing`);
      continue;
    }
    if (f.version < w.version) problems.push(`${label}: the feature is at version ${f.version}`);
    const r = revision.get(w.featureId, w.version) as { op: string; change_id: number; name: string | null } | undefined;
    if (!r) problems.push(`${label}: no revision of version ${w.version}`);
    else if (r.change_id !== w.changeId) problems.push(`${label}: revision v${w.version} belongs to change ${r.change_id}`);
    else if (w.name && r.name !== w.name) problems.push(`${label}: revision v${w.version} has name ${r.name}, not ${w.name}`);
    if (w.code && f.code !== w.code) problems.push(`${label}: code ${f.code}, not ${w.code}`);
    if (w.op === 'retire' && !f.retired_at) problems.push(`${label}: the post is live again`);
    if (w.op === 'merge') {
      const rows = lineage.all(w.changeId) as { from_id: number; to_id: number }[];
      for (const from of w.mergedIds ?? []) {
        if (!rows.some((l) => l.from_id === from && l.to_id === w.featureId)) problems.push(`${label}: no lineage ${from} → ${w.featureId}`);
        const input = feature.get(from) as { retired_at: string | null } | undefined;
        if (!input?.retired_at) problems.push(`${label}: merged grid ${from} is not retired`);
      }
    }
  }
  return problems;
}
