import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { bbox } from '@turf/turf';
import { errorMessage } from '../../api/client.ts';
import { mayRevertFeature, useViewer } from '../../auth/visibility.ts';
import type { FeatureHistory, HistoryEntry } from '../../editing/api-types.ts';
import { editApi } from '../../editing/edit-api.ts';
import { getEditor } from '../../editing/editor-instance.ts';
import { reloadLayers } from '../../editing/layer-data.ts';
import { showOverlay } from '../../editing/map-overlays.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { useSelection } from '../../state/selection.ts';
import { formatTime } from '../notices/NoticeDetailView.tsx';
import { ReasonField } from '../edit/PendingForm.tsx';
import '../../editing/i18n.ts';
import '../edit/edit.css';

/**
 * 历史: the selected feature's revisions on a timeline; show any past version on the map; revert
 * to it (offered only when the user may write the feature as it is and as it would become).
 */
export function HistoryPanel() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const selected = useSelection((s) => s.selected);
  const lastSave = useEditSession((s) => s.flash);
  const [history, setHistory] = useState<FeatureHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [reverting, setReverting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!selected) return setHistory(null);
    try {
      setError(null);
      setHistory(await editApi.history(selected.layer, selected.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [selected]);

  useEffect(() => {
    setShown(null);
    setReverting(null);
    setMessage(null);
    void load();
  }, [load, lastSave]);

  useEffect(() => {
    const entry = history?.revisions.find((r) => r.revisionId === shown);
    void getEditor().then((e) => {
      const overlay = entry ? pastOverlay(entry) : null;
      showOverlay(e.map, overlay);
      if (overlay?.features.length) {
        const [x0, y0, x1, y1] = bbox(overlay);
        e.map.fitBounds([[x0, y0], [x1, y1]], { padding: 120, maxZoom: 17, duration: 400 });
      }
    });
  }, [shown, history]);
  useEffect(() => () => void getEditor().then((e) => showOverlay(e.map, null)), []);

  const revert = async (entry: HistoryEntry) => {
    if (!selected || !history) return;
    try {
      const r = await editApi.revertFeature(selected.layer, selected.id, entry.revisionId, reason, history.feature.version);
      const editor = await getEditor();
      await reloadLayers(editor.map, [selected.layer]);
      await editor.refreshIndexes();
      setMessage(t('history.reverted', { version: entry.version, now: r.change.version }));
      setReverting(null);
      setReason('');
      setShown(null);
      await load();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };

  if (!selected) return <p className="muted small history-panel">{t('history.pick')}</p>;
  if (error) return <p className="edit-flash error small">{error}</p>;
  if (!history) return <p className="muted small">{t('history.loading')}</p>;
  const currentVersion = history.feature.version;
  const newest = history.revisions[0];
  const currentImage = newest ? (newest.after ?? newest.before) : null;
  return (
    <div className="history-panel" data-testid="history-panel">
      <h3 className="section-title">
        {history.feature.code} {history.feature.name} · {t('history.version', { version: currentVersion })}
        {history.feature.retiredAt && <span className="pill"> {t('history.retired')}</span>}
      </h3>
      {message && <p className="edit-flash info small" data-testid="history-message">{message}</p>}
      {!history.revisions.length && <p className="muted small">{t('history.empty')}</p>}
      <ol className="timeline" data-testid="history-timeline">
        {history.revisions.map((r) => (
          <li key={r.revisionId} className={r.version === currentVersion ? 'current' : ''} data-testid="history-entry" data-version={r.version}>
            <div>
              <strong>{t(`history.kind.${r.kind}`, { defaultValue: r.kind })}</strong> · {t(`history.op.${r.op}`, { defaultValue: r.op })} ·{' '}
              {t('history.version', { version: r.version })}
              {r.version === currentVersion && <span className="pill"> {t('history.current')}</span>}
            </div>
            <div className="when">
              {formatTime(r.at)} · {r.actor}
            </div>
            {r.reason && <div className="why">{r.reason}</div>}
            <div>
              {imageGeometry(r) && (
                <button type="button" className="edit-link" data-testid="history-show" onClick={() => setShown(shown === r.revisionId ? null : r.revisionId)}>
                  {shown === r.revisionId ? t('history.hide') : t('history.show')}
                </button>
              )}
              {r.version !== currentVersion && r.after && mayRevertFeature(viewer, currentImage, r.after) && (
                <button type="button" className="edit-link" data-testid="history-revert" onClick={() => setReverting(reverting === r.revisionId ? null : r.revisionId)}>
                  {t('history.revert')}
                </button>
              )}
            </div>
            {reverting === r.revisionId && (
              <div>
                <ReasonField value={reason} onChange={setReason} testId="history-reason" />
                <button type="button" className="edit-btn primary" data-testid="history-revert-do" disabled={!reason.trim()} onClick={() => void revert(r)}>
                  {t('history.revert')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {(history.lineage.from.length > 0 || history.lineage.to.length > 0) && (
        <>
          <h4 className="section-title">{t('history.lineage')}</h4>
          <ul className="small" data-testid="history-lineage">
            {history.lineage.from.map((l) => (
              <li key={`f${l.changeId}-${l.fromId}`}>
                {t('history.becameFrom')} <LineageLink id={l.fromId} /> ({t(`history.kind.${l.kind}`)}, {formatTime(l.at)})
              </li>
            ))}
            {history.lineage.to.map((l) => (
              <li key={`t${l.changeId}-${l.toId}`}>
                {t('history.became')} <LineageLink id={l.toId} /> ({t(`history.kind.${l.kind}`)}, {formatTime(l.at)})
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function LineageLink({ id }: { id: number }) {
  const layer = useSelection((s) => s.selected?.layer ?? 'grids');
  return (
    <button type="button" className="edit-link" onClick={() => useSelection.getState().select({ layer, id })}>
      #{id}
    </button>
  );
}

/** The geometry a revision left (or, for a retirement, the one it removed). */
function imageGeometry(r: HistoryEntry): Geometry | null {
  return (r.after?.geometry ?? r.before?.geometry ?? null) as Geometry | null;
}

/** A past version as an overlay (blue dashed). */
function pastOverlay(r: HistoryEntry): FeatureCollection {
  const g = imageGeometry(r);
  const features: Feature[] = g ? [{ type: 'Feature', geometry: g, properties: { role: 'past', version: r.version } }] : [];
  return { type: 'FeatureCollection', features };
}
