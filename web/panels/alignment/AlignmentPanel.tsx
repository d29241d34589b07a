import { useTranslation } from 'react-i18next';
import './i18n.ts';
import './alignment.css';
import type { AlignLayer } from './api.ts';
import { area, pct, scoreColor } from './format.ts';
import { MismatchTable } from './MismatchTable.tsx';
import { KIND_COLORS, KINDS } from './overlays.ts';
import { RealignSection } from './RealignSection.tsx';
import { ScoreTable } from './ScoreTable.tsx';
import { useAlignment } from './store.ts';
import { useAlignmentMap, useMap } from './useAlignmentMap.ts';

const LAYERS: AlignLayer[] = ['beats', 'aux-grids'];

/**
 * 边界核查 tab: where police zones and community grids disagree. Layer switch, the city /
 * county / station scores against the 100 % target, the mismatch polygons on the map (one
 * colour per kind, with legend) and in a table by severity, and a station's realign proposal
 * with Apply.
 */
export function AlignmentPanel() {
  const { t } = useTranslation();
  const map = useMap();
  useAlignmentMap(map);
  const { layer, overview, mismatches, picked, loading, error, stationId, overlayOn, setLayer, setPicked, setStation, setOverlayOn } = useAlignment();
  const city = overview?.scores.city[0];
  const counts = new Map<string, number>();
  for (const f of mismatches?.features ?? []) counts.set(f.properties.kind, (counts.get(f.properties.kind) ?? 0) + 1);
  return (
    <div className="alignment-panel" data-testid="alignment-panel" data-loading={loading ? '1' : '0'}>
      <section className="panel-section">
        <div className="align-switch" role="group" aria-label={t('alignment.title')}>
          {LAYERS.map((l) => (
            <button key={l} type="button" data-testid={`alignment-layer-${l}`} className={l === layer ? 'active' : ''} aria-pressed={l === layer} onClick={() => setLayer(l)}>
              {t(`alignment.layer.${l}`)}
            </button>
          ))}
        </div>
        <p className="muted small">{t('alignment.intro')}</p>
        {loading && !overview && <p className="muted small">{t('alignment.loading')}</p>}
        {error && <p className="error-text small" role="alert">{error}</p>}
        {overview && city && (
          <div className="align-city" data-testid="alignment-city">
            <div className="align-big" style={{ color: scoreColor(city.score) }} data-score={city.score}>{pct(city.score)}</div>
            <div className="small">
              <div>{t('alignment.cityScore')} · <span className="muted">{t('alignment.target')}</span></div>
              <div className="muted">{t('alignment.gridsAligned', { aligned: city.aligned, count: city.grids })}</div>
              <div className="muted">{t('alignment.statusCounts', { split: city.split, partial: city.partial, uncovered: city.uncovered })}</div>
            </div>
          </div>
        )}
      </section>
      {mismatches && (
        <section className="panel-section">
          <label className="layer-row">
            <input type="checkbox" data-testid="alignment-overlay" checked={overlayOn} onChange={(e) => setOverlayOn(e.target.checked)} />
            <span className="layer-name" title={t('alignment.overlayHint')}>{t('alignment.overlay')}</span>
          </label>
          <h3 className="section-title">{t('alignment.legend')}</h3>
          <ul className="align-legend-list" data-testid="alignment-legend">
            {KINDS.map((k) => (
              <li key={k}><span className="align-kind" style={{ background: KIND_COLORS[k] }} aria-hidden />{t(`alignment.kinds.${k}`)} <span className="muted mono">{counts.get(k) ?? 0}</span></li>
            ))}
          </ul>
        </section>
      )}
      {overview && (
        <section className="panel-section">
          <h3 className="section-title">{t('alignment.counties')}</h3>
          <ScoreTable rows={overview.scores.county} testId="alignment-county-scores" />
          <h3 className="section-title">{t('alignment.stations')}</h3>
          <div className="align-scroll">
            <ScoreTable rows={overview.scores.station} testId="alignment-station-scores" pickedId={stationId} onPick={(r) => r.id !== undefined && setStation(r.id)} />
          </div>
        </section>
      )}
      {overview && <RealignSection stations={overview.scores.station} />}
      {mismatches && (
        <section className="panel-section">
          <h3 className="section-title">{t('alignment.mismatches')}</h3>
          <p className="muted small">{t('alignment.mismatchCount', { count: mismatches.features.length, area: area(overview?.summary.mismatch.areaM2 ?? 0) })}</p>
          <div className="align-scroll tall">
            <MismatchTable fc={mismatches} picked={picked} onPick={setPicked} />
          </div>
        </section>
      )}
    </div>
  );
}
