import { useTranslation } from 'react-i18next';
import type { Editor } from '../../editing/editor.ts';
import { useEditSession } from '../../editing/session-store.ts';

/** The 409 choice: reload the current data, or re-apply the edit on the current version. */
export function ConflictDialog({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const conflict = useEditSession((s) => s.conflict);
  const busy = useEditSession((s) => s.busy);
  if (!conflict) return null;
  return (
    <section className="panel-section edit-conflict" role="alertdialog" data-testid="edit-conflict">
      <h3 className="section-title">{t('edit.conflict.title')}</h3>
      <p className="small">{t('edit.conflict.body', { version: conflict.currentVersion ?? '?' })}</p>
      <p className="muted small">{conflict.message}</p>
      <div className="edit-buttons">
        <button type="button" className="edit-btn" data-testid="edit-conflict-reload" disabled={busy} onClick={() => void editor.reloadAfterConflict()}>
          {t('edit.conflict.reload')}
        </button>
        <button type="button" className="edit-btn primary" data-testid="edit-conflict-reapply" disabled={busy} onClick={() => void editor.reapplyAfterConflict()}>
          {t('edit.conflict.reapply')}
        </button>
      </div>
    </section>
  );
}
