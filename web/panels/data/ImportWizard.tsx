import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { LAYERS, STATION_OWNED, type LayerName } from '../../../server/domain/layers.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { usePermissions } from '../../auth/session.ts';
import { useViewer, zoneStations } from '../../auth/visibility.ts';
import { reloadLayers } from '../../editing/layer-data.ts';
import { bboxOf } from '../../map/labelPoints.ts';
import { flyToImportFeature, removeImportPreview, showImportPreview, showRemovedFeatures } from '../../map/import-preview.ts';
import { useLayers } from '../../state/layers.ts';
import { useMapStore } from '../../state/map.ts';
import { StationOptions } from '../StationOptions.tsx';
import {
  dataApi, diagnosisOf, IMPORT_ACCEPT, IMPORT_CRS,
  type CoordinateDiagnosis, type FieldMapping, type ImportApplied, type ImportMode, type ImportProblem, type ImportReport, type RevalidateOptions, type SourceCrs,
} from './data-api.ts';
import { MappingForm } from './MappingForm.tsx';
import { ProblemTable } from './ProblemTable.tsx';
import { CoordinateNote, DiagnosisError, DiffView, PreviewLegend, Summary } from './ReportParts.tsx';
import { previewWithChanges, removedFeatures } from './replace-preview.ts';
import { useUnits } from './useUnits.ts';

/** Frames the features an import wrote (retired ones are gone from the map). */
function showWritten(map: MlMap, applied: ImportApplied): void {
  const box = bboxOf({ type: 'FeatureCollection', features: applied.features });
  if (box) map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 80, maxZoom: 17, duration: 600 });
}

/** The target offered first: the layers imports are most often for (counties rarely change). */
const PREFERRED: LayerName[] = ['grids', 'beats', 'aux-grids', 'police-posts', 'police-rooms', 'communities'];

/** Point tables need the user to say which columns hold longitude and latitude. */
const isTable = (name: string) => /\.(csv|xlsx)$/i.test(name);

/**
 * The header of a CSV file read in the browser, so the lon/lat columns can be chosen before the
 * first upload (XLSX columns come from the server's report).
 */
