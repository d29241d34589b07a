/**
 * AlignmentIndex: the engine's state — projected shapes, spatial indexes, the area of every
 * (grid, zone) piece, zone overlaps and the mismatch polygons — built once, then updated
 * incrementally one feature at a time (only the features near the edit are recomputed).
 * analyzeAlignment() is `new AlignmentIndex(...).result()`.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { createLaea, type Projection } from './projection.ts';
import { prepareShape, type Shape } from './shape.ts';
import { SpatialHash } from './spatial-hash.ts';
import { gridZoneAreas, intersectionArea } from './overlap-area.ts';

let areaScratch = new Float64Array(64);

/** Process CPU time in ms (user + system), 0 where process.cpuUsage is unavailable. */
function cpuMs(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!p?.cpuUsage) return 0;
  const u = p.cpuUsage();
  return (u.user + u.system) / 1000;
}
import { gridStatus, makeGridRow, makeZoneRow, type Piece } from './rows.ts';
import { gridMismatches, overhangMismatches, overlapMismatches } from './mismatch.ts';
import { oneToOneCheck } from './one-to-one.ts';
import type {
  AlignmentOptions, AlignmentResult, AlignmentSummary, AnyFeature, FeatureId, GridRow, InputWarning,
  MismatchFeature, ResolvedOptions, ZoneRow,
} from './types.ts';

/** Default thresholds (issue 3). */
export const DEFAULT_OPTIONS: ResolvedOptions = {
  alignedShare: 0.995,
  uncoveredShare: 0.005,
  splitShare: 0.005,
  dustM2: 0.01,
  oneToOneIou: 0.995,
  mismatchGeometries: true,
  minMismatchWidthM: 0,
};

/** What one incremental update changed. Replace rows / mismatch pieces owned by these ids. */
export interface AlignmentChange {
  /** Rows of grids whose result may have changed (the edited grid, or grids under the edited zone). */
  grids: GridRow[];
  /** Rows of zones whose result may have changed. */
  zones: ZoneRow[];
  /** Ids of deleted features. */
  removedGrids: FeatureId[];
  removedZones: FeatureId[];
  /** All current mismatch pieces owned by the grids / zones listed in `owners` (replace theirs). */
  mismatches: MismatchFeature[];
  owners: { grids: FeatureId[]; zones: FeatureId[] };
  summary: AlignmentSummary;
}

function resolveOptions(o: AlignmentOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULT_OPTIONS, idField: o.idField, centre: o.centre };
  for (const k of Object.keys(DEFAULT_OPTIONS) as (keyof typeof DEFAULT_OPTIONS)[]) {
    const v = o[k];
    if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
  }
  for (const k of ['alignedShare', 'uncoveredShare', 'splitShare', 'oneToOneIou'] as const) {
    if (!(r[k] >= 0 && r[k] <= 1)) throw new Error(`option ${k} must be a share between 0 and 1, got ${r[k]}`);
  }
  if (!(r.dustM2 >= 0)) throw new Error(`option dustM2 must be ≥ 0, got ${r.dustM2}`);
  if (!(r.minMismatchWidthM >= 0)) throw new Error(`option minMismatchWidthM must be ≥ 0, got ${r.minMismatchWidthM}`);
  return r;
}

/** Read a feature's id: options.idField property, else `id` property, else feature.id, else index. */
export function featureId(f: AnyFeature, index: number, idField?: string): FeatureId {
  const p = f && f.properties;
  const pick = (v: unknown): FeatureId | undefined => (typeof v === 'string' || typeof v === 'number' ? v : undefined);
  if (idField) return pick(p?.[idField]) ?? index;
  return pick(p?.id) ?? pick((f as { id?: unknown }).id) ?? index;
}

