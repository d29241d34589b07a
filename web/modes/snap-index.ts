import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import type { Position } from 'geojson';
import { edgesOf, verticesOf } from './rings.ts';
import type { AreaFeature, FeatureId, LngLat, ModeAdapter, Pixel } from './types.ts';

/** Default snapping distance in screen pixels. */
export const DEFAULT_SNAP_TOLERANCE_PX = 10;

/** Where a pointer snapped to: an existing vertex (its exact coordinates) or a point on an edge. */
export interface SnapResult {
  kind: 'vertex' | 'edge';
  lngLat: LngLat;
  /** the feature(s) owning the vertex, or the feature owning the edge */
  featureIds: FeatureId[];
  /** pixel distance from the pointer */
  distancePx: number;
  /** for 'edge': the edge's end points */
  edge?: [LngLat, LngLat];
}

/** Options of one snap query. */
export interface SnapQuery {
  tolerancePx?: number;
  /** candidate vertices for which this returns true are skipped (e.g. the vertex being dragged) */
  ignoreVertex?: (position: LngLat) => boolean;
  /** candidate edges for which this returns true are skipped (e.g. edges that move with the drag) */
  ignoreEdge?: (a: LngLat, b: LngLat) => boolean;
}

/**
 * Snapping candidates of a set of polygon features: their distinct vertices in a KDBush and
 * their edges in a Flatbush, both in lng/lat. Queries measure distance in screen pixels,
 * so the tolerance means the same at every zoom. Vertices win over edges.
 */
export class SnapIndex {
  private readonly vertexPositions: LngLat[] = [];
  private readonly vertexOwners: FeatureId[][] = [];
  private readonly vertexTree: KDBush | null;
  private readonly edges: { a: LngLat; b: LngLat; owner: FeatureId }[] = [];
  private readonly edgeTree: Flatbush | null;

  /** Indexes the vertices and edges of `features`. */
  constructor(features: readonly AreaFeature[]) {
    const byKey = new Map<string, number>();
    const edgeKeys = new Set<string>();
    for (const f of features) {
      if (!f.geometry) continue;
      for (const { position } of verticesOf(f.geometry)) {
        const key = `${position[0]},${position[1]}`;
        let i = byKey.get(key);
        if (i === undefined) {
          i = this.vertexPositions.length;
          byKey.set(key, i);
          this.vertexPositions.push([position[0], position[1]]);
          this.vertexOwners.push([]);
        }
        if (!this.vertexOwners[i].includes(f.id)) this.vertexOwners[i].push(f.id);
      }
      for (const { a, b } of edgesOf(f.geometry)) {
        const key = `${f.id}|${a[0]},${a[1]}|${b[0]},${b[1]}`;
        if (edgeKeys.has(key)) continue;
        edgeKeys.add(key);
        this.edges.push({ a: toLngLat(a), b: toLngLat(b), owner: f.id });
      }
    }
    this.vertexTree = this.vertexPositions.length ? new KDBush(this.vertexPositions.length) : null;
    if (this.vertexTree) {
      for (const [x, y] of this.vertexPositions) this.vertexTree.add(x, y);
      this.vertexTree.finish();
    }
    this.edgeTree = this.edges.length ? new Flatbush(this.edges.length) : null;
    if (this.edgeTree) {
      for (const { a, b } of this.edges) {
        this.edgeTree.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
      }
      this.edgeTree.finish();
    }
  }

  /** Number of distinct vertices indexed. */
  get vertexCount(): number {
    return this.vertexPositions.length;
  }

  /** Number of edges indexed. */
  get edgeCount(): number {
    return this.edges.length;
  }

  /**
   * The snap target for a pointer at `pixel`: the nearest vertex within the tolerance, else the
   * nearest point on an edge within the tolerance, else null. A vertex result returns the
   * vertex's own numbers, so the snapped point equals the neighbour's vertex exactly.
   */
  snap(pixel: Pixel, adapter: Pick<ModeAdapter, 'project' | 'unproject'>, query: SnapQuery = {}): SnapResult | null {
    const tol = query.tolerancePx ?? DEFAULT_SNAP_TOLERANCE_PX;
    const box = searchBox(pixel, tol, adapter);
    let best: SnapResult | null = null;
    if (this.vertexTree) {
      for (const i of this.vertexTree.range(box[0], box[1], box[2], box[3])) {
        const pos = this.vertexPositions[i];
        if (query.ignoreVertex?.(pos)) continue;
        const d = distance(adapter.project(pos), pixel);
        if (d <= tol && (!best || d < best.distancePx)) {
          best = { kind: 'vertex', lngLat: [pos[0], pos[1]], featureIds: [...this.vertexOwners[i]], distancePx: d };
        }
      }
    }
    if (best || !this.edgeTree) return best;
    for (const i of this.edgeTree.search(box[0], box[1], box[2], box[3])) {
      const { a, b, owner } = this.edges[i];
      if (query.ignoreEdge?.(a, b)) continue;
      const pa = adapter.project(a);
      const pb = adapter.project(b);
      const t = closestParameter(pixel, pa, pb);
      const d = distance({ x: pa.x + t * (pb.x - pa.x), y: pa.y + t * (pb.y - pa.y) }, pixel);
      if (d <= tol && (!best || d < best.distancePx)) {
        best = {
          kind: 'edge',
          lngLat: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
          featureIds: [owner],
          distancePx: d,
          edge: [a, b],
        };
      }
    }
    return best;
  }
}

function toLngLat(p: Position): LngLat {
  return [p[0], p[1]];
}

/** The lng/lat box covering a square of ±tol pixels around `pixel` (all four corners, any projection). */
function searchBox(pixel: Pixel, tol: number, adapter: Pick<ModeAdapter, 'unproject'>): [number, number, number, number] {
  const corners = [
    adapter.unproject({ x: pixel.x - tol, y: pixel.y - tol }),
    adapter.unproject({ x: pixel.x + tol, y: pixel.y - tol }),
    adapter.unproject({ x: pixel.x - tol, y: pixel.y + tol }),
    adapter.unproject({ x: pixel.x + tol, y: pixel.y + tol }),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Pixel distance. */
export function distance(a: Pixel, b: Pixel): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Parameter t in [0,1] of the point of segment a–b closest to p. */
export function closestParameter(p: Pixel, a: Pixel, b: Pixel): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  return Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
}
