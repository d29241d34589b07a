/**
 * Validation of an edited area geometry before it is saved:
 * - shape (pure): closed rings, enough positions, finite lon/lat, no self-intersection,
 *   holes inside their outer ring, parts not overlapping, not empty, not sliver-thin;
 * - context (database): the edit must not ADD overlap with live features of the same layer
 *   above a tolerance, and a grid must not ADD area outside its community (pre-existing
 *   problems in the data do not block editing; making them worse does).
 * Every finding is a Problem with a code, a readable message and a location to highlight.
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { intersection as polyclipIntersection } from 'polyclip-ts';
import type { Db } from '../db/connection.ts';
import { UnprocessableError } from '../http/errors.ts';
import type { FeatureImage } from '../store/features.ts';
import { registerCommitHook } from './hooks.ts';
import type { CommitContext } from './types.ts';
import {
  areaM2,
  bboxOf,
  interiorPoint,
  perimeterM,
  pointInRing,
  posKey,
  projectorFor,
  rewindPolys,
  segmentIntersection,
  onSegment,
  toPolys,
  type AreaGeometry,
  type Poly,
  type Pos,
} from '../grids/geom.ts';

/** One validation finding. */
export interface Problem {
  code:
    | 'invalid_geometry'
    | 'unclosed_ring'
    | 'too_few_points'
    | 'self_intersection'
    | 'hole_outside'
    | 'parts_overlap'
    | 'overlap'
    | 'outside_parent'
    | 'empty'
    | 'sliver';
  message: string;
  location: Pos | null;
  featureId?: number;
  part?: number;
  ring?: number;
  area?: number;
}

/** The result shape the page shows: the first problem's reason and location, and all problems. */
export interface ValidationResult {
  valid: boolean;
  reason: string | null;
  location: Pos | null;
  problems: Problem[];
}

/** Tolerances of the validation. */
export interface ValidationOptions {
  /** added overlap with a same-layer neighbour above this is refused (m²) */
  overlapToleranceM2: number;
  /** added area outside the parent community above this is refused (m²) */
  outsideToleranceM2: number;
  /** a part smaller than this is empty (m²) */
  minAreaM2: number;
  /** a part thinner than this mean width (2·area/perimeter, m) with compactness below `minCompactness` is a sliver */
  minWidthM: number;
  minCompactness: number;
}

export const DEFAULT_VALIDATION: ValidationOptions = {
  overlapToleranceM2: 1,
  outsideToleranceM2: 1,
  minAreaM2: 1,
  minWidthM: 1,
  minCompactness: 0.005,
};

/** Wraps problems into a ValidationResult. */
export function toResult(problems: Problem[]): ValidationResult {
  return { valid: problems.length === 0, reason: problems[0]?.message ?? null, location: problems[0]?.location ?? null, problems };
}

const pt = (p: Position): Pos => [p[0], p[1]];

/**
 * Shape checks of a Polygon/MultiPolygon (no database). Returns [] when valid.
 * `label` names the feature in messages (e.g. "grid 2205...-003").
 */
