import { useEffect, useState } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import { useLayers } from '../../state/layers.ts';
import { useSelection } from '../../state/selection.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { alignApi } from './api.ts';
import { ALIGN_IDS, centrePoints, ensureAlignmentLayers, highlightMismatch, removeAlignmentLayers, setSourceData } from './overlays.ts';
import { useAlignment } from './store.ts';

/** How often the view asks whether something changed the alignment (edits in other tabs or by other users). */
export const POLL_MS = 15_000;

/** The MapLibre map once the page has published it on window.beatgrid (polls until then). */
export function useMap(): MlMap | null {
  const [map, setMap] = useState<MlMap | null>(() => window.beatgrid?.map ?? null);
  useEffect(() => {
    if (map) return;
    const timer = window.setInterval(() => {
      const m = window.beatgrid?.map;
      if (m) { setMap(m); window.clearInterval(timer); }
    }, 150);
    return () => window.clearInterval(timer);
  }, [map]);
  return map;
}

function whenStyleReady(map: MlMap, fn: () => void): void {
  if (map.isStyleLoaded()) fn();
  else map.once('idle', fn);
}

/** Right padding: the details drawer covers the right of the map. */
function padding(map: MlMap) {
  const drawer = map.getContainer().clientWidth > 800 ? 360 : 0;
  return { top: 60, bottom: 60, left: 60, right: 60 + drawer };
}

function fit(map: MlMap, b: number[]): void {
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]] as LngLatBoundsLike, { padding: padding(map), maxZoom: 17, duration: 600 });
}

function extend(b: number[], g: Geometry | null): number[] {
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0] as number); b[1] = Math.min(b[1], c[1] as number); b[2] = Math.max(b[2], c[0] as number); b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g && 'coordinates' in g) walk(g.coordinates);
  return b;
}

/**
 * Connects the alignment store to the map while the view is open: overlays added (and removed
 * on close), the police layer shown, mismatch polygons and the proposal drawn, the picked
 * mismatch framed and its grid / zone selected, and a refresh after any saved edit (edit
 * session) or when the server's change id moves (poll).
 */
export function useAlignmentMap(map: MlMap | null): void {
  const { layer, mismatches, picked, proposal } = useAlignment();

  useEffect(() => { void useAlignment.getState().refresh(); }, []);

  useEffect(() => {
    if (!map) return;
    const add = () => {
      ensureAlignmentLayers(map);
      const s = useAlignment.getState();
      if (s.mismatches) { setSourceData(map, ALIGN_IDS.mismatchSource, s.mismatches); setSourceData(map, ALIGN_IDS.mismatchPoints, centrePoints(s.mismatches)); }
    };
    whenStyleReady(map, add);
    map.on('styledata', add);
    return () => {
      map.off('styledata', add);
      removeAlignmentLayers(map);
    };
  }, [map]);

  useEffect(() => { useLayers.getState().setVisible(layer, true); }, [layer]);

  useEffect(() => {
    if (!map || !mismatches) return;
    whenStyleReady(map, () => {
      ensureAlignmentLayers(map);
      setSourceData(map, ALIGN_IDS.mismatchSource, mismatches);
      setSourceData(map, ALIGN_IDS.mismatchPoints, centrePoints(mismatches));
    });
  }, [map, mismatches]);

  useEffect(() => {
    if (!map) return;
    highlightMismatch(map, picked);
    const f = picked ? mismatches?.features.find((m) => m.properties.key === picked) : undefined;
    if (!f) return;
    fit(map, f.properties.bbox);
    const p = f.properties;
    if (p.gridId !== null) useSelection.getState().select({ layer: 'grids', id: p.gridId });
    else if (p.zoneIds.length) useSelection.getState().select({ layer: p.layer, id: p.zoneIds[0] });
  }, [map, picked, mismatches]);

  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    const draw = async () => {
      if (!proposal) { setSourceData(map, ALIGN_IDS.proposalSource, { type: 'FeatureCollection', features: [] }); return; }
      const features: Feature[] = [];
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const z of proposal.zones) {
        if (z.action === 'update' && z.geometry) {
          features.push({ type: 'Feature', properties: { role: 'zone', zoneId: z.id, code: z.code }, geometry: z.geometry });
          extend(box, z.geometry);
        }
      }
      const change = new Map<number, 'added' | 'removed'>();
      for (const z of proposal.zones) {
        for (const g of z.removed) change.set(g.id, 'removed');
        for (const g of z.added) change.set(g.id, 'added');
      }
      if (change.size) {
        const src = map.getSource('grids') as GeoJSONSource | undefined;
        const data = src ? ((await src.getData()) as FeatureCollection) : null;
        for (const g of data?.features ?? []) {
          const c = change.get(Number(g.id));
          if (c) { features.push({ type: 'Feature', properties: { role: 'grid', change: c, gridId: Number(g.id) }, geometry: g.geometry }); extend(box, g.geometry); }
        }
      }
      if (cancelled) return;
      ensureAlignmentLayers(map);
      setSourceData(map, ALIGN_IDS.proposalSource, { type: 'FeatureCollection', features });
      if (Number.isFinite(box[0])) fit(map, box);
    };
    void draw();
    return () => { cancelled = true; };
  }, [map, proposal]);

  // live feedback: after any edit saved in the page, and when the server's change id moves
  useEffect(() => {
    const unsub = useEditSession.subscribe((s, prev) => {
      if (s.lastFeatures !== prev.lastFeatures && s.lastFeatures.length) void useAlignment.getState().refresh();
    });
    const timer = window.setInterval(async () => {
      const s = useAlignment.getState();
      if (!s.overview || s.loading) return;
      try {
        const o = await alignApi.overview(s.layer);
        if (o.changeId !== useAlignment.getState().overview?.changeId) void useAlignment.getState().refresh();
      } catch { /* the next poll retries */ }
    }, POLL_MS);
    return () => { unsub(); window.clearInterval(timer); };
  }, []);
}
