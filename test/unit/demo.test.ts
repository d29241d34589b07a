import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { area, bbox, bboxClip, booleanPointInPolygon, intersect, featureCollection, feature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import Flatbush from 'flatbush';
import { generateDemoCity } from '../../server/demo/generate.ts';
import type { DemoCity, DemoFeature } from '../../server/demo/types.ts';

type Poly = Polygon | MultiPolygon;

const rings = (g: Poly): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
const k = (p: Position): string => `${p[0]},${p[1]}`;

/** Directed edges of a polygon set after cancelling every edge that also appears reversed. */
function boundaryEdges(geoms: Poly[]): string[] {
  const count = new Map<string, number>();
  for (const g of geoms) for (const r of rings(g)) for (let i = 0; i < r.length - 1; i++) {
    const e = `${k(r[i])}|${k(r[i + 1])}`;
    const rev = `${k(r[i + 1])}|${k(r[i])}`;
    const c = count.get(rev) ?? 0;
    if (c > 0) { if (c === 1) count.delete(rev); else count.set(rev, c - 1); } else count.set(e, (count.get(e) ?? 0) + 1);
  }
  return [...count].flatMap(([e, c]) => Array<string>(c).fill(e)).sort();
}

const areaOf = (g: Poly): number => area(g);
const sameEdges = (a: Poly[], b: Poly[]): boolean => {
  const x = boundaryEdges(a), y = boundaryEdges(b);
  return x.length === y.length && x.every((e, i) => e === y[i]);
};

/** Area of zone ∩ grid (m²): the zone is first cut to the grid's bbox (exact for the result), then turf intersect. */
function interArea(zone: Poly, grid: Poly): number {
  const b = bbox(grid);
  const d = 1e-6;
  const clipped = bboxClip(zone, [b[0] - d, b[1] - d, b[2] + d, b[3] + d]).geometry as Poly;
  const polys = (clipped.type === 'Polygon' ? [clipped.coordinates] : clipped.coordinates)
    .map((p) => p.filter((r) => r.length >= 4))
    .filter((p) => p.length > 0 && p[0].length >= 4);
  if (!polys.length) return 0;
  const near: Poly = { type: 'MultiPolygon', coordinates: polys };
  const i = intersect(featureCollection([feature(near), feature(grid)]) as never) as Feature<Poly> | null;
  return i ? area(i) : 0;
}

let city: DemoCity;
let city2: DemoCity;
let ms = 0;
const byKey = new Map<string, DemoFeature>();
const layer = (name: string): DemoFeature[] => city.features.filter((f) => f.layer === name);

beforeAll(() => {
  const t0 = performance.now();
  city = generateDemoCity(1);
  ms = performance.now() - t0;
  city2 = generateDemoCity(2);
  for (const f of city.features) byKey.set(f.key, f);
});

describe('demo city generator', () => {
  it('is fast and deterministic per seed', () => {
    console.log(`generateDemoCity(1): ${(ms / 1000).toFixed(2)} s`, JSON.stringify(city.stats));
    expect(ms).toBeLessThan(60_000); // sanity bound only: ~4 s on an idle 2-core machine, more under load
    const again = generateDemoCity(1);
    expect(JSON.stringify(again)).toBe(JSON.stringify(city));
    expect(JSON.stringify(city2.features.filter((f) => f.layer === 'grids').map((f) => f.geometry)))
      .not.toBe(JSON.stringify(layer('grids').map((f) => f.geometry)));
  });

  it('has the real counties and every real township, and at least 2,000 grids', () => {
    expect(layer('counties').map((f) => f.code).sort()).toEqual(['220502', '220503', '220521', '220523', '220524', '220581', '220582']);
    const seats = JSON.parse(readFileSync(new URL('../../data/tonghua/township-seats.geojson', import.meta.url), 'utf8')) as { features: { properties: { code: string } }[] };
    const codes = new Set(layer('townships').map((f) => f.code));
    for (const s of seats.features) expect(codes.has(s.properties.code), s.properties.code).toBe(true);
    expect(layer('grids').length).toBeGreaterThanOrEqual(2000);
    expect(new Set(city.features.map((f) => f.key)).size).toBe(city.features.length);
  });

  it('resolves every parent and station key; facilities lie inside their parent', () => {
    for (const f of city.features) {
      if (f.parentKey) expect(byKey.has(f.parentKey), `${f.key} -> ${f.parentKey}`).toBe(true);
      if (f.stationKey) expect(byKey.get(f.stationKey)?.layer, `${f.key} -> ${f.stationKey}`).toBe('stations');
      if (f.geometry.type === 'Point') {
        const parent = byKey.get(f.parentKey!)!;
        expect(booleanPointInPolygon(f.geometry.coordinates, parent.geometry as Poly), f.key).toBe(true);
      }
    }
    for (const s of city.staff) expect(byKey.has(s.unitKey), s.key).toBe(true);
    const staffKeys = new Set(city.staff.map((s) => s.key));
    for (const a of city.assignments) {
      expect(staffKeys.has(a.staffKey)).toBe(true);
      expect(byKey.has(a.targetKey), a.targetKey).toBe(true);
    }
  });

  it.each([
    ['townships', 'counties', 1],
    ['communities', 'townships', 1],
    ['grids', 'communities', 1],
    ['grids', 'communities', 2],
    ['townships', 'counties', 2],
  ])('%s tile their %s exactly (shared edges, equal areas), seed %i', (child, parent, seed) => {
    const c = seed === 1 ? city : city2;
    const layer = (name: string): DemoFeature[] => c.features.filter((f) => f.layer === name);
    const kids = new Map<string, Poly[]>();
    for (const f of layer(child)) {
      const list = kids.get(f.parentKey!) ?? [];
      list.push(f.geometry as Poly);
      kids.set(f.parentKey!, list);
    }
    for (const p of layer(parent)) {
      const list = kids.get(p.key) ?? [];
      expect(list.length, p.key).toBeGreaterThan(0);
      expect(sameEdges(list, [p.geometry as Poly]), `${p.key} boundary = children's outer edges`).toBe(true);
      const sum = list.reduce((s, g) => s + areaOf(g), 0);
      expect(Math.abs(sum - areaOf(p.geometry as Poly)) / areaOf(p.geometry as Poly), p.key).toBeLessThan(1e-6);
    }
  });

  it('stations are exact unions of their townships', () => {
    for (const s of layer('stations')) {
      const parts = (s.props.townshipCodes as string[]).map((c) => byKey.get(`townships:${c}`)!.geometry as Poly);
      expect(sameEdges(parts, [s.geometry as Poly]), s.key).toBe(true);
    }
  });

  for (const zoneLayer of ['beats', 'aux-grids'] as const) {
    it(`${zoneLayer}: exact unions of grids except the recorded misalignments, which break exactly the listed grids`, () => {
      const mis = city.misalignments.filter((m) => m.layer === zoneLayer);
      expect(mis.length).toBeGreaterThan(0);
      const touched = new Set(mis.flatMap((m) => m.zoneCodes));
      const zones = layer(zoneLayer);
      const zoneByCode = new Map(zones.map((z) => [z.code, z]));
      const gridByCode = new Map(layer('grids').map((g) => [g.code, g]));
      // untouched zones: their geometry's boundary equals that of the grids they name
      for (const z of zones) {
        if (touched.has(z.code)) continue;
        const parts = (z.props.gridCodes as string[]).map((c) => gridByCode.get(c)!.geometry as Poly);
        expect(sameEdges(parts, [z.geometry as Poly]), z.key).toBe(true);
      }
      // touched zones: compute the share of every nearby grid
      const listed = new Map<string, string>();
      for (const m of mis) for (const g of m.gridCodes) listed.set(g, m.kind);
      const shares = new Map<string, Map<string, number>>(); // grid -> zone -> share
      const grids = [...gridByCode.values()];
      const index = new Flatbush(grids.length);
      for (const g of grids) { const b = bbox(g.geometry); index.add(b[0], b[1], b[2], b[3]); }
      index.finish();
      for (const code of touched) {
        const z = zoneByCode.get(code);
        if (!z) continue; // removed aux-grid
        const zb = bbox(z.geometry);
        for (const gi of index.search(zb[0], zb[1], zb[2], zb[3])) {
          const g = grids[gi];
          const s = interArea(z.geometry as Poly, g.geometry as Poly) / areaOf(g.geometry as Poly);
          if (s <= 1e-7) continue;
          const m = shares.get(g.code) ?? new Map<string, number>();
          m.set(code, s);
          shares.set(g.code, m);
          if (!listed.has(g.code)) expect(s, `${code} touches unlisted grid ${g.code}`).toBeGreaterThan(1 - 1e-7);
        }
      }
      // listed grids: add the untouched zone covering it (if any), then check the status
      const zoneOfGrid = new Map<string, string>();
      for (const z of zones) if (!touched.has(z.code)) for (const c of z.props.gridCodes as string[]) zoneOfGrid.set(c, z.code);
      for (const [g, kind] of listed) {
        const m = new Map(shares.get(g) ?? []);
        const whole = zoneOfGrid.get(g);
        if (whole) m.set(whole, 1);
        const values = [...m.values()].sort((a, b) => b - a);
        const best = values[0] ?? 0;
        if (kind === 'overlap') {
          expect(best, `${kind} ${g}`).toBeGreaterThan(0.995);
          expect(values[1], `${kind} ${g} second zone`).toBeGreaterThan(0.005);
        } else if (kind === 'merged') {
          expect(best, `${kind} ${g}`).toBeGreaterThan(0.995);
        } else {
          expect(best, `${kind} ${g} must be non-aligned`).toBeLessThan(0.995);
        }
      }
      // every unlisted grid is covered wholly by exactly one zone
      for (const g of gridByCode.keys()) {
        if (listed.has(g)) continue;
        const m = new Map(shares.get(g) ?? []);
        const whole = zoneOfGrid.get(g);
        if (whole) m.set(whole, 1);
        expect([...m.values()].filter((s) => s > 0.995).length, `grid ${g} in ${zoneLayer}`).toBe(1);
        expect([...m.values()].filter((s) => s <= 0.995).length, `grid ${g} in ${zoneLayer}`).toBe(0);
      }
      const nonAligned = [...listed].filter(([, kind]) => kind !== 'overlap' && kind !== 'merged').length;
      const share = nonAligned / gridByCode.size;
      expect(share).toBeGreaterThan(0.02);
      expect(share).toBeLessThan(0.12);
    });
  }

  it('has realistic gaps in facilities and staffing', () => {
    const communities = layer('communities').length;
    const rooms = layer('police-rooms');
    expect(rooms.length).toBeGreaterThan(communities * 0.7);
    expect(rooms.length).toBeLessThan(communities);
    expect(rooms.some((r) => r.props.status === 'planned')).toBe(true);
    expect(layer('police-posts').length).toBeLessThan(layer('grids').length);
    const da = city.assignments.filter((a) => a.role === 'directorAssistant');
    expect(da.length).toBeLessThan(communities);
    const staff = new Map(city.staff.map((s) => [s.key, s]));
    for (const a of da) expect(staff.get(a.staffKey)!.partyMember).toBe(false);
    const perOfficer = new Map<string, number>();
    for (const a of city.assignments) if (a.role === 'partTimeGridWorker') perOfficer.set(a.staffKey, (perOfficer.get(a.staffKey) ?? 0) + 1);
    expect(perOfficer.size).toBeGreaterThan(0);
    expect([...perOfficer.values()].some((n) => n > 12)).toBe(true);
    expect(perOfficer.size).toBeGreaterThan(0);
    const withOfficer = new Set(city.assignments.filter((a) => a.role === 'partTimeGridWorker').map((a) => a.targetKey));
    expect(withOfficer.size).toBeLessThan(layer('grids').length);
    for (const s of city.staff) expect(s.phone).toMatch(/^0435-3\d{6}$/);
  });
});
