/**
 * The warm alignment index of each police layer, per database connection: built lazily from
 * the database, then kept current by the alignment commit hook, which applies only the edited
 * features (AlignmentIndex.updateGrid / updateZone). The result is persisted in
 * alignment_grids / alignment_state (migration 0005) so other capabilities (coverage) can read
 * per-grid status with plain SQL.
 *
 * Consistency: hooks run inside the commit's transaction, which may still roll back (a later
 * hook throws, or a dry run). Every applied commit writes a fresh random token into
 * alignment_state in the same transaction and pushes an undo entry (the before geometries)
 * onto a journal. Before the index is used, its token is compared with the database's: undo
 * entries are popped until they agree, and when they cannot (another process wrote, or a
 * change was committed without hooks, e.g. the demo seed) the index is rebuilt.
 */
import { randomUUID } from 'node:crypto';
import type { Geometry } from 'geojson';
import { AlignmentIndex, type AlignmentChange, type FeatureId, type GridRow, type MismatchFeature, type ZoneRow } from '../alignment/index.ts';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { stmt } from '../db/statements.ts';
import { ALIGNMENT_LAYERS, liveCollection } from './load.ts';

/** One feature's geometry to put back (null = the feature did not exist / was retired). */
interface Undo {
  kind: 'grid' | 'zone';
  id: number;
  geometry: Geometry | null;
}

interface JournalEntry {
  tokenBefore: string;
  tokenAfter: string;
  undo: Undo[];
}

/** A warm index and the database state it reflects. */
export interface WarmIndex {
  layer: PoliceZoneLayer;
  ix: AlignmentIndex;
  token: string;
  changeId: number;
  journal: JournalEntry[];
  /** ms of the last full build */
  buildMs: number;
}

const MAX_JOURNAL = 64;
const warm = new WeakMap<Db, Map<PoliceZoneLayer, WarmIndex>>();

function stateRow(db: Db, layer: PoliceZoneLayer): { token: string; change_id: number } | undefined {
  return stmt(db, 'SELECT token, change_id FROM alignment_state WHERE layer = ?').get(layer) as { token: string; change_id: number } | undefined;
}

/** Any change after `changeId` other than `except` (a change the hook did not see). */
function unseenChanges(db: Db, changeId: number, except: number | null): boolean {
  const r = stmt(db, 'SELECT count(*) AS n FROM changes WHERE id > ? AND id IS NOT ?').get(changeId, except) as { n: number };
  return r.n > 0;
}

function maxChangeId(db: Db): number {
  return ((stmt(db, 'SELECT max(id) AS m FROM changes').get() as { m: number | null }).m ?? 0);
}

const nowIso = (): string => new Date().toISOString();

/** Writes every grid row of a layer and its state (after a full build). */
function persistAll(db: Db, w: WarmIndex): void {
  const at = nowIso();
  db.transaction(() => {
    stmt(db, 'DELETE FROM alignment_grids WHERE layer = ?').run(w.layer);
    const ins = stmt(db, 'INSERT INTO alignment_grids(layer, grid_id, status, zone_id, covered_share, computed_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (let g = 0; g < w.ix.gridShapes.length; g++) {
      const r = w.ix.gridRow(g);
      if (r) ins.run(w.layer, r.id, r.status, r.dominantZoneId, r.coveredShare, at);
    }
    writeState(db, w, at);
  })();
}

function writeState(db: Db, w: WarmIndex, at: string, summary = w.ix.summary()): void {
  stmt(db, 'INSERT OR REPLACE INTO alignment_state(layer, token, change_id, summary, computed_at) VALUES (?, ?, ?, ?, ?)').run(
    w.layer, w.token, w.changeId, JSON.stringify(summary), at,
  );
}

/** Builds the index of a layer from the database (and persists it). */
function build(db: Db, layer: PoliceZoneLayer, changeId: number): WarmIndex {
  const t0 = performance.now();
  const ix = new AlignmentIndex(liveCollection(db, 'grids'), liveCollection(db, layer));
  const w: WarmIndex = { layer, ix, token: randomUUID(), changeId, journal: [], buildMs: performance.now() - t0 };
  persistAll(db, w);
  let m = warm.get(db);
  if (!m) warm.set(db, (m = new Map()));
  m.set(layer, w);
  return w;
}

function applyUndo(w: WarmIndex, undo: Undo[]): void {
  for (let i = undo.length - 1; i >= 0; i--) {
    const u = undo[i];
    const known = u.kind === 'grid' ? w.ix.gridIndex(u.id) !== undefined : w.ix.zoneIndex(u.id) !== undefined;
    if (!u.geometry && !known) continue;
    if (u.kind === 'grid') w.ix.updateGrid(u.id, u.geometry);
    else w.ix.updateZone(u.id, u.geometry);
  }
}

/**
 * The warm index of `layer`, consistent with the database (undoing rolled-back commits,
 * rebuilding when needed). `currentChange`: the change being committed when called from the
 * hook (its row exists but the hook has not applied it yet).
 */
export function warmIndex(db: Db, layer: PoliceZoneLayer, currentChange: number | null = null): WarmIndex {
  const w = warm.get(db)?.get(layer);
  const row = stateRow(db, layer);
  const fallbackChange = currentChange !== null ? currentChange - 1 : maxChangeId(db);
  if (!w || !row) return build(db, layer, currentChange ?? fallbackChange);
  while (w.token !== row.token && w.journal.length > 0) {
    const e = w.journal.pop()!;
    if (e.tokenAfter !== w.token) break;
    applyUndo(w, e.undo);
    w.token = e.tokenBefore;
  }
  if (w.token !== row.token) return build(db, layer, currentChange ?? fallbackChange);
  w.changeId = row.change_id;
  if (unseenChanges(db, w.changeId, currentChange)) return build(db, layer, currentChange ?? maxChangeId(db));
  return w;
}

