import type { ExpressionSpecification, GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

/** Source and style-layer ids of the coverage overlays (all prefixed `coverage-`). */
export const COVERAGE_IDS = {
  facilitiesSource: 'coverage-facilities',
  gapsSource: 'coverage-gaps',
  hexSource: 'coverage-hex',
  heat: 'coverage-heat',
  gapsFill: 'coverage-gaps-fill',
  gapsLine: 'coverage-gaps-line',
  hexFill: 'coverage-hex-fill',
  hexLine: 'coverage-hex-line',
} as const;

/** Gap categories and their colours (choropleth by status). */
export const GAP_COLORS = { covered: '#2f9e44', 'no-officer': '#f0a92e', 'no-post': '#e8590c', neither: '#c92a2a' } as const;

/** Distance bands in units of the reach distance, and their colours. */
export const DISTANCE_STOPS: [ratio: number, color: string][] = [
  [0, '#1b7a3a'],
  [0.5, '#69b34c'],
  [1, '#f0c419'],
  [2, '#e8590c'],
  [3, '#b02525'],
];

/** Hexagon colour ramp by the share of grids within reach. */
export const HEX_STOPS: [share: number, color: string][] = [
  [0, '#b02525'],
  [0.5, '#f0a92e'],
  [0.8, '#f0c419'],
  [1, '#2f9e44'],
];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const gapStatusColor: ExpressionSpecification = [
  'match', ['get', 'gap'],
  'covered', GAP_COLORS.covered,
  'no-officer', GAP_COLORS['no-officer'],
  'no-post', GAP_COLORS['no-post'],
  GAP_COLORS.neither,
];
const gapDistanceColor: ExpressionSpecification = [
  'interpolate', ['linear'], ['coalesce', ['get', 'reachRatio'], 99],
  ...DISTANCE_STOPS.flat(),
] as unknown as ExpressionSpecification;

/** The first of our facility point layers, so overlays draw beneath the room/post symbols. */
function beforeFacilities(map: MlMap): string | undefined {
  return map.getStyle().layers.find((l) => l.id.startsWith('police-rooms') || l.id.startsWith('police-posts'))?.id;
}

/**
 * Adds the coverage sources and layers when absent (again after a style change), hidden.
 * Layers: a heatmap of rooms + posts (planned ones weigh 0.3), a grid fill for gaps and a
 * hexagon fill, all under the facility points.
 */
export function ensureCoverageLayers(map: MlMap): void {
  const ids = COVERAGE_IDS;
  for (const src of [ids.facilitiesSource, ids.gapsSource, ids.hexSource]) {
    if (!map.getSource(src)) map.addSource(src, { type: 'geojson', data: EMPTY });
  }
  const before = beforeFacilities(map);
  if (!map.getLayer(ids.gapsFill)) {
    map.addLayer(
      { id: ids.gapsFill, type: 'fill', source: ids.gapsSource, layout: { visibility: 'none' }, paint: { 'fill-color': gapStatusColor, 'fill-opacity': 0.6 } },
      before,
    );
  }
  if (!map.getLayer(ids.gapsLine)) {
    map.addLayer(
      { id: ids.gapsLine, type: 'line', source: ids.gapsSource, layout: { visibility: 'none' }, paint: { 'line-color': '#ffffff', 'line-width': 0.5, 'line-opacity': 0.7 } },
      before,
    );
  }
  if (!map.getLayer(ids.hexFill)) {
    map.addLayer(
      {
        id: ids.hexFill, type: 'fill', source: ids.hexSource, layout: { visibility: 'none' },
        paint: { 'fill-color': ['interpolate', ['linear'], ['get', 'share'], ...HEX_STOPS.flat()] as unknown as ExpressionSpecification, 'fill-opacity': 0.55 },
      },
      before,
    );
  }
  if (!map.getLayer(ids.hexLine)) {
    map.addLayer(
      { id: ids.hexLine, type: 'line', source: ids.hexSource, layout: { visibility: 'none' }, paint: { 'line-color': '#5c6470', 'line-width': 0.8 } },
      before,
    );
  }
  if (!map.getLayer(ids.heat)) {
    map.addLayer(
      {
        id: ids.heat,
        type: 'heatmap',
        source: ids.facilitiesSource,
        layout: { visibility: 'none' },
        paint: {
          'heatmap-weight': ['match', ['get', 'status'], 'staffed', 1, 'built', 0.8, 0.3],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 7, 0.6, 13, 2],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 7, 8, 10, 18, 14, 40],
          'heatmap-opacity': 0.8,
          'heatmap-color': [
            'interpolate', ['linear'], ['heatmap-density'],
            0, 'rgba(33,102,172,0)', 0.15, '#67a9cf', 0.35, '#d1e5f0', 0.55, '#fddbc7', 0.75, '#ef8a62', 1, '#b2182b',
          ],
        },
      },
      before,
    );
  }
}

/** Shows or hides a set of our layers. */
export function setVisible(map: MlMap, layerIds: string[], on: boolean): void {
  for (const id of layerIds) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
}

/** Replaces one of our sources' data. */
export function setData(map: MlMap, sourceId: string, data: FeatureCollection): void {
  (map.getSource(sourceId) as GeoJSONSource | undefined)?.setData(data);
}

/** The gap fill colour expression for a mode. */
export function gapColor(mode: 'status' | 'distance'): ExpressionSpecification {
  return mode === 'status' ? gapStatusColor : gapDistanceColor;
}
