/**
 * Planar-partition helpers for the demo generator: Voronoi partition of a polygon, a
 * topology repair that makes neighbours share bit-identical vertices, and an exact union
 * of edge-sharing polygons by cancelling shared edges.
 * Coordinates are lon/lat (WGS84); orientation follows RFC 7946 (outer CCW, holes CW).
 */
import { voronoi } from '@turf/turf';
import { featureCollection, point } from '@turf/helpers';
import { intersectD, FillRule, type PathsD } from '@countertype/clipper2-ts';
import KDBush from 'kdbush';
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import type { Rng } from './gen-random.ts';

export type Pos = [number, number];
export type Ring = Pos[];
export type Poly = Ring[];
export type MultiPoly = Poly[];

/** Twice the signed planar area of a closed ring (positive = counter-clockwise). */
export function ringArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

/** Closes rings, drops repeated vertices and degenerate rings, and orients outer CCW / holes CW. */
export function normalizeMulti(mp: MultiPoly): MultiPoly {
  const out: MultiPoly = [];
  for (const poly of mp) {
    const rings: Ring[] = [];
    poly.forEach((ring, ri) => {
      const r: Ring = [];
      for (const p of ring) {
        const last = r[r.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push([p[0], p[1]]);
      }
      if (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]) r.pop();
      if (r.length < 3) return;
      r.push([r[0][0], r[0][1]]);
      const a = ringArea2(r);
      if (a === 0) return;
      if ((ri === 0) !== (a > 0)) r.reverse();
      rings.push(r);
    });
    if (rings.length && ringArea2(rings[0]) > 0) out.push(rings);
  }
  return out;
}

/** Converts GeoJSON Polygon/MultiPolygon coordinates to a MultiPoly. */
export function toMulti(g: Geometry): MultiPoly {
  if (g.type === 'Polygon') return [g.coordinates as Poly];
  if (g.type === 'MultiPolygon') return g.coordinates as MultiPoly;
  throw new Error(`expected Polygon or MultiPolygon, got ${g.type}`);
}

/** A GeoJSON geometry from a MultiPoly (Polygon when it has one part); coordinates are copied. */
export function toGeometry(mp: MultiPoly): Geometry {
  const copy = mp.map((poly) => poly.map((ring) => ring.map((p) => [p[0], p[1]] as Position)));
  return copy.length === 1 ? { type: 'Polygon', coordinates: copy[0] } : { type: 'MultiPolygon', coordinates: copy };
}

/** [minX, minY, maxX, maxY] of a MultiPoly. */
export function bboxOf(mp: MultiPoly): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const poly of mp) for (const p of poly[0]) {
    if (p[0] < a) a = p[0];
    if (p[1] < b) b = p[1];
    if (p[0] > c) c = p[0];
    if (p[1] > d) d = p[1];
  }
  return [a, b, c, d];
}

