import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, getJson } from '../api/client.ts';
import { usePermissions } from './session.ts';
import type { Role, SessionUser } from './types.ts';

interface UserRow extends SessionUser {
  disabled: boolean;
}

const ROLES: Role[] = ['admin', 'civil-affairs', 'police-station', 'leadership'];

async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  return getJson<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** Account management (admin): list, create, change role/scope, disable, reset passwords. */
export function UsersPage() {
  const { t } = useTranslation();
  const perms = usePermissions();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [draft, setDraft] = useState({ username: '', displayName: '', role: 'civil-affairs' as Role, scope: '' });
  const load = useCallback(async () => {
    try {
      setUsers((await getJson<{ users: UserRow[] }>('/api/users')).users);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    if (perms.manageUsers) void load();
  }, [perms.manageUsers, load]);
  if (!perms.manageUsers) return <div className="auth-page">{t('auth.usersPage.denied')}</div>;
  const act = async (fn: () => Promise<{ password?: string }>) => {
    try {
      const r = await fn();
      setSecret(r.password ? r.password : null);
      setError(null);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(() => send('POST', '/api/users', draft));
  };
  return (
    <div className="auth-page" data-testid="users-page">
      <h2>{t('auth.usersPage.title')}</h2>
      <form className="auth-filters" onSubmit={create}>
        <label>
          {t('auth.username')}
          <input value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} required />
        </label>
        <label>
          {t('auth.usersPage.displayName')}
          <input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
        </label>
        <label>
          {t('auth.roleLabel')}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('auth.usersPage.scope')}
          <input value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value })} required />
        </label>
        <button type="submit">{t('auth.usersPage.create')}</button>
      </form>
      {error && <p className="auth-error">{error}</p>}
      {secret && (
        <p className="auth-hint">
          {t('auth.usersPage.newPasswordIs')} <code>{secret}</code>
        </p>
      )}
      <table className="auth-table" data-testid="users-table">
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{t(`auth.role.${u.role}`)}</td>
              <td>{u.scope === 'city' ? t('auth.city') : `${u.scopeName} (${u.scope})`}</td>
              <td>{u.disabled ? t('auth.usersPage.disabled') : ''}</td>
              <td>
                <button type="button" onClick={() => void act(() => send('PATCH', `/api/users/${encodeURIComponent(u.username)}`, { disabled: !u.disabled }))}>
                  {u.disabled ? t('auth.usersPage.enable') : t('auth.usersPage.disable')}
                </button>{' '}
                <button type="button" onClick={() => void act(() => send('POST', `/api/users/${encodeURIComponent(u.username)}/password`, {}))}>
                  {t('auth.usersPage.reset')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
