import type { Feature, Geometry } from 'geojson';
import { readCsv, writeCsv } from './csv.ts';
import { readGeoJson, writeGeoJson } from './geojson.ts';
import { readKml, readKmz, writeKml } from './kml.ts';
import { readShapefileLayers } from './shapefile-read.ts';
import { writeShapefileEntries } from './shapefile-write.ts';
import { ACCEPT_EXTENSIONS, FORMAT_INFO, type FormatInfo } from './format-info.ts';
import type { ExportCrs, ExportFormat, ImportFormat, ParsedSource, ParseOptions, UploadedFile } from './types.ts';
import { readXlsx, writeXlsx } from './xlsx.ts';
import { unzip, zip } from './zip.ts';

/**
 * The format registry (one entry per format, in the manner of Placemark's): which
 * extensions and content type it has, and its reader and/or writer. read.ts and write.ts
 * dispatch through it. The page should import format-info.ts instead (no reader code).
 */

/** What a writer gets: features already converted to the export CRS and rounded. */
export interface WriteRequest {
  features: Feature<Geometry, Record<string, unknown>>[];
  crs: ExportCrs;
  /** file name without extension, e.g. "beatgrid-grids-20261128" */
  base: string;
  /** a human title (layer name) for KML documents and sheet names */
  title: string;
}

/** One format: its static facts (format-info.ts) plus its reader and/or writer. */
export interface FormatEntry extends FormatInfo {
  read?: (file: UploadedFile, opts: ParseOptions) => Promise<ParsedSource>;
  write?: (req: WriteRequest) => Promise<Uint8Array>;
}

const READERS: Record<ImportFormat, FormatEntry['read']> = {
  geojson: readGeoJson,
  shapefile: (file, opts) => readShapefileLayers(unzip(file.bytes, file.name), file.name, opts),
  kml: readKml,
  kmz: readKmz,
  csv: readCsv,
  xlsx: readXlsx,
};
const WRITERS: Partial<Record<ImportFormat, FormatEntry['write']>> = {
  geojson: async (r) => writeGeoJson(r.features),
  shapefile: async (r) => zip(writeShapefileEntries(r.features, r.base, r.crs)),
  kml: async (r) => writeKml(r.features, r.title),
  csv: async (r) => writeCsv(r.features),
  xlsx: (r) => writeXlsx(r.features, r.title),
};

/** All formats, in the order the page lists them. */
export const FORMATS: readonly FormatEntry[] = FORMAT_INFO.map((info) => ({ ...info, read: READERS[info.id], write: WRITERS[info.id] }));

/** The entry of a format id. */
export function formatById(id: ImportFormat | ExportFormat): FormatEntry {
  const f = FORMATS.find((x) => x.id === id);
  if (!f) throw new Error(`unknown format ${id}`);
  return f;
}

/** The entry whose extensions include `ext` (lower case, no dot). */
export function formatByExtension(ext: string): FormatEntry | undefined {
  return FORMATS.find((f) => f.extensions.includes(ext));
}

/** Comma-separated extensions we read, for file pickers and error messages (".geojson, .json, ..."). */
export const READABLE_EXTENSIONS = ACCEPT_EXTENSIONS;
