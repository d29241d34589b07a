/**
 * Face tracing on a planar graph of directed edges whose faces lie on their left
 * (the shared machinery of the shared-edge dissolve and the split by a line), and the
 * classification of traced rings into polygons with holes.
 */
import { interiorPoint, pointInRing, posKey, ringSignedArea2, type Poly, type Pos, type Ring } from './geom.ts';

/** A directed edge from → to. */
export interface DirectedEdge {
  from: Pos;
  to: Pos;
  fromKey: string;
  toKey: string;
}

/** Thrown when edges do not form closed faces (the input was not a clean planar graph). */
export class FaceTraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaceTraceError';
  }
}

/** Makes a directed edge between two positions. */
export function edge(from: Pos, to: Pos): DirectedEdge {
  return { from, to, fromKey: posKey(from), toKey: posKey(to) };
}

/**
 * Traces the faces of a set of directed edges, each face on the left of its edges.
 * At a vertex with several outgoing edges the sharpest left turn is taken, so faces that
 * only touch at a vertex come out as separate rings. Returns closed rings (first = last).
 * `isTwin(e, f)`: true when f is e's reverse twin that must never be taken right after e.
 */
export function traceFaces(edges: DirectedEdge[]): Ring[] {
  const out = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const l = out.get(e.fromKey);
    if (l) l.push(i);
    else out.set(e.fromKey, [i]);
  });
  const used = new Uint8Array(edges.length);
  const rings: Ring[] = [];
  const limit = edges.length + 1;
  for (let s = 0; s < edges.length; s++) {
    if (used[s]) continue;
    const ring: Ring = [edges[s].from];
    let cur = s;
    for (let steps = 0; ; steps++) {
      if (steps > limit) throw new FaceTraceError('face tracing did not close (inconsistent edges)');
      used[cur] = 1;
      const e = edges[cur];
      ring.push(e.to);
      const next = leftmostNext(edges, out.get(e.toKey) ?? [], e);
      if (next < 0) throw new FaceTraceError(`edge ends at ${e.toKey} with nowhere to go (open boundary)`);
      if (next === s) break;
      if (used[next]) throw new FaceTraceError(`faces cross at ${e.toKey} (edges overlap or cross)`);
      cur = next;
    }
    rings.push(...splitAtRepeatedVertices(ring));
  }
  return rings;
}

/**
 * Splits a closed ring that passes through the same vertex more than once into simple
 * closed rings (a pinch: two shells touching at a corner, or a hole touching its outer ring).
 * Each loop keeps its own orientation, so shells and holes are told apart afterwards.
 */
export function splitAtRepeatedVertices(ring: Ring): Ring[] {
  const out: Ring[] = [];
  const stack: Pos[] = [];
  const where = new Map<string, number>();
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i];
    const k = posKey(p);
    const at = where.get(k);
    if (at !== undefined) {
      const loop = stack.splice(at + 1);
      for (const q of loop) where.delete(posKey(q));
      out.push([stack[at], ...loop, p]);
    } else {
      where.set(k, stack.length);
      stack.push(p);
    }
  }
  if (stack.length > 0) out.push([...stack, stack[0]]);
  return out.filter((r) => r.length >= 3);
}

function leftmostNext(edges: DirectedEdge[], candidates: number[], inc: DirectedEdge): number {
  const dx = inc.to[0] - inc.from[0];
  const dy = inc.to[1] - inc.from[1];
  let best = -1;
  let bestAngle = -Infinity;
  for (const i of candidates) {
    const e = edges[i];
    if (e.toKey === inc.fromKey && candidates.length > 1) continue; // no U-turn unless forced
    const ex = e.to[0] - e.from[0];
    const ey = e.to[1] - e.from[1];
    const angle = Math.atan2(dx * ey - dy * ex, dx * ex + dy * ey);
    if (angle > bestAngle) {
      bestAngle = angle;
      best = i;
    }
  }
  return best;
}

/**
 * Groups traced rings into polygons: counter-clockwise rings are outer rings, clockwise
 * rings are holes, each hole going to the smallest outer ring that contains it.
 * Rings with no area are dropped. Throws when a hole lies in no outer ring.
 */
export function assembleRings(rings: Ring[]): Poly[] {
  const shells: { ring: Ring; area: number; holes: Ring[] }[] = [];
  const holes: Ring[] = [];
  for (const r of rings) {
    const a = ringSignedArea2(r);
    if (a > 0) shells.push({ ring: r, area: a, holes: [] });
    else if (a < 0) holes.push(r);
  }
  for (const h of holes) {
    const probe = holeProbe(h);
    let owner: (typeof shells)[number] | null = null;
    for (const s of shells) {
      if (pointInRing(probe, s.ring) === 1 && (!owner || s.area < owner.area)) owner = s;
    }
    if (!owner) throw new FaceTraceError(`a hole ring at ${posKey(h[0])} lies in no outer ring`);
    owner.holes.push(h);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

/** A point inside the area a hole ring encloses (the hole itself), used to find its outer ring. */
function holeProbe(h: Ring): Pos {
  return interiorPoint([h.slice().reverse()]);
}
