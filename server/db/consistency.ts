import type { Db } from './connection.ts';

/** The outcome of checkConsistency: `problems` names each broken row; [] when consistent. */
export interface ConsistencyResult {
  ok: boolean;
  problems: string[];
  counts: { changes: number; revisions: number; features: number; lineage: number };
  ms: number;
}

/**
 * Checks that no write is half-applied (issue 8), as invariants over the whole write history
 * that commit() (server/edits/commit.ts, one transaction per change) keeps:
 *
 * 1. every revision belongs to an existing change, and every change has at least one revision;
 * 2. for every feature, staff member and assignment, its revisions carry versions exactly
 *    1..version (no missing revision for a version the row has, none beyond it);
 * 3. a feature's newest revision matches the row: same version, retired exactly when the
 *    revision retired it, and (when live) the same code, name and geometry as its after image;
 * 4. every merge/split change has lineage rows of its kind, each `from` retired and each `to`
 *    created by that same change, every grid the change retired is a `from` and every grid it
 *    created is a `to`;
 * 5. every lineage row's change, from and to exist;
 * 6. the R*Tree holds exactly the live features.
 *
 * Meant for tests after a crash or a restore and for `npm run check-db`; reads only. At most
 * `maxProblems` problems are listed (counted beyond that).
 */
