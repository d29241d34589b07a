import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../api/client.ts';
import { mayBuildZones, mayHandleNotice, mayWriteFeature, useViewer } from '../../auth/visibility.ts';
import type { NoticeDetail } from '../../editing/api-types.ts';
import { editApi } from '../../editing/edit-api.ts';
import { getEditor } from '../../editing/editor-instance.ts';
import { loadedFeatures, reloadLayers } from '../../editing/layer-data.ts';
import { gridsForZone } from '../../editing/realign.ts';
import { useSelection } from '../../state/selection.ts';
import { useUi } from '../../state/ui.ts';
import type { Polygon, MultiPolygon } from 'geojson';
import { useNotices } from './notices-store.ts';

/**
 * One opened notice: what changed, which zones to realign, the actions and their record. The
 * actions (rebuild, edit by hand, acknowledge, resolve) are offered only to the notified
 * station (and the admin); others read the notice.
 */
export function NoticeDetailView({ detail }: { detail: NoticeDetail }) {
  const { t } = useTranslation();
  const n = detail.notice;
  const viewer = useViewer();
  const canHandle = mayHandleNotice(viewer, n.stationId);
  const canRebuild = mayBuildZones(viewer, n.stationId);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { ack, resolve, open } = useNotices.getState();

  const rebuild = async (zone: NoticeDetail['notice']['summary']['zones'][number]) => {
    setBusy(true);
    setMessage(null);
    try {
      const editor = await getEditor();
      const current = await api.feature(zone.layer, zone.id);
      const grids = await loadedFeatures(editor.map, 'grids');
      const gridIds = gridsForZone(current.geometry as Polygon | MultiPolygon, grids, zone.layer).map(Number);
      await editApi.zoneFromGrids({
        layer: zone.layer,
        stationId: n.stationId,
        gridIds,
        replaceId: zone.id,
        baseVersion: Number(current.properties.version),
        reason: t('notices.rebuildReason', { id: n.id }),
      });
      await reloadLayers(editor.map, [zone.layer]);
      await editor.refreshIndexes();
      setMessage(t('notices.rebuilt', { code: zone.code, count: gridIds.length }));
      await open(n.id);
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const editByHand = async (zone: NoticeDetail['notice']['summary']['zones'][number]) => {
    const editor = await getEditor();
    await editor.setLayer(zone.layer);
    useSelection.getState().selectAndFly({ layer: zone.layer, id: zone.id });
    useUi.getState().setTab('editing');
    editor.startVertices(zone.id);
  };

  return (
    <div className="notice-detail" data-testid="notice-detail">
      <p className="small">
        <span className="legend-swatch" style={{ background: '#f97316' }} />
        {t('notices.legend.before')}
        <span className="legend-swatch" style={{ background: '#16a34a' }} />
        {t('notices.legend.after')}
        <span className="legend-swatch" style={{ background: '#7c3aed' }} />
        {t('notices.legend.zone')}
      </p>
      <h4 className="section-title">{t('notices.grids')}</h4>
      <ul className="small">
        {n.summary.grids.map((g) => (
          <li key={`${g.id}-${g.how}`}>
            {g.code} {g.name} · {t(`history.kind.${g.how}`, { defaultValue: g.how })} · {t('notices.areaMoved', { area: Math.round(g.areaMovedM2) })}
          </li>
        ))}
      </ul>
      <h4 className="section-title">{t('notices.zones')}</h4>
      <ul className="small" data-testid="notice-zones">
        {n.summary.zones.map((z) => (
          <li key={z.id}>
            {t(`layers.${z.layer}`)} {z.code} {z.name} · {t('notices.touched', { area: Math.round(z.touchedM2) })}
            {n.status !== 'resolved' && (
              <>
                {canRebuild && (
                  <button type="button" className="edit-link" disabled={busy} data-testid="notice-rebuild" onClick={() => void rebuild(z)}>
                    {t('notices.rebuild')}
                  </button>
                )}
                {mayWriteFeature(viewer, { layer: z.layer, stationId: n.stationId }) && (
                  <button type="button" className="edit-link" disabled={busy} data-testid="notice-edit-by-hand" onClick={() => void editByHand(z)}>
                    {t('notices.editByHand')}
                  </button>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {n.status !== 'resolved' && !canHandle && <p className="muted small" data-testid="notice-read-only">{t('notices.notYours')}</p>}
      {n.status !== 'resolved' && canHandle && (
        <>
          <label className="edit-field">
            <span>{t('notices.note')}</span>
            <input data-testid="notice-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="edit-buttons">
            {n.status === 'open' && (
              <button type="button" className="edit-btn" data-testid="notice-ack" onClick={() => void ack(n.id, note || undefined).then(() => setNote(''))}>
                {t('notices.ack')}
              </button>
            )}
            <button type="button" className="edit-btn primary" data-testid="notice-resolve" onClick={() => void resolve(n.id, note || undefined).then(() => setNote(''))}>
              {t('notices.resolve')}
            </button>
          </div>
        </>
      )}
      {message && <p className="edit-flash info small">{message}</p>}
      <h4 className="section-title">{t('notices.events')}</h4>
      <ul className="timeline" data-testid="notice-events">
        {detail.events.map((e) => (
          <li key={e.id}>
            <span className="when">{formatTime(e.at)}</span> {t(`notices.event.${e.kind}`)} · {e.actor}
            {e.note && <div className="why">{e.note}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A timestamp as local "YYYY-MM-DD HH:mm". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