export function validateGeometryShape(g: Geometry | null | undefined, opts: ValidationOptions = DEFAULT_VALIDATION, label = 'the geometry'): Problem[] {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return [{ code: 'invalid_geometry', message: `${label} must be a Polygon or MultiPolygon`, location: null }];
  }
  const raw = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(raw) || raw.length === 0) return [{ code: 'empty', message: `${label} has no polygons`, location: null }];
  const problems: Problem[] = [];
  raw.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) {
      problems.push({ code: 'empty', message: `${label}: part ${pi + 1} has no rings`, location: null, part: pi });
      return;
    }
    poly.forEach((ring, ri) => {
      const where = `${label}: part ${pi + 1}, ${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
      if (!Array.isArray(ring) || ring.some((c) => !Array.isArray(c) || c.length < 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1]))) {
        problems.push({ code: 'invalid_geometry', message: `${where} has a position that is not a pair of finite numbers`, location: null, part: pi, ring: ri });
        return;
      }
      const bad = ring.find((c) => Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90);
      if (bad) problems.push({ code: 'invalid_geometry', message: `${where} has a position outside lon/lat range: [${bad[0]}, ${bad[1]}]`, location: null, part: pi, ring: ri });
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
        problems.push({ code: 'unclosed_ring', message: `${where} is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]`, location: pt(last), part: pi, ring: ri });
      }
      const distinct = new Set(ring.map(posKey)).size;
      if (ring.length < 4 || distinct < 3) {
        problems.push({ code: 'too_few_points', message: `${where} needs at least 3 distinct corners (has ${distinct})`, location: ring[0] ? pt(ring[0]) : null, part: pi, ring: ri });
      }
    });
  });
  if (problems.length > 0) return problems;
  const polys = rewindPolys(raw as Poly[]);
  const crossing = findSelfIntersection(polys);
  if (crossing) problems.push({ code: 'self_intersection', message: `${label} ${crossing.message}`, location: crossing.at, part: crossing.part, ring: crossing.ring });
  if (problems.length > 0) return problems;
  polys.forEach((poly, pi) => {
    for (let h = 1; h < poly.length; h++) {
      const probe = poly[h].find((c) => pointInRing(c, poly[0]) !== 0);
      if (probe && pointInRing(probe, poly[0]) < 0) {
        problems.push({ code: 'hole_outside', message: `${label}: hole ${h} of part ${pi + 1} lies outside its outer ring`, location: pt(probe), part: pi, ring: h });
      }
    }
  });
  for (let i = 0; i < polys.length; i++)
    for (let j = 0; j < polys.length; j++) {
      if (i === j) continue;
      const probe = interiorPoint(polys[i]);
      if (pointInRing(probe, polys[j][0]) > 0 && !polys[j].slice(1).some((h) => pointInRing(probe, h) > 0)) {
        problems.push({ code: 'parts_overlap', message: `${label}: part ${i + 1} lies inside part ${j + 1}`, location: probe, part: i });
        return problems;
      }
    }
  if (problems.length > 0) return problems;
  const pr = projectorFor(polys);
  polys.forEach((poly, pi) => {
    const area = areaM2([poly], pr);
    const perim = perimeterM([poly], pr);
    const where = polys.length > 1 ? `${label}: part ${pi + 1}` : label;
    if (area < opts.minAreaM2) {
      problems.push({ code: 'empty', message: `${where} is empty (${area.toFixed(2)} m²)`, location: pt(poly[0][0]), part: pi, area });
      return;
    }
    const width = (2 * area) / perim;
    const compact = (4 * Math.PI * area) / (perim * perim);
    if (width < opts.minWidthM && compact < opts.minCompactness) {
      problems.push({ code: 'sliver', message: `${where} is sliver-thin (mean width ${width.toFixed(2)} m, ${area.toFixed(1)} m²)`, location: interiorPoint(poly), part: pi, area });
    }
  });
  return problems;
}

interface Seg {
  a: Pos;
  b: Pos;
  part: number;
  ring: number;
  idx: number;
  n: number;
}

/** First crossing / touching of two segments that should not meet, with a message and place. */
function findSelfIntersection(polys: Poly[]): { message: string; at: Pos; part: number; ring: number } | null {
  const segs: Seg[] = [];
  polys.forEach((poly, pi) =>
    poly.forEach((ring, ri) => {
      for (let i = 0; i + 1 < ring.length; i++) segs.push({ a: ring[i], b: ring[i + 1], part: pi, ring: ri, idx: i, n: ring.length - 1 });
    }),
  );
  if (segs.length === 0) return null;
  const index = new Flatbush(segs.length);
  for (const s of segs) index.add(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
  index.finish();
  const name = (s: Seg) => `${polys.length > 1 ? `part ${s.part + 1} ` : ''}${s.ring === 0 ? 'outer ring' : `hole ${s.ring}`}`;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.a[0] === s.b[0] && s.a[1] === s.b[1]) continue;
    for (const j of index.search(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]))) {
      if (j <= i) continue;
      const t = segs[j];
      const sameRing = s.part === t.part && s.ring === t.ring;
      const adjacent = sameRing && (Math.abs(s.idx - t.idx) === 1 || Math.abs(s.idx - t.idx) === s.n - 1);
      if (adjacent) {
        // consecutive edges may only meet at their common vertex: a spike (going back along itself) is invalid
        const common = s.idx + 1 === t.idx || (t.idx === 0 && s.idx === s.n - 1) ? s.b : s.a;
        const other = common === s.b ? t.b : t.a;
        const mine = common === s.b ? s.a : s.b;
        if (onSegment(other, s.a, s.b) || onSegment(mine, t.a, t.b)) {
          return { message: `${name(s)} folds back on itself at [${common[0]}, ${common[1]}]`, at: common, part: s.part, ring: s.ring };
        }
        continue;
      }
      const x = segmentIntersection(s.a, s.b, t.a, t.b);
      const collinearTouch = onSegment(t.a, s.a, s.b) || onSegment(t.b, s.a, s.b) || onSegment(s.a, t.a, t.b) || onSegment(s.b, t.a, t.b);
      if (!x && !collinearTouch) continue;
      const at: Pos = x ? x.p : onSegment(t.a, s.a, s.b) ? t.a : onSegment(t.b, s.a, s.b) ? t.b : onSegment(s.a, t.a, t.b) ? s.a : s.b;
      if (!sameRing) {
        // different rings may touch at a shared vertex (a hole touching its outer ring, parts touching)
        const shared = [s.a, s.b].some((p) => [t.a, t.b].some((q) => p[0] === q[0] && p[1] === q[1]));
        const properCross = x && x.t > 1e-12 && x.t < 1 - 1e-12 && x.u > 1e-12 && x.u < 1 - 1e-12;
        if (shared && !properCross && !collinearOverlap(s, t)) continue;
        return { message: `${name(s)} and ${name(t)} cross at [${at[0]}, ${at[1]}]`, at, part: s.part, ring: s.ring };
      }
      return { message: `${name(s)} crosses itself at [${at[0]}, ${at[1]}] (edges ${s.idx + 1} and ${t.idx + 1})`, at, part: s.part, ring: s.ring };
    }
  }
  return null;
}

function collinearOverlap(s: Seg, t: Seg): boolean {
  const inner = (p: Pos, a: Pos, b: Pos) => onSegment(p, a, b) && !(p[0] === a[0] && p[1] === a[1]) && !(p[0] === b[0] && p[1] === b[1]);
  return inner(t.a, s.a, s.b) || inner(t.b, s.a, s.b) || inner(s.a, t.a, t.b) || inner(s.b, t.a, t.b) ||
    (s.a[0] === t.a[0] && s.a[1] === t.a[1] && s.b[0] === t.b[0] && s.b[1] === t.b[1]) ||
    (s.a[0] === t.b[0] && s.a[1] === t.b[1] && s.b[0] === t.a[0] && s.b[1] === t.a[1]);
}

/** Area (m²) of the intersection of two area geometries and a point inside it (null when they do not overlap). */
export function overlapOf(a: AreaGeometry, b: AreaGeometry): { area: number; at: Pos | null } {
  const pa = toPolys(a);
  const pb = toPolys(b);
  const [ax0, ay0, ax1, ay1] = bboxOf(pa);
  const [bx0, by0, bx1, by1] = bboxOf(pb);
  if (ax0 > bx1 || bx0 > ax1 || ay0 > by1 || by0 > ay1) return { area: 0, at: null };
  let inter: Poly[];
  try {
    inter = polyclipIntersection(pa as never, pb as never) as Poly[];
  } catch {
    return { area: 0, at: null };
  }
  if (inter.length === 0) return { area: 0, at: null };
  const pr = projectorFor(pa);
  const area = areaM2(rewindPolys(inter), pr);
  const biggest = inter.map((p) => ({ p, a: areaM2(rewindPolys([p]), pr) })).sort((x, y) => y.a - x.a)[0];
  return { area, at: interiorPoint(rewindPolys([biggest.p])[0]) };
}

/** Area (m²) of `a` outside `outer`, and a point in the largest such piece. */
export function outsideOf(a: AreaGeometry, outer: AreaGeometry): { area: number; at: Pos | null } {
  const pa = toPolys(a);
  const pr = projectorFor(pa);
  const total = areaM2(rewindPolys(pa), pr);
  const inside = overlapOf(a, outer).area;
  const area = Math.max(0, total - inside);
  if (area <= 0) return { area: 0, at: null };
  const probe = pa.flat(1).flat(1).find((c) => pointInPolysSafe(c, toPolys(outer)) < 0);
  return { area, at: probe ? pt(probe) : interiorPoint(pa[0]) };
}

function pointInPolysSafe(c: Position, polys: Poly[]): number {
  for (const p of polys) {
    const o = pointInRing(c, p[0]);
    if (o >= 0 && !p.slice(1).some((h) => pointInRing(c, h) > 0)) return o;
  }
  return -1;
}

/** What validateEdit needs to know about the edit. */
export interface EditToCheck {
  layer: string;
  /** the feature being edited (omitted for a new feature) */
  id?: number | null;
  geometry: Geometry;
  /** geometry before the edit (omitted for a new feature) */
  before?: AreaGeometry | null;
  /** the grid's community (grids only) */
  parentId?: number | null;
  /** features to ignore as neighbours (e.g. grids retired by the same merge) */
  ignoreIds?: Iterable<number>;
  /** neighbours' geometries before this change, when they change in the same commit */
  neighbourBefore?: Map<number, AreaGeometry>;
  /** name used in messages */
  label?: string;
}

interface Row {
  id: number;
  code: string;
  geometry: string;
}

/**
 * Full validation of one edited area feature against the database (read-only): shape
 * problems, then added overlap with live same-layer neighbours (R*Tree candidates, then an
 * exact intersection) and, for grids, added area outside the parent community.
 */
export function validateEdit(db: Db, edit: EditToCheck, opts: ValidationOptions = DEFAULT_VALIDATION): ValidationResult {
  const label = edit.label ?? (edit.id ? `${edit.layer} #${edit.id}` : `the new ${edit.layer} feature`);
  const shape = validateGeometryShape(edit.geometry, opts, label);
  if (shape.length > 0) return toResult(shape);
  const geom = edit.geometry as AreaGeometry;
  const problems: Problem[] = [];
  const ignore = new Set<number>(edit.ignoreIds ?? []);
  if (edit.id != null) ignore.add(edit.id);
  const [minx, miny, maxx, maxy] = bboxOf(toPolys(geom));
  const rows = db
    .prepare(
      `SELECT f.id, f.code, f.geometry FROM features_rtree r JOIN features f ON f.id = r.id
       WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND f.layer = ? AND f.retired_at IS NULL`,
    )
    .all(maxx, minx, maxy, miny, edit.layer) as Row[];
  for (const row of TILING_LAYERS.has(edit.layer) ? rows : []) {
    if (ignore.has(row.id)) continue;
    const nb = JSON.parse(row.geometry) as AreaGeometry;
    const after = overlapOf(geom, nb);
    if (after.area <= opts.overlapToleranceM2) continue;
    const nbBefore = edit.neighbourBefore?.get(row.id) ?? nb;
    const before = edit.before ? overlapOf(edit.before, nbBefore).area : 0;
    if (after.area - before > opts.overlapToleranceM2) {
      problems.push({
        code: 'overlap',
        message: `${label} overlaps ${edit.layer} ${row.code} (#${row.id}) by ${after.area.toFixed(1)} m²${before > 0 ? ` (was ${before.toFixed(1)} m²)` : ''}`,
        location: after.at,
        featureId: row.id,
        area: after.area,
      });
    }
  }
  if (edit.layer === 'grids' && edit.parentId != null) {
    const parent = db.prepare(`SELECT id, code, geometry FROM features WHERE id = ?`).get(edit.parentId) as Row | undefined;
    if (parent) {
      const pg = JSON.parse(parent.geometry) as AreaGeometry;
      const out = outsideOf(geom, pg);
      if (out.area > opts.outsideToleranceM2) {
        const before = edit.before ? outsideOf(edit.before, pg).area : 0;
        if (out.area - before > opts.outsideToleranceM2) {
          problems.push({
            code: 'outside_parent',
            message: `${label} reaches ${out.area.toFixed(1)} m² outside its community ${parent.code} (#${parent.id})`,
            location: out.at,
            featureId: parent.id,
            area: out.area,
          });
        }
      }
    }
  }
  return toResult(problems);
}

