import { read as readShapefile } from 'shapefile';
import { UnprocessableError } from '../http/errors.ts';
import { fieldsOf } from './geojson.ts';
import { decodeText, isValidUtf8, normaliseEncoding } from './text.ts';
import type { ParsedSource, ParseOptions, SourceFeature } from './types.ts';
import { baseName, extensionOf, type ZipEntry } from './zip.ts';

/**
 * Zipped Shapefile reader. Geometry and records are decoded by the `shapefile` package (rings
 * classified by orientation: clockwise shells, counter-clockwise holes); we choose the layer,
 * read the .prj and decide the attribute encoding:
 *   options.encoding > .cpg > dBase language driver 0x4D (code page 936) > UTF-8 if the
 *   records are valid UTF-8 > GBK (Chinese desktop GIS without a .cpg nearly always means GBK).
 */

/** The parts of one Shapefile layer found in an archive. */
interface Layer {
  name: string;
  shp: Uint8Array;
  shx?: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array;
  cpg?: Uint8Array;
}

/** Groups the archive's files into layers (same path without extension, extension case ignored). */
export function shapefileLayers(entries: ZipEntry[]): Layer[] {
  const groups = new Map<string, Partial<Layer>>();
  for (const e of entries) {
    const ext = extensionOf(e.path);
    if (!['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext)) continue;
    const key = e.path.slice(0, e.path.length - ext.length - 1);
    const g = groups.get(key.toLowerCase()) ?? { name: key };
    (g as Record<string, Uint8Array>)[ext] = e.bytes;
    groups.set(key.toLowerCase(), g);
  }
  return [...groups.values()].filter((g): g is Layer => g.shp !== undefined);
}

/** Number of records by the .shx (8 bytes each after a 100-byte header) or, lacking it, the .dbf header. */
function recordCount(l: Layer): number {
  if (l.shx && l.shx.length >= 100) return (l.shx.length - 100) / 8;
  if (l.dbf && l.dbf.length >= 8) return new DataView(l.dbf.buffer, l.dbf.byteOffset).getUint32(4, true);
  return 0;
}

/** Chooses the attribute encoding (see the module comment); returns it and how it was found. */
function chooseEncoding(l: Layer, forced: string | undefined, warnings: string[], file: string): string {
  if (forced) {
    const e = normaliseEncoding(forced);
    if (e) return e;
    warnings.push(`Unknown encoding "${forced}" requested; guessing instead.`);
  }
  if (l.cpg) {
    const name = decodeText(l.cpg).text.trim();
    const e = name ? normaliseEncoding(name) : null;
    if (e) return e;
    warnings.push(`${file}: the .cpg names an unknown encoding "${name}"; guessing instead.`);
  }
  if (!l.dbf || l.dbf.length < 32) return 'utf-8';
  if (l.dbf[29] === 0x4d) return 'gbk';
  const headerLength = new DataView(l.dbf.buffer, l.dbf.byteOffset).getUint16(8, true);
  return isValidUtf8(l.dbf.subarray(Math.min(headerLength, l.dbf.length))) ? 'utf-8' : 'gbk';
}

/** Field names from the dBase header, in order (the records give them only when there are any). */
function dbfFieldNames(dbf: Uint8Array, encoding: string): string[] {
  const names: string[] = [];
  const dec = new TextDecoder(encoding);
  for (let n = 32; n + 32 <= dbf.length && dbf[n] !== 0x0d; n += 32) {
    let j = 0;
    while (j < 11 && dbf[n + j] !== 0) j++;
    names.push(dec.decode(dbf.subarray(n, n + j)));
  }
  return names;
}

/**
 * Reads the Shapefile layers of an unpacked zip: `layer` chooses one by name (without
 * extension), otherwise the one with the most features is read and a warning names it.
 */
export async function readShapefileLayers(entries: ZipEntry[], fileName: string, opts: ParseOptions = {}): Promise<ParsedSource> {
  const layers = shapefileLayers(entries);
  if (layers.length === 0) {
    const found = entries.map((e) => e.path).slice(0, 10).join(', ') || 'nothing';
    throw new UnprocessableError(`${fileName} contains no Shapefile (.shp); found: ${found}`, { file: fileName }, 'unreadable_file');
  }
  const warnings: string[] = [];
  let layer: Layer;
  if (opts.layer) {
    const want = opts.layer.toLowerCase();
    const hit = layers.find((l) => l.name.toLowerCase() === want || baseName(l.name).toLowerCase() === want);
    if (!hit) throw new UnprocessableError(`${fileName} has no layer "${opts.layer}"; layers: ${layers.map((l) => baseName(l.name)).join(', ')}`, { file: fileName }, 'unreadable_file');
    layer = hit;
  } else {
    layer = layers.reduce((a, b) => (recordCount(b) > recordCount(a) ? b : a));
    if (layers.length > 1) {
      const list = layers.map((l) => `${baseName(l.name)}.shp (${recordCount(l)} features)`).join(', ');
      warnings.push(`${fileName} holds ${layers.length} layers: ${list}. Read ${baseName(layer.name)}.shp, the one with the most features.`);
    }
  }
  const shpName = `${baseName(layer.name)}.shp`;
  if (!layer.dbf) warnings.push(`${shpName} has no .dbf: features have no attributes.`);
  const encoding = chooseEncoding(layer, opts.encoding, warnings, shpName);
  let collection: { features: { geometry: unknown; properties: Record<string, unknown> | null }[] };
  try {
    collection = (await readShapefile(layer.shp, layer.dbf, { encoding })) as typeof collection;
  } catch (err) {
    throw new UnprocessableError(`${fileName}: ${shpName} could not be read (truncated or not a Shapefile): ${(err as Error).message}`, { file: fileName, layer: shpName }, 'unreadable_file');
  }
  const features: SourceFeature[] = collection.features.map((f, index) => ({
    index,
    geometry: f.geometry ?? null,
    properties: { ...(f.properties ?? {}) },
  }));
  const fields = layer.dbf ? dbfFieldNames(layer.dbf, encoding) : fieldsOf(features);
  const parsed: ParsedSource = { format: 'shapefile', features, fields, encoding, warnings };
  if (layer.prj) parsed.prj = decodeText(layer.prj).text.trim();
  return parsed;
}
