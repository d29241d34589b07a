import { useEffect, useRef } from 'react';
import { setWorkerUrl, type Map as MlMap } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../state/config.ts';
import { createMap, loadAllLayers, bindMap } from './controller.ts';
import { exposeForTests } from './globalHandle.ts';
import { useMapStore } from '../state/map.ts';

setWorkerUrl(workerUrl);

/**
 * The map. Created once per mount; everything after that (visibility, selection, hover,
 * fly-to) flows from the stores through map/controller.ts, never through React renders.
 */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const config = useConfig((s) => s.config);
  const { t } = useTranslation();

  useEffect(() => {
    if (!container.current || !config) return;
    const map: MlMap = createMap(container.current, config, {
      'NavigationControl.ZoomIn': t('map.zoomIn'),
      'NavigationControl.ZoomOut': t('map.zoomOut'),
      'ScaleControl.Meters': 'm',
      'ScaleControl.Kilometers': 'km',
    });
    let unbind: (() => void) | undefined;
    let removed = false;
    map.on('load', () => {
      unbind = bindMap(map);
      useMapStore.getState().setMap(map);
      exposeForTests(map);
      void loadAllLayers(map).then((figures) => {
        if (removed) return;
        useMapStore.getState().setDataLoaded(true);
        exposeForTests(map, figures);
      });
    });
    return () => {
      removed = true;
      unbind?.();
      if (useMapStore.getState().map === map) useMapStore.getState().setMap(null);
      map.remove();
    };
    // The map is built once per configuration; language changes do not rebuild it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config]);

  // MapLibre makes its container position:relative, so the absolute frame is a wrapper.
  return (
    <div className="map-canvas">
      <div ref={container} className="map-inner" data-testid="map" />
    </div>
  );
}
