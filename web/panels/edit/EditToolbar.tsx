import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Editor } from '../../editing/editor.ts';
import { editableLayers, mayBuildZones, mayMergeSplitGrids, useViewer } from '../../auth/visibility.ts';
import { EDITABLE_LAYERS, type EditableLayer } from '../../editing/layer-data.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { useSelection } from '../../state/selection.ts';

/**
 * Layer choice (only the layers the user may edit), tool buttons (vertex editing and split only
 * on a feature the user may edit; select only for merging or building zones), snapping toggle
 * and undo/redo.
 */
export function EditToolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const s = useEditSession();
  const viewer = useViewer();
  const selected = useSelection((x) => x.selected);
  const picked = selected && selected.layer === s.layer ? selected.id : null;
  // a feature of another unit can be looked at, not edited (the server would refuse it)
  const target = picked !== null && editor.mayEdit(picked) ? picked : null;
  const busy = s.busy || !s.ready;
  const layers = editableLayers(viewer, EDITABLE_LAYERS);
  const canSelect = mayMergeSplitGrids(viewer) || mayBuildZones(viewer);
  return (
    <section className="panel-section edit-toolbar">
      <label className="edit-field">
        <span>{t('edit.layer')}</span>
        <select data-testid="edit-layer" value={s.layer} disabled={busy} onChange={(e) => void editor.setLayer(e.target.value as EditableLayer)}>
          {layers.map((l) => (
            <option key={l} value={l}>
              {t(`layers.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="edit-buttons" role="toolbar" aria-label={t('edit.tools')}>
        <ToolButton id="draw" active={s.tool === 'draw'} disabled={busy} onClick={() => editor.startDraw()} />
        <ToolButton id="vertices" active={s.tool === 'vertices'} disabled={busy || target === null} onClick={() => target !== null && editor.startVertices(target)} />
        {canSelect && <ToolButton id="select" active={s.tool === 'select'} disabled={busy} onClick={() => editor.startSelect()} />}
        {s.layer === 'grids' && mayMergeSplitGrids(viewer) && (
          <ToolButton id="split" active={s.tool === 'split'} disabled={busy || target === null} onClick={() => target !== null && editor.startSplit(target)} />
        )}
        <button type="button" className="edit-btn" data-testid="edit-cancel" disabled={s.tool === 'idle' && !s.pending} onClick={() => editor.cancel()}>
          {t('edit.tool.cancel')}
        </button>
      </div>
      <div className="edit-row">
        <label className="edit-check">
          <input type="checkbox" data-testid="edit-snap" checked={s.snapEnabled} onChange={(e) => editor.setSnap(e.target.checked)} />
          {t('edit.snap')}
        </label>
        <span className="muted small">{t('edit.snapTolerance', { px: s.tolerancePx })}</span>
        <span className="edit-spacer" />
        <button
          type="button"
          className="edit-btn"
          data-testid="edit-undo"
          disabled={busy || !s.canUndo}
          title={t('edit.undoTitle', { label: s.undoLabel ?? t('edit.nothing') })}
          onClick={() => void editor.undo()}
        >
          ↶ {t('edit.undo')}
        </button>
        <button
          type="button"
          className="edit-btn"
          data-testid="edit-redo"
          disabled={busy || !s.canRedo}
          title={t('edit.redoTitle', { label: s.redoLabel ?? t('edit.nothing') })}
          onClick={() => void editor.redo()}
        >
          ↷ {t('edit.redo')}
        </button>
      </div>
      <p className="muted small edit-hint" data-testid="edit-hint">
        {picked !== null && target === null && s.tool === 'idle' ? t('edit.hint.notYours') : hintFor(s.tool, !!s.pending, target === null, t, s.layer)}
      </p>
    </section>
  );
}

function ToolButton({ id, active, disabled, onClick }: { id: string; active: boolean; disabled: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={active ? 'edit-btn active' : 'edit-btn'} aria-pressed={active} data-testid={`edit-tool-${id}`} disabled={disabled} onClick={onClick}>
      {t(`edit.tool.${id}`)}
    </button>
  );
}

function hintFor(tool: string, pending: boolean, noTarget: boolean, t: TFunction, layer: string): string {
  if (tool === 'draw') return t(pending ? 'edit.hint.drawDone' : 'edit.hint.draw');
  if (tool === 'split') return t(pending ? 'edit.hint.splitDone' : 'edit.hint.split');
  if (tool === 'vertices') return t('edit.hint.vertices');
  if (tool === 'select') return t('edit.hint.select');
  return noTarget ? `${t('edit.hint.idle')} ${t('edit.hint.pickFeature', { layer: t(`layers.${layer}`) })}` : t('edit.hint.idle');
}
