import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './auth.css';
import { installAuthFetch } from './fetch-auth.ts';
import './i18n.ts';
import { LoginPage } from './LoginPage.tsx';
import { PasswordChange } from './PasswordChange.tsx';
import { useSession } from './session.ts';

installAuthFetch();

/**
 * Renders the app only with a session: the login page while logged out, the password
 * change while the account holds a one-time password. Marks <html> with the role
 * (`data-role`, `data-readonly`) so styles can hide tools; components should use
 * usePermissions() / canEditLayer() from ./session.ts.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  const readOnly = useSession((s) => s.permissions?.readOnly ?? true);
  const load = useSession((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const root = document.documentElement;
    if (user) {
      root.dataset.role = user.role;
      root.dataset.readonly = String(readOnly);
    } else {
      delete root.dataset.role;
      delete root.dataset.readonly;
    }
  }, [user, readOnly]);
  if (status === 'loading') return <div className="auth-screen auth-loading">{t('auth.loading')}</div>;
  if (status === 'anonymous' || !user) return <LoginPage />;
  if (user.mustChangePassword) return <PasswordChange />;
  // key: a different user gets freshly mounted pages (no state of the previous session)
  return <div key={user.username} className="auth-app">{children}</div>;
}
