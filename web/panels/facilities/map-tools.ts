import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { Marker, type GeoJSONSource, type Map as MlMap, type MapMouseEvent } from 'maplibre-gl';
import { api } from '../../api/client.ts';
import type { LayerName } from '../../map/layerConfig.ts';
import { useLayers } from '../../state/layers.ts';

/** A unit (community, grid, station) found under a point. */
export interface UnitHit {
  id: number;
  code: string;
  name: string;
}

/** The features of a layer as the map holds them (falls back to the API when the source is empty). */
async function layerData(map: MlMap, layer: LayerName): Promise<FeatureCollection> {
  const src = map.getSource(layer) as GeoJSONSource | undefined;
  const data = src ? ((await src.getData()) as FeatureCollection | undefined) : undefined;
  if (data?.type === 'FeatureCollection' && data.features.length) return data;
  return api.layer(layer);
}

const boxes = new WeakMap<Feature, number[]>();

/**
 * The live feature of a polygon layer (communities, grids, stations) containing the point, by
 * an exact point-in-polygon test on the map's data; null when the point lies in none.
 */
export async function unitAt(map: MlMap, layer: LayerName, at: [number, number]): Promise<UnitHit | null> {
  const fc = await layerData(map, layer);
  for (const f of fc.features) {
    if (!f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
    let b = boxes.get(f);
    if (!b) boxes.set(f, (b = turfBbox(f)));
    if (at[0] < b[0] || at[0] > b[2] || at[1] < b[1] || at[1] > b[3]) continue;
    if (booleanPointInPolygon(at, f as Feature<Polygon | MultiPolygon>)) {
      const p = (f.properties ?? {}) as { code?: string; name?: string };
      return { id: Number(f.id), code: p.code ?? '', name: p.name ?? '' };
    }
  }
  return null;
}

/** id, code and name of every feature of a layer (for pickers such as the station list). */
export async function layerIndex(map: MlMap | null, layer: LayerName): Promise<UnitHit[]> {
  const fc = map ? await layerData(map, layer) : await api.layer(layer);
  return fc.features
    .map((f) => ({ id: Number(f.id), code: String(f.properties?.code ?? ''), name: String(f.properties?.name ?? '') }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Calls `onPick` with the position of each click on the map (crosshair cursor meanwhile) until
 * the returned function is called; with `once`, only for the first click. `onPick` runs inside
 * the click event, so what it does lands in the same render as the page's own click handling.
 */
export function pickPoints(map: MlMap, onPick: (at: [number, number]) => void, once = false): () => void {
  const canvas = map.getCanvas();
  const handler = (e: MapMouseEvent) => {
    if (once) stop();
    onPick([round(e.lngLat.lng), round(e.lngLat.lat)]);
  };
  const stop = () => {
    map.off('click', handler);
    canvas.style.cursor = '';
  };
  canvas.style.cursor = 'crosshair';
  map.on('click', handler);
  return stop;
}

/** Seven decimals (about 1 cm) are plenty for a facility's position. */
export const round = (x: number) => Math.round(x * 1e7) / 1e7;

/**
 * A draggable marker showing where a facility will go; `onMove` gets each drop position.
 * Returns a handle to move it (after a map click) and to remove it.
 */
export function dragMarker(map: MlMap, at: [number, number], onMove: (at: [number, number]) => void): { setAt: (at: [number, number]) => void; remove: () => void } {
  const el = document.createElement('div');
  el.className = 'fac-drag-marker';
  el.dataset.testid = 'facility-drag-marker';
  const marker = new Marker({ element: el, draggable: true }).setLngLat(at).addTo(map);
  marker.on('dragend', () => {
    const p = marker.getLngLat();
    onMove([round(p.lng), round(p.lat)]);
  });
  return { setAt: (p) => marker.setLngLat(p), remove: () => marker.remove() };
}

/** Refetches facility layers after a write and hands them to the map. */
export async function refreshLayers(map: MlMap | null, layers: LayerName[]): Promise<void> {
  if (!map) return;
  await Promise.all(
    layers.map(async (layer) => {
      const fc = await api.layer(layer);
      (map.getSource(layer) as GeoJSONSource | undefined)?.setData(fc);
      const prev = useLayers.getState().load[layer];
      useLayers.getState().setLoad(layer, { ...prev, status: 'ready', count: fc.features.length });
    }),
  );
}
