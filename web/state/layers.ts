import { create } from 'zustand';
import { LAYERS, LAYER_STYLES, type LayerName } from '../map/layerConfig.ts';

/** Loading state of one layer's data. */
export interface LayerLoad {
  status: 'idle' | 'loading' | 'ready' | 'error';
  count?: number;
  bytes?: number;
  ms?: number;
  error?: string;
}

export interface LayersState {
  visible: Record<LayerName, boolean>;
  load: Record<LayerName, LayerLoad>;
  /** Raster basemap (only offered when /api/config names one). */
  basemapOn: boolean;
  setVisible: (layer: LayerName, on: boolean) => void;
  toggle: (layer: LayerName) => void;
  setLoad: (layer: LayerName, load: LayerLoad) => void;
  setBasemapOn: (on: boolean) => void;
}

const initialVisible = Object.fromEntries(LAYERS.map((l) => [l, LAYER_STYLES[l].visibleByDefault])) as Record<LayerName, boolean>;
const initialLoad = Object.fromEntries(LAYERS.map((l) => [l, { status: 'idle' }])) as Record<LayerName, LayerLoad>;

/** Which layers are shown and how their data loaded. The map view applies changes to MapLibre. */
export const useLayers = create<LayersState>((set) => ({
  visible: initialVisible,
  load: initialLoad,
  basemapOn: false,
  setVisible: (layer, on) => set((s) => ({ visible: { ...s.visible, [layer]: on } })),
  toggle: (layer) => set((s) => ({ visible: { ...s.visible, [layer]: !s.visible[layer] } })),
  setLoad: (layer, load) => set((s) => ({ load: { ...s.load, [layer]: load } })),
  setBasemapOn: (on) => set({ basemapOn: on }),
}));