/** Layers whose edits the commit hook checks for added overlap (they must tile without overlap). */
export const TILING_LAYERS: ReadonlySet<string> = new Set(['townships', 'communities', 'grids']);

/**
 * Commit hook: every created / reshaped / restored feature of a tiling layer (grids,
 * communities, townships) is validated against the post-change database — shape (grids:
 * empty or sliver-thin too), added overlap with live same-layer neighbours, and for grids added
 * area outside the community. Any problem throws 422 (rolling the change back) with the
 * problems and the first offending location in details.
 */
export function editValidationHook(ctx: CommitContext): { checked: number } {
  if (ctx.change.kind === 'seed') return { checked: 0 };
  const neighbourBefore = new Map<number, AreaGeometry>();
  for (const r of ctx.revisions) {
    const b = r.before as FeatureImage | null;
    if (r.entity === 'feature' && b && b.retiredAt === null && isAreaGeometry(b.geometry)) neighbourBefore.set(r.id, b.geometry);
  }
  let checked = 0;
  const failures: { id: number; code: string; problems: Problem[] }[] = [];
  for (const r of ctx.revisions) {
    if (r.entity !== 'feature' || !r.layer || !TILING_LAYERS.has(r.layer) || r.op === 'retire') continue;
    const a = r.after as FeatureImage | null;
    const b = r.before as FeatureImage | null;
    if (!a || !isAreaGeometry(a.geometry)) continue;
    const before = b && b.retiredAt === null && isAreaGeometry(b.geometry) ? b.geometry : null;
    if (before && JSON.stringify(before) === JSON.stringify(a.geometry)) continue;
    checked++;
    const label = `${r.layer === 'grids' ? 'grid' : r.layer} ${a.code}`;
    const res = validateEdit(
      ctx.db,
      { layer: r.layer, id: r.id, geometry: a.geometry, before, parentId: a.parentId, neighbourBefore, label },
      r.layer === 'grids' ? DEFAULT_VALIDATION : { ...DEFAULT_VALIDATION, minAreaM2: 0, minWidthM: 0 },
    );
    if (!res.valid) failures.push({ id: r.id, code: a.code, problems: res.problems });
  }
  if (failures.length > 0) {
    const first = failures[0].problems[0];
    throw new UnprocessableError(first.message, { problems: failures.flatMap((f) => f.problems.map((p) => ({ ...p, id: f.id }))), location: first.location, features: failures }, first.code);
  }
  return { checked };
}

function isAreaGeometry(g: Geometry | null | undefined): g is AreaGeometry {
  return !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
}

let installed = false;

/** Registers the edit validation hook once per process (idempotent). */
export function installEditValidationHook(): void {
  if (installed) return;
  registerCommitHook('edit-validation', editValidationHook);
  installed = true;
}
