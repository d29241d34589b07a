import type { Geometry } from 'geojson';
import type { SourceCrs } from '../io/types.ts';
import type { FieldMapping, ImportMode, ImportReport, PreviewStatus } from './types.ts';

/**
 * What a validation decided, kept with the preview so that apply writes exactly what the user
 * saw (and refuses with 409 when the data it was checked against changed since).
 */

/** The user's choices for one validation. */
export interface ImportOptions {
  crs: SourceCrs;
  mode: ImportMode;
  mapping: FieldMapping;
  /** station code (station-owned layers): owner of new features; in replace mode the scope */
  station: string | null;
  /** county code: the scope of replace mode */
  county: string | null;
}

/** One source feature as it would be written. */
export interface PlannedFeature {
  index: number;
  code: string | null;
  name: string | null;
  status: PreviewStatus;
  /** repaired WGS84 geometry; null when invalid */
  geometry: Geometry | null;
  parentId: number | null;
  stationId: number | null;
  props: Record<string, unknown>;
  /** replace mode: the live feature (same code, in scope) this one updates */
  target: { id: number; version: number; changed: boolean } | null;
  /** true when the feature had repairable problems (fixed in `geometry`) */
  repaired: boolean;
}

/** A validation's full outcome. */
export interface ImportPlan {
  options: ImportOptions;
  features: PlannedFeature[];
  /** replace mode: live features in scope that the file no longer has */
  retire: { id: number; version: number; code: string }[];
  /** the latest change touching the layers the validation read (409 when it moved) */
  base: number;
  report: Omit<ImportReport, 'previewId' | 'expiresAt'>;
}
