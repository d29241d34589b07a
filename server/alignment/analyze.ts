/** One-shot analysis entry point. */
import type { FeatureCollection } from 'geojson';
import { AlignmentIndex } from './alignment-index.ts';
import type { AlignmentOptions, AlignmentResult } from './types.ts';

/**
 * Analyse a police layer (beats or aux-grids) against the grid layer.
 * @param grids grid layer (网格), GeoJSON FeatureCollection of (Multi)Polygons in WGS84
 * @param zones police zones, same
 * @param options thresholds, id field, projection centre; see AlignmentOptions
 * @returns per-grid and per-zone rows, mismatch polygons, one-to-one check, warnings, summary
 * @throws Error when an input is not a FeatureCollection or an option is out of range
 */
export function analyzeAlignment(grids: FeatureCollection | unknown, zones: FeatureCollection | unknown, options: AlignmentOptions = {}): AlignmentResult {
  return new AlignmentIndex(grids, zones, options).result();
}
