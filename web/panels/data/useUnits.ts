import { useEffect, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import { api } from '../../api/client.ts';
import { useMapStore } from '../../state/map.ts';
import type { StationChoice } from '../StationOptions.tsx';

/**
 * id, code and name of every county or station the user can read, from the map's data once it
 * is in (the server already limited it to the user's read scope), sorted by code.
 */
export function useUnits(layer: 'counties' | 'stations'): StationChoice[] {
  const map = useMapStore((s) => s.map);
  const loaded = useMapStore((s) => s.dataLoaded);
  const [units, setUnits] = useState<StationChoice[]>([]);
  useEffect(() => {
    if (!map || !loaded) return;
    let live = true;
    const read = async () => {
      const src = map.getSource(layer) as GeoJSONSource | undefined;
      let fc = src ? ((await src.getData()) as FeatureCollection | undefined) : undefined;
      if (!fc?.features?.length) fc = await api.layer(layer);
      return fc.features
        .map((f) => ({ id: Number(f.id), code: String(f.properties?.code ?? ''), name: String(f.properties?.name ?? '') }))
        .sort((a, b) => a.code.localeCompare(b.code));
    };
    read().then((u) => live && setUnits(u), () => undefined);
    return () => {
      live = false;
    };
  }, [map, loaded, layer]);
  return units;
}