/** True when the layer's index is built in this process (for the hook: no build on cold start unless needed). */
export function isWarm(db: Db, layer: PoliceZoneLayer): boolean {
  return warm.get(db)?.has(layer) ?? false;
}

/** The updated alignment of the area a change touched, for one police layer. */
export interface AreaUpdate {
  /** rows of the grids whose result may have changed */
  grids: GridRow[];
  /** rows of the zones whose result may have changed */
  zones: ZoneRow[];
  removedGrids: FeatureId[];
  removedZones: FeatureId[];
  /** every current mismatch polygon owned by those grids / zones (replace theirs) */
  mismatches: MismatchFeature[];
  owners: { grids: FeatureId[]; zones: FeatureId[] };
  summary: ReturnType<AlignmentIndex['summary']>;
  /** time spent updating the index (ms) */
  ms: number;
  /** time of the whole update: index, rows, persisted status (ms) */
  totalMs: number;
}

/** One feature edit to apply to the index. */
export interface FeatureEdit {
  kind: 'grid' | 'zone';
  id: number;
  before: Geometry | null;
  after: Geometry | null;
}

/**
 * Applies edits of grids / zones of one layer to its warm index incrementally, persists the
 * affected rows and a new state token (inside the caller's transaction), and returns the
 * updated alignment of the affected area.
 */
export function applyEdits(db: Db, layer: PoliceZoneLayer, changeId: number, edits: FeatureEdit[]): AreaUpdate {
  const w = warmIndex(db, layer, changeId);
  const t0 = performance.now();
  const ownerGrids = new Set<FeatureId>();
  const ownerZones = new Set<FeatureId>();
  const rowGrids = new Set<FeatureId>();
  const rowZones = new Set<FeatureId>();
  const removedGrids: FeatureId[] = [];
  const removedZones: FeatureId[] = [];
  const undo: Undo[] = [];
  let last: AlignmentChange | null = null;
  let applied = 0;
  for (const e of edits) {
    const known = e.kind === 'grid' ? w.ix.gridIndex(e.id) !== undefined : w.ix.zoneIndex(e.id) !== undefined;
    if (!e.after && !known) continue;
    const ch = e.kind === 'grid' ? w.ix.updateGrid(e.id, e.after) : w.ix.updateZone(e.id, e.after);
    last = ch;
    applied++;
    undo.push({ kind: e.kind, id: e.id, geometry: e.before });
    ch.owners.grids.forEach((id) => ownerGrids.add(id));
    ch.owners.zones.forEach((id) => ownerZones.add(id));
    ch.grids.forEach((r) => rowGrids.add(r.id));
    ch.zones.forEach((r) => rowZones.add(r.id));
    removedGrids.push(...ch.removedGrids);
    removedZones.push(...ch.removedZones);
  }
  const ms = performance.now() - t0;
  const gridRows = [...rowGrids].map((id) => w.ix.gridRow(w.ix.gridIndex(id)!)).filter((r): r is GridRow => r !== null);
  const zoneRows = [...rowZones].map((id) => w.ix.zoneRow(w.ix.zoneIndex(id)!)).filter((r): r is ZoneRow => r !== null);
  // one edit: its change lists the owners' pieces; several: later edits may have changed earlier owners' pieces
  const mismatches = applied === 1 && last
    ? last.mismatches
    : w.ix.mismatches().filter((m) =>
      m.properties.gridId !== null ? ownerGrids.has(m.properties.gridId) : m.properties.zoneIds.some((z) => ownerZones.has(z)),
    );
  const summary = last ? last.summary : w.ix.summary();
  // persist inside the caller's transaction
  const at = nowIso();
  const up = stmt(db, 'INSERT OR REPLACE INTO alignment_grids(layer, grid_id, status, zone_id, covered_share, computed_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of gridRows) up.run(layer, r.id, r.status, r.dominantZoneId, r.coveredShare, at);
  const del = stmt(db, 'DELETE FROM alignment_grids WHERE layer = ? AND grid_id = ?');
  for (const id of removedGrids) if (w.ix.gridIndex(id) === undefined || !w.ix.gridRow(w.ix.gridIndex(id)!)) del.run(layer, id);
  const tokenBefore = w.token;
  w.token = randomUUID();
  w.changeId = changeId;
  w.journal.push({ tokenBefore, tokenAfter: w.token, undo });
  if (w.journal.length > MAX_JOURNAL) w.journal.shift();
  writeState(db, w, at, summary);
  return {
    grids: gridRows, zones: zoneRows, removedGrids, removedZones, mismatches,
    owners: { grids: [...ownerGrids], zones: [...ownerZones] }, summary, ms, totalMs: performance.now() - t0,
  };
}

/** Marks that a change not touching the layer's features was seen (keeps the state's change id current). */
export function noteChange(db: Db, layer: PoliceZoneLayer, changeId: number): void {
  const w = warm.get(db)?.get(layer);
  if (!w) return;
  const cur = warmIndex(db, layer, changeId);
  cur.changeId = changeId;
  stmt(db, 'UPDATE alignment_state SET change_id = ? WHERE layer = ?').run(changeId, layer);
}

/** Drops the warm indexes of a database (tests, or after a bulk load). */
export function dropWarm(db: Db): void {
  warm.delete(db);
}

/** Every police layer (for the hook). */
export { ALIGNMENT_LAYERS };
