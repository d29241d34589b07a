/**
 * Exact area of the intersection of two shapes WITHOUT building the intersection polygon.
 *
 * Method (a trapezoid form of Green's theorem). For a shape P with rings oriented so the winding
 * number is 1 inside, the indicator is a signed sum over its edges e:
 *   1_P(x, y) = Σ_e s_e · [x ∈ X(e)] · [y < y_e(x)],  s_e = +1 for edges running towards −x, −1 otherwise,
 * (the winding number counted on the vertical ray above the point). Integrating the product of the
 * two indicators over y from a level y0 below shape A gives
 *   area(A ∩ B) = Σ_{e∈A} Σ_{f∈B} s_e s_f ∫_{X(e)∩X(f)} (min(y_e(x), y_f(x)) − y0) dx.
 * Restricting to the intersection box of the two bounding boxes and clamping every edge's y into
 * the box is exact (an edge above the box acts as the box top, one below contributes nothing), so
 * only edges near the box matter. Each term is a continuous function of the vertices: shared or
 * collinear edges, shared vertices and touching pairs need no special case and cannot flip a
 * topological decision — the result degrades gracefully (errors ~1e-9 m² per pair).
 */
import type { Shape } from './shape.ts';

/**
 * Bucket index floor(v) clamped to [0, n − 1], as an int32. Written so that every branch yields an
 * int32: a variable that is sometimes Math.floor's double and sometimes an int is kept boxed by
 * V8, which allocated a heap number per edge in the loops below (~50 MB per 10k-grid run).
 */
export function bucketOf(v: number, n: number): number {
  return v >= n ? n - 1 : v > 0 ? v | 0 : 0;
}

// Scratch buffers (the engine is single-threaded and these calls never nest).
let capA = 0, capB = 0;
let A_xl = new Float64Array(0), A_xr = A_xl, A_yl = A_xl, A_yr = A_xl, A_s = A_xl;
let B_xl = new Float64Array(0), B_xr = B_xl, B_yl = B_xl, B_yr = B_xl, B_s = B_xl, B_m = B_xl;
let bucketStart = new Int32Array(0), bucketItems = new Int32Array(0), bucketOwnEnd = new Int32Array(0);

function growA(n: number): void {
  if (n <= capA) return;
  capA = Math.max(n, capA * 2, 256);
  A_xl = new Float64Array(capA); A_xr = new Float64Array(capA); A_yl = new Float64Array(capA); A_yr = new Float64Array(capA); A_s = new Float64Array(capA);
}
function growB(n: number): void {
  if (n <= capB) return;
  capB = Math.max(n, capB * 2, 256);
  B_xl = new Float64Array(capB); B_xr = new Float64Array(capB); B_yl = new Float64Array(capB); B_yr = new Float64Array(capB); B_s = new Float64Array(capB); B_m = new Float64Array(capB);
}

/** Edges of a large shape bucketed into vertical strips, so a box query touches only nearby edges. */
export interface EdgeStrips {
  x0: number;
  inv: number;
  count: number;
  start: Int32Array;
  /** Edge numbers per strip; edge e runs from (ex[4e], ex[4e+1]) to (ex[4e+2], ex[4e+3]). */
  items: Int32Array;
  /** First (leftmost) strip of each edge. */
  first: Int32Array;
  ex: Float64Array;
}

/** Build the strip index of a shape's edges (about 8 edges per strip). */
export function buildEdgeStrips(rings: Float64Array[], bbox: readonly number[]): EdgeStrips {
  let m = 0;
  for (const r of rings) m += r.length >> 1;
  const ex = new Float64Array(4 * m);
  let e = 0;
  for (const r of rings) {
    const n = r.length >> 1;
    for (let i = 0; i < n; i++) {
      const j = i === 0 ? n - 1 : i - 1;
      ex[4 * e] = r[2 * j]; ex[4 * e + 1] = r[2 * j + 1]; ex[4 * e + 2] = r[2 * i]; ex[4 * e + 3] = r[2 * i + 1];
      e++;
    }
  }
  const count = Math.max(1, m >> 3);
  const w = bbox[2] - bbox[0];
  const inv = w > 0 ? count / w : 0;
  const strip = (x: number): number => bucketOf((x - bbox[0]) * inv, count);
  const start = new Int32Array(count + 2);
  let total = 0;
  for (let q = 0; q < m; q++) {
    const a = strip(Math.min(ex[4 * q], ex[4 * q + 2])), b = strip(Math.max(ex[4 * q], ex[4 * q + 2]));
    for (let k = a; k <= b; k++) start[k + 2]++;
    total += b - a + 1;
  }
  for (let k = 0; k < count; k++) start[k + 2] += start[k + 1];
  const items = new Int32Array(total);
  const first = new Int32Array(m);
  for (let q = 0; q < m; q++) {
    const a = strip(Math.min(ex[4 * q], ex[4 * q + 2])), b = strip(Math.max(ex[4 * q], ex[4 * q + 2]));
    first[q] = a;
    for (let k = a; k <= b; k++) items[start[k + 1]++] = q;
  }
  return { x0: bbox[0], inv, count, start, items, first, ex };
}

