/**
 * The incremental index must give the same rows, summary and mismatch pieces as a full
 * re-analysis after random edits (moves, deletions, additions of grids and zones).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AlignmentIndex, type AlignmentResult } from '../../server/alignment/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CENTRE: [number, number] = [125.95, 41.73];

/** Everything comparable, with areas rounded (float order of summation differs slightly). */
function comparable(r: AlignmentResult): unknown {
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    summary: { ...r.summary, police: { ...r.summary.police, overhangM2: round(r.summary.police.overhangM2), overlapM2: round(r.summary.police.overlapM2) }, mismatch: { ...r.summary.mismatch, areaM2: round(r.summary.mismatch.areaM2) } },
    grids: r.grids.map((g) => ({ ...g, areaM2: round(g.areaM2), coveredM2: round(g.coveredM2), coveredShare: round(g.coveredShare * 1e4), zones: g.zones.map((z) => [z.zoneId, round(z.areaM2)]) })),
    zones: r.zones.map((z) => ({ ...z, areaM2: round(z.areaM2), overhangM2: round(z.overhangM2), overlaps: z.overlaps.map((o) => [o.zoneId, round(o.areaM2)]) })),
    mismatches: r.mismatches.features.map((m) => `${m.properties.kind}|${m.properties.gridId}|${m.properties.zoneIds.join(',')}|${round(m.properties.areaM2)}`).sort(),
  };
}

describe('AlignmentIndex incremental updates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incr-'));
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench/gen.mjs'), '--grids', '300', '--seed', '3', '--out', dir]);
  const grids = JSON.parse(fs.readFileSync(path.join(dir, 'grids.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  const beats = JSON.parse(fs.readFileSync(path.join(dir, 'beats.geojson'), 'utf8')) as FeatureCollection<Polygon>;

  it('equals a full re-analysis after random edits', () => {
    const ix = new AlignmentIndex(grids, beats, { centre: CENTRE });
    let seed = 11;
    const rnd = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    const move = (f: Feature<Polygon>, metres: number): Polygon => {
      const dx = ((rnd() - 0.5) * 2 * metres) / 83000, dy = ((rnd() - 0.5) * 2 * metres) / 111000;
      return { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map(([x, y]) => [x + dx, y + dy])) };
    };
    const g = new Map(grids.features.map((f) => [f.properties!.id as number, f]));
    const z = new Map(beats.features.map((f) => [f.properties!.id as number, f]));
    for (let step = 0; step < 40; step++) {
      const kind = rnd();
      if (kind < 0.4) {
        const id = [...g.keys()][Math.floor(rnd() * g.size)];
        const geom = move(g.get(id)!, 30);
        g.set(id, { ...g.get(id)!, geometry: geom });
        const ch = ix.updateGrid(id, geom);
        expect(ch.grids.map((r) => r.id)).toEqual([id]);
      } else if (kind < 0.8) {
        const id = [...z.keys()][Math.floor(rnd() * z.size)];
        const geom = move(z.get(id)!, 40);
        z.set(id, { ...z.get(id)!, geometry: geom });
        const ch = ix.updateZone(id, geom);
        expect(ch.zones[0].id).toBe(id);
      } else if (kind < 0.9) {
        const id = [...z.keys()][Math.floor(rnd() * z.size)];
        z.delete(id);
        expect(ix.updateZone(id, null).removedZones).toEqual([id]);
      } else {
        // a new zone copied from a grid, shifted: overlaps and cuts
        const src = [...g.values()][Math.floor(rnd() * g.size)];
        const id = 10000 + step;
        const geom = move(src, 20);
        z.set(id, { type: 'Feature', properties: { id }, geometry: geom });
        ix.updateZone(id, geom);
      }
    }
    const edited = new AlignmentIndex({ type: 'FeatureCollection', features: [...g.values()] }, { type: 'FeatureCollection', features: [...z.values()] }, { centre: CENTRE });
    const a = comparable(ix.result()) as { grids: { id: number }[]; zones: { id: number }[] };
    const b = comparable(edited.result()) as typeof a;
    // deleted zones keep their slot in the index, new ones are appended: compare by id
    const byId = <T extends { id: number }>(xs: T[]): T[] => [...xs].sort((p, q) => p.id - q.id);
    expect(byId(a.grids)).toEqual(byId(b.grids));
    expect(byId(a.zones)).toEqual(byId(b.zones));
    expect({ ...a, grids: 0, zones: 0 }).toEqual({ ...b, grids: 0, zones: 0 });
  });
});
