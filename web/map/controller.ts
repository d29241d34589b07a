import { Map as MlMap, NavigationControl, ScaleControl, type GeoJSONSource, type MapGeoJSONFeature, type LngLatBoundsLike } from 'maplibre-gl';
import { api, errorMessage, type BeatgridCollection } from '../api/client.ts';
import { useLayers } from '../state/layers.ts';
import { useSelection, type FeatureRef } from '../state/selection.ts';
import { useUi } from '../state/ui.ts';
import { editingActive } from '../editing/editor-instance.ts';
import { LAYERS, LAYER_STYLES, CLICK_PRIORITY, styleLayerIds, pickLayerId, labelSourceId, type LayerName } from './layerConfig.ts';
import { buildOfflineStyle, LOCAL_IDEOGRAPH_FONT, BASEMAP_LAYER_ID } from './style.ts';
import { labelPoints, bboxOf } from './labelPoints.ts';
import type { AppConfig } from '../api/client.ts';

/** Tonghua city centre, used until the data tells us the real extent. */
const TONGHUA_CENTER: [number, number] = [125.94, 41.73];

/** Padding used when the map frames the city. */
const FIT_PADDING = 48;

/** Padding when flying to a feature: the details drawer covers the right of the map. */
function featurePadding(map: MlMap) {
  const width = map.getContainer().clientWidth;
  const drawer = width > 800 ? 360 : 0;
  return { top: 60, bottom: 60, left: 60, right: 60 + drawer };
}

/** Figures of the last full data load, for the status bar and browser tests. */
export interface LoadFigures {
  totalMs: number;
  totalBytes: number;
}

/**
 * Creates the MapLibre map with the offline style. Labels are drawn locally (the style has
 * no `glyphs`), with a CJK font stack.
 */