// target buffers of the clamping loops
let Pxl = A_xl, Pxr = A_xr, Pyl = A_yl, Pyr = A_yr, Ps = A_s;

function target(toA: boolean, need: number): void {
  if (toA) { growA(need); Pxl = A_xl; Pxr = A_xr; Pyl = A_yl; Pyr = A_yr; Ps = A_s; } else { growB(need); Pxl = B_xl; Pxr = B_xr; Pyl = B_yl; Pyr = B_yr; Ps = B_s; }
}

/** Arguments of emitSplit (xl, yl, xr, yr, sign, H): doubles passed in a typed array are not boxed. */
const splitArgs = new Float64Array(6);

/**
 * Slow path of clamping one edge (already oriented left→right, x-clipped, in box coordinates)
 * that crosses y = 0 and/or y = H: appends up to 3 clamped pieces at k. Returns the new k.
 * The common cases are inlined in the loops below: V8 boxes doubles passed to calls that are
 * not inlined, which would allocate on every edge.
 */
function emitSplit(k: number): number {
  const xl = splitArgs[0], yl = splitArgs[1], xr = splitArgs[2], yr = splitArgs[3], s = splitArgs[4], H = splitArgs[5];
  const dy = yr - yl, dx = xr - xl;
  let ta = -1, tb = -1;
  if ((yl < 0) !== (yr < 0)) ta = (0 - yl) / dy;
  if ((yl > H) !== (yr > H)) tb = (H - yl) / dy;
  let c1: number, c2: number;
  if (ta >= 0 && tb >= 0) { c1 = ta < tb ? ta : tb; c2 = ta < tb ? tb : ta; } else { c1 = ta >= 0 ? ta : tb; c2 = 2; }
  let t0 = 0;
  for (let c = 0; c < 3; c++) {
    const last = c === 2 || (c === 1 && c2 === 2);
    const t1 = last ? 1 : c === 0 ? c1 : c2;
    if (t1 > t0) {
      const sxl = xl + dx * t0, sxr = last ? xr : xl + dx * t1;
      let syl = yl + dy * t0, syr = last ? yr : yl + dy * t1;
      syl = syl < 0 ? 0 : syl > H ? H : syl;
      syr = syr < 0 ? 0 : syr > H ? H : syr;
      if (sxr > sxl && !(syl === 0 && syr === 0)) { Pxl[k] = sxl; Pxr[k] = sxr; Pyl[k] = syl; Pyr[k] = syr; Ps[k] = s; k++; }
    }
    if (last) break;
    t0 = t1;
  }
  return k;
}

