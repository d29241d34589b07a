import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { LngLat } from './types.ts';

/** Where a vertex sits in a Polygon or MultiPolygon: polygon index (0 for a Polygon), ring, vertex. */
export interface VertexAddress {
  polygon: number;
  ring: number;
  vertex: number;
}

/** The polygons of a Polygon or MultiPolygon as one list (a Polygon is a list of one). */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Deep copy of a polygonal geometry, so edits never touch the loaded data. */
export function cloneArea<G extends Polygon | MultiPolygon>(geometry: G): G {
  return JSON.parse(JSON.stringify(geometry)) as G;
}

/** True when two positions are the same point (exact number equality). */
export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The ring an address points into (closed: its last position repeats the first). */
export function ringAt(geometry: Polygon | MultiPolygon, address: VertexAddress): Position[] {
  const ring = polygonsOf(geometry)[address.polygon]?.[address.ring];
  if (!ring) throw new Error(`No ring ${address.ring} in polygon ${address.polygon}`);
  return ring;
}

/** Number of distinct vertices of a closed ring (the closing repeat not counted). */
export function distinctCount(ring: Position[]): number {
  return ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.length - 1 : ring.length;
}

/** Every distinct vertex of the geometry with its address (closing repeats skipped). */
export function verticesOf(geometry: Polygon | MultiPolygon): { address: VertexAddress; position: Position }[] {
  const out: { address: VertexAddress; position: Position }[] = [];
  polygonsOf(geometry).forEach((poly, p) =>
    poly.forEach((ring, r) => {
      const n = distinctCount(ring);
      for (let v = 0; v < n; v++) out.push({ address: { polygon: p, ring: r, vertex: v }, position: ring[v] });
    }),
  );
  return out;
}

/** Every edge (consecutive pair) of every ring: `from` is the address of its first vertex. */
export function edgesOf(geometry: Polygon | MultiPolygon): { from: VertexAddress; a: Position; b: Position }[] {
  const out: { from: VertexAddress; a: Position; b: Position }[] = [];
  polygonsOf(geometry).forEach((poly, p) =>
    poly.forEach((ring, r) => {
      const n = distinctCount(ring);
      for (let v = 0; v < n; v++) out.push({ from: { polygon: p, ring: r, vertex: v }, a: ring[v], b: ring[(v + 1) % n] });
    }),
  );
  return out;
}

/** Finds every address whose vertex is exactly `position`. */
export function findVertex(geometry: Polygon | MultiPolygon, position: Position): VertexAddress[] {
  return verticesOf(geometry)
    .filter((v) => samePosition(v.position, position))
    .map((v) => v.address);
}

/** Returns a copy of the geometry with one vertex moved (the closing repeat follows vertex 0). */
export function moveVertex<G extends Polygon | MultiPolygon>(geometry: G, address: VertexAddress, to: LngLat): G {
  const copy = cloneArea(geometry);
  const ring = ringAt(copy, address);
  const closed = samePosition(ring[0], ring[ring.length - 1]);
  ring[address.vertex] = [to[0], to[1]];
  if (address.vertex === 0 && closed) ring[ring.length - 1] = [to[0], to[1]];
  return copy;
}

/** Returns a copy with a new vertex inserted after `address` (on the edge to the next vertex). */
export function insertVertex<G extends Polygon | MultiPolygon>(geometry: G, after: VertexAddress, at: LngLat): G {
  const copy = cloneArea(geometry);
  const ring = ringAt(copy, after);
  ring.splice(after.vertex + 1, 0, [at[0], at[1]]);
  return copy;
}

/**
 * Returns a copy with one vertex removed, or throws when the ring would keep fewer than
 * 3 distinct vertices (a ring needs at least a triangle).
 */
export function deleteVertex<G extends Polygon | MultiPolygon>(geometry: G, address: VertexAddress): G {
  const copy = cloneArea(geometry);
  const ring = ringAt(copy, address);
  const n = distinctCount(ring);
  if (n <= 3) throw new Error(`Ring ${address.ring} of polygon ${address.polygon} has only ${n} vertices; it cannot lose one`);
  const open = ring.slice(0, n);
  open.splice(address.vertex, 1);
  open.push([open[0][0], open[0][1]]);
  ring.splice(0, ring.length, ...open);
  return copy;
}

/** Index of the edge between two adjacent positions in a ring, in either direction; -1 if none. */
export function findEdge(ring: Position[], a: Position, b: Position): number {
  const n = distinctCount(ring);
  for (let v = 0; v < n; v++) {
    const p = ring[v];
    const q = ring[(v + 1) % n];
    if ((samePosition(p, a) && samePosition(q, b)) || (samePosition(p, b) && samePosition(q, a))) return v;
  }
  return -1;
}
