import { useTranslation } from 'react-i18next';
import { STATUSES, type FacilityFields, type FacilityStatusValue } from './facility-api.ts';
import type { UnitHit } from './map-tools.ts';
import { StationOptions } from '../StationOptions.tsx';

/**
 * The attribute fields of a police room / post: code, name, status, opening date, staff count
 * and owning police station. Controlled: `value` in, `onChange` with the whole new value out.
 */
export function FacilityForm({ value, onChange, stations, disabled }: { value: FacilityFields; onChange: (v: FacilityFields) => void; stations: UnitHit[]; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof FacilityFields>(k: K, v: FacilityFields[K]) => onChange({ ...value, [k]: v });
  return (
    <div className="fac-form" data-testid="facility-form">
      <label>
        <span>{t('facilities.form.code')}</span>
        <input value={value.code} disabled={disabled} onChange={(e) => set('code', e.target.value)} data-testid="facility-code" />
      </label>
      <label>
        <span>{t('facilities.form.name')}</span>
        <input value={value.name} disabled={disabled} onChange={(e) => set('name', e.target.value)} data-testid="facility-name" />
      </label>
      <label>
        <span>{t('facilities.form.status')}</span>
        <select value={value.status} disabled={disabled} onChange={(e) => set('status', e.target.value as FacilityStatusValue)} data-testid="facility-status">
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`facilities.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('facilities.form.openedOn')}</span>
        <input type="date" value={value.openedOn} disabled={disabled} onChange={(e) => set('openedOn', e.target.value)} data-testid="facility-opened" />
      </label>
      <label>
        <span>{t('facilities.form.staffCount')}</span>
        <input type="number" min={0} step={1} value={value.staffCount} disabled={disabled} onChange={(e) => set('staffCount', e.target.value)} data-testid="facility-staff-count" />
      </label>
      <label>
        <span>{t('facilities.form.station')}</span>
        <select
          value={value.stationId ?? ''}
          disabled={disabled}
          onChange={(e) => set('stationId', e.target.value === '' ? null : Number(e.target.value))}
          data-testid="facility-station"
        >
          <option value="">{t('facilities.form.noStation')}</option>
          <StationOptions stations={stations} />
        </select>
      </label>
    </div>
  );
}

/** The reason every write asks for (kept in the change log). */
export function ReasonField({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="fac-reason">
      <span>{t('facilities.reason')}</span>
      <input value={value} placeholder={t('facilities.reasonPlaceholder')} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}
