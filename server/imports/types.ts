import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerName } from '../domain/layers.ts';
import type { CoordinateDiagnosis, ImportFormat, SourceCrs } from '../io/types.ts';

/**
 * Wire types of the import API (server/imports/routes.ts) shared with the page
 * (web/panels/data/). See docs/IMPORT-EXPORT.md.
 *
 *   POST   /api/layers/:layer/import              multipart: file, crs, mode, mapping (JSON), station, lonField, latField
 *   POST   /api/layers/:layer/import/:previewId   JSON {crs?, mode?, mapping?, station?}: re-validate the same upload
 *   POST   /api/layers/:layer/import/:previewId/apply   JSON {onInvalid: 'repair'|'skip', reason?}
 *   DELETE /api/layers/:layer/import/:previewId   cancel (nothing was written)
 *   GET    /api/layers/:layer/export?format=geojson|shapefile|kml|csv|xlsx[&crs=gcj02][&county=CODE][&station=CODE][&ids=1,2]
 */

/** 'add': the file's features are new; 'replace': the file is a new version of the layer (within `station` / county scope). */
export type ImportMode = 'add' | 'replace';

/** Which source attribute feeds which of our fields. */
export interface FieldMapping {
  code: string | null;
  name: string | null;
  /** the parent's code (community code for grids, grid code for posts, ...) */
  parent: string | null;
  /** the owning station's code (beats, aux-grids, posts, rooms) */
  station: string | null;
}

/** One row of the validation table. */
export interface ImportProblem {
  /** 0-based source index */
  index: number;
  code: string | null;
  problem:
    | 'invalid_geojson'
    | 'wrong_geometry_type'
    | 'unclosed_ring'
    | 'too_few_points'
    | 'duplicate_vertices'
    | 'wrong_winding'
    | 'self_intersection'
    | 'out_of_range'
    | 'missing_code'
    | 'missing_name'
    | 'duplicate_code'
    | 'unknown_parent'
    | 'outside_parent'
    | 'unknown_station'
    | 'overlaps_neighbour'
    // added by the pipeline (server/imports/):
    /** zero area, empty or sliver-thin (the write path refuses these for grids) */
    | 'degenerate'
    /** more vertices than one feature may have (LIMITS.verticesPerFeature) */
    | 'too_many_vertices'
    /** the user may not write this feature (role / county / station scope) */
    | 'out_of_scope'
    /** an attribute the layer constrains has a bad value (facility status, openedOn): dropped */
    | 'bad_attribute';
  /** 'error' blocks the feature unless repaired; 'warning' is imported as is */
  severity: 'error' | 'warning';
  /** true when onInvalid='repair' fixes it */
  repairable: boolean;
  message: string;
  /** where: ring (0 = shell), vertex index, a point to fly to, polygon index of a multipolygon */
  where?: { polygon?: number; ring?: number; vertex?: number; point?: [number, number] };
}

/** Against the current layer (replace mode). */
export interface ImportDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
  /** area that changes hands: sum over changed/added/removed of the symmetric difference, m² */
  areaMovedM2: number;
}

export type PreviewStatus = 'ok' | 'repaired' | 'warning' | 'invalid';

/** The answer to an upload or re-validation. */
export interface ImportReport {
  previewId: string;
  layer: LayerName;
  format: ImportFormat;
  fileName: string;
  fields: string[];
  /** the first few rows' attributes, for the mapping form */
  sample: Record<string, unknown>[];
  crs: SourceCrs;
  mode: ImportMode;
  station: string | null;
  /** replace mode: the county whose features the file replaces (county-scoped users: theirs) */
  county: string | null;
  /** CSV/XLSX: the coordinate columns used */
  lonField: string | null;
  latField: string | null;
  mapping: FieldMapping;
  coordinates: CoordinateDiagnosis;
  /** set when a .prj was reprojected (e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 126E") */
  reprojectedFrom: string | null;
  warnings: string[];
  problems: ImportProblem[];
  summary: { total: number; ok: number; repairable: number; invalid: number; warnings: number };
  diff: ImportDiff | null;
  /** WGS84, as it would be written after repair; properties: index, code, name, status: PreviewStatus */
  preview: FeatureCollection<Geometry, { index: number; code: string | null; name: string | null; status: PreviewStatus }>;
  expiresAt: string;
}

/** The answer to apply. */
export interface ImportApplied {
  changeId: number | null;
  created: number;
  updated: number;
  retired: number;
  skipped: number[];
  repaired: number[];
  features: Feature[];
}