export function checkConsistency(db: Db, maxProblems = 50): ConsistencyResult {
  const t = performance.now();
  const problems: string[] = [];
  let more = 0;
  const add = (p: string) => (problems.length < maxProblems ? problems.push(p) : more++);
  const all = <T>(sql: string): T[] => db.prepare(sql).all() as T[];

  // 1. revisions ↔ changes
  for (const r of all<{ id: number; change_id: number }>(
    'SELECT r.id, r.change_id FROM revisions r LEFT JOIN changes c ON c.id = r.change_id WHERE c.id IS NULL',
  )) add(`revision ${r.id} belongs to change ${r.change_id}, which does not exist`);
  for (const c of all<{ id: number; kind: string }>(
    'SELECT c.id, c.kind FROM changes c WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.change_id = c.id)',
  )) add(`change ${c.id} (${c.kind}) has no revision`);

  // 2. versions 1..version, per entity kind
  const tables = [
    ['feature', 'features'],
    ['staff', 'staff'],
    ['assignment', 'assignments'],
  ] as const;
  for (const [entity, table] of tables) {
    const rows = all<{ id: number; version: number; n: number | null; lo: number | null; hi: number | null; distinct_n: number | null }>(
      `SELECT t.id, t.version, s.n, s.lo, s.hi, s.distinct_n FROM ${table} t
       LEFT JOIN (SELECT entity_id, count(*) AS n, min(version) AS lo, max(version) AS hi, count(DISTINCT version) AS distinct_n
                  FROM revisions WHERE entity = '${entity}' GROUP BY entity_id) s ON s.entity_id = t.id
       WHERE s.n IS NULL OR s.n <> t.version OR s.lo <> 1 OR s.hi <> t.version OR s.distinct_n <> s.n`,
    );
    for (const r of rows) {
      add(
        r.n === null
          ? `${entity} ${r.id} (version ${r.version}) has no revision at all`
          : `${entity} ${r.id} is at version ${r.version} but its revisions carry versions ${r.lo}..${r.hi} (${r.n} revisions, ${r.distinct_n} distinct)`,
      );
    }
    for (const r of all<{ entity_id: number; n: number }>(
      `SELECT r.entity_id, count(*) AS n FROM revisions r LEFT JOIN ${table} t ON t.id = r.entity_id
       WHERE r.entity = '${entity}' AND t.id IS NULL GROUP BY r.entity_id`,
    )) add(`${r.n} revision(s) of ${entity} ${r.entity_id}, which does not exist`);
  }

  // 3. the newest revision of each feature matches the row
  for (const r of all<{ id: number; layer: string; code: string; version: number; retired: number; op: string; rversion: number; same: number }>(
    `SELECT f.id, f.layer, f.code, f.version, f.retired_at IS NOT NULL AS retired, r.op, r.version AS rversion,
            (r.after IS NOT NULL AND json_extract(r.after, '$.code') IS f.code AND json_extract(r.after, '$.name') IS f.name
             AND json(json_extract(r.after, '$.geometry')) IS json(f.geometry)) AS same
     FROM features f
     JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE entity = 'feature' AND entity_id = f.id)
     WHERE r.version <> f.version OR (r.op = 'retire') <> (f.retired_at IS NOT NULL)
        OR (f.retired_at IS NULL AND NOT (r.after IS NOT NULL AND json_extract(r.after, '$.code') IS f.code
             AND json_extract(r.after, '$.name') IS f.name AND json(json_extract(r.after, '$.geometry')) IS json(f.geometry)))`,
  )) {
    add(
      `feature ${r.layer}/${r.code} (id ${r.id}, version ${r.version}, ${r.retired ? 'retired' : 'live'}) does not match its newest revision ` +
        `(${r.op}, version ${r.rversion}${r.same ? '' : ', different code/name/geometry'})`,
    );
  }

  // 4. merges and splits have their lineage
  const changeRows = all<{ id: number; kind: string }>("SELECT id, kind FROM changes WHERE kind IN ('merge', 'split') ORDER BY id");
  const lineageOf = db.prepare('SELECT kind, from_id, to_id FROM lineage WHERE change_id = ?');
  const revisionsOf = db.prepare("SELECT entity_id, op, layer FROM revisions WHERE change_id = ? AND entity = 'feature'");
  for (const c of changeRows) {
    const lin = lineageOf.all(c.id) as { kind: string; from_id: number; to_id: number }[];
    const revs = revisionsOf.all(c.id) as { entity_id: number; op: string; layer: string }[];
    if (lin.length === 0) {
      add(`${c.kind} change ${c.id} has no lineage rows`);
      continue;
    }
    const retired = new Set(revs.filter((r) => r.op === 'retire').map((r) => r.entity_id));
    const created = new Set(revs.filter((r) => r.op === 'create').map((r) => r.entity_id));
    const froms = new Set(lin.map((l) => l.from_id));
    for (const l of lin) {
      if (l.kind !== c.kind) add(`${c.kind} change ${c.id} has a ${l.kind} lineage row (${l.from_id} → ${l.to_id})`);
      if (!retired.has(l.from_id)) add(`${c.kind} change ${c.id}: lineage from ${l.from_id}, which the change did not retire`);
      if (!created.has(l.to_id)) add(`${c.kind} change ${c.id}: lineage to ${l.to_id}, which the change did not create`);
    }
    const tos = new Set(lin.map((l) => l.to_id));
    for (const r of revs) {
      if (r.layer !== 'grids') continue;
      if (r.op === 'retire' && !froms.has(r.entity_id)) add(`${c.kind} change ${c.id} retired grid ${r.entity_id} without a lineage row from it`);
      if (r.op === 'create' && !tos.has(r.entity_id)) add(`${c.kind} change ${c.id} created grid ${r.entity_id} without a lineage row to it`);
    }
  }

  // 5. lineage rows point at what exists
  for (const l of all<{ id: number; change_id: number; from_id: number; to_id: number }>(
    `SELECT l.id, l.change_id, l.from_id, l.to_id FROM lineage l
     WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = l.change_id)
        OR NOT EXISTS (SELECT 1 FROM features f WHERE f.id = l.from_id)
        OR NOT EXISTS (SELECT 1 FROM features f WHERE f.id = l.to_id)`,
  )) add(`lineage row ${l.id} (change ${l.change_id}, ${l.from_id} → ${l.to_id}) refers to a missing change or feature`);

  // 6. R*Tree = live features
  for (const f of all<{ id: number; layer: string; code: string }>(
    'SELECT f.id, f.layer, f.code FROM features f WHERE f.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM features_rtree r WHERE r.id = f.id)',
  )) add(`live feature ${f.layer}/${f.code} (id ${f.id}) has no R*Tree box`);
  for (const r of all<{ id: number }>(
    'SELECT r.id FROM features_rtree r LEFT JOIN features f ON f.id = r.id WHERE f.id IS NULL OR f.retired_at IS NOT NULL',
  )) add(`the R*Tree holds a box for ${r.id}, which is not a live feature`);

  if (more) problems.push(`… and ${more} more problems`);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    ok: problems.length === 0,
    problems,
    counts: { changes: count('changes'), revisions: count('revisions'), features: count('features'), lineage: count('lineage') },
    ms: performance.now() - t,
  };
}
