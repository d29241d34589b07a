import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import '../../dashboard/i18n.ts';
import './coverage.css';
import { errorMessage, getJson } from '../../api/client.ts';
import { coverageApi, type CoverageRow, type DistanceAnswer } from '../../dashboard/api.ts';
import { pct } from '../../dashboard/format.ts';
import { useCoverageMap, type GapMode } from './store.ts';
import { hexagonsOf } from './hex.ts';
import { VacancyList } from './VacancyList.tsx';
import { COVERAGE_IDS as IDS, DISTANCE_STOPS, GAP_COLORS, HEX_STOPS, ensureCoverageLayers, gapColor, setData, setVisible } from './overlays.ts';

/** The MapLibre map once the page has published it on window.beatgrid (polls until then). */
function useMap(): MlMap | null {
  const [map, setMap] = useState<MlMap | null>(() => window.beatgrid?.map ?? null);
  useEffect(() => {
    if (map) return;
    const timer = window.setInterval(() => {
      const m = window.beatgrid?.map;
      if (m) {
        setMap(m);
        window.clearInterval(timer);
      }
    }, 150);
    return () => window.clearInterval(timer);
  }, [map]);
  return map;
}

function whenStyleReady(map: MlMap, fn: () => void): void {
  if (map.isStyleLoaded()) fn();
  else map.once('idle', fn);
}

function bboxOf(g: Geometry): [number, number, number, number] {
  let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if ('coordinates' in g) walk(g.coordinates);
  return b;
}

const q = (county: string | null, first = true) => (county ? `${first ? '?' : '&'}county=${encodeURIComponent(county)}` : '');

/**
 * 覆盖 tab: a density heatmap of police rooms and posts, a choropleth of coverage gaps (grids by
 * gap type or by distance to the nearest room/post, or H3 hexagons by the share of grids within
 * reach), a county filter that also frames the map, and the legend of whatever is shown.
 */
