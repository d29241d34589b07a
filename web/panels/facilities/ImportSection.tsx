import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Map as MlMap } from 'maplibre-gl';
import { ApiError } from '../../api/client.ts';
import { facilityApi, type ImportReport } from './facility-api.ts';
import { ReasonField } from './FacilityForm.tsx';
import { ProblemDetails } from './ProblemDetails.tsx';
import { refreshLayers } from './map-tools.ts';

const SHOWN = 200;

/** The report inside a 422 rejection (its details), when it is one. */
function reportOf(err: unknown): ImportReport | null {
  if (err instanceof ApiError && err.details && typeof err.details === 'object' && Array.isArray((err.details as ImportReport).errors)) {
    return err.details as ImportReport;
  }
  return null;
}

/**
 * CSV 导入: choose a file, check it (dry run: nothing is written) and read the per-row error
 * report (line, column, value, message), then import all-or-nothing or only the valid rows.
 */
export function ImportSection({ map, allowed }: { map: MlMap | null; allowed: boolean }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'all' | 'valid'>('all');
  const [reason, setReason] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    if (!dryRun && !reason.trim()) return setError(new Error(t('facilities.needReason')));
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const r = await facilityApi.importCsv(file, mode, dryRun, reason);
      setReport(r);
      if (!dryRun && r.imported > 0) await refreshLayers(map, ['police-rooms', 'police-posts']);
    } catch (err) {
      const r = reportOf(err);
      if (r) setReport({ ...r, dryRun });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel-section" data-testid="facility-import">
      <h3 className="section-title">{t('facilities.import.title')}</h3>
      <p className="muted small">{t('facilities.import.columns')}</p>
      <input
        type="file"
        accept=".csv,text/csv"
        disabled={!allowed}
        onChange={(e) => (setFile(e.target.files?.[0] ?? null), setReport(null), setError(null))}
        data-testid="facility-import-file"
      />
      <div className="fac-form">
        <label>
          <span>{t('facilities.import.mode')}</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'all' | 'valid')} data-testid="facility-import-mode">
            <option value="all">{t('facilities.import.modeAll')}</option>
            <option value="valid">{t('facilities.import.modeValid')}</option>
          </select>
        </label>
      </div>
      <ReasonField value={reason} onChange={setReason} testId="facility-import-reason" />
      <div className="fac-buttons">
        <button type="button" className="fac-btn" disabled={!allowed || !file || busy} onClick={() => void run(true)} data-testid="facility-import-check">
          {t('facilities.import.check')}
        </button>
        <button type="button" className="fac-btn primary" disabled={!allowed || !file || busy} onClick={() => void run(false)} data-testid="facility-import-run">
          {t('facilities.import.run')}
        </button>
      </div>
      {!allowed && <p className="muted small">{t('facilities.notAllowed')}</p>}
      {report && (
        <div className="fac-report" data-testid="facility-import-report" data-errors={report.errors.length} data-imported={report.imported}>
          <p className={report.errors.length ? 'fac-warn small' : 'fac-ok small'} data-testid="facility-import-summary">
            {t(report.dryRun ? 'facilities.import.checked' : 'facilities.import.done', {
              total: report.total,
              valid: report.valid,
              errors: report.errors.length,
              imported: report.imported,
            })}
            {report.errors.length > 0 && report.mode === 'all' && ` ${t('facilities.import.allHint')}`}
          </p>
          {report.errors.length > 0 && (
            <table className="fac-table" data-testid="facility-import-errors">
              <thead>
                <tr>
                  <th>{t('facilities.import.line')}</th>
                  <th>{t('facilities.import.column')}</th>
                  <th>{t('facilities.import.value')}</th>
                  <th>{t('facilities.import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.slice(0, SHOWN).map((e, i) => (
                  <tr key={i} data-testid="facility-import-error-row" data-line={e.row} data-column={e.column ?? ''}>
                    <td>{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td className="fac-value">{e.value ?? ''}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.errors.length > SHOWN && <p className="muted small">{t('facilities.import.more', { n: report.errors.length - SHOWN })}</p>}
        </div>
      )}
      <ProblemDetails error={error} testId="facility-import-error" />
    </section>
  );
}
