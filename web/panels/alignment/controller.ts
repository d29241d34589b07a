import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import { useLayers } from '../../state/layers.ts';
import { useSelection } from '../../state/selection.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { reloadLayers } from '../../editing/layer-data.ts';
import { alignApi } from './api.ts';
import { ALIGN_IDS, centrePoints, ensureAlignmentLayers, highlightMismatch, removeAlignmentLayers, setSourceData } from './overlays.ts';
import { useAlignment, type AlignmentState } from './store.ts';

/** How often the overlay asks whether something changed the alignment (other users, other tabs). */
export const POLL_MS = 15_000;

/** Right padding: the details drawer covers the right of the map. */
function padding(map: MlMap) {
  const drawer = map.getContainer().clientWidth > 800 ? 360 : 0;
  return { top: 60, bottom: 60, left: 60, right: 60 + drawer };
}

function fit(map: MlMap, b: number[]): void {
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]] as LngLatBoundsLike, { padding: padding(map), maxZoom: 17, duration: 600 });
}

function extend(b: number[], g: Geometry | null): void {
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0] as number); b[1] = Math.min(b[1], c[1] as number); b[2] = Math.max(b[2], c[0] as number); b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g && 'coordinates' in g) walk(g.coordinates);
}

function whenStyleReady(map: MlMap, fn: () => void): void {
  if (map.isStyleLoaded()) fn();
  else map.once('idle', fn);
}

/** The proposal as map features: proposed zone outlines, grids moved in / out. */
async function proposalFeatures(map: MlMap, s: AlignmentState): Promise<{ fc: FeatureCollection; box: number[] }> {
  const features: Feature[] = [];
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const p = s.proposal;
  if (!p) return { fc: { type: 'FeatureCollection', features }, box };
  for (const z of p.zones) {
    if (z.action === 'update' && z.geometry) {
      features.push({ type: 'Feature', properties: { role: 'zone', zoneId: z.id, code: z.code }, geometry: z.geometry });
      extend(box, z.geometry);
    }
  }
  const change = new Map<number, 'added' | 'removed'>();
  for (const z of p.zones) {
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
  return { fc: { type: 'FeatureCollection', features }, box };
}

let bound: MlMap | null = null;

/**
 * Connects the alignment store to the map, once per map: overlays (mismatch polygons by kind,
 * the proposal), framing and selecting a picked mismatch, reloading the police layer after a
 * realignment, and live feedback — the data is refreshed after every edit saved in the page
 * (edit session) and when the server's change id moves (poll), also while another tab is open,
 * as long as the overlay is on.
 */
export function bindAlignmentMap(map: MlMap): void {
  if (bound === map) return;
  bound = map;
  const apply = (s: AlignmentState) => {
    if (!s.overlayOn) { removeAlignmentLayers(map); return; }
    ensureAlignmentLayers(map);
    if (s.mismatches) {
      setSourceData(map, ALIGN_IDS.mismatchSource, s.mismatches);
      setSourceData(map, ALIGN_IDS.mismatchPoints, centrePoints(s.mismatches));
    }
    highlightMismatch(map, s.picked);
  };
  const applyNow = () => whenStyleReady(map, () => apply(useAlignment.getState()));
  applyNow();
  map.on('styledata', () => { if (useAlignment.getState().overlayOn && !map.getSource(ALIGN_IDS.mismatchSource)) apply(useAlignment.getState()); });

  let proposalSeq = 0;
  useAlignment.subscribe((s, prev) => {
    if (s.overlayOn !== prev.overlayOn || s.mismatches !== prev.mismatches || s.picked !== prev.picked) applyNow();
    if (s.layer !== prev.layer) useLayers.getState().setVisible(s.layer, true);
    if (s.pickSeq !== prev.pickSeq && s.picked) {
      const f = s.mismatches?.features.find((m) => m.properties.key === s.picked);
      if (f) {
        fit(map, f.properties.bbox);
        const p = f.properties;
        if (p.gridId !== null) useSelection.getState().select({ layer: 'grids', id: p.gridId });
        else if (p.zoneIds.length) useSelection.getState().select({ layer: p.layer, id: p.zoneIds[0] });
      }
    }
    if (s.proposal !== prev.proposal) {
      const mine = ++proposalSeq;
      void proposalFeatures(map, s).then(({ fc, box }) => {
        if (mine !== proposalSeq) return;
        whenStyleReady(map, () => {
          if (!useAlignment.getState().overlayOn) return;
          ensureAlignmentLayers(map);
          setSourceData(map, ALIGN_IDS.proposalSource, fc);
          if (Number.isFinite(box[0])) fit(map, box);
        });
      });
    }
    if ((s.applied && s.applied !== prev.applied) || (s.reverted && s.reverted !== prev.reverted)) void reloadLayers(map, [s.layer]);
  });

  // live feedback
  useEditSession.subscribe((s, prev) => {
    if (s.lastFeatures !== prev.lastFeatures && s.lastFeatures.length && useAlignment.getState().overlayOn) void useAlignment.getState().refresh();
  });
  window.setInterval(async () => {
    const s = useAlignment.getState();
    if (!s.overlayOn || !s.overview || s.loading) return;
    try {
      const o = await alignApi.overview(s.layer);
      if (o.changeId !== useAlignment.getState().overview?.changeId) void useAlignment.getState().refresh();
    } catch { /* the next poll retries */ }
  }, POLL_MS);
}
