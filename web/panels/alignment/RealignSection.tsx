import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayRealign, useViewer } from '../../auth/visibility.ts';
import type { AlignScore } from './api.ts';
import { area, pct, scoreColor } from './format.ts';
import { PROPOSAL_COLORS } from './overlays.ts';
import { useAlignment } from './store.ts';

/**
 * A station picker, the realign proposal (per zone: grids in / out, area moved; ties,
 * uncovered and foreign grids for a human) and the Apply button (reason required), offered only
 * to the station whose zones it changes (and the admin); everyone may look at proposals.
 */
export function RealignSection({ stations }: { stations: AlignScore[] }) {
  const { t } = useTranslation();
  const { stationId, proposal, proposing, applying, applied, reverted, error, setStation, propose, apply, assign, assignments, undoApplied } = useAlignment();
  const canApply = mayRealign(useViewer(), stationId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const sorted = [...stations].filter((s) => s.id !== undefined).sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const changed = proposal?.zones.filter((z) => z.action !== 'none') ?? [];
  const zoneCode = (id: number) => proposal?.zones.find((z) => z.id === id)?.code ?? String(id);
  const onApply = async () => {
    if (!reason.trim()) { setReasonError(true); return; }
    setReasonError(false);
    if (await apply(reason.trim())) setReason('');
  };
  return (
    <section className="panel-section" data-testid="alignment-realign">
      <h3 className="section-title">{t('alignment.realign')}</h3>
      <p className="muted small">{t('alignment.realignHelp')}</p>
      <div className="align-row">
        <select
          data-testid="alignment-station"
          value={stationId ?? ''}
          onChange={(e) => setStation(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">{t('alignment.pickStation')}</option>
          {sorted.map((s) => <option key={s.id} value={s.id}>{`${s.name} — ${pct(s.score)}`}</option>)}
        </select>
        <button type="button" className="align-btn" data-testid="alignment-propose" disabled={stationId === null || proposing} onClick={() => void propose()}>
          {proposing ? t('alignment.proposing') : t('alignment.propose')}
        </button>
      </div>
      {applied && (
        <p className="small align-applied" data-testid="alignment-applied" role="status">
          {t('alignment.applied', { changeId: applied.changeId, station: applied.station, score: pct(applied.score) })}{' '}
          <button type="button" className="align-btn" data-testid="alignment-undo" disabled={applying} onClick={() => void undoApplied(t('alignment.undoReason', { changeId: applied.changeId }))}>
            {t('alignment.undo')}
          </button>
        </p>
      )}
      {reverted && <p className="small muted" data-testid="alignment-reverted" role="status">{t('alignment.reverted', { changeId: reverted.changeId })}</p>}
      {proposal && (
        <div className="align-proposal" data-testid="alignment-proposal">
          <div className="align-legend small">
            <span><span className="align-dash" style={{ borderColor: PROPOSAL_COLORS.zone }} />{t('alignment.proposalLegend.zone')}</span>
            <span><span className="align-kind" style={{ background: PROPOSAL_COLORS.added }} />{t('alignment.proposalLegend.added')}</span>
            <span><span className="align-kind" style={{ background: PROPOSAL_COLORS.removed }} />{t('alignment.proposalLegend.removed')}</span>
          </div>
          <p className="small">
            {proposal.station.name}: <b style={{ color: scoreColor(proposal.before.score) }}>{pct(proposal.before.score)}</b> ·{' '}
            {t('alignment.totals', { zones: proposal.totals.zonesChanged, grids: proposal.totals.gridsReassigned, area: area(proposal.totals.areaMovedM2) })}
          </p>
          {changed.length === 0 ? (
            <p className="muted small" data-testid="alignment-nothing">{t('alignment.nothing')}</p>
          ) : (
            <table className="align-table" data-testid="alignment-proposal-zones">
              <thead><tr><th>{t('alignment.zone')}</th><th>{t('alignment.added')} / {t('alignment.removed')}</th><th>{t('alignment.areaMoved')}</th></tr></thead>
              <tbody>
                {changed.map((z) => (
                  <tr key={z.id}>
                    <td title={z.code}>{z.name}<div className="muted small">{t(`alignment.action.${z.action}`)}</div></td>
                    <td className="mono small">
                      <span style={{ color: PROPOSAL_COLORS.added }}>+{z.added.length}</span> / <span style={{ color: PROPOSAL_COLORS.removed }}>−{z.removed.length}</span>
                    </td>
                    <td className="mono small">{area(z.areaMovedM2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {proposal.ties.length > 0 && (
            <div className="small"><b>{t('alignment.ties')}</b>
              <ul className="align-list">
                {proposal.ties.map((x) => (
                  <li key={x.grid.id}>
                    <span className="mono">{x.grid.code}</span>{' '}
                    <select value={assignments[x.grid.id] ?? x.provisionalZoneId} onChange={(e) => assign(x.grid.id, Number(e.target.value))}>
                      {x.zoneIds.map((z) => <option key={z} value={z}>{zoneCode(z)}</option>)}
                    </select>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {proposal.uncovered.length > 0 && (
            <div className="small"><b>{t('alignment.uncovered')}</b>
              <ul className="align-list">
                {proposal.uncovered.map((g) => (
                  <li key={g.id}>
                    <span className="mono">{g.code}</span>{' '}
                    <select value="" onChange={(e) => e.target.value && assign(g.id, Number(e.target.value))}>
                      <option value="">{t('alignment.assignTo')}</option>
                      {proposal.zones.map((z) => <option key={z.id} value={z.id}>{z.code}</option>)}
                    </select>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {proposal.foreign.length > 0 && (
            <div className="small"><b>{t('alignment.foreign')}</b>
              <ul className="align-list">{proposal.foreign.map((f) => <li key={f.grid.id} className="mono">{f.grid.code} ← {f.zoneCodes.join(', ')}</li>)}</ul>
            </div>
          )}
          {changed.length > 0 && !canApply && (
            <p className="muted small" data-testid="alignment-apply-not-allowed">{t('alignment.applyNotAllowed')}</p>
          )}
          {changed.length > 0 && canApply && (
            <div className="align-apply">
              <input
                type="text"
                data-testid="alignment-reason"
                placeholder={t('alignment.reason')}
                value={reason}
                aria-invalid={reasonError}
                onChange={(e) => { setReason(e.target.value); setReasonError(false); }}
              />
              <button type="button" className="align-btn primary" data-testid="alignment-apply" disabled={applying} onClick={() => void onApply()}>
                {applying ? t('alignment.applying') : t('alignment.apply')}
              </button>
              {reasonError && <p className="error-text small" role="alert">{t('alignment.reasonRequired')}</p>}
              {error && !reasonError && <p className="error-text small" role="alert" data-testid="alignment-apply-error">{error}</p>}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
