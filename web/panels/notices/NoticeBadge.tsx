import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotices } from './notices-store.ts';
import { useEditSession } from '../../editing/session-store.ts';
import '../../editing/i18n.ts';

/** How often the badge asks for new notices (ms). */
const POLL_MS = 60_000;

/** The count of unresolved notices in the inbox's scope, as a red badge (nothing when zero). */
export function NoticeBadge() {
  const { t } = useTranslation();
  const unresolved = useNotices((s) => s.counts?.unresolved ?? 0);
  const overdue = useNotices((s) => s.counts?.overdue ?? 0);
  const lastNotices = useEditSession((s) => s.lastNotices);
  useEffect(() => {
    void useNotices.getState().load();
    const timer = setInterval(() => void useNotices.getState().load(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  // A save or an undo that created notices: count them at once.
  useEffect(() => {
    if (lastNotices.length) void useNotices.getState().load();
  }, [lastNotices]);
  if (!unresolved) return null;
  return (
    <span className="badge" data-testid="notice-badge" data-overdue={overdue} title={t('notices.badge', { count: unresolved })}>
      {unresolved}
    </span>
  );
}
