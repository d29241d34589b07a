/**
 * Validity checks on projected rings: proper edge crossings / collinear overlaps within a
 * feature (self-intersection) and MultiPolygon parts lying inside each other.
 */

/** floor(v) clamped to [0, n − 1] as an int32 (see overlap-area.ts's bucketOf: no boxed doubles). */
function stripOf(v: number, n: number): number {
  return v >= n ? n - 1 : v > 0 ? v | 0 : 0;
}

/** Orientation of c relative to the directed line a→b (twice the signed triangle area). */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

// scratch buffers, grown on demand (single-threaded, never re-entered)
let cap = 0;
let ex0 = new Float64Array(0), ey0 = ex0, ex1 = ex0, ey1 = ex0, eminx = ex0, emaxx = ex0, eminy = ex0, emaxy = ex0;
let ringOf = new Int32Array(0), posOf = ringOf, lenOf = ringOf, bucketOf = ringOf;
let bStart = new Int32Array(0), bItems = new Int32Array(0);

function grow(m: number): void {
  if (m <= cap) return;
  cap = Math.max(m, cap * 2, 1024);
  ex0 = new Float64Array(cap); ey0 = new Float64Array(cap); ex1 = new Float64Array(cap); ey1 = new Float64Array(cap);
  eminx = new Float64Array(cap); emaxx = new Float64Array(cap); eminy = new Float64Array(cap); emaxy = new Float64Array(cap);
  ringOf = new Int32Array(cap); posOf = new Int32Array(cap); lenOf = new Int32Array(cap); bucketOf = new Int32Array(cap);
  bItems = new Int32Array(cap);
}

/**
 * Find one pair of non-adjacent edges (over all rings of a feature) that cross properly, or two
 * edges overlapping collinearly in the same direction. Touching at a vertex and spikes/slits
 * (running back along itself) are allowed: they change no winding number, hence no area.
 * Returns a description or null. Edges are bucketed by their left end into vertical strips about
 * two edges wide; an edge is compared with the edges of its own strip and of the strips its
 * x-range reaches to the right: O(n) for ordinary rings.
 */
export function findSelfIntersection(rings: Float64Array[]): string | null {
  let m = 0;
  for (const r of rings) m += r.length >> 1;
  grow(m);
  let k = 0, minX = Infinity, maxX = -Infinity;
  for (let ri = 0; ri < rings.length; ri++) {
    const r = rings[ri];
    const n = r.length >> 1;
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const ax = r[2 * i], ay = r[2 * i + 1], bx = r[2 * j], by = r[2 * j + 1];
      ex0[k] = ax; ey0[k] = ay; ex1[k] = bx; ey1[k] = by;
      if (ax < bx) { eminx[k] = ax; emaxx[k] = bx; } else { eminx[k] = bx; emaxx[k] = ax; }
      if (ay < by) { eminy[k] = ay; emaxy[k] = by; } else { eminy[k] = by; emaxy[k] = ay; }
      ringOf[k] = ri; posOf[k] = i; lenOf[k] = n; k++;
      if (ax < minX) minX = ax;
      if (ax > maxX) maxX = ax;
    }
  }
  const K = Math.max(1, m >> 1);
  const inv = maxX > minX ? K / (maxX - minX) : 0;
  if (bStart.length < K + 2) bStart = new Int32Array(Math.max(K + 2, bStart.length * 2));
  bStart.fill(0, 0, K + 2);
  for (let e = 0; e < m; e++) {
    const b = stripOf((eminx[e] - minX) * inv, K);
    bucketOf[e] = b;
    bStart[b + 2]++;
  }
  for (let b = 0; b < K; b++) bStart[b + 2] += bStart[b + 1];
  for (let e = 0; e < m; e++) bItems[bStart[bucketOf[e] + 1]++] = e;
  // bucket b holds [bStart[b], bStart[b+1])
  for (let p = 0; p < m; p++) {
    const a = bItems[p];
    const amaxx = emaxx[a], aminy = eminy[a], amaxy = emaxy[a];
    const last = stripOf((amaxx - minX) * inv, K);
    const end = bStart[last + 1];
    for (let q = p + 1; q < end; q++) {
      const b = bItems[q];
      if (eminx[b] > amaxx || emaxy[b] < aminy || eminy[b] > amaxy) continue;
      const hit = testPair(a, b);
      if (hit) return hit;
    }
  }
  return null;
}

