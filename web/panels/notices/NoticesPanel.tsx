import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { bbox } from '@turf/turf';
import { useSession } from '../../auth/session.ts';
import { getEditor } from '../../editing/editor-instance.ts';
import { showOverlay } from '../../editing/map-overlays.ts';
import { NoticeDetailView, formatTime } from './NoticeDetailView.tsx';
import { useNotices, type NoticeScope } from './notices-store.ts';
import '../../editing/i18n.ts';
import '../edit/edit.css';

/** 告知: the inbox of notices (station users: their station's; civil affairs: those they caused). */
export function NoticesPanel() {
  const { t } = useTranslation();
  const { notices, counts, loading, error, openId, detail, scope } = useNotices();
  const user = useSession((s) => s.user);

  // Default scope from the logged-in role: a station's inbox, or what civil affairs caused.
  useEffect(() => {
    const stationId = user?.role === 'police-station' ? Number(user.scope) : NaN;
    const next: NoticeScope = Number.isFinite(stationId) ? { kind: 'station', stationId } : user?.role === 'civil-affairs' ? { kind: 'caused' } : { kind: 'all' };
    const cur = useNotices.getState().scope;
    if (JSON.stringify(cur) !== JSON.stringify(next)) useNotices.getState().setScope(next);
    else void useNotices.getState().load();
  }, [user]);

  // Draw the opened notice on the map: before (orange dashed), after (green), the station's zones (purple).
  useEffect(() => {
    void getEditor().then((editor) => {
      showOverlay(editor.map, detail?.map ?? null);
      if (detail?.map.features.length) {
        const [x0, y0, x1, y1] = bbox(detail.map);
        editor.map.fitBounds([[x0, y0], [x1, y1]], { padding: 80, maxZoom: 17, duration: 500 });
      }
    });
  }, [detail]);
  useEffect(() => () => void getEditor().then((e) => showOverlay(e.map, null)), []);

  return (
    <div className="notices-panel" data-testid="notices-panel">
      <div className="edit-row">
        <label className="edit-field">
          <span>{t('notices.scope')}</span>
          <select
            data-testid="notices-scope"
            value={scope.kind}
            onChange={(e) => {
              const kind = e.target.value;
              const stationId = Number(user?.scope);
              useNotices.getState().setScope(kind === 'caused' ? { kind: 'caused' } : kind === 'station' && Number.isFinite(stationId) ? { kind: 'station', stationId } : { kind: 'all' });
            }}
          >
            <option value="all">{t('notices.scopeAll')}</option>
            {user?.role === 'police-station' && <option value="station">{t('notices.scopeStation')}</option>}
            <option value="caused">{t('notices.scopeCaused')}</option>
          </select>
        </label>
        <span className="edit-spacer" />
        <button type="button" className="edit-btn" onClick={() => void useNotices.getState().load()}>
          {t('notices.refresh')}
        </button>
      </div>
      {counts && (
        <p className="small" data-testid="notices-counts">
          <span className="pill open">{t('notices.status.open')} {counts.open}</span>
          <span className="pill acknowledged">{t('notices.status.acknowledged')} {counts.acknowledged}</span>
          <span className="pill resolved">{t('notices.status.resolved')} {counts.resolved}</span>
          {counts.overdue > 0 && <span className="pill overdue">{t('notices.overdue')} {counts.overdue}</span>}
        </p>
      )}
      {error && <p className="edit-flash error small">{error}</p>}
      {loading && !notices.length && <p className="muted small">{t('notices.loading')}</p>}
      {!loading && !notices.length && <p className="muted small">{t('notices.empty')}</p>}
      <ul className="notice-list" data-testid="notice-list">
        {notices.map((n) => (
          <li
            key={n.id}
            className={`notice-item${n.overdue ? ' overdue' : ''}${n.id === openId ? ' open-now' : ''}`}
            data-testid="notice-item"
            data-notice-id={n.id}
            data-station-id={n.stationId}
            data-status={n.status}
          >
            <div onClick={() => void useNotices.getState().open(n.id === openId ? null : n.id)} role="button" tabIndex={0}>
              <span className={`pill ${n.status}`}>{t(`notices.status.${n.status}`)}</span>
              {n.overdue && <span className="pill overdue">{t('notices.overdue')}</span>}
              <strong>{t(`notices.kind.${n.kind}`)}</strong> · {n.stationName}
              <div className="muted small">
                #{n.id} · {formatTime(n.createdAt)} · {t('notices.causedBy', { user: n.causedBy })} · {t('notices.deadline', { date: formatTime(n.deadline) })}
              </div>
              <div className="small">{n.summary.grids.map((g) => g.code).join('、')}</div>
            </div>
            {n.id === openId && detail?.notice.id === n.id && <NoticeDetailView detail={detail} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
