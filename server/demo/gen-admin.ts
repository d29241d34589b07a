/**
 * Administrative hierarchy of the demo city: real counties and township seats from
 * data/tonghua/, synthetic township / community / grid polygons as nested Voronoi partitions,
 * repaired so that every level tiles its parent exactly with shared vertices.
 */
import { readFileSync } from 'node:fs';
import { area } from '@turf/turf';
import type { FeatureCollection, Point, Geometry } from 'geojson';
import { createRng } from './gen-random.ts';
import { clipMulti, normalizeMulti, repairTopology, samplePointsInside, toMulti, unionByEdges, voronoiPartition, type MultiPoly, type Pos } from './gen-geometry.ts';
import type { Rng } from './gen-random.ts';
import { placeNames, shortTownshipName } from './gen-names.ts';

export interface AdminUnit {
  code: string;
  name: string;
  parentCode?: string;
  /** a point inside the unit (seat or Voronoi seed) */
  seat: Pos;
  mp: MultiPoly;
  props: Record<string, unknown>;
}

export interface AdminCity {
  counties: AdminUnit[];
  townships: AdminUnit[];
  communities: AdminUnit[];
  grids: AdminUnit[];
}

const DATA_DIR = new URL('../../data/tonghua/', import.meta.url);

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, DATA_DIR), 'utf8')) as T;
}

const km2 = (mp: MultiPoly): number => area({ type: 'MultiPolygon', coordinates: mp }) / 1e6;

/** Urban streets reach at most about this far from their seat (metres); the rest goes to rural townships. */
const URBAN_REACH_M = 3500;

/**
 * Township polygons of one county: Voronoi cells of the seats plus helper points placed away
 * from the urban seats; each helper cell joins the nearest rural township, so urban streets
 * stay compact instead of running as wedges to the county border. Unions are exact (shared edges).
 */
function townshipCells(county: MultiPoly, seats: Pos[], urban: boolean[], rng: Rng): MultiPoly[] {
  const rural = seats.map((_, i) => i).filter((i) => !urban[i]);
  const kx = Math.cos((seats[0][1] * Math.PI) / 180) * 111320;
  const dist = (a: Pos, b: Pos): number => Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110574);
  const urbanSeats = seats.filter((_, i) => urban[i]);
  if (!rural.length || !urbanSeats.length) return voronoiPartition(county, seats);
  const helpers = samplePointsInside(county, 40, rng, seats)
    .filter((h) => urbanSeats.every((u) => dist(h, u) > URBAN_REACH_M));
  const cells = voronoiPartition(county, [...seats, ...helpers]);
  const work = [county, ...cells];
  repairTopology(work);
  const groups = seats.map((_, i) => [work[1 + i]]);
  helpers.forEach((h, j) => {
    let best = rural[0];
    for (const i of rural) if (dist(h, seats[i]) < dist(h, seats[best])) best = i;
    groups[best].push(work[1 + seats.length + j]);
  });
  return groups.map((g) => (g.length === 1 ? g[0] : unionByEdges(g)));
}

/** The part of `mp` within a box of `padDeg` degrees around `points` (for placing seats near others). */
function nearArea(mp: MultiPoly, points: Pos[], padDeg: number): MultiPoly {
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const [x0, y0, x1, y1] = [Math.min(...xs) - padDeg, Math.min(...ys) - padDeg, Math.max(...xs) + padDeg, Math.max(...ys) + padDeg];
  const clipped = clipMulti(mp, [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]]);
  return clipped.length ? clipped : mp;
}