/** Clamp every edge of `rings` into the box (into the A or B buffers). Returns the piece count. */
function clampPieces(rings: Float64Array[], x0: number, y0: number, x1: number, y1: number, toA: boolean): number {
  let total = 0;
  for (const r of rings) total += r.length >> 1;
  target(toA, total * 3);
  const H = y1 - y0, W = x1 - x0;
  let k = 0;
  for (const r of rings) {
    const n = r.length >> 1;
    let fx = r[2 * n - 2], fy = r[2 * n - 1];
    for (let i = 0; i < n; i++) {
      const tx = r[2 * i], ty = r[2 * i + 1];
      // --- clamp edge (fx,fy)→(tx,ty) into the box and append (inlined; see emitSplit) ---
      if (fx !== tx) {
        let xl = 0, yl = 0, xr = 0, yr = 0, sg = 0;
        if (tx < fx) { xl = tx - x0; yl = ty - y0; xr = fx - x0; yr = fy - y0; sg = 1; } else { xl = fx - x0; yl = fy - y0; xr = tx - x0; yr = ty - y0; sg = -1; }
        if (xr > 0 && xl < W && !(yl <= 0 && yr <= 0)) {
          const slope = (yr - yl) / (xr - xl);
          if (xl < 0) { yl = yl - slope * xl; xl = 0; }
          if (xr > W) { yr = yr + slope * (W - xr); xr = W; }
          if (xr > xl && !(yl <= 0 && yr <= 0)) {
            if (yl >= H && yr >= H) {
              // flat on the box top: extend the previous flat piece when this one continues it
              // (same sign, touching); the integrals are additive, and fewer pieces mean fewer pairs
              if (k > 0 && Ps[k - 1] === sg && Pyl[k - 1] === H && Pyr[k - 1] === H && (sg > 0 ? Pxl[k - 1] === xr : Pxr[k - 1] === xl)) {
                if (sg > 0) Pxl[k - 1] = xl; else Pxr[k - 1] = xr;
              } else { Pxl[k] = xl; Pxr[k] = xr; Pyl[k] = H; Pyr[k] = H; Ps[k] = sg; k++; }
            }
            else if (yl >= 0 && yl <= H && yr >= 0 && yr <= H) { Pxl[k] = xl; Pxr[k] = xr; Pyl[k] = yl; Pyr[k] = yr; Ps[k] = sg; k++; }
            else { splitArgs[0] = xl; splitArgs[1] = yl; splitArgs[2] = xr; splitArgs[3] = yr; splitArgs[4] = sg; splitArgs[5] = H; k = emitSplit(k); }
          }
        }
      }
      fx = tx; fy = ty;
    }
  }
  return k;
}

/** Same as clampPieces, visiting only the edges in the strips that overlap the box. */
function clampPiecesIndexed(st: EdgeStrips, x0: number, y0: number, x1: number, y1: number, toA: boolean): number {
  const ex = st.ex;
  target(toA, (ex.length >> 2) * 3);
  const H = y1 - y0, W = x1 - x0;
  const sx0 = st.x0, sinv = st.inv, scount = st.count, first = st.first;
  const s0 = bucketOf((x0 - sx0) * sinv, scount), s1 = bucketOf((x1 - sx0) * sinv, scount);
  let k = 0;
  for (let sIdx = s0; sIdx <= s1; sIdx++) {
    const end = st.start[sIdx + 1];
    for (let p = st.start[sIdx]; p < end; p++) {
      const q = st.items[p];
      // visit each edge once: in the first strip of its overlap with the box, which is
      // max(its own first strip, s0) because the strip index is monotonic in x
      if (sIdx !== s0 && first[q] !== sIdx) continue;
      const e = q << 2;
      const fx = ex[e], fy = ex[e + 1], tx = ex[e + 2], ty = ex[e + 3];
      if (fy <= y0 && ty <= y0) continue;
      // --- clamp edge (fx,fy)→(tx,ty) into the box and append (inlined; see emitSplit) ---
      if (fx !== tx) {
        let xl = 0, yl = 0, xr = 0, yr = 0, sg = 0;
        if (tx < fx) { xl = tx - x0; yl = ty - y0; xr = fx - x0; yr = fy - y0; sg = 1; } else { xl = fx - x0; yl = fy - y0; xr = tx - x0; yr = ty - y0; sg = -1; }
        if (xr > 0 && xl < W && !(yl <= 0 && yr <= 0)) {
          const slope = (yr - yl) / (xr - xl);
          if (xl < 0) { yl = yl - slope * xl; xl = 0; }
          if (xr > W) { yr = yr + slope * (W - xr); xr = W; }
          if (xr > xl && !(yl <= 0 && yr <= 0)) {
            if (yl >= H && yr >= H) {
              // flat on the box top: extend the previous flat piece when this one continues it
              // (same sign, touching); the integrals are additive, and fewer pieces mean fewer pairs
              if (k > 0 && Ps[k - 1] === sg && Pyl[k - 1] === H && Pyr[k - 1] === H && (sg > 0 ? Pxl[k - 1] === xr : Pxr[k - 1] === xl)) {
                if (sg > 0) Pxl[k - 1] = xl; else Pxr[k - 1] = xr;
              } else { Pxl[k] = xl; Pxr[k] = xr; Pyl[k] = H; Pyr[k] = H; Ps[k] = sg; k++; }
            }
            else if (yl >= 0 && yl <= H && yr >= 0 && yr <= H) { Pxl[k] = xl; Pxr[k] = xr; Pyl[k] = yl; Pyr[k] = yr; Ps[k] = sg; k++; }
            else { splitArgs[0] = xl; splitArgs[1] = yl; splitArgs[2] = xr; splitArgs[3] = yr; splitArgs[4] = sg; splitArgs[5] = H; k = emitSplit(k); }
          }
        }
      }

    }
  }
  return k;
}

