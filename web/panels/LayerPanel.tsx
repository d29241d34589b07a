import { useTranslation } from 'react-i18next';
import { useLayers } from '../state/layers.ts';
import { useConfig } from '../state/config.ts';
import { FACILITY_STATUS, STATUS_COLORS, type LayerName } from '../map/layerConfig.ts';
import { Swatch } from './Swatch.tsx';

/** Layer groups as shown in the panel, top of the map first. */
const GROUPS: { key: string; layers: LayerName[] }[] = [
  { key: 'facilities', layers: ['police-rooms', 'police-posts'] },
  { key: 'police', layers: ['beats', 'aux-grids', 'stations'] },
  { key: 'admin', layers: ['grids', 'communities', 'townships', 'counties'] },
];

/** 图层: toggles with legend swatches, feature counts and load errors. */
export function LayerPanel() {
  const { t } = useTranslation();
  const basemapUrl = useConfig((s) => s.config?.basemapUrl);
  const basemapOn = useLayers((s) => s.basemapOn);
  const setBasemapOn = useLayers((s) => s.setBasemapOn);
  return (
    <div className="layer-panel" data-testid="layer-panel">
      {GROUPS.map((g) => (
        <section key={g.key} className="panel-section">
          <h3 className="section-title">{t(`layerGroups.${g.key}`)}</h3>
          <ul className="layer-list">
            {g.layers.map((layer) => <LayerRow key={layer} layer={layer} />)}
          </ul>
          {g.key === 'facilities' && (
            <div className="status-legend" data-testid="status-legend">
              {FACILITY_STATUS.map((s) => (
                <span key={s} className="status-item">
                  <span className="swatch swatch-point small" style={{ background: STATUS_COLORS[s] }} aria-hidden />
                  {t(`values.status.${s}`)}
                </span>
              ))}
            </div>
          )}
        </section>
      ))}
      <section className="panel-section">
        <h3 className="section-title">{t('layerGroups.basemap')}</h3>
        {basemapUrl ? (
          <label className="layer-row">
            <input type="checkbox" checked={basemapOn} onChange={(e) => setBasemapOn(e.target.checked)} data-testid="toggle-basemap" />
            <span className="layer-name">{t('basemap.raster')}</span>
          </label>
        ) : (
          <p className="muted small">{t('basemap.none')}</p>
        )}
      </section>
    </div>
  );
}

function LayerRow({ layer }: { layer: LayerName }) {
  const { t } = useTranslation();
  const visible = useLayers((s) => s.visible[layer]);
  const load = useLayers((s) => s.load[layer]);
  const toggle = useLayers((s) => s.toggle);
  return (
    <li>
      <label className={visible ? 'layer-row' : 'layer-row off'} title={load.error ?? undefined}>
        <input type="checkbox" checked={visible} onChange={() => toggle(layer)} data-testid={`toggle-${layer}`} />
        <Swatch layer={layer} />
        <span className="layer-name">{t(`layers.${layer}`)}</span>
        <span className="layer-meta" data-testid={`count-${layer}`}>
          {load.status === 'loading' && <span className="spinner" aria-label={t('common.loading')} />}
          {load.status === 'ready' && (load.count ?? 0).toLocaleString()}
          {load.status === 'error' && <span className="error-dot" title={load.error}>{t('common.loadFailed')}</span>}
        </span>
      </label>
    </li>
  );
}
