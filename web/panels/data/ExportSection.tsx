import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LAYERS, STATION_OWNED, type LayerName } from '../../../server/domain/layers.ts';
import { useSelection } from '../../state/selection.ts';
import { useLayers } from '../../state/layers.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { StationOptions } from '../StationOptions.tsx';
import { errorMessage } from '../../api/client.ts';
import { dataApi, EXPORT_FORMATS, saveBlob, type ExportFormat } from './data-api.ts';
import { formatBytes } from './format.ts';
import { useUnits } from './useUnits.ts';

type Scope = 'layer' | 'selection' | 'county' | 'station';

/** The ids of `layer` selected on the map: the selected feature and the editing tool's multi-selection. */
function useSelectedIds(layer: LayerName): number[] {
  const selected = useSelection((s) => s.selected);
  const editLayer = useEditSession((s) => s.layer);
  const editSelection = useEditSession((s) => s.selection);
  return useMemo(() => {
    const ids = new Set<number>();
    if (selected?.layer === layer) ids.add(selected.id);
    if (editLayer === layer) editSelection.forEach((id) => ids.add(id));
    return [...ids];
  }, [selected, editLayer, editSelection, layer]);
}

/**
 * 导出: a layer (within the user's read scope), the current map selection, a county or a
 * station's features, as GeoJSON / Shapefile / KML / CSV / XLSX, optionally shifted to GCJ-02
 * for commercial maps. The page fetches the file itself (with the session) so a refusal shows
 * the server's message here instead of being saved as the "file"; a good answer is saved
 * through a Blob URL under the server's file name, and its size (and feature count when the
 * server sends X-Feature-Count) is shown.
 */
export function ExportSection() {
  const { t } = useTranslation();
  const [layer, setLayer] = useState<LayerName>('grids');
  const [format, setFormat] = useState<ExportFormat>('geojson');
  const [scope, setScope] = useState<Scope>('layer');
  const [county, setCounty] = useState('');
  const [stationId, setStationId] = useState('');
  const [gcj02, setGcj02] = useState(false);
  const counties = useUnits('counties');
  const stations = useUnits('stations');
  const selectedIds = useSelectedIds(layer);
  const count = useLayers((s) => s.load[layer]?.count);
  const stationOwned = STATION_OWNED.has(layer);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ filename: string; bytes: number; features: number | null } | null>(null);
  // a download still running when the tab closes is dropped (nothing to save it for)
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  // a scope that no longer applies falls back to the whole layer
  const effective: Scope =
    (scope === 'selection' && !selectedIds.length) || (scope === 'station' && !stationOwned) ? 'layer' : scope;
  const countyCode = county || counties[0]?.code || '';
  const station = stations.find((s) => String(s.id) === stationId) ?? stations[0];
  const ready = effective !== 'county' || !!countyCode;
  const url = dataApi.exportUrl(layer, {
    format,
    gcj02,
    county: effective === 'county' ? countyCode : null,
    station: effective === 'station' ? station?.code ?? null : null,
    ids: effective === 'selection' ? selectedIds : null,
  });

  // the last outcome describes the last choice: another choice clears it
  useEffect(() => {
    setError(null);
    setDone(null);
  }, [url]);

  const download = async () => {
    if (!ready || busy) return;
    const ctl = new AbortController();
    running.current = ctl;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const file = await dataApi.exportFile(url, ctl.signal);
      saveBlob(file.blob, file.filename);
      setDone({ filename: file.filename, bytes: file.bytes, features: file.features });
    } catch (err) {
      if (!ctl.signal.aborted) setError(errorMessage(err));
    } finally {
      if (running.current === ctl) running.current = null;
      if (!ctl.signal.aborted) setBusy(false);
    }
  };

  return (
    <section className="panel-section data-export" data-testid="data-export" data-busy={busy ? '1' : '0'}>
      <h3 className="section-title">{t('data.export.title')}</h3>
      <p className="muted small">{t('data.export.intro')}</p>
      <div className="data-form">
        <label>
          <span>{t('data.layer')}</span>
          <select value={layer} onChange={(e) => setLayer(e.target.value as LayerName)} data-testid="export-layer">
            {LAYERS.map((l) => (
              <option key={l} value={l}>{t(`layers.${l}`)}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('data.export.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>{t(`data.formats.${f}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small data-help">{t(`data.formatHelp.${format}`)}</p>
      <fieldset className="data-choices" data-testid="export-scope">
        <legend>{t('data.export.scope')}</legend>
        <label>
          <input type="radio" name="export-scope" checked={effective === 'layer'} onChange={() => setScope('layer')} data-testid="export-scope-layer" />
          <span>{t('data.export.scopeLayer')}{count !== undefined && <span className="muted"> · {t('data.export.count', { n: count })}</span>}</span>
        </label>
        <label className={selectedIds.length ? '' : 'disabled'}>
          <input type="radio" name="export-scope" disabled={!selectedIds.length} checked={effective === 'selection'} onChange={() => setScope('selection')} data-testid="export-scope-selection" />
          <span>{selectedIds.length ? t('data.export.scopeSelection', { n: selectedIds.length }) : t('data.export.scopeNoSelection')}</span>
        </label>
        <label>
          <input type="radio" name="export-scope" checked={effective === 'county'} onChange={() => setScope('county')} data-testid="export-scope-county" />
          <span>{t('data.export.scopeCounty')}</span>
        </label>
        {effective === 'county' && (
          <select className="data-indent" value={countyCode} onChange={(e) => setCounty(e.target.value)} data-testid="export-county">
            {counties.map((c) => (
              <option key={c.code} value={c.code}>{c.name} ({c.code})</option>
            ))}
          </select>
        )}
        {stationOwned && (
          <label>
            <input type="radio" name="export-scope" checked={effective === 'station'} onChange={() => setScope('station')} data-testid="export-scope-station" />
            <span>{t('data.export.scopeStation')}</span>
          </label>
        )}
        {effective === 'station' && (
          <select className="data-indent" value={station ? String(station.id) : ''} onChange={(e) => setStationId(e.target.value)} data-testid="export-station">
            <StationOptions stations={stations} />
          </select>
        )}
      </fieldset>
      <label className="data-check">
        <input type="checkbox" checked={gcj02} onChange={(e) => setGcj02(e.target.checked)} data-testid="export-gcj02" />
        <span>
          {t('data.export.gcj02')}
          <span className="muted small data-block">{t('data.export.gcj02Help')}</span>
        </span>
      </label>
      <div className="data-buttons">
        <button type="button" className="data-btn primary" disabled={!ready || busy} onClick={() => void download()} data-testid="export-download" data-url={url}>
          {busy ? t('data.export.downloading') : t('data.export.download')}
        </button>
        {busy && <span className="spinner" aria-label={t('data.busy')} />}
      </div>
      {error && (
        <div className="data-problem" role="alert" data-testid="export-error">
          <p className="data-problem-title">{t('data.export.failed')}</p>
          <p>{error}</p>
        </div>
      )}
      {done && (
        <p className="data-success" role="status" data-testid="export-done" data-bytes={done.bytes} data-features={done.features ?? ''} data-filename={done.filename}>
          {done.features !== null
            ? t('data.export.savedCount', { file: done.filename, size: formatBytes(done.bytes), n: done.features })
            : t('data.export.saved', { file: done.filename, size: formatBytes(done.bytes) })}
        </p>
      )}
    </section>
  );
}