/** Even-odd point-in-polygon over all rings of a MultiPoly. */
export function pointInMulti(p: Pos, mp: MultiPoly): boolean {
  let inside = false;
  const [x, y] = p;
  for (const poly of mp) for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Total vertex count (closing vertices included). */
export function vertexCount(mp: MultiPoly): number {
  let n = 0;
  for (const poly of mp) for (const ring of poly) n += ring.length;
  return n;
}

/**
 * `count` well-spread random points inside `mp` (best-candidate sampling), also kept away
 * from the `avoid` points. Deterministic for a given rng state.
 */
export function samplePointsInside(mp: MultiPoly, count: number, rng: Rng, avoid: Pos[] = []): Pos[] {
  const [x0, y0, x1, y1] = bboxOf(mp);
  const kx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const chosen: Pos[] = [];
  const all = avoid.slice();
  for (let n = 0; n < count; n++) {
    let best: Pos | null = null;
    let bestD = -1;
    for (let tries = 0, found = 0; found < 8 && tries < 4000; tries++) {
      const c: Pos = [x0 + rng.next() * (x1 - x0), y0 + rng.next() * (y1 - y0)];
      if (!pointInMulti(c, mp)) continue;
      found++;
      let d = Infinity;
      for (const q of all) d = Math.min(d, ((c[0] - q[0]) * kx) ** 2 + (c[1] - q[1]) ** 2);
      if (d > bestD) { bestD = d; best = c; }
    }
    if (!best) throw new Error(`could not place a point inside polygon with bbox ${[x0, y0, x1, y1].join(',')}`);
    chosen.push(best);
    all.push(best);
  }
  return chosen;
}

/** Splits `parent` into the Voronoi cells of `seeds` (each seed inside parent); one MultiPoly per seed. */
export function voronoiPartition(parent: MultiPoly, seeds: Pos[]): MultiPoly[] {
  if (seeds.length === 1) return [normalizeMulti(parent)];
  const [x0, y0, x1, y1] = bboxOf(parent);
  const pad = Math.max(x1 - x0, y1 - y0);
  const cells = voronoi(featureCollection(seeds.map((s) => point(s))), { bbox: [x0 - pad, y0 - pad, x1 + pad, y1 + pad] });
  // index the parent's edges: a cell whose bbox meets none of them lies wholly inside the parent
  // (its seed is inside), so it needs no clipping
  const edges: number[] = [];
  for (const poly of parent) for (const ring of poly) for (let i = 0; i < ring.length - 1; i++) edges.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
  const index = new Flatbush(edges.length / 4);
  for (let e = 0; e < edges.length; e += 4) {
    index.add(Math.min(edges[e], edges[e + 2]), Math.min(edges[e + 1], edges[e + 3]), Math.max(edges[e], edges[e + 2]), Math.max(edges[e + 1], edges[e + 3]));
  }
  index.finish();
  return cells.features.map((cell, i) => {
    if (!cell) throw new Error(`voronoi cell ${i} missing (duplicate seed?)`);
    const mp = toMulti(cell.geometry);
    const [a, b, c, d] = bboxOf(mp);
    if (index.search(a, b, c, d).length === 0) return normalizeMulti(mp);
    return clipMulti(mp, parent);
  });
}

const toPaths = (mp: MultiPoly): PathsD =>
  mp.flatMap((poly) => poly.map((ring) => ring.slice(0, -1).map((p) => ({ x: p[0], y: p[1] }))));

/** Rebuilds polygons from flat rings: positive rings are outers, negative ones holes of the smallest outer holding them. */
export function ringsToMulti(rings: Ring[]): MultiPoly {
  const closed = rings.filter((r) => r.length >= 3).map((r) => [...r, r[0]] as Ring);
  const outers = closed.filter((r) => ringArea2(r) > 0).sort((a, b) => ringArea2(a) - ringArea2(b)).map((r) => [r] as Poly);
  for (const hole of closed.filter((r) => ringArea2(r) < 0)) {
    const host = outers.find((o) => hole.some((p) => pointInMulti(p, [[o[0]]])));
    if (host) host.push(hole);
  }
  return normalizeMulti(outers);
}

/** Intersection of two MultiPolys (Clipper2, 1e-8° precision: about 1 mm). */
export function clipMulti(a: MultiPoly, b: MultiPoly): MultiPoly {
  const out = intersectD(toPaths(a), toPaths(b), FillRule.NonZero, 8);
  return ringsToMulti(out.map((path) => path.map((p) => [p.x, p.y] as Pos)));
}

const key = (p: Pos): string => `${p[0]},${p[1]}`;

/**
 * Makes a set of polygons topologically consistent, in place: vertices closer than `eps`
 * degrees are snapped to the first one seen (list the real, highest-priority polygons first),
 * and every vertex lying on another polygon's edge is inserted into that edge. Afterwards
 * neighbours share bit-identical boundary vertices.
 */
export function repairTopology(polys: MultiPoly[], eps = 3e-8): void {
  const index = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const ids: Int32Array[][][] = polys.map((mp) => mp.map((poly) => poly.map((ring) => {
    const out = new Int32Array(ring.length);
    ring.forEach((p, i) => {
      const k = key(p);
      let id = index.get(k);
      if (id === undefined) { id = xs.length; index.set(k, id); xs.push(p[0]); ys.push(p[1]); }
      out[i] = id;
    });
    return out;
  })));
  const tree = new KDBush(xs.length);
  for (let i = 0; i < xs.length; i++) tree.add(xs[i], ys[i]);
  tree.finish();
  const canon = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    if (canon[i] !== -1) continue;
    canon[i] = i;
    for (const j of tree.within(xs[i], ys[i], eps)) if (canon[j] === -1) canon[j] = i;
  }
  for (let pi = 0; pi < polys.length; pi++) {
    const mp = polys[pi];
    mp.forEach((poly, qi) => {
      for (let ri = 0; ri < poly.length; ri++) {
        const snapped: number[] = [];
        for (const id of ids[pi][qi][ri]) {
          const c = canon[id];
          if (snapped[snapped.length - 1] !== c) snapped.push(c);
        }
        const out: Pos[] = [];
        for (let i = 0; i < snapped.length - 1; i++) {
          const ia = snapped[i], ib = snapped[i + 1];
          const ax = xs[ia], ay = ys[ia], bx = xs[ib], by = ys[ib];
          out.push([ax, ay]);
          const dx = bx - ax, dy = by - ay;
          const len2 = dx * dx + dy * dy;
          let hits: { t: number; j: number }[] | null = null;
          for (const j of tree.range(Math.min(ax, bx) - eps, Math.min(ay, by) - eps, Math.max(ax, bx) + eps, Math.max(ay, by) + eps)) {
            if (canon[j] !== j || j === ia || j === ib) continue;
            const px = xs[j], py = ys[j];
            const t = ((px - ax) * dx + (py - ay) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            const ex = ax + t * dx - px, ey = ay + t * dy - py;
            if (ex * ex + ey * ey <= eps * eps) (hits ??= []).push({ t, j });
          }
          if (hits) {
            hits.sort((u, v) => u.t - v.t);
            for (const h of hits) out.push([xs[h.j], ys[h.j]]);
          }
        }
        const last = snapped[snapped.length - 1];
        out.push([xs[last], ys[last]]);
        poly[ri] = out;
      }
    });
    polys[pi] = normalizeMulti(mp);
  }
}

/**
 * Like repairTopology, but only over the polygons whose bbox meets one of `extra` (new
 * polygons cut from already repaired ones), which are appended at the end of the work list.
 * Returns the repaired `extra` polygons; `polys` entries are replaced in place.
 */
export function repairAround(polys: MultiPoly[], extra: MultiPoly[], eps = 3e-8): MultiPoly[] {
  if (!extra.length) return [];
  const boxes = extra.map(bboxOf);
  const fb = new Flatbush(boxes.length);
  for (const b of boxes) fb.add(b[0] - eps, b[1] - eps, b[2] + eps, b[3] + eps);
  fb.finish();
  const chosen = polys.map((mp, i) => i).filter((i) => { const b = bboxOf(polys[i]); return fb.search(b[0], b[1], b[2], b[3]).length > 0; });
  const work = [...chosen.map((i) => polys[i]), ...extra];
  repairTopology(work, eps);
  chosen.forEach((i, k) => { polys[i] = work[k]; });
  return work.slice(chosen.length);
}

/** Directed edge keys of a MultiPoly. */
export function directedEdges(mp: MultiPoly): string[] {
  const edges: string[] = [];
  for (const poly of mp) for (const ring of poly) for (let i = 0; i < ring.length - 1; i++) edges.push(`${key(ring[i])}|${key(ring[i + 1])}`);
  return edges;
}

/**
 * Exact union of polygons that share bit-identical boundaries (after repairTopology):
 * shared edges cancel, the remaining edges are chained into rings. Output reuses input vertices.
 */
export function unionByEdges(parts: MultiPoly[]): MultiPoly {
  const count = new Map<string, number>();
  const coords = new Map<string, Pos>();
  for (const mp of parts) for (const poly of mp) for (const ring of poly) for (let i = 0; i < ring.length - 1; i++) {
    const ka = key(ring[i]);
    const kb = key(ring[i + 1]);
    coords.set(ka, ring[i]);
    const rev = `${kb}|${ka}`;
    const c = count.get(rev) ?? 0;
    if (c > 0) {
      if (c === 1) count.delete(rev); else count.set(rev, c - 1);
    } else {
      const k = `${ka}|${kb}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  }
  const outgoing = new Map<string, string[]>();
  for (const [e, c] of count) {
    const [a, b] = e.split('|');
    for (let i = 0; i < c; i++) {
      const list = outgoing.get(a);
      if (list) list.push(b); else outgoing.set(a, [b]);
    }
  }
  const rings: Ring[] = [];
  for (const start of [...outgoing.keys()].sort()) {
    while ((outgoing.get(start)?.length ?? 0) > 0) {
      const ring: Ring = [coords.get(start)!];
      let prev = start;
      let cur = outgoing.get(start)!.pop()!;
      let guard = 0;
      while (cur !== start) {
        if (++guard > 10_000_000) throw new Error('unionByEdges: ring does not close');
        ring.push(coords.get(cur)!);
        const options = outgoing.get(cur);
        if (!options || options.length === 0) throw new Error(`unionByEdges: dangling edge at ${cur}`);
        let pick = 0;
        if (options.length > 1) {
          // at a pinch vertex take the sharpest left turn, keeping each ring around its own face
          const p = coords.get(prev)!, c = coords.get(cur)!;
          const inAng = Math.atan2(c[1] - p[1], c[0] - p[0]);
          let best = -Infinity;
          options.forEach((o, i) => {
            const q = coords.get(o)!;
            let turn = Math.atan2(q[1] - c[1], q[0] - c[0]) - inAng;
            while (turn <= -Math.PI) turn += 2 * Math.PI;
            while (turn > Math.PI) turn -= 2 * Math.PI;
            if (turn > best) { best = turn; pick = i; }
          });
        }
        const next = options.splice(pick, 1)[0];
        prev = cur;
        cur = next;
      }
      ring.push(coords.get(start)!);
      rings.push(ring);
    }
  }
  const outers = rings.filter((r) => ringArea2(r) > 0).map((r) => [r] as Poly);
  for (const hole of rings.filter((r) => ringArea2(r) < 0)) {
    let host: Poly | undefined;
    let hostArea = Infinity;
    for (const o of outers) {
      const a = ringArea2(o[0]);
      if (a < hostArea && hole.some((p) => !o[0].some((q) => q[0] === p[0] && q[1] === p[1]) && pointInMulti(p, [[o[0]]]))) {
        host = o; hostArea = a;
      }
    }
    if (!host) throw new Error('unionByEdges: hole outside every outer ring');
    host.push(hole);
  }
  return outers;
}

/** Index pairs of polygons that share at least one edge (in opposite directions). */
export function edgeAdjacency(polys: MultiPoly[]): Set<number>[] {
  const owner = new Map<string, number>();
  polys.forEach((mp, i) => { for (const e of directedEdges(mp)) owner.set(e, i); });
  const adj = polys.map(() => new Set<number>());
  polys.forEach((mp, i) => {
    for (const e of directedEdges(mp)) {
      const [a, b] = e.split('|');
      const j = owner.get(`${b}|${a}`);
      if (j !== undefined && j !== i) { adj[i].add(j); adj[j].add(i); }
    }
  });
  return adj;
}
