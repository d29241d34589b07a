import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.ts';

/** The login form (shown instead of the app while logged out). Errors are rendered as text. */
export function LoginPage() {
  const { t } = useTranslation();
  const login = useSession((s) => s.login);
  const error = useSession((s) => s.error);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await login(username.trim(), password);
    setBusy(false);
    if (ok) setPassword('');
  };
  return (
    <div className="auth-screen" data-testid="login-page">
      <form className="auth-card" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.title')}</h1>
        <h2>{t('auth.loginTitle')}</h2>
        <p className="auth-hint">{t('auth.loginHint')}</p>
        <label>
          {t('auth.username')}
          <input data-testid="login-username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('auth.password')}
          <input data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="auth-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" data-testid="login-submit" disabled={busy}>
          {busy ? t('auth.loggingIn') : t('auth.login')}
        </button>
        <p className="auth-hint auth-demo">{t('auth.demoHint')}</p>
      </form>
    </div>
  );
}