export function CoveragePanel() {
  const { t } = useTranslation();
  const map = useMap();
  const { county, heatmap, gaps, setCounty, setHeatmap, setGaps } = useCoverageMap();
  const [counties, setCounties] = useState<CoverageRow[]>([]);
  const [distance, setDistance] = useState<DistanceAnswer | null>(null);
  const [busy, setBusy] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    coverageApi.coverage('county').then((a) => setCounties(a.rows), (e) => setError(errorMessage(e)));
  }, []);

  // layers exist whenever the map does (and again after a style swap)
  useEffect(() => {
    if (!map) return;
    const add = () => ensureCoverageLayers(map);
    whenStyleReady(map, add);
    map.on('styledata', add);
    return () => {
      map.off('styledata', add);
    };
  }, [map]);

  const track = async (job: () => Promise<void>) => {
    setBusy((n) => n + 1);
    try {
      await job();
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy((n) => n - 1);
    }
  };

  // frame the county
  useEffect(() => {
    if (!map || !county) return;
    void track(async () => {
      const fc = await getJson<FeatureCollection>('/api/layers/counties');
      const f = fc.features.find((x) => x.properties?.code === county);
      if (f?.geometry) map.fitBounds(bboxOf(f.geometry) as LngLatBoundsLike, { padding: 40, animate: false });
    });
  }, [map, county]);

  // heatmap data
  useEffect(() => {
    if (!map) return;
    whenStyleReady(map, () => {
      ensureCoverageLayers(map);
      setVisible(map, [IDS.heat], heatmap);
    });
    if (!heatmap) return;
    void track(async () => {
      const [rooms, posts] = await Promise.all([
        getJson<FeatureCollection>(`/api/layers/police-rooms${q(county)}`),
        getJson<FeatureCollection>(`/api/layers/police-posts${q(county)}`),
      ]);
      whenStyleReady(map, () => {
        ensureCoverageLayers(map);
        setData(map, IDS.facilitiesSource, { type: 'FeatureCollection', features: [...rooms.features, ...posts.features] });
      });
    });
  }, [map, heatmap, county]);

  // gap choropleth data
  useEffect(() => {
    if (!map) return;
    const showGrids = gaps === 'status' || gaps === 'distance';
    whenStyleReady(map, () => {
      ensureCoverageLayers(map);
      setVisible(map, [IDS.gapsFill, IDS.gapsLine], showGrids);
      setVisible(map, [IDS.hexFill, IDS.hexLine], gaps === 'hex');
      if (showGrids) map.setPaintProperty(IDS.gapsFill, 'fill-color', gapColor(gaps));
    });
    void track(async () => {
      const d = await coverageApi.distance(county ?? undefined);
      setDistance(d);
      if (gaps === 'off') return;
      if (showGrids) {
        const fc = await getJson<FeatureCollection>(`/api/coverage/distance?format=geojson${q(county, false)}`);
        whenStyleReady(map, () => setData(map, IDS.gapsSource, fc));
      } else {
        const hex = hexagonsOf(d.grids.map((g) => ({ point: g.point, withinReach: g.withinReach })), county ? 7 : 6);
        whenStyleReady(map, () => setData(map, IDS.hexSource, hex));
      }
    });
  }, [map, gaps, county]);

  const countyName = county ? counties.find((c) => c.code === county)?.name ?? county : t('coverage.panel.allCounties');
  const modes: GapMode[] = ['off', 'status', 'distance', 'hex'];
  const modeLabel: Record<GapMode, string> = {
    off: t('coverage.panel.gapsOff'),
    status: t('coverage.panel.gapsStatus'),
    distance: t('coverage.panel.gapsDistance'),
    hex: t('coverage.panel.gapsHex'),
  };
  return (
    <div className="coverage-panel" data-testid="coverage-panel">
      <section className="panel-section">
        <label className="cov-field">
          <span className="section-title">{t('coverage.panel.county')}</span>
          <select value={county ?? ''} onChange={(e) => setCounty(e.target.value || null)} data-testid="coverage-county">
            <option value="">{t('coverage.panel.allCounties')}</option>
            {counties.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </label>
        {distance?.reach && (
          <p className="small" data-testid="coverage-reach">
            {t('coverage.panel.reachSummary', { county: countyName, share: pct(distance.reach.share) })}
            <br />
            <span className="muted">{t('coverage.panel.reachRule', { urban: distance.settings.urbanReachM, rural: distance.settings.ruralReachM })}</span>
          </p>
        )}
      </section>
      <section className="panel-section">
        <label className="layer-row">
          <input type="checkbox" checked={heatmap} onChange={(e) => setHeatmap(e.target.checked)} data-testid="coverage-heatmap" />
          <span className="layer-name">{t('coverage.panel.heatmap')}</span>
        </label>
        <p className="muted small">{t('coverage.panel.heatmapHint')}</p>
        {heatmap && (
          <div className="cov-ramp" aria-hidden>
            <span>{t('coverage.panel.heatLow')}</span>
            <span className="cov-ramp-bar heat" />
            <span>{t('coverage.panel.heatHigh')}</span>
          </div>
        )}
      </section>
      <section className="panel-section">
        <h3 className="section-title">{t('coverage.panel.gaps')}</h3>
        {modes.map((m) => (
          <label key={m} className="layer-row">
            <input type="radio" name="coverage-gaps" checked={gaps === m} onChange={() => setGaps(m)} data-testid={`coverage-gaps-${m}`} />
            <span className="layer-name">{modeLabel[m]}</span>
          </label>
        ))}
        <Legend mode={gaps} />
      </section>
      <section className="panel-section">
        <h3 className="section-title">{t('coverage.panel.vacancies')}</h3>
        <VacancyList county={county} />
      </section>
      {busy > 0 && <p className="muted small">{t('coverage.panel.loading')}</p>}
      {error && <p className="cov-error small" role="alert">{error}</p>}
      <p className="small cov-link">
        <a href="/dashboard" onClick={(e) => { e.preventDefault(); window.history.pushState(null, '', '/dashboard'); window.dispatchEvent(new PopStateEvent('popstate')); }}>
          {t('coverage.panel.openDashboard')} →
        </a>
      </p>
    </div>
  );
}

function Legend({ mode }: { mode: GapMode }) {
  const { t } = useTranslation();
  if (mode === 'off') return null;
  let items: [string, string][] = [];
  if (mode === 'status') {
    items = [
      [GAP_COLORS.covered, t('coverage.panel.covered')],
      [GAP_COLORS['no-officer'], t('coverage.panel.noOfficer')],
      [GAP_COLORS['no-post'], t('coverage.panel.noPost')],
      [GAP_COLORS.neither, t('coverage.panel.neither')],
    ];
  } else if (mode === 'distance') {
    items = [
      [DISTANCE_STOPS[0][1], t('coverage.panel.distNear')],
      [DISTANCE_STOPS[2][1], t('coverage.panel.distReach')],
      [DISTANCE_STOPS[3][1], t('coverage.panel.distFar')],
      [DISTANCE_STOPS[4][1], t('coverage.panel.distVeryFar')],
    ];
  } else {
    items = HEX_STOPS.map(([s, c]) => [c, `${Math.round(s * 100)}%`]);
  }
  return (
    <div className="cov-legend" data-testid="coverage-legend">
      <span className="muted small">{mode === 'hex' ? t('coverage.panel.hexShare') : t('coverage.panel.legend')}</span>
      {items.map(([color, label]) => (
        <span key={label} className="cov-legend-item">
          <span className="cov-swatch" style={{ background: color }} />
          {label}
        </span>
      ))}
    </div>
  );
}
