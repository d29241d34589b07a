import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UploadedFile } from '../../server/io/types.ts';
import { isPosition } from '../../server/io/positions.ts';

/** Fixture folders. */
export const IO_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'io');
export const REAL_TONGHUA = join(import.meta.dirname, '..', 'fixtures', 'real', 'tonghua');

/** An uploaded file from test/fixtures/io. */
export function fixture(name: string): UploadedFile {
  return { name, bytes: new Uint8Array(readFileSync(join(IO_FIXTURES, name))) };
}

/** All positions of a (raw) geometry, in order. */
export function positionsOf(value: unknown): number[][] {
  return ringsOf(value).flat();
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function metres(a: number[], b: number[]): number {
  const r = Math.PI / 180;
  const dLat = (b[1] - a[1]) * r;
  const dLon = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/** The position lists of a geometry (rings, lines; a point is a list of one), in order. */
export function ringsOf(value: unknown): number[][][] {
  const out: number[][][] = [];
  const walk = (v: unknown) => {
    if (isPosition(v)) out.push([v]);
    else if (Array.isArray(v) && v.length > 0 && v.every(isPosition)) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('coordinates' in o) walk(o.coordinates);
      if (Array.isArray(o.geometries)) o.geometries.forEach(walk);
    }
  };
  walk(value);
  return out;
}

/**
 * The largest vertex-to-vertex distance (m) between two geometries with the same rings in the
 * same order; each ring may be reversed (Shapefiles and GeoJSON wind rings oppositely).
 */
export function maxRingDistance(a: unknown, b: unknown): { max: number; count: number } {
  const ra = ringsOf(a);
  const rb = ringsOf(b);
  if (ra.length !== rb.length) throw new Error(`ring counts differ: ${ra.length} vs ${rb.length}`);
  let max = 0;
  let count = 0;
  ra.forEach((ring, i) => {
    const other = rb[i];
    if (ring.length !== other.length) throw new Error(`ring ${i}: vertex counts differ: ${ring.length} vs ${other.length}`);
    const reversed = other.slice().reverse();
    const worst = (o: number[][]) => ring.reduce((m, p, k) => Math.max(m, metres(p, o[k])), 0);
    max = Math.max(max, Math.min(worst(other), worst(reversed)));
    count += ring.length;
  });
  return { max, count };
}

/** The largest vertex-to-vertex distance (m) between two geometries with the same vertices in the same order. */
export function maxVertexDistance(a: unknown, b: unknown): { max: number; count: number } {
  const pa = positionsOf(a);
  const pb = positionsOf(b);
  if (pa.length !== pb.length) throw new Error(`vertex counts differ: ${pa.length} vs ${pb.length}`);
  let max = 0;
  pa.forEach((p, i) => (max = Math.max(max, metres(p, pb[i]))));
  return { max, count: pa.length };
}

/**
 * Runs GDAL's `ogrinfo -al -so` (an independent reader of our exports) and parses its summary:
 * feature count, geometry type and fields. Fails (does not skip) when GDAL is missing.
 */
export function ogrSummary(path: string): { layer: string; geometry: string; count: number; fields: Record<string, string> } {
  if (!existsSync('/usr/bin/ogrinfo')) throw new Error('ogrinfo not found: these tests need GDAL, run `apt-get install gdal-bin`');
  const out = execFileSync('/usr/bin/ogrinfo', ['-ro', '-al', '-so', path], { encoding: 'utf8', env: { ...process.env, CPL_DEBUG: 'OFF' } });
  const layer = /Layer name: (.*)/.exec(out)?.[1] ?? '';
  const geometry = /Geometry: (.*)/.exec(out)?.[1] ?? '';
  const count = Number(/Feature Count: (\d+)/.exec(out)?.[1] ?? NaN);
  const fields: Record<string, string> = {};
  // field lines come after "Data axis to CRS axis mapping" / the SRS block: "name: Type (w.p)"
  for (const line of out.split('\n')) {
    const m = /^([^\s:][^:]*): (\w+(?:\(\w+\))?) \(\d+\.\d+\)$/.exec(line);
    if (m) fields[m[1]] = m[2];
  }
  return { layer, geometry, count, fields };
}
