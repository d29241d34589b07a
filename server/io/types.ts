import type { Feature, Geometry } from 'geojson';
import type { LayerName } from '../domain/layers.ts';

/**
 * Types shared by the format converters (server/io/) and the import/export pipeline
 * (server/imports/). The converters are pure: bytes in, raw features out (and back);
 * they never validate geometry beyond what is needed to read it, so that per-feature
 * problems survive to the import's validation table.
 */

/** Formats we read. */
export type ImportFormat = 'geojson' | 'shapefile' | 'kml' | 'kmz' | 'csv' | 'xlsx';
/** Formats we write. */
export type ExportFormat = 'geojson' | 'shapefile' | 'kml' | 'csv' | 'xlsx';
/**
 * Coordinate systems of geographic input. WGS84 and CGCS2000 are treated as identical (they
 * differ by centimetres at this scale); GCJ-02 (高德/腾讯) and BD-09 (百度) are converted.
 */
export type SourceCrs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
/** Coordinate systems we export in. */
export type ExportCrs = 'wgs84' | 'gcj02';

/** One uploaded file. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** A feature as read from the source, before validation. */
export interface SourceFeature {
  /** 0-based position in the source, in reading order (shown to users as index + 1) */
  index: number;
  /** raw geometry: may be malformed (unclosed ring, wrong nesting, null) */
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** The result of reading an upload. */
export interface ParsedSource {
  format: ImportFormat;
  features: SourceFeature[];
  /** attribute names in source order (the choices of the field mapping) */
  fields: string[];
  /** the .prj WKT of a Shapefile, if it had one */
  prj?: string;
  /** the attribute text encoding used (Shapefile .cpg or guessed), e.g. 'utf-8', 'gbk' */
  encoding?: string;
  /** non-fatal notes, e.g. "2 placemarks without geometry" */
  warnings: string[];
}

/** Options of reading an upload. */
export interface ParseOptions {
  /** CSV/XLSX: the longitude and latitude columns (required for those formats) */
  lonField?: string;
  latField?: string;
  /** XLSX: sheet name (default: the first sheet) */
  sheet?: string;
  /** override the attribute encoding (Shapefile without .cpg, CSV) */
  encoding?: string;
  /** zipped Shapefile with several layers: the layer to read (name without .shp; default: most features) */
  layer?: string;
}

/** What the coordinates of a source look like (so a wrong CRS is told, not silently imported). */
export interface CoordinateDiagnosis {
  kind:
    | 'lonlat'
    | 'latlon-swapped'
    | 'gauss-kruger-3deg'
    | 'gauss-kruger-6deg'
    | 'web-mercator'
    | 'projected-metres'
    | 'out-of-range'
    | 'empty';
  /** true only for 'lonlat' (importable as geographic coordinates) */
  ok: boolean;
  /** Gauss-Krüger zone number when the false easting carries it */
  zone?: number;
  /** one sentence for the user, English and Chinese */
  message: string;
  messageZh: string;
}

/** Export input: features already chosen (layer / selection / county) and flattened. */
export interface ExportInput {
  layer: LayerName;
  features: Feature<Geometry, Record<string, unknown>>[];
  crs: ExportCrs;
}

/** A file to send back. */
export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Uint8Array;
}
