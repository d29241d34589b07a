import type { ExpressionSpecification, GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { MismatchKind } from './api.ts';

/** Source and style-layer ids of the alignment overlays (all prefixed `alignment-`). */
export const ALIGN_IDS = {
  mismatchSource: 'alignment-mismatches',
  mismatchFill: 'alignment-mismatch-fill',
  mismatchLine: 'alignment-mismatch-line',
  mismatchPoints: 'alignment-mismatch-points',
  mismatchDots: 'alignment-mismatch-dots',
  pickedLine: 'alignment-mismatch-picked',
  proposalSource: 'alignment-proposal',
  proposalGrids: 'alignment-proposal-grids',
  proposalGridsLine: 'alignment-proposal-grids-line',
  proposalZones: 'alignment-proposal-zones',
} as const;

/** One colour per mismatch kind (also the legend's). */
export const KIND_COLORS: Record<MismatchKind, string> = {
  sliver: '#e8590c',
  gap: '#1c7ed6',
  overhang: '#ae3ec9',
  overlap: '#e03131',
};
export const KINDS = Object.keys(KIND_COLORS) as MismatchKind[];

/** Colours of the realign proposal. */
export const PROPOSAL_COLORS = { zone: '#5f3dc4', added: '#2f9e44', removed: '#fcc419' } as const;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const kindColor: ExpressionSpecification = [
  'match', ['get', 'kind'],
  'sliver', KIND_COLORS.sliver,
  'gap', KIND_COLORS.gap,
  'overhang', KIND_COLORS.overhang,
  KIND_COLORS.overlap,
];

/** Adds the alignment sources and layers when absent (again after a style change). They draw on top. */
export function ensureAlignmentLayers(map: MlMap): void {
  const ids = ALIGN_IDS;
  for (const src of [ids.mismatchSource, ids.mismatchPoints, ids.proposalSource]) {
    if (!map.getSource(src)) map.addSource(src, { type: 'geojson', data: EMPTY });
  }
  const add = (layer: Parameters<MlMap['addLayer']>[0]) => { if (!map.getLayer(layer.id)) map.addLayer(layer); };
  add({ id: ids.proposalGrids, type: 'fill', source: ids.proposalSource, filter: ['==', ['get', 'role'], 'grid'],
    paint: { 'fill-color': ['match', ['get', 'change'], 'added', PROPOSAL_COLORS.added, PROPOSAL_COLORS.removed], 'fill-opacity': 0.35 } });
  add({ id: ids.proposalGridsLine, type: 'line', source: ids.proposalSource, filter: ['==', ['get', 'role'], 'grid'],
    paint: { 'line-color': ['match', ['get', 'change'], 'added', PROPOSAL_COLORS.added, PROPOSAL_COLORS.removed], 'line-width': 1.5 } });
  add({ id: ids.proposalZones, type: 'line', source: ids.proposalSource, filter: ['==', ['get', 'role'], 'zone'],
    paint: { 'line-color': PROPOSAL_COLORS.zone, 'line-width': 2.5, 'line-dasharray': [2, 1.5] } });
  add({ id: ids.mismatchFill, type: 'fill', source: ids.mismatchSource, paint: { 'fill-color': kindColor, 'fill-opacity': 0.6 } });
  add({ id: ids.mismatchLine, type: 'line', source: ids.mismatchSource, paint: { 'line-color': kindColor, 'line-width': 1.5 } });
  add({ id: ids.pickedLine, type: 'line', source: ids.mismatchSource, filter: ['==', ['get', 'key'], ''],
    paint: { 'line-color': '#111111', 'line-width': 3 } });
  // a dot per mismatch so that metre-wide slivers stay visible when the whole city is shown
  add({ id: ids.mismatchDots, type: 'circle', source: ids.mismatchPoints, maxzoom: 14,
    paint: { 'circle-color': kindColor, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 13, 5], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.8 } });
}

/** Removes the overlays (when the view closes). */
export function removeAlignmentLayers(map: MlMap): void {
  const ids = ALIGN_IDS;
  for (const l of [ids.mismatchDots, ids.pickedLine, ids.mismatchLine, ids.mismatchFill, ids.proposalZones, ids.proposalGridsLine, ids.proposalGrids]) {
    if (map.getLayer(l)) map.removeLayer(l);
  }
  for (const s of [ids.mismatchSource, ids.mismatchPoints, ids.proposalSource]) if (map.getSource(s)) map.removeSource(s);
}

/** Replaces one of our sources' data. */
export function setSourceData(map: MlMap, sourceId: string, data: FeatureCollection): void {
  (map.getSource(sourceId) as GeoJSONSource | undefined)?.setData(data);
}

/** Outlines the picked mismatch. */
export function highlightMismatch(map: MlMap, key: string | null): void {
  if (map.getLayer(ALIGN_IDS.pickedLine)) map.setFilter(ALIGN_IDS.pickedLine, ['==', ['get', 'key'], key ?? '']);
}

/** Centre points of polygons (bbox centres), carrying their properties. */
export function centrePoints<P extends { bbox: number[] }>(fc: FeatureCollection<Geometry, P>): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f): Feature => {
      const b = f.properties.bbox;
      return { type: 'Feature', properties: f.properties, geometry: { type: 'Point', coordinates: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] } };
    }),
  };
}
