import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n.ts';
import './dashboard.css';
import { useUi } from '../state/ui.ts';
import { useCoverageMap } from '../panels/coverage/store.ts';
import { BarChart } from './BarChart.tsx';
import { CountyTable } from './CountyTable.tsx';
import { TrendChart } from './TrendChart.tsx';
import { BAND_COLORS, SHARE_KEYS, shareOf, type ShareKey } from './format.ts';
import { useDashboard } from './store.ts';

/** Opens the map on one county: the coverage tab, filtered to it (`/?county=CODE`). */
export function openMapOnCounty(code: string): void {
  useCoverageMap.getState().setCounty(code);
  useUi.getState().setTab('coverage');
  // the router re-reads location on popstate (navigate() compares paths only and the path may not change)
  window.history.pushState(null, '', `/?county=${encodeURIComponent(code)}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * 领导看板 (/dashboard): one row per county with the coverage figures, colour-coded against the
 * 100 % target and sortable; a bar chart of one indicator per county; its trend over months
 * from the stored monthly snapshots; this month's filing status.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const s = useDashboard();
  useEffect(() => {
    void useDashboard.getState().load();
  }, []);
  const ready = !s.loading && s.counties.length > 0;
  const indicatorLabel = t(`coverage.${s.indicator}`);
  const trend = s.trend;
  return (
    <div className="dashboard" data-testid="dashboard">
      <header className="dash-head">
        <div>
          <h2>{t('coverage.title')}</h2>
          <p className="muted">{t('coverage.subtitle')}</p>
        </div>
        <div className="dash-meta">
          {s.status && (
            <span>
              {t('coverage.month')} {s.status.month} · {t('coverage.due', { date: s.status.dueDate })}
            </span>
          )}
          {s.loadMs !== null && <span className="muted small"> · {t('coverage.renderedIn', { ms: s.loadMs })}</span>}
        </div>
      </header>
      {s.error && (
        <div className="dash-error" role="alert">
          {t('coverage.error', { message: s.error })} <button onClick={() => void s.load()}>{t('coverage.retry')}</button>
        </div>
      )}
      {s.loading && s.counties.length === 0 && <p className="muted">{t('coverage.loading')}</p>}
      {s.counties.length > 0 && <CountyTable onOpenMap={openMapOnCounty} />}
      <div className="dash-legend">
        {t('coverage.legend')}
        {(['ok', 'near', 'mid', 'low'] as const).map((b) => (
          <span key={b} className="legend-item">
            <span className="legend-swatch" style={{ background: BAND_COLORS[b] }} />
            {t(`coverage.legend${b[0].toUpperCase()}${b.slice(1)}`)}
          </span>
        ))}
      </div>
      {ready && (
        <section className="dash-charts">
          <div className="indicator-pick">
            <label>
              {t('coverage.indicator')}{' '}
              <select value={s.indicator} onChange={(e) => s.setIndicator(e.target.value as ShareKey)} data-testid="indicator-select">
                {SHARE_KEYS.map((k) => <option key={k} value={k}>{t(`coverage.${k}`)}</option>)}
              </select>
            </label>
          </div>
          <BarChart
            title={t('coverage.barTitle', { indicator: indicatorLabel })}
            targetLabel={t('coverage.target')}
            bars={s.counties.map((r) => ({ key: r.code, label: r.name, share: shareOf(r, s.indicator) }))}
            onPick={openMapOnCounty}
          />
          {trend && (
            <TrendChart
              title={t('coverage.trendTitle', { indicator: indicatorLabel })}
              liveLabel={t('coverage.live')}
              months={trend.months}
              series={trend.series.map((ser) => {
                const byMonth = new Map(ser.points.map((p) => [p.month, p]));
                const liveIndex = trend.months.findIndex((m) => byMonth.get(m)?.source === 'live');
                return {
                  key: ser.code,
                  label: ser.name,
                  values: trend.months.map((m) => byMonth.get(m)?.shares[s.indicator] ?? null),
                  liveIndex: liveIndex >= 0 ? liveIndex : undefined,
                };
              })}
            />
          )}
        </section>
      )}
      {ready && <div data-testid="dashboard-ready" hidden />}
    </div>
  );
}
