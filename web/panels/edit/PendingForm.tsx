import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '../../editing/editor.ts';
import { useEditSession } from '../../editing/session-store.ts';

/** Reason (required), code and name for a drawn feature, and Save / Split for the pending edit. */
export function PendingForm({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const pending = useEditSession((s) => s.pending);
  const busy = useEditSession((s) => s.busy);
  const problems = useEditSession((s) => s.problems);
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  if (!pending) return null;
  const save = async () => {
    if (await editor.save({ reason, code, name })) {
      setReason('');
      setCode('');
      setName('');
    }
  };
  return (
    <section className="panel-section edit-pending" data-testid="edit-pending">
      {pending.kind === 'vertices' && <p className="small">{t('edit.pending', { count: pending.changedIds.length })}</p>}
      {pending.kind === 'draw' && (
        <>
          <label className="edit-field">
            <span>{t('edit.code')}</span>
            <input data-testid="edit-code" value={code} placeholder={t('edit.optionalAuto')} onChange={(e) => setCode(e.target.value)} />
          </label>
          <label className="edit-field">
            <span>{t('edit.name')}</span>
            <input data-testid="edit-name" value={name} placeholder={t('edit.optionalAuto')} onChange={(e) => setName(e.target.value)} />
          </label>
        </>
      )}
      <ReasonField value={reason} onChange={setReason} />
      <div className="edit-buttons">
        <button
          type="button"
          className="edit-btn primary"
          data-testid="edit-save"
          disabled={busy || !reason.trim() || problems.length > 0}
          onClick={() => void save()}
        >
          {busy ? t('edit.saving') : pending.kind === 'split' ? t('edit.splitDo') : t('edit.save')}
        </button>
        <button type="button" className="edit-btn" disabled={busy} onClick={() => editor.cancel()}>
          {t('edit.tool.cancel')}
        </button>
      </div>
    </section>
  );
}

/** The required reason of a change. */
export function ReasonField({ value, onChange, testId = 'edit-reason' }: { value: string; onChange: (v: string) => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <label className="edit-field">
      <span>{t('edit.reason')}</span>
      <textarea
        data-testid={testId}
        rows={2}
        required
        aria-invalid={!value.trim()}
        value={value}
        placeholder={t('edit.reasonPlaceholder')}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
