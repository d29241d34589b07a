import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSelection } from '../../state/selection.ts';
import type { LayerName } from '../../map/layerConfig.ts';
import { ProblemDetails } from '../facilities/ProblemDetails.tsx';
import { ReasonField } from '../facilities/FacilityForm.tsx';
import { ROLE_CHOICES, rolesFor, staffApi, type Assignment, type AssignmentRole, type Staff } from './staff-api.ts';
import type { NamedFeature } from './useFeatureNames.ts';

/**
 * One staff member: name, kind, party membership, phone; expanded, their live assignments
 * (each can be ended with a reason) and a form assigning them to the feature selected on the map.
 */
export function StaffItem({ staff, names, canEdit, onChanged }: { staff: Staff; names: Map<number, NamedFeature>; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [assignments, setAssignments] = useState<Assignment[] | null>(null);
  const [role, setRole] = useState<AssignmentRole>(rolesFor(staff.kind)[0]);
  const [reason, setReason] = useState('');
  const [ending, setEnding] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = useSelection((s) => s.selected);
  const selectAndFly = useSelection((s) => s.selectAndFly);

  const load = () => staffApi.assignmentsOf(staff.id).then(setAssignments, setError);
  useEffect(() => {
    if (open && !assignments) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const target = selected ? names.get(selected.id) ?? null : null;
  const allowedTarget = !!selected && ROLE_CHOICES[role].targets.includes(selected.layer);

  const write = async (fn: () => Promise<unknown>, message: string) => {
    if (!reason.trim()) return setError(new Error(t('facilities.needReason')));
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await fn();
      setReason('');
      setEnding(null);
      setDone(message);
      await load();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const label = (a: Assignment) => {
    const n = names.get(a.targetId);
    return n ? `${n.name} ${n.code}` : `#${a.targetId}`;
  };

  return (
    <li className="staff-item" data-testid={`staff-${staff.code}`} data-staff-id={staff.id}>
      <button type="button" className="staff-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span>{staff.name}</span>
        <span className="staff-tag">{t(`staff.kind.${staff.kind}`)}</span>
        <span className={staff.partyMember ? 'staff-tag party' : 'staff-tag'}>{staff.partyMember ? t('staff.party') : t('staff.nonParty')}</span>
        <span className="muted small">{staff.phone ?? ''}</span>
      </button>
      {open && (
        <div className="staff-detail">
          <div className="muted small">
            {staff.code} · {t('staff.phone')} {staff.phone ?? '—'}
          </div>
          <div className="section-title">{t('staff.assignments')}</div>
          {assignments && assignments.length === 0 && <p className="muted small">{t('staff.noAssignments')}</p>}
          <ul className="staff-assignments" data-testid="staff-assignments">
            {(assignments ?? []).map((a) => (
              <li key={a.id} data-testid={`assignment-${a.role}`} data-target={a.targetId}>
                <span>
                  <strong>{t(`staff.role.${a.role}`)}</strong> <span className="muted">{t('staff.since', { date: a.since })}</span>
                </span>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    const n = names.get(a.targetId);
                    if (n) selectAndFly({ layer: n.layer as LayerName, id: a.targetId });
                  }}
                >
                  {label(a)}
                </button>
                {canEdit &&
                  (ending === a.id ? (
                    <button type="button" className="fac-btn small danger" disabled={busy} onClick={() => void write(() => staffApi.end(a, reason.trim()), t('staff.ended'))} data-testid="assignment-end-confirm">
                      {t('staff.endConfirm')}
                    </button>
                  ) : (
                    <button type="button" className="fac-btn small" onClick={() => (setEnding(a.id), setError(null))} data-testid="assignment-end">
                      {t('staff.end')}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
          {canEdit && (
            <div className="staff-assign" data-testid="staff-assign">
              <div className="fac-form">
                <label>
                  <span>{t('staff.roleLabel')}</span>
                  <select value={role} onChange={(e) => setRole(e.target.value as AssignmentRole)} data-testid="staff-assign-role">
                    {rolesFor(staff.kind).map((r) => (
                      <option key={r} value={r}>
                        {t(`staff.role.${r}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span>{t('staff.target')}</span>
                  <span data-testid="staff-assign-target">
                    {target ? `${t(`layers.${target.layer}`)} · ${target.name} ${target.code}` : t('staff.targetNone')}
                  </span>
                </label>
              </div>
              {!allowedTarget && (
                <p className="muted small">
                  {selected
                    ? t('staff.targetWrongLayer', { role: t(`staff.role.${role}`), layers: ROLE_CHOICES[role].targets.map((l) => t(`layers.${l}`)).join(' / ') })
                    : t('staff.targetHint')}
                </p>
              )}
              <ReasonField value={reason} onChange={setReason} testId="staff-reason" />
              <div className="fac-buttons">
                <button
                  type="button"
                  className="fac-btn primary"
                  disabled={busy || !selected}
                  onClick={() => selected && void write(() => staffApi.assign(staff.id, role, selected.id, reason.trim()), t('staff.assigned'))}
                  data-testid="staff-assign-save"
                >
                  {t('staff.assign')}
                </button>
              </div>
            </div>
          )}
          {done && !error && (
            <p className="fac-ok small" data-testid="staff-done">
              {done}
            </p>
          )}
          <ProblemDetails error={error} testId="staff-error" />
        </div>
      )}
    </li>
  );
}
