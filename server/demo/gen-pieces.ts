/**
 * Cuts pieces out of a grid for the deliberate misalignments: a strip along a neighbour
 * (sliver, gap, overlap) or a half-plane cut (cut-through). Work happens in a local metric
 * frame (Clipper2, 1 mm precision); the generator's topology repair then snaps the pieces
 * onto the grid vertices so that piece + rest tile the grid exactly.
 */
import { area } from '@turf/turf';
import { differenceD, inflatePathsD, intersectD, FillRule, JoinType, EndType, type PathsD } from '@countertype/clipper2-ts';
import { ringsToMulti, type MultiPoly, type Pos } from './gen-geometry.ts';

interface Frame { lon0: number; lat0: number; kx: number; ky: number }

const frameAt = (p: Pos): Frame => ({ lon0: p[0], lat0: p[1], kx: 111320 * Math.cos((p[1] * Math.PI) / 180), ky: 110574 });

const project = (mp: MultiPoly, f: Frame): PathsD =>
  mp.flatMap((poly) => poly.map((ring) => ring.slice(0, -1).map((p) => ({ x: (p[0] - f.lon0) * f.kx, y: (p[1] - f.lat0) * f.ky }))));

const unproject = (paths: PathsD, f: Frame): MultiPoly =>
  ringsToMulti(paths.map((path) => path.map((p) => [p.x / f.kx + f.lon0, p.y / f.ky + f.lat0] as Pos)));

/** Area in m² (turf, spherical). */
export const areaM2 = (mp: MultiPoly): number => (mp.length ? area({ type: 'MultiPolygon', coordinates: mp }) : 0);

export interface Cut { piece: MultiPoly; rest: MultiPoly; share: number }

function cutBy(grid: MultiPoly, knife: PathsD, f: Frame): Cut {
  const g = project(grid, f);
  const piece = unproject(intersectD(g, knife, FillRule.NonZero, 3), f);
  const rest = unproject(differenceD(g, knife, FillRule.NonZero, 3), f);
  return { piece, rest, share: areaM2(piece) / areaM2(grid) };
}

/** The strip of `grid` within `widthM` metres of `neighbour`. */
export function stripAlong(grid: MultiPoly, neighbour: MultiPoly, widthM: number, origin: Pos): Cut {
  const f = frameAt(origin);
  const knife = inflatePathsD(project(neighbour, f), widthM, JoinType.Miter, EndType.Polygon, 2, 3);
  return cutBy(grid, knife, f);
}

/**
 * The part of `grid` beyond a straight line through `through`, on the side facing `towards`,
 * with the line turned by `turnRad`.
 */
export function halfPlaneCut(grid: MultiPoly, through: Pos, towards: Pos, turnRad: number): Cut {
  const f = frameAt(through);
  const tx = (towards[0] - f.lon0) * f.kx, ty = (towards[1] - f.lat0) * f.ky;
  const ang = Math.atan2(ty, tx) + turnRad;
  const dx = Math.cos(ang), dy = Math.sin(ang);
  const R = 50_000;
  // a big square on the +d side of the line through the origin
  const knife: PathsD = [[
    { x: -dy * R, y: dx * R },
    { x: -dy * R + dx * R, y: dx * R + dy * R },
    { x: dy * R + dx * R, y: -dx * R + dy * R },
    { x: dy * R, y: -dx * R },
  ]];
  return cutBy(grid, knife, f);
}
