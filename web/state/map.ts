import { create } from 'zustand';
import type { Map as MlMap } from 'maplibre-gl';

export interface MapState {
  /** The page's MapLibre map once it has fired `load`; null before that and after the map page closes. */
  map: MlMap | null;
  /** True once every layer's data has been handed to the map. */
  dataLoaded: boolean;
  setMap: (map: MlMap | null) => void;
  setDataLoaded: (loaded: boolean) => void;
}

/**
 * The live map for panels that draw their own overlays (alignment, coverage, editing):
 * `const map = useMapStore((s) => s.map)` re-renders when the map appears or is replaced,
 * instead of polling `window.beatgrid`.
 */
export const useMapStore = create<MapState>((set) => ({
  map: null,
  dataLoaded: false,
  setMap: (map) => set({ map, dataLoaded: false }),
  setDataLoaded: (dataLoaded) => set({ dataLoaded }),
}));
