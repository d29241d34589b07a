import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session.ts';

/** Shown after logging in with a one-time password: the new password must be set first. */
export function PasswordChange() {
  const { t } = useTranslation();
  const change = useSession((s) => s.changePassword);
  const logout = useSession((s) => s.logout);
  const error = useSession((s) => s.error);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return setLocal(t('auth.mismatch'));
    setLocal(null);
    await change(current, next);
  };
  return (
    <div className="auth-screen" data-testid="password-change">
      <form className="auth-card" onSubmit={(e) => void submit(e)}>
        <h2>{t('auth.changeTitle')}</h2>
        <p className="auth-hint">{t('auth.changeHint')}</p>
        <label>
          {t('auth.currentPassword')}
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          {t('auth.newPassword')}
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={10} />
        </label>
        <label>
          {t('auth.repeatPassword')}
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </label>
        {(local ?? error) && (
          <p className="auth-error" role="alert">
            {local ?? error}
          </p>
        )}
        <div className="auth-actions">
          <button type="submit">{t('auth.save')}</button>
          <button type="button" className="auth-link" onClick={() => void logout()}>
            {t('auth.logout')}
          </button>
        </div>
      </form>
    </div>
  );
}
