import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { Problem } from './api-types.ts';

/** Where validation problems are marked (red rings) and where past versions / notices are drawn. */
export const PROBLEM_SOURCE = 'edit-problems';
export const OVERLAY_SOURCE = 'edit-overlay';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Adds the overlay sources and layers once: `overlay` features styled by `properties.role`
 * (before = orange dashed, after = green, zone = purple, past = blue dashed) and the problem
 * markers (red ring with a dot) on top of everything.
 */
export function ensureOverlayLayers(map: MlMap): void {
  if (!map.getSource(OVERLAY_SOURCE)) {
    map.addSource(OVERLAY_SOURCE, { type: 'geojson', data: EMPTY });
    const color = ['match', ['get', 'role'], 'before', '#f97316', 'after', '#16a34a', 'zone', '#7c3aed', '#2563eb'] as never;
    map.addLayer({
      id: 'edit-overlay-fill',
      type: 'fill',
      source: OVERLAY_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'] as never,
      paint: { 'fill-color': color, 'fill-opacity': ['match', ['get', 'role'], 'zone', 0.05, 0.15] as never },
    });
    map.addLayer({
      id: 'edit-overlay-line',
      type: 'line',
      source: OVERLAY_SOURCE,
      paint: {
        'line-color': color,
        'line-width': ['match', ['get', 'role'], 'before', 4, 'after', 3, 2.5] as never,
        'line-dasharray': ['match', ['get', 'role'], 'before', ['literal', [3, 2]], 'past', ['literal', [2, 1]], ['literal', [1, 0]]] as never,
      },
    });
  }
  if (!map.getSource(PROBLEM_SOURCE)) {
    map.addSource(PROBLEM_SOURCE, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: 'edit-problem-ring',
      type: 'circle',
      source: PROBLEM_SOURCE,
      paint: { 'circle-radius': 14, 'circle-color': 'rgba(220,38,38,0.15)', 'circle-stroke-color': '#dc2626', 'circle-stroke-width': 3 },
    });
    map.addLayer({
      id: 'edit-problem-dot',
      type: 'circle',
      source: PROBLEM_SOURCE,
      paint: { 'circle-radius': 3, 'circle-color': '#dc2626' },
    });
  }
}

/** Marks the located problems on the map (an empty list clears the markers). */
export function showProblems(map: MlMap, problems: readonly Problem[]): void {
  ensureOverlayLayers(map);
  const features = problems
    .filter((p) => p.location)
    .map((p, i) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p.location! }, properties: { code: p.code, index: i } }));
  (map.getSource(PROBLEM_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
}

/** Draws an overlay (a past version, a notice's before/after); null clears it. */
export function showOverlay(map: MlMap, fc: FeatureCollection | null): void {
  ensureOverlayLayers(map);
  (map.getSource(OVERLAY_SOURCE) as GeoJSONSource).setData(fc ?? EMPTY);
}
