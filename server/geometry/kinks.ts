import type { Position } from 'geojson';

interface Seg {
  ring: number;
  idx: number;
  a: Position;
  b: Position;
  minx: number;
  maxx: number;
  miny: number;
  maxy: number;
}

const orient = (p: Position, q: Position, r: Position): number => {
  const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
};
const onSeg = (p: Position, q: Position, r: Position): boolean =>
  Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);

/** Where segments ab and cd meet (a crossing point, or a shared point of touching/overlap), or null. */
export function segmentIntersection(a: Position, b: Position, c: Position, d: Position): Position | null {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) {
    if (o1 === 0) return c;
    if (o2 === 0) return d;
    if (o3 === 0) return a;
    if (o4 === 0) return b;
    const den = (a[0] - b[0]) * (c[1] - d[1]) - (a[1] - b[1]) * (c[0] - d[0]);
    const t = ((a[0] - c[0]) * (c[1] - d[1]) - (a[1] - c[1]) * (c[0] - d[0])) / den;
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (o1 === 0 && onSeg(a, c, b)) return c;
  if (o2 === 0 && onSeg(a, d, b)) return d;
  if (o3 === 0 && onSeg(c, a, d)) return a;
  if (o4 === 0 && onSeg(c, b, d)) return b;
  return null;
}

/**
 * Points where the rings of one polygon intersect themselves or each other (like turf's
 * `kinks`, which is O(n²)): a sweep over segments sorted by x, so county outlines with
 * thousands of vertices take milliseconds. Neighbouring segments of a ring (sharing a
 * vertex) do not count. Rings must be closed with no consecutive duplicate positions.
 * Stops after `max` points.
 */
export function selfIntersections(rings: Position[][], max = 10): Position[] {
  const segs: Seg[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      segs.push({
        ring: r,
        idx: i,
        a,
        b,
        minx: Math.min(a[0], b[0]),
        maxx: Math.max(a[0], b[0]),
        miny: Math.min(a[1], b[1]),
        maxy: Math.max(a[1], b[1]),
      });
    }
  });
  segs.sort((s, t) => s.minx - t.minx);
  const out: Position[] = [];
  const touches = new Map<string, Set<string>>();
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minx <= s.maxx; j++) {
      const t = segs[j];
      if (t.maxy < s.miny || t.miny > s.maxy) continue;
      if (s.ring === t.ring) {
        const n = rings[s.ring].length - 1;
        const gap = Math.abs(s.idx - t.idx);
        if (gap === 1 || gap === n - 1) {
          // neighbours: they share one vertex; only a collinear overlap beyond it is a problem
          const [p, q] = s.idx + 1 === t.idx || (s.idx === n - 1 && t.idx === 0) ? [s, t] : [t, s];
          if (orient(p.a, p.b, q.b) === 0 && onSeg(p.a, q.b, p.b)) out.push(q.b);
          else if (orient(q.a, q.b, p.a) === 0 && onSeg(q.a, p.a, q.b)) out.push(p.a);
          if (out.length >= max) return out;
          continue;
        }
      }
      const x = segmentIntersection(s.a, s.b, t.a, t.b);
      if (!x) continue;
      if (s.ring !== t.ring && isVertexTouch(s, t, x)) {
        // OGC allows a hole to touch the shell (or another hole) at one point.
        const key = s.ring < t.ring ? `${s.ring}:${t.ring}` : `${t.ring}:${s.ring}`;
        const pts = touches.get(key) ?? new Set<string>();
        pts.add(`${x[0]},${x[1]}`);
        touches.set(key, pts);
        if (pts.size === 2) out.push(x); // two touch points cut the interior in pieces
      } else {
        out.push(x);
      }
      if (out.length >= max) return out;
    }
  }
  return out;
}

const same = (p: Position, q: Position): boolean => p[0] === q[0] && p[1] === q[1];

/**
 * Segments of two rings meeting at a vertex of one of them (not a proper crossing, not a
 * collinear overlap). A ring that passes *through* the other at such a vertex also lands
 * here; for a hole that leaves its shell, the "hole inside its exterior" check catches it.
 */
function isVertexTouch(s: Seg, t: Seg, x: Position): boolean {
  const atS = same(x, s.a) || same(x, s.b);
  const atT = same(x, t.a) || same(x, t.b);
  if (!atS && !atT) return false;
  const collinear = orient(s.a, s.b, t.a) === 0 && orient(s.a, s.b, t.b) === 0;
  if (!collinear) return true;
  // collinear: a touch only when neither runs along the other beyond the shared end point
  if (!atS || !atT) return false;
  const tOther = same(x, t.a) ? t.b : t.a;
  const sOther = same(x, s.a) ? s.b : s.a;
  return !onSeg(s.a, tOther, s.b) && !onSeg(t.a, sOther, t.b);
}