function assertCollection(fc: unknown, what: string): AnyFeature[] {
  if (!fc || typeof fc !== 'object' || (fc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((fc as { features?: unknown }).features)) {
    throw new Error(`${what}: not a GeoJSON FeatureCollection`);
  }
  return (fc as FeatureCollection).features as AnyFeature[];
}

/** Centre of the lon/lat bounding box of all coordinates (for the LAEA projection). */
function bboxCentre(collections: AnyFeature[][]): [number, number] {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  // Explicit loops over rings (Polygon / MultiPolygon): a recursive visitor over 1.3 M positions
  // costs ~10× more on its first (not yet optimised) run.
  for (const fs of collections) for (const f of fs) {
    const g = f?.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!g || !Array.isArray(g.coordinates)) continue;
    if (g.type === 'Polygon') ringsBox(g.coordinates, box);
    else if (g.type === 'MultiPolygon') for (const p of g.coordinates) { if (Array.isArray(p)) ringsBox(p, box); }
    else visitPositions(g.coordinates, box); // other geometry types (skipped later) still count
  }
  if (!Number.isFinite(box[0])) return [0, 0];
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

/** Grow box by every finite position nested anywhere in c. */
function visitPositions(c: unknown, box: number[]): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') {
    const x = c[0], y = c[1];
    if (Number.isFinite(x) && Number.isFinite(y)) { if (x < box[0]) box[0] = x; if (x > box[2]) box[2] = x; if (y < box[1]) box[1] = y; if (y > box[3]) box[3] = y; }
    return;
  }
  for (const d of c) visitPositions(d, box);
}

