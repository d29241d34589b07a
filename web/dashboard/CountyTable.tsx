import { useTranslation } from 'react-i18next';
import type { CoverageRow, FilingStatus } from './api.ts';
import { coverageApi } from './api.ts';
import { COUNT_KEYS, SHARE_KEYS, band, fractionOf, pct, shareOf } from './format.ts';
import { sortRows, useDashboard, type SortKey } from './store.ts';
import { useSession } from '../auth/session.ts';
import { mayFileReport } from '../auth/visibility.ts';

function SortHeader({ k, label }: { k: SortKey; label: string }) {
  const sort = useDashboard((s) => s.sort);
  const setSort = useDashboard((s) => s.setSort);
  const active = sort.key === k;
  return (
    <th aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button className="sort" onClick={() => setSort(k)} data-testid={`sort-${k}`}>
        {label}
        <span className="sort-mark" aria-hidden>{active ? (sort.dir === 1 ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

function ShareCells({ row }: { row: CoverageRow }) {
  return (
    <>
      {SHARE_KEYS.map((k) => {
        const s = shareOf(row, k);
        return (
          <td key={k} className={`dash-share band-${band(s)}`} title={fractionOf(row, k)} data-key={k}>
            {pct(s)}
          </td>
        );
      })}
    </>
  );
}

function FilingCell({ code, status }: { code: string; status: FilingStatus | null }) {
  const { t } = useTranslation();
  const c = status?.counties.find((x) => x.code === code);
  if (!c || !status) return <td>—</td>;
  if (c.filed) return <td className="filing filed" title={c.filedAt ?? ''}>✓ {t('coverage.filed')}</td>;
  return (
    <td className={c.missing ? 'filing missing' : 'filing pending'} data-testid={`filing-${code}`} title={t('coverage.due', { date: status.dueDate })}>
      {c.missing ? `⚠ ${t('coverage.missing')}` : t('coverage.notFiled')}
    </td>
  );
}

/**
 * One row per county with every coverage figure, sortable by any column, shares coloured
 * against the 100 % target; the city total last. Actions: open the map on the county, the
 * report (print / Excel), and file this month's report.
 */
export function CountyTable({ onOpenMap }: { onOpenMap: (code: string) => void }) {
  const { t } = useTranslation();
  const counties = useDashboard((s) => s.counties);
  const city = useDashboard((s) => s.city);
  const status = useDashboard((s) => s.status);
  const sort = useDashboard((s) => s.sort);
  const filing = useDashboard((s) => s.filing);
  const file = useDashboard((s) => s.file);
  const user = useSession((x) => x.user);
  // the page's copy of the server's rule lives in one place (web/auth/visibility.ts); the server decides
  const canFile = (code: string) => mayFileReport(user, code);
  const rows = sortRows(counties, sort, status);
  const month = status?.month ?? '';
  const confirmFile = (r: CoverageRow) => {
    if (window.confirm(t('coverage.fileConfirm', { county: r.name, month }))) void file(r.code);
  };
  return (
    <div className="table-wrap">
      <table className="dash-table" data-testid="county-table">
        <thead>
          <tr>
            <SortHeader k="name" label={t('coverage.county')} />
            <SortHeader k="communities" label={t('coverage.communities')} />
            <SortHeader k="grids" label={t('coverage.grids')} />
            {SHARE_KEYS.map((k) => <SortHeader key={k} k={k} label={t(`coverage.${k}`)} />)}
            {COUNT_KEYS.map((k) => <SortHeader key={k} k={k} label={t(`coverage.${k}`)} />)}
            <SortHeader k="filing" label={t('coverage.filing')} />
            <th>{t('coverage.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const filed = status?.counties.find((c) => c.code === r.code)?.filed ?? false;
            return (
              <tr key={r.code} data-testid={`dash-row-${r.code}`}>
                <th scope="row">
                  <button className="link" onClick={() => onOpenMap(r.code)} title={t('coverage.viewMap')}>{r.name}</button>
                </th>
                <td className="num">{r.communities}</td>
                <td className="num">{r.grids}</td>
                <ShareCells row={r} />
                {COUNT_KEYS.map((k) => (
                  <td key={k} className={`num ${(r[k] ?? 0) > 0 ? 'count-bad' : ''}`}>{r[k] ?? '—'}</td>
                ))}
                <FilingCell code={r.code} status={status} />
                <td className="actions">
                  <button className="link" onClick={() => onOpenMap(r.code)} data-testid={`map-${r.code}`}>{t('coverage.viewMap')}</button>
                  <a href={coverageApi.reportUrl(r.code, month, 'html')} target="_blank" rel="noreferrer">{t('coverage.reportHtml')}</a>
                  <a href={coverageApi.reportUrl(r.code, month, 'xlsx')}>{t('coverage.reportXlsx')}</a>
                  {!filed && canFile(r.code) && (
                    <button className="btn-small" disabled={filing !== null} onClick={() => confirmFile(r)} data-testid={`file-${r.code}`}>
                      {filing === r.code ? t('coverage.filing_busy') : t('coverage.fileNow')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        {city && (
          <tfoot>
            <tr data-testid="dash-row-city">
              <th scope="row">{t('coverage.city')}</th>
              <td className="num">{city.communities}</td>
              <td className="num">{city.grids}</td>
              <ShareCells row={city} />
              {COUNT_KEYS.map((k) => <td key={k} className="num">{city[k] ?? '—'}</td>)}
              <td>{status ? `${status.counties.filter((c) => c.filed).length} / ${status.counties.length}` : '—'}</td>
              <td />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
