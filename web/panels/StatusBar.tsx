import { useTranslation } from 'react-i18next';
import { useUi } from '../state/ui.ts';
import { useLayers } from '../state/layers.ts';
import { LAYERS } from '../map/layerConfig.ts';

/** A thin read-out under the map: pointer position, zoom and loading progress. */
export function StatusBar() {
  const { t } = useTranslation();
  const pointer = useUi((s) => s.pointer);
  const zoom = useUi((s) => s.zoom);
  const hovered = useUi((s) => s.hovered);
  const load = useLayers((s) => s.load);
  const pending = LAYERS.filter((l) => load[l].status === 'loading').length;
  const failed = LAYERS.filter((l) => load[l].status === 'error');
  return (
    <div className="status-bar" data-testid="status-bar">
      {pending > 0 && <span className="status-loading"><span className="spinner" />{t('statusBar.loadingLayers', { count: pending })}</span>}
      {failed.length > 0 && (
        <span className="error-text" data-testid="load-errors" title={failed.map((l) => `${t(`layers.${l}`)}: ${load[l].error}`).join('\n')}>
          {t('statusBar.loadFailed', { layers: failed.map((l) => t(`layers.${l}`)).join('、') })}
        </span>
      )}
      <span className="spacer" />
      {hovered && (
        <span className="status-hover" data-testid="status-hover">
          <span className="muted">{t(`layers.${hovered.layer}`)}</span> {hovered.name} <span className="mono muted">{hovered.code}</span>
        </span>
      )}
      {pointer && <span className="mono">{pointer[0].toFixed(5)}, {pointer[1].toFixed(5)}</span>}
      <span className="mono">{t('map.zoomLevel', { zoom: zoom.toFixed(1) })}</span>
    </div>
  );
}