/**
 * Area (m²) of a ∩ b within the intersection of their bounding boxes. Exact up to floating
 * point; touching-only pairs give ~0.
 */
export function intersectionArea(a: Shape, b: Shape): number {
  const x0 = Math.max(a.bbox[0], b.bbox[0]), y0 = Math.max(a.bbox[1], b.bbox[1]);
  const x1 = Math.min(a.bbox[2], b.bbox[2]), y1 = Math.min(a.bbox[3], b.bbox[3]);
  if (!(x1 > x0 && y1 > y0)) return 0;
  const nB = b.strips ? clampPiecesIndexed(b.strips, x0, y0, x1, y1, false) : clampPieces(b.rings, x0, y0, x1, y1, false);
  if (nB === 0) return 0;
  const nA = a.strips ? clampPiecesIndexed(a.strips, x0, y0, x1, y1, true) : clampPieces(a.rings, x0, y0, x1, y1, true);
  if (nA === 0) return 0;
  return sumPairs(nA, nB, x1 - x0);
}

/** Area of (rings a) ∩ (rings b) ∩ box. */
export function intersectionAreaInBox(ra: Float64Array[], rb: Float64Array[], x0: number, y0: number, x1: number, y1: number): number {
  const nB = clampPieces(rb, x0, y0, x1, y1, false);
  if (nB === 0) return 0;
  const nA = clampPieces(ra, x0, y0, x1, y1, true);
  if (nA === 0) return 0;
  return sumPairs(nA, nB, x1 - x0);
}

/** Σ over A pieces × B pieces of s_a s_b ∫ min(y_a, y_b) dx (the buffers hold box coordinates). */
function sumPairs(nA: number, nB: number, W: number): number {
  bucketB(nB, W);
  return sumOverBucketedB(nA);
}

// bucket grid of the B pieces (set by bucketB, read by sumOverBucketedB)
let K = 1, inv = 0;

/**
 * Bucket the B pieces along x (CSR in bucketStart/bucketItems) and precompute their slopes.
 * Within bucket k, the pieces whose left end lies in k come first, up to bucketOwnEnd[k].
 */
function bucketB(nB: number, W: number): void {
  K = Math.max(1, Math.min(1024, nB >> 1));
  inv = K / W;
  if (bucketStart.length < K + 2) { bucketStart = new Int32Array(Math.max(K + 2, bucketStart.length * 2)); bucketOwnEnd = new Int32Array(bucketStart.length); }
  bucketStart.fill(0, 0, K + 2);
  let items = 0;
  for (let j = 0; j < nB; j++) {
    const k0 = bucketOf(B_xl[j] * inv, K), k1 = bucketOf(B_xr[j] * inv, K);
    for (let k = k0; k <= k1; k++) bucketStart[k + 2]++;
    items += k1 - k0 + 1;
  }
  if (bucketItems.length < items) bucketItems = new Int32Array(Math.max(items, bucketItems.length * 2));
  for (let k = 0; k < K; k++) bucketStart[k + 2] += bucketStart[k + 1];
  // first the pieces starting in each bucket, then the ones continuing from the left
  for (let j = 0; j < nB; j++) {
    const k0 = bucketOf(B_xl[j] * inv, K);
    bucketItems[bucketStart[k0 + 1]++] = j;
  }
  for (let k = 0; k < K; k++) bucketOwnEnd[k] = bucketStart[k + 1];
  for (let j = 0; j < nB; j++) {
    const k0 = bucketOf(B_xl[j] * inv, K), k1 = bucketOf(B_xr[j] * inv, K);
    for (let k = k0 + 1; k <= k1; k++) bucketItems[bucketStart[k + 1]++] = j;
  }
  // now bucket k holds items [bucketStart[k], bucketStart[k+1])
  for (let j = 0; j < nB; j++) B_m[j] = (B_yr[j] - B_yl[j]) / (B_xr[j] - B_xl[j]);
}

