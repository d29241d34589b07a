import { useEffect, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import { useLayers } from '../../state/layers.ts';
import { bindAlignmentMap } from './controller.ts';
import { useAlignment } from './store.ts';

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

/**
 * While the alignment view is open: fresh data on every opening, the police layer shown, and
 * the map bound to the alignment store (see controller.ts; the overlay and its live refresh
 * stay while other tabs are used, until switched off).
 */
export function useAlignmentMap(map: MlMap | null): void {
  useEffect(() => { void useAlignment.getState().refresh(); }, []);
  useEffect(() => { useLayers.getState().setVisible(useAlignment.getState().layer, true); }, []);
  useEffect(() => { if (map) bindAlignmentMap(map); }, [map]);
}
