import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '../../editing/editor.ts';
import { mayBuildZones, mayMergeSplitGrids, useViewer, zoneStations } from '../../auth/visibility.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { ReasonField } from './PendingForm.tsx';
import { StationOptions } from '../StationOptions.tsx';

/**
 * What can be done with picked grids: merge them (civil affairs, admin), or build a beat / 警格
 * from them (a police station for itself, admin).
 */
export function SelectionActions({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const canMerge = mayMergeSplitGrids(viewer);
  const canBuild = mayBuildZones(viewer);
  const selection = useEditSession((s) => s.selection);
  const tool = useEditSession((s) => s.tool);
  const busy = useEditSession((s) => s.busy);
  const [reason, setReason] = useState('');
  if ((tool !== 'select' && !selection.length) || (!canMerge && !canBuild)) return null;
  return (
    <section className="panel-section edit-selection" data-testid="edit-selection">
      <div className="edit-row">
        <span className="small" data-testid="edit-selected-count">
          {t('edit.selected', { count: selection.length })}
        </span>
        <span className="edit-spacer" />
        <button type="button" className="edit-link" disabled={!selection.length} onClick={() => editor.clearSelection()}>
          {t('edit.clearSelection')}
        </button>
      </div>
      <ReasonField value={reason} onChange={setReason} testId="edit-selection-reason" />
      {canMerge && (
        <>
          <button
            type="button"
            className="edit-btn primary"
            data-testid="edit-merge"
            disabled={busy || selection.length < 2 || !reason.trim()}
            onClick={() => void editor.merge(reason).then((ok) => ok && setReason(''))}
          >
            {t('edit.merge')}
          </button>
          <p className="muted small">{t('edit.mergeHint')}</p>
        </>
      )}
      {canBuild && <BuildZoneForm editor={editor} reason={reason} onDone={() => setReason('')} />}
    </section>
  );
}

function BuildZoneForm({ editor, reason, onDone }: { editor: Editor; reason: string; onDone: () => void }) {
  const { t } = useTranslation();
  const selection = useEditSession((s) => s.selection);
  const busy = useEditSession((s) => s.busy);
  const viewer = useViewer();
  const [layer, setLayer] = useState<'beats' | 'aux-grids'>('beats');
  const [stations, setStations] = useState<{ id: number; code: string; name: string }[]>([]);
  const [stationId, setStationId] = useState<number | ''>('');
  const [name, setName] = useState('');
  useEffect(() => {
    // only the stations the user may build zones for (a police station: its own, preselected)
    const v = viewer;
    void editor.stations().then((all) => {
      const mine = zoneStations(v, all);
      setStations(mine);
      if (mine.length === 1) setStationId(mine[0].id);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, viewer?.role, viewer?.scope]);
  useEffect(() => {
    if (selection.length && stationId === '') {
      void editor.stationOfSelection().then((id) => id !== null && stations.some((s) => s.id === id) && setStationId(id));
    }
  }, [editor, selection, stationId, stations]);
  const tooMany = layer === 'aux-grids' && selection.length !== 1;
  return (
    <div className="edit-zone" data-testid="edit-zone-form">
      <h4 className="section-title">{t('edit.zone.title')}</h4>
      <label className="edit-field">
        <span>{t('edit.zone.layer')}</span>
        <select data-testid="edit-zone-layer" value={layer} onChange={(e) => setLayer(e.target.value as 'beats' | 'aux-grids')}>
          <option value="beats">{t('layers.beats')}</option>
          <option value="aux-grids">{t('layers.aux-grids')}</option>
        </select>
      </label>
      <label className="edit-field">
        <span>{t('edit.zone.station')}</span>
        <select data-testid="edit-zone-station" value={stationId} onChange={(e) => setStationId(e.target.value ? Number(e.target.value) : '')}>
          <option value="">{t('edit.zone.pickStation')}</option>
          <StationOptions stations={stations} />
        </select>
      </label>
      <label className="edit-field">
        <span>{t('edit.zone.name')}</span>
        <input data-testid="edit-zone-name" value={name} placeholder={t('edit.optionalAuto')} onChange={(e) => setName(e.target.value)} />
      </label>
      <button
        type="button"
        className="edit-btn primary"
        data-testid="edit-zone-build"
        disabled={busy || !selection.length || stationId === '' || !reason.trim() || tooMany}
        onClick={() =>
          void editor.buildZone({ layer, stationId: Number(stationId), name, reason }).then((ok) => {
            if (ok) {
              setName('');
              onDone();
            }
          })
        }
      >
        {t('edit.zone.build')}
      </button>
    </div>
  );
}