/** Grow box (minx, miny, maxx, maxy) by the finite positions of a polygon's rings. */
function ringsBox(rings: unknown[], box: number[]): void {
  let x0 = box[0], y0 = box[1], x1 = box[2], y1 = box[3];
  let odd = false;
  for (const r of rings) {
    if (!Array.isArray(r)) continue;
    if (typeof r[0] === 'number') { odd = true; continue; }
    for (const c of r) {
      if (!Array.isArray(c)) continue;
      const x = c[0], y = c[1];
      if (typeof x !== 'number') { odd = true; continue; }
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  box[0] = x0; box[1] = y0; box[2] = x1; box[3] = y1;
  // malformed nesting: visit everything generically (min/max, so positions seen twice are harmless)
  if (odd) visitPositions(rings, box);
}

const bboxUnion = (a: Shape['bbox'] | undefined, b: Shape['bbox'] | undefined): Shape['bbox'] | null => {
  if (!a) return b ?? null;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
};

/** Incrementally updatable alignment analysis of a police layer against the grid layer. */
export class AlignmentIndex {
  readonly options: ResolvedOptions;
  private readonly pieceFilter: { dustM2: number; minWidthM: number };
  readonly projection: Projection;
  readonly warnings: InputWarning[] = [];
  /** Shapes by index (null = skipped or deleted). */
  readonly gridShapes: (Shape | null)[] = [];
  readonly zoneShapes: (Shape | null)[] = [];
  readonly gridIds: FeatureId[] = [];
  readonly zoneIds: FeatureId[] = [];
  /** Raw input geometries (lon/lat), for realigned geometries that reuse the grid vertices. */
  readonly gridGeometries: (Geometry | null)[] = [];
  private readonly gridIndexById = new Map<FeatureId, number>();
  private readonly zoneIndexById = new Map<FeatureId, number>();
  private readonly gridHash: SpatialHash;
  private readonly zoneHash: SpatialHash;
  /** Per grid: pieces (zone index, m²) above dust, by descending area. */
  readonly gridPieces: Piece[][] = [];
  /** Per zone: grid index → area of grid ∩ zone (pieces above dust). */
  readonly zoneGrids: Map<number, number>[] = [];
  /** Per zone: other zone index → overlap area (all > 0 computed values). */
  readonly zoneOverlaps: Map<number, number>[] = [];
  private readonly gridMismatch: MismatchFeature[][] = [];
  private readonly overhangMismatch: MismatchFeature[][] = [];
  /** key "i,j" (i < j) → overlap pieces. */
  private readonly overlapMismatch = new Map<string, MismatchFeature[]>();

  /**
   * Build the index: project and validate both layers, compute every grid–zone piece and zone
   * overlap, and (unless options.mismatchGeometries is false) the mismatch polygons.
   * @param grids the grid layer (网格), GeoJSON FeatureCollection in WGS84
   * @param zones the police layer (beats or aux-grids), same
   */
  constructor(grids: FeatureCollection | unknown, zones: FeatureCollection | unknown, options: AlignmentOptions = {}) {
    this.options = resolveOptions(options);
    this.pieceFilter = { dustM2: this.options.dustM2, minWidthM: this.options.minMismatchWidthM };
    const gf = assertCollection(grids, 'grids');
    const zf = assertCollection(zones, 'police zones');
    const t0 = performance.now();
    const c0 = cpuMs();
    const centre = this.options.centre ?? bboxCentre([gf, zf]);
    this.projection = createLaea(centre[0], centre[1]);
    gf.forEach((f, i) => {
      const id = featureId(f, i, this.options.idField);
      this.noteId(this.gridIndexById, id, i, 'grids');
      this.gridIds.push(id);
      this.gridGeometries.push(f?.geometry ?? null);
      this.gridShapes.push(prepareShape(f?.geometry, id, i, 'grids', this.projection, this.warnings));
      this.gridPieces.push([]);
      this.gridMismatch.push([]);
    });
    zf.forEach((f, i) => {
      const id = featureId(f, i, this.options.idField);
      this.noteId(this.zoneIndexById, id, i, 'zones');
      this.zoneIds.push(id);
      this.zoneShapes.push(prepareShape(f?.geometry, id, i, 'zones', this.projection, this.warnings));
      this.zoneGrids.push(new Map());
      this.zoneOverlaps.push(new Map());
      this.overhangMismatch.push([]);
    });
    this.zoneHash = new SpatialHash(this.cellSize());
    this.gridHash = new SpatialHash(this.cellSize());
    this.zoneShapes.forEach((s, i) => s && this.zoneHash.insert(i, s.bbox));
    this.gridShapes.forEach((s, i) => s && this.gridHash.insert(i, s.bbox));
    const t1 = performance.now();
    const c1 = cpuMs();
    for (let g = 0; g < this.gridShapes.length; g++) this.computeGrid(g);
    const t2 = performance.now();
    const c2 = cpuMs();
    for (let z = 0; z < this.zoneShapes.length; z++) this.computeOverlaps(z, true);
    const t3 = performance.now();
    const c3 = cpuMs();
    if (this.options.mismatchGeometries) {
      for (let g = 0; g < this.gridShapes.length; g++) this.buildGridMismatch(g);
      for (let z = 0; z < this.zoneShapes.length; z++) this.buildOverhang(z);
      for (let z = 0; z < this.zoneShapes.length; z++) for (const [o] of this.zoneOverlaps[z]) if (z < o) this.buildOverlap(z, o);
    }
    const t4 = performance.now();
    const c4 = cpuMs();
    this.timings = { prepareMs: t1 - t0, piecesMs: t2 - t1, overlapsMs: t3 - t2, mismatchMs: t4 - t3 };
    this.cpuTimings = { prepareMs: c1 - c0, piecesMs: c2 - c1, overlapsMs: c3 - c2, mismatchMs: c4 - c3 };
  }

  /** Wall milliseconds spent in the phases of the initial build (for the benchmark). */
  readonly timings: { prepareMs: number; piecesMs: number; overlapsMs: number; mismatchMs: number };
  /** The same phases in process CPU milliseconds (all threads; 0 outside Node). */
  readonly cpuTimings: { prepareMs: number; piecesMs: number; overlapsMs: number; mismatchMs: number };

  private noteId(map: Map<FeatureId, number>, id: FeatureId, i: number, layer: 'grids' | 'zones'): void {
    if (map.has(id)) {
      this.warnings.push({ layer, id, index: i, problem: 'duplicate-id', detail: `id ${JSON.stringify(id)} also used by feature ${map.get(id)}; updates by id reach the first one`, repaired: true });
    } else map.set(id, i);
  }

  /** Cell size of the spatial hashes: the median zone extent, bounded to keep cell counts sane. */
  private cellSize(): number {
    const ext: number[] = [];
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of [...this.zoneShapes, ...this.gridShapes]) {
      if (!s) continue;
      x0 = Math.min(x0, s.bbox[0]); y0 = Math.min(y0, s.bbox[1]); x1 = Math.max(x1, s.bbox[2]); y1 = Math.max(y1, s.bbox[3]);
    }
    for (const s of this.zoneShapes) if (s) ext.push(Math.max(s.bbox[2] - s.bbox[0], s.bbox[3] - s.bbox[1]));
    ext.sort((a, b) => a - b);
    const span = Number.isFinite(x0) ? Math.max(x1 - x0, y1 - y0, 1) : 1000;
    const median = ext.length ? ext[ext.length >> 1] : span;
    return Math.min(Math.max(median, span / 4000, 1e-3), span * 2);
  }

  // ---- computation -------------------------------------------------------------------------

  /** (Re)compute the pieces of grid g against every candidate zone. */
  private computeGrid(g: number): void {
    for (const [z] of this.gridPieces[g]) this.zoneGrids[z].delete(g);
    const s = this.gridShapes[g];
    const pieces: Piece[] = [];
    if (s) {
      const cand = this.zoneHash.query(s.bbox);
      if (areaScratch.length < cand.length) areaScratch = new Float64Array(cand.length * 2);
      gridZoneAreas(s, cand.map((z) => this.zoneShapes[z]!), areaScratch);
      for (let i = 0; i < cand.length; i++) if (areaScratch[i] > this.options.dustM2) pieces.push([cand[i], areaScratch[i]]);
      pieces.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
      for (const [z, a] of pieces) this.zoneGrids[z].set(g, a);
    }
    this.gridPieces[g] = pieces;
  }

  /** (Re)compute zone z's overlaps with the other zones; `onlyHigher` skips pairs done before. */
  private computeOverlaps(z: number, onlyHigher = false): void {
    const s = this.zoneShapes[z];
    if (!onlyHigher) for (const [o] of this.zoneOverlaps[z]) this.zoneOverlaps[o].delete(z);
    if (!onlyHigher) this.zoneOverlaps[z].clear();
    if (!s) return;
    for (const o of this.zoneHash.query(s.bbox)) {
      if (o === z || (onlyHigher && o < z)) continue;
      const a = intersectionArea(s, this.zoneShapes[o]!);
      if (a > this.options.dustM2) { this.zoneOverlaps[z].set(o, a); this.zoneOverlaps[o].set(z, a); }
    }
  }

  private buildGridMismatch(g: number): void {
    const s = this.gridShapes[g];
    const row = s ? this.gridRow(g) : null;
    if (!s || !row || row.status === 'aligned') { this.setMismatch(this.gridMismatch, g, []); return; }
    const zones = this.gridPieces[g].map(([z]) => this.zoneShapes[z]!);
    const dominant = this.gridPieces[g].length ? this.zoneShapes[this.gridPieces[g][0][0]] : null;
    this.setMismatch(this.gridMismatch, g, gridMismatches(s, zones, dominant, this.pieceFilter, this.projection));
  }

  /** Overhang pieces of zone z, built only when the zone is not aligned (they explain why). */
  private buildOverhang(z: number): void {
    const s = this.zoneShapes[z];
    if (!s || this.zoneStats(z).aligned) { this.setMismatch(this.overhangMismatch, z, []); return; }
    let inGrids = 0;
    for (const a of this.zoneGrids[z].values()) inGrids += a;
    if (s.areaM2 - inGrids <= this.options.dustM2) { this.setMismatch(this.overhangMismatch, z, []); return; }
    const grids = this.gridHash.query(s.bbox).map((g) => this.gridShapes[g]!);
    this.setMismatch(this.overhangMismatch, z, overhangMismatches(s, grids, this.pieceFilter, this.projection));
  }

  /** Overlap pieces of zones a and b, built only when one of them is not aligned. */
  private buildOverlap(a: number, b: number): void {
    const i = Math.min(a, b), j = Math.max(a, b);
    const key = `${i},${j}`;
    const sa = this.zoneShapes[i], sb = this.zoneShapes[j];
    const old = this.overlapMismatch.get(key);
    if (old) { this.addMismatchTotals(old, -1); this.overlapMismatch.delete(key); }
    if (!sa || !sb || !this.zoneOverlaps[i].has(j) || (this.zoneStats(i).aligned && this.zoneStats(j).aligned)) return;
    const list = overlapMismatches(sa, sb, this.pieceFilter, this.projection);
    this.addMismatchTotals(list, 1);
    this.overlapMismatch.set(key, list);
  }

  private mismatchCount = 0;
  private mismatchArea = 0;

  private addMismatchTotals(list: MismatchFeature[], sign: 1 | -1): void {
    this.mismatchCount += sign * list.length;
    for (const f of list) this.mismatchArea += sign * f.properties.areaM2;
  }

  private setMismatch(store: MismatchFeature[][], i: number, list: MismatchFeature[]): void {
    if (store[i]) this.addMismatchTotals(store[i], -1);
    this.addMismatchTotals(list, 1);
    store[i] = list;
  }

  // ---- rows ---------------------------------------------------------------------------------

  /** Row of grid index g (null when the grid is skipped/deleted). */
  gridRow(g: number): GridRow | null {
    const s = this.gridShapes[g];
    if (!s) return null;
    return makeGridRow(s.id, s.areaM2, this.gridPieces[g], this.zoneIds, this.options);
  }

  /** Aligned flag, overhang and overlap sum of zone z without building its row (no allocation). */
  private zoneStats(z: number): { aligned: boolean; overhangM2: number; overlapM2: number } {
    const s = this.zoneShapes[z]!;
    const o = this.options;
    let inGrids = 0, inWhole = 0, whole = 0, cut = 0, overlap = 0;
    for (const [g, a] of this.zoneGrids[z]) {
      inGrids += a;
      const ga = this.gridShapes[g]!.areaM2;
      if (a >= o.alignedShare * ga) { whole++; inWhole += a; } else if (a >= o.splitShare * ga) cut++;
    }
    for (const a of this.zoneOverlaps[z].values()) if (a > o.dustM2) overlap += a;
    const tol = (1 - o.alignedShare) * s.areaM2;
    return { aligned: whole > 0 && cut === 0 && s.areaM2 - inWhole <= tol && overlap <= tol, overhangM2: s.areaM2 - inGrids > o.dustM2 ? s.areaM2 - inGrids : 0, overlapM2: overlap };
  }

  /** Row of zone index z (null when the zone is skipped/deleted). */
  zoneRow(z: number): ZoneRow | null {
    const s = this.zoneShapes[z];
    if (!s) return null;
    return makeZoneRow(s.id, s.areaM2, [...this.zoneGrids[z]], (g) => this.gridShapes[g]!.areaM2, this.gridIds, this.zoneOverlaps[z], this.zoneIds, this.options);
  }

  /** All current mismatch pieces. */
  mismatches(): MismatchFeature[] {
    const out: MismatchFeature[] = [];
    for (const m of this.gridMismatch) out.push(...m);
    for (const m of this.overhangMismatch) out.push(...m);
    for (const m of this.overlapMismatch.values()) out.push(...m);
    return out;
  }

  /** The CLI summary of the current state (O(grids + zones), no row objects built). */
  summary(): AlignmentSummary {
    const grids = { count: 0, aligned: 0, split: 0, partial: 0, uncovered: 0 };
    for (let g = 0; g < this.gridShapes.length; g++) {
      const s = this.gridShapes[g];
      if (!s) continue;
      grids.count++;
      grids[gridStatus(s.areaM2, this.gridPieces[g], this.options)]++;
    }
    const police = { count: 0, aligned: 0, overhangM2: 0, overlapM2: 0 };
    for (let z = 0; z < this.zoneShapes.length; z++) {
      if (!this.zoneShapes[z]) continue;
      const st = this.zoneStats(z);
      police.count++;
      if (st.aligned) police.aligned++;
      police.overhangM2 += st.overhangM2;
      police.overlapM2 += st.overlapM2 / 2; // each pair seen from both sides
    }
    const round = (x: number): number => Math.round(x * 1000) / 1000;
    police.overhangM2 = round(police.overhangM2);
    police.overlapM2 = round(police.overlapM2);
    const mismatch = { count: this.mismatchCount, areaM2: round(Math.max(0, this.mismatchArea)) };
    return { grids, police, mismatch, score: grids.count ? grids.aligned / grids.count : 0 };
  }

  /** The full result (rows of every feature, mismatch polygons, one-to-one check, summary). */
  result(opts: { oneToOne?: boolean } = {}): AlignmentResult {
    const grids: GridRow[] = [];
    for (let g = 0; g < this.gridShapes.length; g++) { const r = this.gridRow(g); if (r) grids.push(r); }
    const zones: ZoneRow[] = [];
    for (let z = 0; z < this.zoneShapes.length; z++) { const r = this.zoneRow(z); if (r) zones.push(r); }
    return {
      summary: this.summary(),
      grids,
      zones,
      mismatches: { type: 'FeatureCollection', features: this.mismatches() },
      oneToOne: opts.oneToOne === false ? { pairs: [], failures: [] } : oneToOneCheck(this),
      warnings: this.warnings,
      projection: { proj4: this.projection.proj4, centre: [this.projection.lon0, this.projection.lat0] },
    };
  }

  /** Index of a grid / zone by id (undefined when unknown). */
  gridIndex(id: FeatureId): number | undefined { return this.gridIndexById.get(id); }
  zoneIndex(id: FeatureId): number | undefined { return this.zoneIndexById.get(id); }

  // ---- incremental updates ------------------------------------------------------------------

  /**
   * Replace (or add, or with null delete) one grid and recompute the affected area: the grid's
   * pieces, the rows of the zones it touched before or touches now, and their mismatch pieces.
   */
  updateGrid(id: FeatureId, geometry: Geometry | null): AlignmentChange {
    let g = this.gridIndexById.get(id);
    const removed: FeatureId[] = [];
    if (g === undefined) {
      if (!geometry) throw new Error(`updateGrid: unknown grid id ${JSON.stringify(id)}`);
      g = this.gridShapes.length;
      this.gridIndexById.set(id, g);
      this.gridIds.push(id); this.gridShapes.push(null); this.gridGeometries.push(null); this.gridPieces.push([]); this.gridMismatch.push([]);
    }
    const before = new Set(this.gridPieces[g].map(([z]) => z));
    const old = this.gridShapes[g];
    const shape = geometry ? prepareShape(geometry, id, g, 'grids', this.projection, this.warnings) : null;
    if (geometry && !shape) throw new Error(`updateGrid: grid ${JSON.stringify(id)} has no usable polygon (see warnings)`);
    // overhang of a zone depends on the grids near it: include zones near the old / new box
    // (the new pieces' zones are among them)
    const box = bboxUnion(old?.bbox, shape?.bbox);
    if (box) for (const z of this.zoneHash.query(box)) before.add(z);
    const wasAligned = new Map<number, boolean>();
    if (this.options.mismatchGeometries) for (const z of before) if (this.zoneShapes[z]) wasAligned.set(z, this.zoneStats(z).aligned);
    if (old) this.gridHash.remove(g);
    this.gridShapes[g] = shape;
    this.gridGeometries[g] = geometry;
    if (shape) this.gridHash.insert(g, shape.bbox); else removed.push(id);
    this.computeGrid(g);
    for (const [z] of this.gridPieces[g]) before.add(z);
    if (this.options.mismatchGeometries) {
      this.buildGridMismatch(g);
      for (const z of before) {
        this.buildOverhang(z);
        // overlap pieces depend on the two zone shapes (unchanged) and their aligned flags
        if (this.zoneShapes[z] && wasAligned.get(z) === this.zoneStats(z).aligned) continue;
        for (const o of this.zoneOverlaps[z].keys()) this.buildOverlap(z, o);
      }
    }
    const zones = [...before].sort((a, b) => a - b);
    return this.change(shape ? [g] : [], zones, removed, [], [g], zones);
  }

  /**
   * Replace (or add, or with null delete) one zone and recompute the affected area: the pieces of
   * every grid under its old or new outline, its overlaps, the rows of it and its neighbours, and
   * the mismatch pieces of those grids, its overhang and its overlaps.
   */
  updateZone(id: FeatureId, geometry: Geometry | null): AlignmentChange {
    let z = this.zoneIndexById.get(id);
    const removed: FeatureId[] = [];
    if (z === undefined) {
      if (!geometry) throw new Error(`updateZone: unknown zone id ${JSON.stringify(id)}`);
      z = this.zoneShapes.length;
      this.zoneIndexById.set(id, z);
      this.zoneIds.push(id); this.zoneShapes.push(null); this.zoneGrids.push(new Map()); this.zoneOverlaps.push(new Map()); this.overhangMismatch.push([]);
    }
    const old = this.zoneShapes[z];
    const neighbours = new Set<number>(this.zoneOverlaps[z].keys());
    const touchedBefore = new Set<number>(this.zoneGrids[z].keys());
    if (old) this.zoneHash.remove(z);
    const shape = geometry ? prepareShape(geometry, id, z, 'zones', this.projection, this.warnings) : null;
    if (geometry && !shape) throw new Error(`updateZone: zone ${JSON.stringify(id)} has no usable polygon (see warnings)`);
    this.zoneShapes[z] = shape;
    if (shape) this.zoneHash.insert(z, shape.bbox); else removed.push(id);
    const box = bboxUnion(old?.bbox, shape?.bbox);
    const grids = new Set<number>(this.zoneGrids[z].keys());
    if (box) for (const g of this.gridHash.query(box)) grids.add(g);
    for (const o of this.zoneOverlaps[z].keys()) neighbours.add(o);
    const wasAligned = new Map<number, boolean>();
    for (const q of neighbours) if (this.zoneShapes[q]) wasAligned.set(q, this.zoneStats(q).aligned);
    for (const g of grids) this.updatePiece(g, z);
    this.computeOverlaps(z);
    for (const o of this.zoneOverlaps[z].keys()) neighbours.add(o);
    if (this.options.mismatchGeometries) {
      // A grid's mismatch pieces depend only on the zones among its pieces: rebuild the grids
      // that had or have a piece of z (the others under the box are unchanged).
      for (const g of grids) if (touchedBefore.has(g) || this.zoneGrids[z].has(g)) this.buildGridMismatch(g);
      // The zone's overhang and all its overlaps change. A neighbour's pieces in grids did not
      // change, so its overhang and its overlaps with third zones change only if its aligned
      // flag (which depends on its overlap with z) flipped.
      this.buildOverhang(z);
      for (const o of this.zoneOverlaps[z].keys()) this.buildOverlap(z, o);
      for (const q of neighbours) {
        this.buildOverlap(z, q);
        if (!this.zoneShapes[q] || wasAligned.get(q) === this.zoneStats(q).aligned) continue;
        this.buildOverhang(q);
        for (const o of this.zoneOverlaps[q].keys()) this.buildOverlap(q, o);
      }
    }
    const gridList = [...grids].sort((a, b) => a - b);
    const zoneList = [z, ...[...neighbours].sort((a, b) => a - b)];
    return this.change(gridList, zoneList, [], removed, gridList, zoneList);
  }

  /** Recompute only the (g, z) piece of grid g. */
  private updatePiece(g: number, z: number): void {
    const s = this.gridShapes[g];
    const zs = this.zoneShapes[z];
    const pieces = this.gridPieces[g].filter(([q]) => q !== z);
    this.zoneGrids[z].delete(g);
    if (s && zs) {
      const a = intersectionArea(s, zs);
      if (a > this.options.dustM2) { pieces.push([z, a]); this.zoneGrids[z].set(g, a); }
    }
    pieces.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
    this.gridPieces[g] = pieces;
  }

  private change(grids: number[], zones: number[], removedGrids: FeatureId[], removedZones: FeatureId[], ownerGrids: number[], ownerZones: number[]): AlignmentChange {
    const mismatches: MismatchFeature[] = [];
    for (const g of ownerGrids) mismatches.push(...this.gridMismatch[g]);
    for (const z of ownerZones) {
      mismatches.push(...this.overhangMismatch[z]);
    }
    // overlap pieces of the owner zones (each pair once)
    const seen = new Set<string>();
    for (const z of ownerZones) for (const o of this.zoneOverlaps[z].keys()) {
      const key = `${Math.min(z, o)},${Math.max(z, o)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      mismatches.push(...(this.overlapMismatch.get(key) ?? []));
    }
    return {
      grids: grids.map((g) => this.gridRow(g)).filter((r): r is GridRow => r !== null),
      zones: zones.map((z) => this.zoneRow(z)).filter((r): r is ZoneRow => r !== null),
      removedGrids,
      removedZones,
      mismatches,
      owners: { grids: ownerGrids.map((g) => this.gridIds[g]), zones: ownerZones.map((z) => this.zoneIds[z]) },
      summary: this.summary(),
    };
  }
}
