import { useEffect, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import { useMapStore } from '../../state/map.ts';
import { layerIndex, type UnitHit } from './map-tools.ts';

/** The page's map (null until it has loaded). */
export function usePageMap(): MlMap | null {
  return useMapStore((s) => s.map);
}

/** Police stations (id, code, name), read from the map's data once it is in. */
export function useStations(): UnitHit[] {
  const map = useMapStore((s) => s.map);
  const loaded = useMapStore((s) => s.dataLoaded);
  const [stations, setStations] = useState<UnitHit[]>([]);
  useEffect(() => {
    let live = true;
    if (!map || !loaded) return;
    void layerIndex(map, 'stations').then((s) => live && setStations(s), () => undefined);
    return () => {
      live = false;
    };
  }, [map, loaded]);
  return stations;
}
