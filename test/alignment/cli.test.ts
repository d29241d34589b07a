/** The align command line: contract output, output files, clear errors. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'align-cli-'));
const align = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/align.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const fx = (c: string, f: string): string => path.join(ROOT, 'test/fixtures/alignment', c, 'in', f);

describe('align CLI', () => {
  it('prints one summary object and writes --json and --mismatches', () => {
    const json = path.join(tmp, 'rows.json'), mm = path.join(tmp, 'mm.geojson');
    const p = align('--grids', fx('cut-through', 'grids.geojson'), '--police', fx('cut-through', 'police.geojson'), '--json', json, '--mismatches', mm);
    expect(p.status, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toEqual({
      grids: { count: 2, aligned: 1, split: 1, partial: 0, uncovered: 0 },
      police: { count: 2, aligned: 0, overhangM2: 0, overlapM2: 0 },
      mismatch: { count: 1, areaM2: expect.closeTo(3000, 1) },
      score: 0.5,
    });
    const rows = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(rows.grids.map((g: { id: string; status: string }) => `${g.id}:${g.status}`)).toEqual(['G1:aligned', 'G2:split']);
    expect(rows.zones.map((z: { id: string; cutGrids: string[] }) => `${z.id}:${z.cutGrids.join('+')}`)).toEqual(['Z1:G2', 'Z2:G2']);
    const m = JSON.parse(fs.readFileSync(mm, 'utf8'));
    expect(m.type).toBe('FeatureCollection');
    expect(m.features[0].properties).toMatchObject({ kind: 'sliver', gridId: 'G2', zoneIds: ['Z1'] });
  });

  it('takes ids from --id-field', () => {
    const g = path.join(tmp, 'g.geojson');
    const src = JSON.parse(fs.readFileSync(fx('uncovered', 'grids.geojson'), 'utf8'));
    src.features.forEach((f: { properties: Record<string, unknown> }, i: number) => { f.properties.code = `grid-${i}`; });
    fs.writeFileSync(g, JSON.stringify(src));
    const json = path.join(tmp, 'ids.json');
    const p = align('--grids', g, '--police', fx('uncovered', 'police.geojson'), '--id-field', 'code', '--json', json);
    expect(p.status, p.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).grids.map((r: { id: string }) => r.id)).toEqual(['grid-0', 'grid-1']);
  });

  it('fails clearly on a missing file, invalid JSON, no features, missing arguments', () => {
    const bad = path.join(tmp, 'bad.json'); fs.writeFileSync(bad, '{"type": "FeatureCollection", "features": [');
    const empty = path.join(tmp, 'empty.json'); fs.writeFileSync(empty, '{"type":"FeatureCollection","features":[]}');
    const cases: [string[], RegExp][] = [
      [['--grids', path.join(tmp, 'nope.geojson'), '--police', fx('aligned', 'police.geojson')], /cannot read grids file .*nope\.geojson: no such file/],
      [['--grids', fx('aligned', 'grids.geojson'), '--police', bad], /police file .*bad\.json is not valid JSON/],
      [['--grids', empty, '--police', fx('aligned', 'police.geojson')], /grids file .*empty\.json has no features/],
      [['--grids', fx('aligned', 'grids.geojson')], /--grids and --police are required/],
    ];
    for (const [args, message] of cases) {
      const p = align(...args);
      expect(p.status).not.toBe(0);
      expect(p.stdout).toBe('');
      expect(p.stderr).toMatch(message);
    }
  });
});
