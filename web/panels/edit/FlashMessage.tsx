import { useTranslation } from 'react-i18next';
import { useEditSession } from '../../editing/session-store.ts';

/** The last result of an editing action (saved, undone, failed...), with the notices it created. */
export function FlashMessage() {
  const { t } = useTranslation();
  const flash = useEditSession((s) => s.flash);
  const notices = useEditSession((s) => s.lastNotices);
  return (
    <>
      {flash && (
        <p className={`edit-flash ${flash.kind}`} data-testid="edit-flash" data-kind={flash.kind} role={flash.kind === 'error' ? 'alert' : 'status'}>
          {t(flash.key, { ...(flash.params ?? {}) })}
          {flash.text ? `: ${flash.text}` : ''}
        </p>
      )}
      {flash?.kind === 'success' && notices.length > 0 && (
        <div className="edit-notices small" data-testid="edit-notices-created">
          {t('edit.notices', { count: notices.length })}
          <ul>
            {notices.map((n) => (
              <li key={n.id}>
                {n.stationName} · {t(`notices.kind.${n.kind}`)} · #{n.id}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
