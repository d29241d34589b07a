import { useSession } from './session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let installed = false;

function isOwnApi(url: string): boolean {
  try {
    const u = new URL(url, window.location.href);
    return u.origin === window.location.origin && u.pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

/**
 * Wraps window.fetch once so every state-changing request to our API carries the session's
 * X-CSRF-Token header, and a 401 from the API (session expired) sends the page back to the
 * login form. Other code keeps calling fetch as before.
 */
export function installAuthFetch(): void {
  if (installed) return;
  installed = true;
  const original = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    let nextInit = init;
    if (isOwnApi(url) && !SAFE.has(method)) {
      const token = useSession.getState().csrfToken;
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      if (token && !headers.has('X-CSRF-Token')) headers.set('X-CSRF-Token', token);
      nextInit = { ...init, headers };
    }
    const res = await original(input, nextInit);
    if (res.status === 401 && isOwnApi(url) && !url.includes('/api/auth/')) useSession.getState().expired();
    return res;
  };
}
