import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { api } from '../api/client.ts';
import { LAYER_STYLES, labelSourceId, type LayerName } from '../map/layerConfig.ts';
import { labelPoints } from '../map/labelPoints.ts';
import { useLayers } from '../state/layers.ts';
import type { AreaFeature } from '../modes/types.ts';

/** Layers the editing tools can edit. */
export const EDITABLE_LAYERS = ['grids', 'beats', 'aux-grids'] as const;
export type EditableLayer = (typeof EDITABLE_LAYERS)[number];

/** Layers snapped to while editing a layer: grids for police zones, and the layer's own neighbours. */
export function snapLayersFor(layer: EditableLayer): LayerName[] {
  return layer === 'grids' ? ['grids'] : ['grids', layer];
}

/**
 * The polygon features of a layer as the map holds them (the source's data, no refetch);
 * fetched from the API when the map has no such source yet.
 */
export async function loadedFeatures(map: MlMap, layer: LayerName): Promise<AreaFeature[]> {
  const src = map.getSource(layer) as GeoJSONSource | undefined;
  let fc: FeatureCollection | null = null;
  if (src) {
    const data = await src.getData();
    if (data && (data as FeatureCollection).type === 'FeatureCollection') fc = data as FeatureCollection;
  }
  if (!fc || !fc.features.length) fc = await api.layer(layer);
  return fc.features.filter(
    (f): f is AreaFeature => f.id !== undefined && !!f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'),
  );
}

/** Refetches layers after a commit and hands them to the map (data and label points). */
export async function reloadLayers(map: MlMap, layers: readonly LayerName[]): Promise<void> {
  await Promise.all(
    [...new Set(layers)].map(async (layer) => {
      const fc = await api.layer(layer);
      (map.getSource(layer) as GeoJSONSource | undefined)?.setData(fc);
      if (LAYER_STYLES[layer].label) (map.getSource(labelSourceId(layer)) as GeoJSONSource | undefined)?.setData(labelPoints(fc));
      const prev = useLayers.getState().load[layer];
      useLayers.getState().setLoad(layer, { ...prev, status: 'ready', count: fc.features.length });
    }),
  );
}