export function createMap(container: HTMLElement, config: AppConfig, locale: Record<string, string>): MlMap {
  const map = new MlMap({
    container,
    style: buildOfflineStyle(config.basemapUrl, config.basemapAttribution ?? null),
    center: TONGHUA_CENTER,
    zoom: 8,
    minZoom: 5,
    maxZoom: 19,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT,
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
    locale,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
  return map;
}

/**
 * Loads every layer once from the API into its GeoJSON source (counties first, to frame the
 * city), with label points for labelled layers. Hover and selection then only change
 * feature-state; the data is never set again.
 */
export async function loadAllLayers(map: MlMap): Promise<LoadFigures> {
  const started = performance.now();
  let totalBytes = 0;
  const setLoad = useLayers.getState().setLoad;
  const loadOne = async (layer: LayerName): Promise<BeatgridCollection | null> => {
    setLoad(layer, { status: 'loading' });
    try {
      let bytes = 0, ms = 0;
      const fc = await api.layer(layer, (s) => { bytes = s.bytes; ms = s.ms; });
      totalBytes += bytes;
      (map.getSource(layer) as GeoJSONSource).setData(fc);
      if (LAYER_STYLES[layer].label) (map.getSource(labelSourceId(layer)) as GeoJSONSource).setData(labelPoints(fc));
      setLoad(layer, { status: 'ready', count: fc.features.length, bytes, ms: Math.round(ms) });
      return fc;
    } catch (err) {
      setLoad(layer, { status: 'error', error: errorMessage(err) });
      return null;
    }
  };
  const counties = await loadOne('counties');
  const extent = counties ? bboxOf(counties) : null;
  if (extent) map.fitBounds(extent as LngLatBoundsLike, { padding: FIT_PADDING, animate: false });
  await Promise.all(LAYERS.filter((l) => l !== 'counties').map(loadOne));
  return { totalMs: Math.round(performance.now() - started), totalBytes };
}

/** Finds the feature the user pointed at: the top one by {@link CLICK_PRIORITY} among visible layers. */
export function pickFeature(map: MlMap, point: { x: number; y: number }): MapGeoJSONFeature | null {
  const visible = useLayers.getState().visible;
  const layers = CLICK_PRIORITY.filter((l) => visible[l]).map(pickLayerId).filter((id) => map.getLayer(id));
  if (!layers.length) return null;
  const r = 3;
  const hits = map.queryRenderedFeatures([[point.x - r, point.y - r], [point.x + r, point.y + r]], { layers });
  let best: MapGeoJSONFeature | null = null;
  let bestRank = Infinity;
  for (const f of hits) {
    const rank = CLICK_PRIORITY.indexOf(f.source as LayerName);
    if (rank >= 0 && rank < bestRank && f.id !== undefined) { best = f; bestRank = rank; }
  }
  return best;
}

/**
 * Connects the stores to the map: layer visibility, basemap, selection and hover
 * feature-state, fly-to requests, clicks and the pointer read-out. Returns an unbind function.
 */
export function bindMap(map: MlMap): () => void {
  const unsubs: (() => void)[] = [];

  const applyVisibility = () => {
    const { visible, basemapOn } = useLayers.getState();
    for (const layer of LAYERS) {
      for (const id of styleLayerIds(layer)) {
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible[layer] ? 'visible' : 'none');
      }
    }
    if (map.getLayer(BASEMAP_LAYER_ID)) map.setLayoutProperty(BASEMAP_LAYER_ID, 'visibility', basemapOn ? 'visible' : 'none');
  };
  applyVisibility();
  unsubs.push(useLayers.subscribe((s, prev) => { if (s.visible !== prev.visible || s.basemapOn !== prev.basemapOn) applyVisibility(); }));

  // Selection highlight through feature-state.
  let shown: FeatureRef | null = null;
  const setState = (ref: FeatureRef | null, key: string, value: boolean) => {
    if (ref && map.getSource(ref.layer)) map.setFeatureState({ source: ref.layer, id: ref.id }, { [key]: value });
  };
  unsubs.push(useSelection.subscribe((s) => {
    if (s.selected?.layer === shown?.layer && s.selected?.id === shown?.id) return;
    setState(shown, 'selected', false);
    shown = s.selected;
    setState(shown, 'selected', true);
  }));

  // Fly to a feature: to its bbox when known, else once its geometry has been fetched.
  let pendingFly: FeatureRef | null = null;
  const fit = (bbox: [number, number, number, number]) => {
    const [minx, miny, maxx, maxy] = bbox;
    map.fitBounds([[minx, miny], [maxx, maxy]], { padding: featurePadding(map), maxZoom: 16.5, duration: 700 });
  };
  unsubs.push(useSelection.subscribe((s, prev) => {
    if (s.flyRequest && s.flyRequest !== prev.flyRequest) {
      useLayers.getState().setVisible(s.flyRequest.ref.layer, true);
      if (s.flyRequest.bbox) { fit(s.flyRequest.bbox); pendingFly = null; } else pendingFly = s.flyRequest.ref;
    }
    if (pendingFly && s.feature && s.feature.id === pendingFly.id) {
      const b = bboxOf(s.feature.geometry);
      if (b) fit(b);
      pendingFly = null;
    }
  }));

  // Hover highlight, at most once per frame.
  let hovered: FeatureRef | null = null;
  let frame = 0;
  let lastPoint: { x: number; y: number } | null = null;
  const onMove = (e: { point: { x: number; y: number }; lngLat: { lng: number; lat: number } }) => {
    lastPoint = e.point;
    useUi.getState().setPointer([e.lngLat.lng, e.lngLat.lat]);
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const f = lastPoint ? pickFeature(map, lastPoint) : null;
      const next = f ? { layer: f.source as LayerName, id: Number(f.id) } : null;
      if (next?.layer !== hovered?.layer || next?.id !== hovered?.id) {
        setState(hovered, 'hover', false);
        hovered = next;
        setState(hovered, 'hover', true);
        useUi.getState().setHovered(f && next ? { layer: next.layer, code: String(f.properties.code ?? ''), name: String(f.properties.name ?? '') } : null);
      }
      map.getCanvas().style.cursor = next ? 'pointer' : '';
    });
  };
  const onLeave = () => {
    lastPoint = null;
    setState(hovered, 'hover', false);
    hovered = null;
    useUi.getState().setPointer(null);
    useUi.getState().setHovered(null);
  };
  const onClick = (e: { point: { x: number; y: number } }) => {
    if (editingActive()) return; // an editing mode owns the clicks
    const f = pickFeature(map, e.point);
    useSelection.getState().select(f ? { layer: f.source as LayerName, id: Number(f.id) } : null);
  };
  const onZoom = () => useUi.getState().setZoom(map.getZoom());
  map.on('mousemove', onMove);
  map.on('mouseout', onLeave);
  map.on('click', onClick);
  map.on('zoomend', onZoom);
  onZoom();
  unsubs.push(() => {
    map.off('mousemove', onMove); map.off('mouseout', onLeave); map.off('click', onClick); map.off('zoomend', onZoom);
    cancelAnimationFrame(frame);
  });
  return () => unsubs.forEach((u) => u());
}
