import type { Map as MlMap } from 'maplibre-gl';
import { useLayers } from '../state/layers.ts';
import { useSelection } from '../state/selection.ts';
import { useSearch } from '../state/search.ts';
import { useConfig } from '../state/config.ts';
import { useUi } from '../state/ui.ts';
import { useMapStore } from '../state/map.ts';
import type { LoadFigures } from './controller.ts';

/** What the page exposes on `window.beatgrid` for browser tests and for debugging. */
export interface BeatgridHandle {
  map: MlMap;
  store: {
    layers: typeof useLayers;
    selection: typeof useSelection;
    search: typeof useSearch;
    config: typeof useConfig;
    ui: typeof useUi;
    map: typeof useMapStore;
  };
  /** Set once every layer has been fetched and handed to the map. */
  loaded: LoadFigures | null;
}

declare global {
  interface Window {
    beatgrid?: BeatgridHandle;
  }
}

/**
 * Publishes `window.beatgrid = { map, store, loaded }` (called on the map's `load`, again when
 * data is in). Fields other code added to `window.beatgrid` are kept.
 */
export function exposeForTests(map: MlMap, loaded: LoadFigures | null = null): void {
  window.beatgrid = {
    ...window.beatgrid,
    map,
    store: { ...window.beatgrid?.store, layers: useLayers, selection: useSelection, search: useSearch, config: useConfig, ui: useUi, map: useMapStore },
    loaded,
  };
}
