import type { ExpressionSpecification, GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { PreviewStatus } from '../../server/imports/types.ts';
import { bboxOf } from './labelPoints.ts';

/**
 * The import preview on the map: what an upload would write, coloured by its validation status
 * (ok green, repaired blue, warning amber, invalid red dashed), drawn above every layer until
 * the import is applied or cancelled. A replace import colours by what it does instead (a
 * feature's `change`: added green, changed blue, unchanged grey) and draws the live features it
 * would retire as a crimson dashed outline; invalid stays red dashed. A few sources and style
 * layers, all prefixed `import-preview`; the data panel (web/panels/data/) is the only caller.
 */
export const PREVIEW_IDS = {
  source: 'import-preview',
  whereSource: 'import-preview-where',
  removedSource: 'import-preview-removed',
  removedLine: 'import-preview-removed-line',
  fill: 'import-preview-fill',
  line: 'import-preview-line',
  invalidLine: 'import-preview-invalid',
  points: 'import-preview-points',
  picked: 'import-preview-picked',
  where: 'import-preview-where-dot',
} as const;

/** One colour per preview status (also the panel's legend). */
export const PREVIEW_COLORS: Record<PreviewStatus, string> = {
  ok: '#2f9e44',
  repaired: '#1c7ed6',
  warning: '#f59f00',
  invalid: '#e03131',
};

/** What a replace import does to a feature of the file (`change` property of a preview feature), or to a live one it retires. */
export type PreviewChange = 'added' | 'changed' | 'unchanged' | 'removed';

/** One colour per replace-mode change (also the panel's legend). */
export const CHANGE_COLORS: Record<PreviewChange, string> = {
  added: '#2f9e44',
  changed: '#1c7ed6',
  unchanged: '#868e96',
  removed: '#a61e4d',
};

/** The style layers that draw preview features (for queryRenderedFeatures in tests and tools). */
export const PREVIEW_FEATURE_LAYERS = [PREVIEW_IDS.fill, PREVIEW_IDS.line, PREVIEW_IDS.invalidLine, PREVIEW_IDS.points, PREVIEW_IDS.removedLine];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const statusColor: ExpressionSpecification = [
  'match', ['get', 'status'],
  'ok', PREVIEW_COLORS.ok,
  'repaired', PREVIEW_COLORS.repaired,
  'warning', PREVIEW_COLORS.warning,
  PREVIEW_COLORS.invalid,
];
/** the change colour when the feature has one (replace mode), else the status colour */
const featureColor: ExpressionSpecification = [
  'case', ['has', 'change'],
  ['match', ['get', 'change'], 'added', CHANGE_COLORS.added, 'changed', CHANGE_COLORS.changed, CHANGE_COLORS.unchanged],
  statusColor,
];
/** unchanged features recede: the eye goes to what the import changes */
const fillOpacity: ExpressionSpecification = ['case', ['==', ['get', 'change'], 'unchanged'], 0.08, 0.22];
const isPolygon: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const isPoint: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
const isInvalid: ExpressionSpecification = ['==', ['get', 'status'], 'invalid'];

/** Adds the preview source and layers when absent, on top of everything. */
function ensureLayers(map: MlMap): void {
  const ids = PREVIEW_IDS;
  for (const src of [ids.removedSource, ids.source, ids.whereSource]) if (!map.getSource(src)) map.addSource(src, { type: 'geojson', data: EMPTY });
  const add = (layer: Parameters<MlMap['addLayer']>[0]) => { if (!map.getLayer(layer.id)) map.addLayer(layer); };
  // invalid shapes (bow-ties) fill unpredictably: they get only their dashed outline
  add({ id: ids.fill, type: 'fill', source: ids.source, filter: ['all', isPolygon, ['!', isInvalid]], paint: { 'fill-color': featureColor, 'fill-opacity': fillOpacity } });
  // the picked feature: a dark halo under its status line, so an invalid one stays red-dashed
  add({ id: ids.picked, type: 'line', source: ids.source, filter: ['==', ['get', 'index'], -1],
    paint: { 'line-color': '#111827', 'line-width': 7, 'line-opacity': 0.45 } });
  add({ id: ids.line, type: 'line', source: ids.source, filter: ['all', ['!', isPoint], ['!', isInvalid]],
    paint: { 'line-color': featureColor, 'line-width': ['case', ['==', ['get', 'change'], 'unchanged'], 1.4, 2.2] } });
  // line-dasharray cannot follow data: invalid features get their own dashed layer
  add({ id: ids.invalidLine, type: 'line', source: ids.source, filter: ['all', ['!', isPoint], isInvalid],
    paint: { 'line-color': PREVIEW_COLORS.invalid, 'line-width': 2.4, 'line-dasharray': [2, 1.5] } });
  // what a replace retires: its live outline, dashed, above the file's features (a feature
  // that comes back under a new code lies exactly on it and would hide it)
  add({ id: ids.removedLine, type: 'line', source: ids.removedSource,
    paint: { 'line-color': CHANGE_COLORS.removed, 'line-width': 3, 'line-dasharray': [1, 1] } });
  add({ id: ids.points, type: 'circle', source: ids.source, filter: isPoint,
    paint: { 'circle-color': featureColor, 'circle-radius': 5.5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
  add({ id: ids.where, type: 'circle', source: ids.whereSource,
    paint: { 'circle-color': '#ffffff', 'circle-radius': 7, 'circle-stroke-color': '#111827', 'circle-stroke-width': 3 } });
}

/**
 * Shows `fc` as the import preview (replacing any earlier one) and, with `fit`, frames it.
 * Re-adds the layers after a style change while a preview is shown.
 */
export function showImportPreview(map: MlMap, fc: FeatureCollection, fit = true): void {
  ensureLayers(map);
  (map.getSource(PREVIEW_IDS.source) as GeoJSONSource).setData(fc);
  (map.getSource(PREVIEW_IDS.removedSource) as GeoJSONSource).setData(EMPTY);
  (map.getSource(PREVIEW_IDS.whereSource) as GeoJSONSource).setData(EMPTY);
  highlightImportFeature(map, null);
  const box = fit ? bboxOf(fc) : null;
  if (box) {
    const [minx, miny, maxx, maxy] = box;
    map.fitBounds([[minx, miny], [maxx, maxy]] as LngLatBoundsLike, { padding: 60, maxZoom: 17, duration: 600 });
  }
}

/**
 * Draws the live features a replace import would retire (crimson dashed outline; properties
 * code, name, change: 'removed'). Call after {@link showImportPreview}, which clears them.
 */
export function showRemovedFeatures(map: MlMap, fc: FeatureCollection): void {
  const src = map.getSource(PREVIEW_IDS.removedSource) as GeoJSONSource | undefined;
  src?.setData(fc);
}

/** Outlines one preview feature (by its source index; null clears) and marks `point` (the problem's place). */
export function highlightImportFeature(map: MlMap, index: number | null, point?: [number, number] | null): void {
  if (map.getLayer(PREVIEW_IDS.picked)) map.setFilter(PREVIEW_IDS.picked, ['==', ['get', 'index'], index ?? -1]);
  const where = map.getSource(PREVIEW_IDS.whereSource) as GeoJSONSource | undefined;
  where?.setData(point ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: point } }] } : EMPTY);
}

/**
 * Brings a preview feature into view: centred on `point` when the problem has one, else framed
 * by the feature's extent; and highlights it.
 */
export function flyToImportFeature(map: MlMap, feature: Feature<Geometry | null> | null, index: number, point?: [number, number] | null): void {
  highlightImportFeature(map, index, point);
  if (point) {
    map.flyTo({ center: point, zoom: Math.max(map.getZoom(), 16), duration: 600 });
    return;
  }
  const box = feature?.geometry ? bboxOf(feature.geometry) : null;
  if (box) map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 80, maxZoom: 17, duration: 600 });
}

/** Removes the preview from the map (after apply or cancel, or when the panel closes). */
export function removeImportPreview(map: MlMap): void {
  const ids = PREVIEW_IDS;
  for (const l of [ids.where, ids.picked, ids.points, ids.invalidLine, ids.line, ids.fill, ids.removedLine]) if (map.getLayer(l)) map.removeLayer(l);
  for (const s of [ids.whereSource, ids.source, ids.removedSource]) if (map.getSource(s)) map.removeSource(s);
}