/**
 * Σ over the A pieces and the bucketed B pieces; each pair counted in the bucket of its overlap's
 * left end, max(bucket(a.xl), bucket(b.xl)) (floor is monotonic). So in the A piece's first bucket
 * every B piece there counts, and in each later bucket only the B pieces starting in it.
 */
function sumOverBucketedB(nA: number): number {
  const K_ = K, inv_ = inv;
  let sum = 0;
  for (let i = 0; i < nA; i++) {
    const axl = A_xl[i], axr = A_xr[i], ayl = A_yl[i], ayr = A_yr[i];
    const aslope = (ayr - ayl) / (axr - axl);
    const k0 = bucketOf(axl * inv_, K_), k1 = bucketOf(axr * inv_, K_);
    let acc = 0;
    for (let k = k0; k <= k1; k++) {
      const end = k === k0 ? bucketStart[k + 1] : bucketOwnEnd[k];
      for (let q = bucketStart[k]; q < end; q++) {
        const j = bucketItems[q];
        const bxl = B_xl[j], bxr = B_xr[j];
        const l = axl > bxl ? axl : bxl;
        const r = axr < bxr ? axr : bxr;
        if (r <= l) continue;
        const byl = B_yl[j], bslope = B_m[j];
        const al = ayl + aslope * (l - axl), ar = ayl + aslope * (r - axl);
        const bl = byl + bslope * (l - bxl), br = byl + bslope * (r - bxl);
        // ∫_l^r min(a, b) dx for the two linear functions (inlined: no boxing of doubles)
        const dl = al - bl, dr = ar - br, w = r - l;
        let integral: number;
        if (dl <= 0 && dr <= 0) integral = 0.5 * (al + ar) * w;
        else if (dl >= 0 && dr >= 0) integral = 0.5 * (bl + br) * w;
        else {
          const t = dl / (dl - dr); // crossing inside (0, 1)
          const ym = al + t * (ar - al);
          integral = dl < 0 ? 0.5 * (al + ym) * w * t + 0.5 * (ym + br) * w * (1 - t) : 0.5 * (bl + ym) * w * t + 0.5 * (ym + ar) * w * (1 - t);
        }
        acc += B_s[j] * integral;
      }
    }
    sum += A_s[i] * acc;
  }
  return sum;
}

/**
 * Areas of grid ∩ zone for several zones at once (the grid's pieces are clamped and bucketed
 * once, in the grid's own bounding box). Writes area i of zones[i] into out[i].
 */
export function gridZoneAreas(grid: Shape, zones: readonly Shape[], out: Float64Array): void {
  const [x0, y0, x1, y1] = grid.bbox;
  out.fill(0, 0, zones.length);
  if (!(x1 > x0 && y1 > y0)) return;
  const nB = clampPieces(grid.rings, x0, y0, x1, y1, false);
  if (nB === 0) return;
  bucketB(nB, x1 - x0);
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i];
    if (z.bbox[0] >= x1 || z.bbox[2] <= x0 || z.bbox[1] >= y1 || z.bbox[3] <= y0) continue;
    const nA = z.strips ? clampPiecesIndexed(z.strips, x0, y0, x1, y1, true) : clampPieces(z.rings, x0, y0, x1, y1, true);
    if (nA === 0) continue;
    // Fast path: no slanted zone edge enters the grid's box (every piece lies flat on the box
    // top). Then the zone's winding number in the box depends on x only (vertical edges, which
    // make no pieces, can still change it), and the net covered width is its integral. A net
    // width of W means the whole box is inside the zone (area = grid area), 0 means outside;
    // anything in between takes the general sum.
    const H = y1 - y0, W = x1 - x0;
    let flat = true, net = 0;
    for (let k = 0; k < nA; k++) {
      if (A_yl[k] !== H || A_yr[k] !== H) { flat = false; break; }
      net += A_s[k] * (A_xr[k] - A_xl[k]);
    }
    if (flat && Math.abs(net - W) <= 1e-9 * W) { out[i] = grid.areaM2; continue; }
    if (flat && Math.abs(net) <= 1e-9 * W) { out[i] = 0; continue; }
    out[i] = sumOverBucketedB(nA);
  }
}
