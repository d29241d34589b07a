import { useEffect, useState } from 'react';
import type { LayerName } from '../../map/layerConfig.ts';
import { useMapStore } from '../../state/map.ts';
import { layerIndex } from '../facilities/map-tools.ts';

/** What an assignment's target is called. */
export interface NamedFeature {
  layer: LayerName;
  code: string;
  name: string;
}

/** Layers that hold assignment targets and staff units. */
const LAYERS: LayerName[] = ['counties', 'stations', 'communities', 'grids', 'beats', 'aux-grids'];

/**
 * Feature id → layer, code and name for the layers assignments point at (ids are unique across
 * layers), read from the map's data once it is in; `version` bumps when it is rebuilt.
 */
export function useFeatureNames(): Map<number, NamedFeature> {
  const map = useMapStore((s) => s.map);
  const loaded = useMapStore((s) => s.dataLoaded);
  const [names, setNames] = useState<Map<number, NamedFeature>>(new Map());
  useEffect(() => {
    let live = true;
    if (!map || !loaded) return;
    void Promise.all(LAYERS.map(async (layer) => ({ layer, rows: await layerIndex(map, layer) }))).then(
      (all) => {
        if (!live) return;
        const m = new Map<number, NamedFeature>();
        for (const { layer, rows } of all) for (const r of rows) m.set(r.id, { layer, code: r.code, name: r.name });
        setNames(m);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [map, loaded]);
  return names;
}
