import { useTranslation } from 'react-i18next';
import { navigate } from '../router.ts';
import { useSession } from './session.ts';

/** Who is logged in (name, role, scope), links to the audit log / accounts, and logout. */
export function UserBadge() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const perms = useSession((s) => s.permissions);
  const logout = useSession((s) => s.logout);
  if (!user) return null;
  const scope = user.scope === 'city' ? t('auth.city') : user.scopeName;
  return (
    <div className="user-badge" data-testid="user-badge" data-role={user.role}>
      <span className="user-name" title={user.username} data-testid="user-name">
        {user.displayName || user.username}
      </span>
      <span className="user-role" data-testid="user-role">
        {t(`auth.role.${user.role}`)} · {scope}
        {perms?.readOnly ? ` · ${t('auth.readOnly')}` : ''}
      </span>
      {perms?.readAudit && (
        <a href="/audit" data-testid="link-audit" onClick={(e) => { e.preventDefault(); navigate('/audit'); }}>
          {t('auth.audit')}
        </a>
      )}
      {perms?.manageUsers && (
        <a href="/users" data-testid="link-users" onClick={(e) => { e.preventDefault(); navigate('/users'); }}>
          {t('auth.users')}
        </a>
      )}
      <button type="button" data-testid="logout" onClick={() => void logout()}>
        {t('auth.logout')}
      </button>
    </div>
  );
}
