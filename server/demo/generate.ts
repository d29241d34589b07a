/**
 * The deterministic demo city of Tonghua (通化市): real county boundaries and township seats
 * from data/tonghua/, everything else generated from a seed. See data/README.md.
 */
import type { DemoCity, DemoFeature } from './types.ts';
import type { LayerName } from '../domain/layers.ts';
import { generateAdmin, type AdminUnit } from './gen-admin.ts';
import { planPolice } from './gen-police.ts';
import { generatePeople } from './gen-people.ts';
import { repairAround, toGeometry, unionByEdges, vertexCount, type MultiPoly } from './gen-geometry.ts';
import { createRng } from './gen-random.ts';

const PARENT: Partial<Record<LayerName, LayerName>> = { townships: 'counties', communities: 'townships', grids: 'communities' };

function adminFeature(layer: LayerName, u: AdminUnit): DemoFeature {
  const parent = PARENT[layer];
  return {
    key: `${layer}:${u.code}`, layer, code: u.code, name: u.name,
    ...(parent && u.parentCode ? { parentKey: `${parent}:${u.parentCode}` } : {}),
    props: { ...u.props }, geometry: toGeometry(u.mp),
  };
}

/**
 * Generates the demo city. Pure and deterministic: the same seed gives identical output.
 * Reads only the repo's data/tonghua/ files.
 */
export function generateDemoCity(seed = 1): DemoCity {
  const admin = generateAdmin(seed);
  const police = planPolice(admin, createRng(seed, 'police'));

  // second repair: cut pieces and admin polygons share vertices exactly
  const adminUnits = [...admin.counties, ...admin.townships, ...admin.communities, ...admin.grids];
  const polys: MultiPoly[] = adminUnits.map((u) => u.mp);
  const pieces = repairAround(polys, police.pieces);
  adminUnits.forEach((u, i) => { u.mp = polys[i]; });
  const slotPoly = (slot: number): MultiPoly => (slot < admin.grids.length ? admin.grids[slot].mp : pieces[slot - admin.grids.length]);

  const features: DemoFeature[] = [
    ...admin.counties.map((u) => adminFeature('counties', u)),
    ...admin.townships.map((u) => adminFeature('townships', u)),
    ...admin.communities.map((u) => adminFeature('communities', u)),
    ...admin.grids.map((u) => adminFeature('grids', u)),
  ];
  for (const s of police.stations) {
    features.push({
      key: `stations:${s.code}`, layer: 'stations', code: s.code, name: s.name, parentKey: `counties:${s.countyCode}`,
      props: { townshipCodes: s.townshipIdx.map((t) => admin.townships[t].code) },
      geometry: toGeometry(unionByEdges(s.townshipIdx.map((t) => admin.townships[t].mp))),
    });
  }
  for (const b of police.beats) {
    features.push({
      key: `beats:${b.code}`, layer: 'beats', code: b.code, name: b.name, stationKey: `stations:${b.stationCode}`,
      props: { gridCodes: b.gridIdx.map((g) => admin.grids[g].code) },
      geometry: toGeometry(unionByEdges(b.slots.map(slotPoly))),
    });
  }
  for (const z of police.auxGrids) {
    features.push({
      key: `aux-grids:${z.code}`, layer: 'aux-grids', code: z.code, name: z.name, stationKey: `stations:${z.stationCode}`,
      props: { gridCodes: z.gridIdx.map((g) => admin.grids[g].code), beatCode: z.beatCode },
      geometry: toGeometry(unionByEdges(z.slots.map(slotPoly))),
    });
  }
  const people = generatePeople(admin, police, createRng(seed, 'people'));
  features.push(...people.facilities);

  const stats: Record<string, number> = {};
  let total = 0;
  for (const f of features) {
    stats[`features.${f.layer}`] = (stats[`features.${f.layer}`] ?? 0) + 1;
    const g = f.geometry;
    const v = g.type === 'Polygon' ? vertexCount([g.coordinates as MultiPoly[number]]) : g.type === 'MultiPolygon' ? vertexCount(g.coordinates as MultiPoly) : 1;
    stats[`vertices.${f.layer}`] = (stats[`vertices.${f.layer}`] ?? 0) + v;
    total += v;
  }
  stats['vertices.total'] = total;
  for (const m of police.misalignments) {
    stats[`misalignments.${m.layer}`] = (stats[`misalignments.${m.layer}`] ?? 0) + 1;
    stats[`misalignments.${m.layer}.${m.kind}`] = (stats[`misalignments.${m.layer}.${m.kind}`] ?? 0) + 1;
  }
  for (const s of people.staff) stats[`staff.${s.kind}`] = (stats[`staff.${s.kind}`] ?? 0) + 1;
  for (const a of people.assignments) stats[`assignments.${a.role}`] = (stats[`assignments.${a.role}`] ?? 0) + 1;
  return { seed, features, staff: people.staff, assignments: people.assignments, misalignments: police.misalignments, stats };
}
