import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { editableLayers, useViewer } from '../../auth/visibility.ts';
import { EDITABLE_LAYERS } from '../../editing/layer-data.ts';
import { useEditSession } from '../../editing/session-store.ts';
import { ConflictDialog } from './ConflictDialog.tsx';
import { EditToolbar } from './EditToolbar.tsx';
import { FlashMessage } from './FlashMessage.tsx';
import { PendingForm } from './PendingForm.tsx';
import { ProblemList } from './ProblemList.tsx';
import { SelectionActions } from './SelectionActions.tsx';
import { useEditor } from './useEditor.ts';
import './edit.css';

/** 编辑: the sidebar tab for drawing, vertex editing, merge, split and building zones from grids. */
export function EditPanel() {
  const { t } = useTranslation();
  const editor = useEditor();
  const problems = useEditSession((s) => s.problems);
  const ready = useEditSession((s) => s.ready);
  const layer = useEditSession((s) => s.layer);
  const layers = editableLayers(useViewer(), EDITABLE_LAYERS);
  const first = layers[0];
  const allowed = layers.includes(layer);
  // the edited layer must be one the user may edit (a police station starts on its beats)
  useEffect(() => {
    if (editor && ready && !allowed && first) void editor.setLayer(first);
  }, [editor, ready, allowed, first]);
  if (editor && ready && !first) {
    return (
      <div className="edit-panel" data-testid="edit-panel" data-ready="true">
        <p className="muted small" data-testid="edit-no-layers">{t('edit.noLayers')}</p>
      </div>
    );
  }
  if (!editor || !ready) {
    return (
      <div className="edit-panel" data-testid="edit-panel" data-ready="false">
        <p className="muted small">{t('history.loading')}</p>
      </div>
    );
  }
  return (
    <div className="edit-panel" data-testid="edit-panel" data-ready="true">
      <EditToolbar editor={editor} />
      <ConflictDialog editor={editor} />
      <ProblemList problems={problems} />
      <PendingForm editor={editor} />
      <SelectionActions editor={editor} />
      <FlashMessage />
    </div>
  );
}
