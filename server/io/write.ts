import type { Feature, Geometry } from 'geojson';
import { fromWgs84 } from './crs.ts';
import { formatById } from './formats.ts';
import { mapPositions } from './positions.ts';
import { orientPolygons } from './rings.ts';
import type { ExportedFile, ExportFormat, ExportInput } from './types.ts';

/** Decimal places of exported coordinates: 1e-7° ≈ 1 cm, finer than any boundary we hold. */
export const EXPORT_DECIMALS = 7;

const round = (v: number) => Math.round(v * 1e7) / 1e7;

/** "beatgrid-grids-20261128" (+ "-gcj02" when converted) — the file name without extension. */
export function exportBaseName(input: Pick<ExportInput, 'layer' | 'crs'>, now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `beatgrid-${input.layer}-${d}${input.crs === 'gcj02' ? '-gcj02' : ''}`;
}

/**
 * Exports WGS84 features: converts them to input.crs (GCJ-02 on request), rounds coordinates
 * to 7 decimals, orients polygon rings per RFC 7946 (shells counter-clockwise; the Shapefile
 * writer re-orients for its own rule) and writes the format. Input is not mutated.
 */
export async function exportFeatures(format: ExportFormat, input: ExportInput, now = new Date()): Promise<ExportedFile> {
  const entry = formatById(format);
  if (!entry.write) throw new Error(`format ${format} cannot be written`);
  const features: Feature<Geometry, Record<string, unknown>>[] = input.features.map((f) => {
    const g = f.geometry ? orientPolygons(mapPositions(fromWgs84(f.geometry, input.crs), ([x, y]) => [round(x), round(y)]), true) : f.geometry;
    return { ...f, geometry: g, properties: { ...(f.properties ?? {}) } };
  });
  const base = exportBaseName(input, now);
  const body = await entry.write({ features, crs: input.crs, base, title: input.layer });
  return { filename: `${base}.${entry.extensions[0]}`, contentType: entry.contentType, body };
}
