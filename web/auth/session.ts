import { create } from 'zustand';
import type { LayerName } from '../../server/domain/layers.ts';
import type { Permissions, SessionInfo, SessionUser } from './types.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

export interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  permissions: Permissions | null;
  csrfToken: string | null;
  /** readable message of the last login/logout failure */
  error: string | null;
  /** asks the server who we are (GET /api/auth/me) */
  load: () => Promise<void>;
  login: (username: string, password: string) => Promise<boolean>;
  logout: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<boolean>;
  /** the server said 401: forget the session (the login page shows) */
  expired: () => void;
}

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    /* not JSON */
  }
  return `${res.status} ${res.statusText}`;
}

const signedOut = { status: 'anonymous' as const, user: null, permissions: null, csrfToken: null };

/** The login session of the page. The CSRF token lives only here (memory), never in storage. */
export const useSession = create<SessionState>((set, get) => ({
  status: 'loading',
  user: null,
  permissions: null,
  csrfToken: null,
  error: null,
  load: async () => {
    try {
      const res = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } });
      if (!res.ok) return set({ ...signedOut, error: res.status === 401 ? null : await readError(res) });
      const s = (await res.json()) as SessionInfo;
      set({ status: 'authenticated', user: s.user, permissions: s.permissions, csrfToken: s.csrfToken, error: null });
    } catch (err) {
      set({ ...signedOut, error: (err as Error).message });
    }
  },
  login: async (username, password) => {
    set({ error: null });
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!res.ok) {
        set({ error: await readError(res) });
        return false;
      }
      const s = (await res.json()) as SessionInfo;
      set({ status: 'authenticated', user: s.user, permissions: s.permissions, csrfToken: s.csrfToken, error: null });
      return true;
    } catch (err) {
      set({ error: (err as Error).message });
      return false;
    }
  },
  logout: async () => {
    const token = get().csrfToken;
    try {
      await fetch('/api/auth/logout', { method: 'POST', headers: token ? { 'X-CSRF-Token': token } : {} });
    } finally {
      set({ ...signedOut, error: null });
    }
  },
  changePassword: async (currentPassword, newPassword) => {
    const token = get().csrfToken ?? '';
    const res = await fetch('/api/auth/password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify({ currentPassword, newPassword }),
    });
    if (!res.ok) {
      set({ error: await readError(res) });
      return false;
    }
    await get().load();
    return true;
  },
  expired: () => {
    if (get().status === 'authenticated') set({ ...signedOut, error: null });
  },
}));

/** May the logged-in user edit features of `layer` (scope still applies per feature)? */
export function canEditLayer(layer: LayerName): boolean {
  return useSession.getState().permissions?.editLayers.includes(layer) ?? false;
}

/** Hook: the permissions of the logged-in user (all false while logged out). */
export function usePermissions(): Permissions {
  const p = useSession((s) => s.permissions);
  return (
    p ?? {
      editLayers: [],
      linkOnlyLayers: [],
      mergeSplitGrids: false,
      handleNotices: false,
      editStaff: false,
      readAudit: false,
      manageUsers: false,
      readOnly: true,
    }
  );
}
