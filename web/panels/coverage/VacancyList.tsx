import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { coverageApi } from '../../dashboard/api.ts';
import { useSelection } from '../../state/selection.ts';
import type { Overload, Vacancy } from '../../../server/coverage/types.ts';

const KINDS: Vacancy['kind'][] = ['grid-without-officer', 'community-without-assistant', 'community-without-room', 'grid-without-post'];
const SHOWN = 40;

/**
 * 空缺与超负荷: vacancies of the chosen county (or the city) by kind, each a link that selects
 * the grid or community on the map, and the officers over the maximum number of grids.
 */
export function VacancyList({ county }: { county: string | null }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ vacancies: Vacancy[]; overloads: Overload[] } | null>(null);
  const [kind, setKind] = useState<Vacancy['kind']>('grid-without-officer');
  const [error, setError] = useState<string | null>(null);
  const selectAndFly = useSelection((s) => s.selectAndFly);
  useEffect(() => {
    let live = true;
    coverageApi.vacancies(county ?? undefined).then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [county]);
  if (error) return <p className="cov-error small">{error}</p>;
  if (!data) return null;
  const list = data.vacancies.filter((v) => v.kind === kind);
  return (
    <div className="cov-vacancies" data-testid="coverage-vacancies">
      <select value={kind} onChange={(e) => setKind(e.target.value as Vacancy['kind'])} data-testid="coverage-vacancy-kind">
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`coverage.panel.vacancy.${k}`)} ({data.vacancies.filter((v) => v.kind === k).length})
          </option>
        ))}
      </select>
      <ul className="cov-list">
        {list.slice(0, SHOWN).map((v) => (
          <li key={v.id}>
            <button className="link" onClick={() => selectAndFly({ layer: v.kind.startsWith('grid') ? 'grids' : 'communities', id: v.id })}>
              {v.name}
            </button>
            <span className="muted small"> {v.code}</span>
          </li>
        ))}
      </ul>
      {list.length > SHOWN && <p className="muted small">{t('coverage.panel.more', { n: list.length - SHOWN })}</p>}
      <h4 className="cov-subtitle">{t('coverage.panel.overloads', { n: data.overloads.length })}</h4>
      <ul className="cov-list">
        {data.overloads.slice(0, SHOWN).map((o) => (
          <li key={o.staffId}>
            {o.name} <span className="muted small">{o.code}</span> · {t('coverage.panel.overloadGrids', { n: o.grids, max: o.max })}
          </li>
        ))}
      </ul>
    </div>
  );
}