async function csvHeader(file: File): Promise<string[]> {
  if (!/\.csv$/i.test(file.name)) return [];
  const head = (await file.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const sep = [',', ';', '\t'].sort((a, b) => head.split(b).length - head.split(a).length)[0];
  return head.split(sep).map((s) => s.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
}

/** The columns a 422 `choose_columns` answer lists (a point table read without its coordinate columns), else null. */
function tableColumnsOf(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.status !== 422 || err.code !== 'choose_columns') return null;
  const fields = (err.details as { fields?: unknown } | undefined)?.fields;
  return Array.isArray(fields) && fields.every((f) => typeof f === 'string') ? (fields as string[]) : null;
}

/** A guess of the lon / lat column among `fields` (经度/纬度, lon/lng/x, lat/y). */
function guessColumn(fields: string[], which: 'lon' | 'lat'): string {
  const re = which === 'lon' ? /^(lon|lng|long|longitude|经度|x)$/i : /^(lat|latitude|纬度|y)$/i;
  return fields.find((f) => re.test(f.trim())) ?? '';
}

/**
 * 导入: choose the target layer (only those the user may write), the mode (add new features or
 * replace a layer version, per station for station-owned layers), the file and its coordinate
 * system; upload it (nothing is written), read the coordinate diagnosis, fix the field mapping
 * (re-validated by the server on each change), look at the validation table, the diff and the
 * preview on the map; then apply (repair or skip invalid features, with a reason) or cancel.
 * The preview leaves the map on apply, cancel, and when the tab closes.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const map = useMapStore((s) => s.map);
  const viewer = useViewer();
  const perms = usePermissions();
  const targets = useMemo(() => LAYERS.filter((l) => perms.editLayers.includes(l)), [perms.editLayers]);
  const allStations = useUnits('stations');
  const stations = useMemo(() => zoneStations(viewer, allStations), [viewer, allStations]);

  const [layer, setLayer] = useState<LayerName | ''>('');
  const [mode, setMode] = useState<ImportMode>('add');
  const [stationId, setStationId] = useState('');
  const [county, setCounty] = useState('');
  const counties = useUnits('counties');
  const [crs, setCrs] = useState<SourceCrs>('wgs84');
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [lonField, setLonField] = useState('');
  const [latField, setLatField] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [diagnosis, setDiagnosis] = useState<CoordinateDiagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** the map changed since validation (409): offer to validate again */
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [onInvalid, setOnInvalid] = useState<'repair' | 'skip'>('repair');
  const [reason, setReason] = useState('');
  const [applied, setApplied] = useState<ImportApplied | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  /** the server asked which columns of the point table hold longitude and latitude */
  const [needColumns, setNeedColumns] = useState(false);

  const target: LayerName | '' = layer && targets.includes(layer) ? layer : PREFERRED.find((l) => targets.includes(l)) ?? targets[0] ?? '';
  const stationOwned = !!target && STATION_OWNED.has(target);
  // a police station imports for itself: its one station is preselected
  const station = stationOwned ? stations.find((s) => String(s.id) === stationId) ?? (stations.length === 1 ? stations[0] : undefined) : undefined;
  const needStation = stationOwned && mode === 'replace';
  // replace mode of a non-station layer: one county's part of it, or all the user may write
  const countyScoped = !stationOwned && mode === 'replace';
  const countyCode = countyScoped && county ? county : null;
  const stationCode = station?.code ?? null;
  const table = !!file && isTable(file.name);
  const fields = report?.fields.length ? report.fields : columns;

  // the server's preview outlives nothing: cancel it and clear the map when the tab closes
  const live = useRef<{ layer: LayerName | ''; previewId: string | null }>({ layer: '', previewId: null });
  live.current = { layer: target, previewId: report?.previewId ?? null };
  useEffect(
    () => () => {
      const { layer: l, previewId } = live.current;
      if (l && previewId) void dataApi.cancel(l, previewId);
      const m = useMapStore.getState().map;
      if (m) removeImportPreview(m);
    },
    [],
  );

  // draw the preview; frame it when it is new or its coordinates moved (another CRS)
  const framed = useRef('');
  useEffect(() => {
    if (!map) return;
    if (!report) {
      removeImportPreview(map);
      framed.current = '';
      return;
    }
    const key = `${report.previewId}|${report.crs}`;
    showImportPreview(map, previewWithChanges(report), framed.current !== key);
    framed.current = key;
    // replace mode: the live features it would retire, outlined (a newer report wins)
    if (!report.diff?.removed.length || !target) return;
    let current = true;
    removedFeatures(target, report, report.station ? stations.find((s) => s.code === report.station)?.id ?? null : null).then(
      (fc) => current && showRemovedFeatures(map, fc),
      // only the outline is missing: the diff's list of codes still says what goes
      () => undefined,
    );
    return () => {
      current = false;
    };
    // redrawn per report: the target and stations of that report are the current ones
  }, [map, report]);

  const forget = (previous: ImportReport | null = report) => {
    if (previous && target) void dataApi.cancel(target, previous.previewId);
    setReport(null);
    setDiagnosis(null);
    setPicked(null);
  };

  const fail = (err: unknown) => {
    setStale(err instanceof ApiError && err.status === 409 && !!report);
    // a point table read without (or with wrong) coordinate columns: the server lists the
    // columns it has, so the user can choose them here (an XLSX header is not read in the page)
    const cols = tableColumnsOf(err);
    if (cols) {
      setColumns(cols);
      setLonField((v) => (cols.includes(v) ? v : guessColumn(cols, 'lon')));
      setLatField((v) => (cols.includes(v) ? v : guessColumn(cols, 'lat')));
      setNeedColumns(true);
      setError(null);
      return;
    }
    const d = diagnosisOf(err);
    if (d) {
      setDiagnosis(d);
      setError(null);
    } else setError(err instanceof ApiError && err.status === 404 && report ? t('data.import.expired') : errorMessage(err));
  };

  /** Uploads the chosen file (nothing is written: the server keeps it under a preview id). */
  const upload = async () => {
    if (!file || !target) return;
    if (needStation && !stationCode) return setError(t('data.import.needStation'));
    setBusy(true);
    setError(null);
    setNeedColumns(false);
    setApplied(null);
    const previous = report;
    forget(previous);
    try {
      const r = await dataApi.upload(target, file, {
        crs, mode, station: stationCode, county: countyCode, mapping: previous?.mapping ?? null,
        lonField: table ? lonField || null : null, latField: table ? latField || null : null,
      });
      setReport(r);
      if (r.lonField) setLonField(r.lonField);
      if (r.latField) setLatField(r.latField);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  /** Validates the upload again with what changed (mapping, CRS, mode, station). */
  const revalidate = async (patch: RevalidateOptions) => {
    if (!report || !target) return;
    setBusy(true);
    setError(null);
    try {
      const r = await dataApi.revalidate(target, report.previewId, {
        crs: patch.crs ?? crs, mode: patch.mode ?? mode, mapping: patch.mapping ?? report.mapping,
        station: 'station' in patch ? patch.station : stationCode,
        county: 'county' in patch ? patch.county : countyCode,
        ...('lonField' in patch ? { lonField: patch.lonField } : {}),
        ...('latField' in patch ? { latField: patch.latField } : {}),
      });
      setReport(r);
      setDiagnosis(null);
      setPicked(null);
      setStale(false);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!report || !target) return;
    if (!reason.trim()) return setError(t('data.import.needReason'));
    setBusy(true);
    setError(null);
    try {
      const a = await dataApi.apply(target, report.previewId, onInvalid, reason.trim());
      setApplied(a);
      setReport(null);
      setPicked(null);
      setReason('');
      if (map) {
        useLayers.getState().setVisible(target, true);
        await reloadLayers(map, [target]);
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    forget();
    setError(null);
    setApplied(null);
  };

  const pickFile = async (f: File | null) => {
    forget();
    setApplied(null);
    setError(null);
    setNeedColumns(false);
    setFile(f);
    const cols = f ? await csvHeader(f) : [];
    setColumns(cols);
    setLonField(guessColumn(cols, 'lon'));
    setLatField(guessColumn(cols, 'lat'));
  };

  const pickProblem = (p: ImportProblem, row: number) => {
    setPicked(row);
    if (!map || !report) return;
    const f = report.preview.features.find((x) => x.properties.index === p.index) ?? null;
    flyToImportFeature(map, f, p.index, p.where?.point ?? null);
  };

  if (!targets.length) {
    return (
      <section className="panel-section" data-testid="data-import">
        <h3 className="section-title">{t('data.import.title')}</h3>
        <p className="muted small" data-testid="import-not-allowed">{t('data.import.notAllowed')}</p>
      </section>
    );
  }

  // both choices repair what can be repaired; 'repair' refuses the whole import while any feature stays invalid
  const writable = report ? report.summary.ok + report.summary.warnings + report.summary.repairable : 0;
  const refused = !!report && onInvalid === 'repair' && report.summary.invalid > 0;

  return (
    <section className="panel-section data-import" data-testid="data-import" data-busy={busy ? '1' : '0'}>
      <h3 className="section-title">{t('data.import.title')}</h3>
      <p className="muted small">{t('data.import.intro')}</p>
      <div className="data-form">
        <label>
          <span>{t('data.import.target')}</span>
          <select value={target} disabled={busy} onChange={(e) => (forget(), setLayer(e.target.value as LayerName))} data-testid="import-layer">
            {targets.map((l) => (
              <option key={l} value={l}>{t(`layers.${l}`)}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('data.import.mode')}</span>
          <select
            value={mode}
            disabled={busy}
            onChange={(e) => {
              const m = e.target.value as ImportMode;
              setMode(m);
              void revalidate({ mode: m, county: !stationOwned && m === 'replace' && county ? county : null });
            }}
            data-testid="import-mode"
          >
            <option value="add">{t('data.import.modeAdd')}</option>
            <option value="replace">{t('data.import.modeReplace')}</option>
          </select>
        </label>
        {stationOwned && (
          <label>
            <span>{t('data.import.station')}</span>
            <select
              value={station ? String(station.id) : ''}
              disabled={busy}
              onChange={(e) => {
                setStationId(e.target.value);
                const s = stations.find((x) => String(x.id) === e.target.value);
                void revalidate({ station: s?.code ?? null });
              }}
              data-testid="import-station"
            >
              {!(stations.length === 1) && <option value="">{needStation ? t('data.import.chooseStation') : t('data.import.stationFromFile')}</option>}
              <StationOptions stations={stations} />
            </select>
          </label>
        )}
        {countyScoped && (
          <label>
            <span>{t('data.import.county')}</span>
            <select
              value={county}
              disabled={busy}
              onChange={(e) => {
                setCounty(e.target.value);
                void revalidate({ county: e.target.value || null });
              }}
              data-testid="import-county"
            >
              <option value="">{t('data.import.allCounties')}</option>
              {counties.map((c) => (
                <option key={c.code} value={c.code}>{c.name} ({c.code})</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="muted small data-help">{t(mode === 'replace' ? (stationOwned ? 'data.import.replaceStationHelp' : 'data.import.replaceHelp') : 'data.import.addHelp')}</p>
      <div className="data-form">
        <label>
          <span>{t('data.import.file')}</span>
          <input type="file" accept={IMPORT_ACCEPT} disabled={busy} onChange={(e) => void pickFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
        </label>
        <label>
          <span>{t('data.import.crs')}</span>
          <select
            value={crs}
            disabled={busy}
            onChange={(e) => {
              const c = e.target.value as SourceCrs;
              setCrs(c);
              void revalidate({ crs: c });
            }}
            data-testid="import-crs"
          >
            {IMPORT_CRS.map((c) => (
              <option key={c} value={c}>{t(`data.crs.${c}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small data-help">{t('data.crsHelp')}</p>
      {table && (
        <div className="data-form" data-testid="import-lonlat">
          {(['lon', 'lat'] as const).map((which) => {
            const value = which === 'lon' ? lonField : latField;
            return (
              <label key={which}>
                <span>{t(`data.import.${which}Field`)}</span>
                <select
                  value={value}
                  disabled={busy}
                  onChange={(e) => {
                    const v = e.target.value;
                    if (which === 'lon') setLonField(v);
                    else setLatField(v);
                    // the columns decide how the file is read: the server reads its kept upload again
                    if (report) void revalidate(which === 'lon' ? { lonField: v || null } : { latField: v || null });
                  }}
                  data-testid={`import-${which}-field`}
                >
                  <option value="">{t('data.import.chooseColumn')}</option>
                  {fields.map((f) => (
                    <option key={f} value={f}>{f}</option>
                  ))}
                </select>
              </label>
            );
          })}
        </div>
      )}
      <div className="data-buttons">
        <button type="button" className="data-btn primary" disabled={!file || busy || (needStation && !stationCode)} onClick={() => void upload()} data-testid="import-upload">
          {report ? t('data.import.uploadAgain') : t('data.import.upload')}
        </button>
        {busy && <span className="spinner" aria-label={t('data.busy')} />}
      </div>
      {needStation && !stationCode && <p className="data-warn small">{t('data.import.needStation')}</p>}
      {needColumns && table && !report && (
        <p className="data-warn small" role="status" data-testid="import-choose-columns">{t('data.import.chooseColumns', { n: columns.length })}</p>
      )}

      {diagnosis && <DiagnosisError diagnosis={diagnosis} />}
      {error && (
        <div className="data-problem" role="alert" data-testid="import-error">
          <p>{error}</p>
          {stale && (
            <button type="button" className="data-btn" disabled={busy} onClick={() => void revalidate({})} data-testid="import-revalidate">
              {t('data.import.revalidate')}
            </button>
          )}
        </div>
      )}
      {applied && (
        <p className="data-success" role="status" data-testid="import-applied" data-created={applied.created} data-updated={applied.updated} data-retired={applied.retired} data-change={applied.changeId ?? ''}>
          {[
            t('data.import.applied', { created: applied.created, updated: applied.updated, retired: applied.retired }),
            applied.changeId !== null ? t('data.import.changeId', { id: applied.changeId }) : '',
            applied.repaired.length ? t('data.import.repairedN', { n: applied.repaired.length }) : '',
            applied.skipped.length ? t('data.import.skippedN', { n: applied.skipped.length }) : '',
          ]
            .filter(Boolean)
            .join(t('data.sentenceSep'))}
          {applied.features.length > 0 && map && (
            <button type="button" className="data-link" onClick={() => showWritten(map, applied)} data-testid="import-show-written">
              {t('data.import.showWritten')}
            </button>
          )}
        </p>
      )}

      {report && (
        <div className="data-report" data-testid="import-report" data-preview={report.previewId} data-mode={report.mode} data-crs={report.crs}>
          <h4 className="data-step">{t('data.import.stepCoordinates')}</h4>
          <CoordinateNote report={report} />
          <h4 className="data-step">{t('data.import.stepMapping')}</h4>
          <p className="muted small">{t('data.import.mappingHelp', { file: report.fileName, n: report.fields.length })}</p>
          {target && <MappingForm layer={target} fields={report.fields} sample={report.sample} mapping={report.mapping} disabled={busy} onChange={(m) => void revalidate({ mapping: m })} />}
          <h4 className="data-step">{t('data.import.stepCheck')}</h4>
          <Summary summary={report.summary} />
          <PreviewLegend report={report} />
          <ProblemTable problems={report.problems} picked={picked} onPick={pickProblem} />
          {report.diff && (
            <>
              <h4 className="data-step">{t('data.import.stepDiff')}</h4>
              <DiffView diff={report.diff} />
            </>
          )}
          <h4 className="data-step">{t('data.import.stepApply')}</h4>
          {/* the choice matters only when something is wrong */}
          {report.summary.invalid + report.summary.repairable > 0 && (
          <fieldset className="data-choices" data-testid="import-on-invalid">
            <label>
              <input type="radio" name="on-invalid" checked={onInvalid === 'repair'} onChange={() => setOnInvalid('repair')} data-testid="import-repair" />
              <span>{t('data.import.repair', { n: report.summary.repairable })}</span>
            </label>
            <label>
              <input type="radio" name="on-invalid" checked={onInvalid === 'skip'} onChange={() => setOnInvalid('skip')} data-testid="import-skip" />
              <span>{t('data.import.skip', { n: report.summary.invalid })}</span>
            </label>
          </fieldset>
          )}
          {refused ? (
            <p className="data-warn small" data-testid="import-refused">{t('data.import.refused', { n: report.summary.invalid })}</p>
          ) : report.diff ? (
            <p className="muted small" data-testid="import-will-write">
              {t('data.import.willWriteDiff', { added: report.diff.added.length, changed: report.diff.changed.length, removed: report.diff.removed.length })}
            </p>
          ) : (
            <p className="muted small" data-testid="import-will-write">{t('data.import.willWrite', { n: writable, total: report.summary.total })}</p>
          )}
          <label className="data-reason">
            <span>{t('data.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('data.reasonPlaceholder')} data-testid="import-reason" />
          </label>
          <div className="data-buttons">
            <button type="button" className="data-btn primary" disabled={busy || !reason.trim() || refused} onClick={() => void apply()} data-testid="import-apply">
              {t('data.import.apply')}
            </button>
            <button type="button" className="data-btn" disabled={busy} onClick={cancel} data-testid="import-cancel">
              {t('data.import.cancel')}
            </button>
          </div>
          <p className="muted small">{t('data.import.oneTransaction')}</p>
        </div>
      )}
    </section>
  );
}