/** Builds counties → townships → communities → grids, all tiling their parents exactly. */
export function generateAdmin(seed: number): AdminCity {
  const rng = createRng(seed, 'admin');
  const districts = readJson<FeatureCollection<Geometry, { adcode: number; name: string }>>('districts.geojson');
  const seats = readJson<FeatureCollection<Point | null, { code: string; name: string; county_adcode: number }>>('township-seats.geojson');

  const counties: AdminUnit[] = districts.features
    .map((f) => {
      const mp = normalizeMulti(toMulti(f.geometry));
      return { code: String(f.properties.adcode), name: f.properties.name, seat: [0, 0] as Pos, mp, props: { real: true, areaKm2: 0 } };
    })
    .sort((a, b) => a.code.localeCompare(b.code));

  const townships: AdminUnit[] = [];
  for (const county of counties) {
    const own = seats.features.filter((f) => String(f.properties.county_adcode) === county.code);
    const known = own.filter((f) => f.geometry).map((f) => (f.geometry as Point).coordinates.slice(0, 2) as Pos);
    const isUrban = (f: { properties: { name: string } }): boolean => /街道|开发区/.test(f.properties.name);
    const urbanKnown = own.filter((f) => f.geometry && isUrban(f)).map((f) => (f.geometry as Point).coordinates.slice(0, 2) as Pos);
    const placedSoFar = known.slice();
    const points = own.map((f) => {
      if (f.geometry) return (f.geometry as Point).coordinates.slice(0, 2) as Pos;
      // a seat without position: urban ones near the known urban seats, others anywhere in the county
      const area = isUrban(f) && urbanKnown.length ? nearArea(county.mp, urbanKnown, 0.05) : county.mp;
      const [p] = samplePointsInside(area, 1, rng, placedSoFar);
      placedSoFar.push(p);
      return p;
    });
    const cells = townshipCells(county.mp, points, own.map((f) => /街道|开发区/.test(f.properties.name)), rng);
    own.forEach((f, i) => {
      const name = shortTownshipName(f.properties.name);
      townships.push({
        code: f.properties.code, name, parentCode: county.code, seat: points[i], mp: cells[i],
        props: { realName: f.properties.name, seatIsReal: Boolean(f.geometry), urban: /街道|开发区/.test(f.properties.name) },
      });
    });
  }

  const communities: AdminUnit[] = [];
  for (const t of townships) {
    const urban = t.props.urban as boolean;
    const a = km2(t.mp);
    const n = urban ? Math.max(5, Math.min(14, Math.round(a / 0.6))) : rng.int(6, 12);
    const seeds = samplePointsInside(t.mp, n, rng, [t.seat]);
    const cells = voronoiPartition(t.mp, seeds);
    const names = placeNames(rng, n, urban);
    seeds.forEach((s, i) => {
      const num = (urban ? 1 : 201) + i;
      communities.push({
        code: t.code + String(num).padStart(3, '0'), name: names[i], parentCode: t.code, seat: s, mp: cells[i],
        props: { kind: urban ? 'community' : 'village' },
      });
    });
  }

  const grids: AdminUnit[] = [];
  for (const c of communities) {
    const urban = c.props.kind === 'community';
    const n = urban ? rng.int(3, 6) : rng.int(1, 3);
    const seeds = n === 1 ? [c.seat] : samplePointsInside(c.mp, n, rng);
    const cells = voronoiPartition(c.mp, seeds);
    seeds.forEach((s, i) => {
      grids.push({
        code: c.code + String(i + 1).padStart(3, '0'), name: `${c.name}第${i + 1}网格`, parentCode: c.code, seat: s, mp: cells[i],
        props: { kind: urban ? 'urban' : 'rural' },
      });
    });
  }

  const all = [...counties, ...townships, ...communities, ...grids];
  const polys = all.map((u) => u.mp);
  repairTopology(polys);
  all.forEach((u, i) => {
    u.mp = polys[i];
    if (u.mp.length === 0) throw new Error(`demo generator: ${u.code} ${u.name} became empty`);
    u.props.areaKm2 = Math.round(km2(u.mp) * 1e4) / 1e4;
  });
  for (const county of counties) county.seat = townships.find((t) => t.parentCode === county.code)!.seat;
  return { counties, townships, communities, grids };
}
