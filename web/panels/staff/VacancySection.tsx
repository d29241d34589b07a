import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { coverageApi } from '../../dashboard/api.ts';
import { useSelection } from '../../state/selection.ts';
import type { Overload, Vacancy } from '../../../server/coverage/types.ts';
import type { NamedFeature } from './useFeatureNames.ts';

const SHOWN = 30;

/**
 * 空缺: grids without an officer and communities without a (non-party) director assistant in a
 * county, from /api/coverage/vacancies, each selecting its grid / community on the map (the
 * target of the next assignment); and officers serving more grids than the maximum.
 * `refresh` changes after every assignment so the counts follow.
 */
export function VacancySection({ names, refresh }: { names: Map<number, NamedFeature>; refresh: number }) {
  const { t } = useTranslation();
  const [county, setCounty] = useState('');
  const [data, setData] = useState<{ vacancies: Vacancy[]; overloads: Overload[]; maxGridsPerOfficer?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectAndFly = useSelection((s) => s.selectAndFly);
  const counties = [...names.entries()].filter(([, n]) => n.layer === 'counties').sort((a, b) => a[1].code.localeCompare(b[1].code));

  useEffect(() => {
    let live = true;
    coverageApi.vacancies(county || undefined).then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [county, refresh]);

  const list = (kind: Vacancy['kind'], title: string, testId: string) => {
    const rows = (data?.vacancies ?? []).filter((v) => v.kind === kind);
    return (
      <div data-testid={testId} data-count={data ? rows.length : ''}>
        <div className="section-title">
          {title} <span className="count" data-testid={`${testId}-count`}>{data ? rows.length : '…'}</span>
        </div>
        <ul className="staff-vacancy-list">
          {rows.slice(0, SHOWN).map((v) => (
            <li key={v.id}>
              <button type="button" className="link" data-testid={`vacancy-${v.code}`} onClick={() => selectAndFly({ layer: kind.startsWith('grid') ? 'grids' : 'communities', id: v.id })}>
                {v.name}
              </button>{' '}
              <span className="muted small">{v.code}</span>
            </li>
          ))}
        </ul>
        {rows.length > SHOWN && <p className="muted small">{t('staff.more', { n: rows.length - SHOWN })}</p>}
      </div>
    );
  };

  return (
    <section className="panel-section" data-testid="staff-vacancies">
      <h3 className="section-title">{t('staff.vacancies')}</h3>
      <label className="fac-reason">
        <span>{t('staff.vacancyCounty')}</span>
        <select className="staff-select" value={county} onChange={(e) => setCounty(e.target.value)} data-testid="staff-vacancy-county">
          <option value="">{t('staff.allCounties')}</option>
          {counties.map(([id, c]) => (
            <option key={id} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="fac-warn small">{error}</p>}
      {list('community-without-assistant', t('staff.communityWithoutAssistant'), 'vacancy-communities')}
      {list('grid-without-officer', t('staff.gridWithoutOfficer'), 'vacancy-grids')}
      {data && (
        <>
          <div className="section-title">
            {t('staff.overloads', { max: data.maxGridsPerOfficer ?? data.overloads[0]?.max ?? '?' })} <span className="count">{data.overloads.length}</span>
          </div>
          <ul className="staff-vacancy-list" data-testid="staff-overloads">
            {data.overloads.slice(0, SHOWN).map((o) => (
              <li key={o.staffId}>
                {o.name} <span className="muted small">{o.code}</span> · {t('staff.overloadGrids', { n: o.grids })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
