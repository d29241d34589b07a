import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../facilities/i18n.ts';
import '../facilities/facilities.css';
import { errorMessage } from '../../api/client.ts';
import { usePermissions } from '../../auth/session.ts';
import { useSession } from '../../auth/session.ts';
import { useSelection } from '../../state/selection.ts';
import { useStations } from '../facilities/useStations.ts';
import { staffApi, type Staff } from './staff-api.ts';
import { StaffItem } from './StaffItem.tsx';
import { VacancySection } from './VacancySection.tsx';
import { useFeatureNames } from './useFeatureNames.ts';
import { StationOptions } from '../StationOptions.tsx';

/** Live staff of a unit, reloaded when `refresh` changes. */
function useUnitStaff(unitId: number | null, refresh: number): { staff: Staff[] | null; error: string | null } {
  const [state, setState] = useState<{ staff: Staff[] | null; error: string | null }>({ staff: null, error: null });
  useEffect(() => {
    let live = true;
    if (unitId === null) return setState({ staff: null, error: null });
    staffApi.ofUnit(unitId).then(
      (staff) => live && setState({ staff, error: null }),
      (e) => live && setState({ staff: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [unitId, refresh]);
  return state;
}

/**
 * 人员 (a view of the 阵地 tab): a station's officers and aux officers (and the grid workers of the community selected
 * on the map) with their assignments; assign them to the selected community / grid / aux-grid,
 * end assignments; vacancies and overloads that select their unit on the map.
 */
export function StaffPanel() {
  const { t } = useTranslation();
  const perms = usePermissions();
  const user = useSession((s) => s.user);
  const stations = useStations();
  const names = useFeatureNames();
  const selected = useSelection((s) => s.selected);
  const [stationId, setStationId] = useState<number | null>(user?.role === 'police-station' && /^\d+$/.test(user.scope) ? Number(user.scope) : null);
  const [refresh, setRefresh] = useState(0);
  const station = useUnitStaff(stationId, refresh);
  const communityId = selected?.layer === 'communities' ? selected.id : null;
  const community = useUnitStaff(communityId, refresh);
  const changed = () => {
    setRefresh((n) => n + 1);
    // the details drawer shows the selected unit's staff: refetch it
    const sel = useSelection.getState().selected;
    if (sel) useSelection.getState().select(sel);
  };
  const communityName = communityId !== null ? names.get(communityId)?.name : null;

  return (
    <div data-testid="staff-panel">
      <section className="panel-section">
        <p className="muted small">{t('staff.intro')}</p>
        <label className="fac-reason">
          <span>{t('staff.station')}</span>
          <select
            className="staff-select"
            value={stationId ?? ''}
            onChange={(e) => setStationId(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="staff-station"
          >
            <option value="">{t('staff.chooseStation')}</option>
            <StationOptions stations={stations} />
          </select>
        </label>
        {station.error && <p className="fac-warn small">{station.error}</p>}
        {station.staff && (
          <>
            <div className="section-title">
              {t('staff.list')} <span className="count">{station.staff.length}</span>
            </div>
            {station.staff.length === 0 && <p className="muted small">{t('staff.none')}</p>}
            <ul className="staff-list" data-testid="staff-list">
              {station.staff.map((s) => (
                <StaffItem key={s.id} staff={s} names={names} canEdit={perms.editStaff} onChanged={changed} />
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel-section" data-testid="staff-community">
        <h3 className="section-title">
          {t('staff.community')} {communityName ? `· ${communityName}` : ''}
        </h3>
        {communityId === null && <p className="muted small">{t('staff.noCommunity')}</p>}
        {community.staff && community.staff.length === 0 && <p className="muted small">{t('staff.none')}</p>}
        <ul className="staff-list">
          {(community.staff ?? []).map((s) => (
            <StaffItem key={s.id} staff={s} names={names} canEdit={perms.editStaff} onChanged={changed} />
          ))}
        </ul>
      </section>
      <VacancySection names={names} refresh={refresh} />
    </div>
  );
}