function testPair(a: number, b: number): string | null {
  let adjacent = false;
  if (ringOf[a] === ringOf[b]) {
    const d = Math.abs(posOf[a] - posOf[b]);
    adjacent = d === 1 || d === lenOf[a] - 1;
  }
  const o1 = orient(ex0[a], ey0[a], ex1[a], ey1[a], ex0[b], ey0[b]);
  const o2 = orient(ex0[a], ey0[a], ex1[a], ey1[a], ex1[b], ey1[b]);
  if (o1 === 0 && o2 === 0) {
    // Collinear. Running back along itself (a spike or a slit, opposite directions) changes no
    // winding number, so it is harmless; the same direction twice means a doubled boundary.
    const dx = ex1[a] - ex0[a], dy = ey1[a] - ey0[a];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) return null;
    if (dx * (ex1[b] - ex0[b]) + dy * (ey1[b] - ey0[b]) <= 0) return null;
    const t0 = ((ex0[b] - ex0[a]) * dx + (ey0[b] - ey0[a]) * dy) / len2;
    const t1 = ((ex1[b] - ex0[a]) * dx + (ey1[b] - ey0[a]) * dy) / len2;
    const lo = Math.max(0, Math.min(t0, t1)), hi = Math.min(1, Math.max(t0, t1));
    return hi - lo > 1e-12 ? describe(ringOf[a], posOf[a], ringOf[b], posOf[b], 'run along each other in the same direction') : null;
  }
  if (adjacent) return null;
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0) || o1 === 0 || o2 === 0) return null;
  const o3 = orient(ex0[b], ey0[b], ex1[b], ey1[b], ex0[a], ey0[a]);
  const o4 = orient(ex0[b], ey0[b], ex1[b], ey1[b], ex1[a], ey1[a]);
  return (o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0) ? describe(ringOf[a], posOf[a], ringOf[b], posOf[b], 'cross') : null;
}

function describe(ra: number, ea: number, rb: number, eb: number, what: string): string {
  return `edge ${ea} of ring ${ra} and edge ${eb} of ring ${rb} ${what}`;
}

/**
 * Fast sufficient test for a simple ring: star-shaped around its area centroid, i.e. every edge
 * turns counter-clockwise around the centroid (cross product > 0) and the ring winds around it
 * exactly once (one crossing of the ray towards +x). Such a ring cannot cross itself. Voronoi-like
 * cells pass; anything else falls back to the sweep. The ring must be counter-clockwise.
 */
export function isStarShaped(r: Float64Array): boolean {
  const n = r.length >> 1;
  const ox = r[0], oy = r[1];
  let a2 = 0, cx = 0, cy = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const x0 = r[2 * i] - ox, y0 = r[2 * i + 1] - oy, x1 = r[2 * j] - ox, y1 = r[2 * j + 1] - oy;
    const c = x0 * y1 - x1 * y0;
    a2 += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
  }
  if (!(a2 > 0)) return false;
  cx = cx / (3 * a2) + ox; cy = cy / (3 * a2) + oy;
  let crossings = 0;
  let px = r[2 * n - 2] - cx, py = r[2 * n - 1] - cy;
  for (let i = 0; i < n; i++) {
    const x = r[2 * i] - cx, y = r[2 * i + 1] - cy;
    // relative tolerance: a vertex almost in line with the centre is not decisive
    if (px * y - x * py <= 1e-12 * (Math.abs(px * y) + Math.abs(x * py))) return false;
    if (py < 0 && y >= 0) crossings++;
    else if (py >= 0 && y < 0) crossings++;
    px = x; py = y;
  }
  // a counter-clockwise star winds once: the +x ray is crossed upwards once; with all turns positive
  // the number of sign changes of y is 2 per turn
  return crossings === 2;
}

/** Winding-number point in ring test (flat ring). */
export function pointInRing(x: number, y: number, r: Float64Array): boolean {
  const n = r.length >> 1;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * MultiPolygon parts must not lie inside each other (after the crossing check this is the only
 * way they can overlap). Returns a description of the first nested pair or null.
 */
export function partsOverlap(parts: Float64Array[][]): string | null {
  if (parts.length < 2) return null;
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < parts.length; j++) {
      if (i === j) continue;
      const outer = parts[j][0];
      const p = parts[i][0];
      if (!pointInRing(p[0], p[1], outer)) continue;
      let inHole = false;
      for (let h = 1; h < parts[j].length; h++) if (pointInRing(p[0], p[1], parts[j][h])) inHole = true;
      if (!inHole) return `polygon ${i} lies inside polygon ${j}`;
    }
  }
  return null;
}
