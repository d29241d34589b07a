import type { ApiResponse, Client, TestApp } from '../support/api.ts';
import { makeTestApp } from '../support/api.ts';
import { authCity } from './fixture.ts';

/**
 * Helpers of the auth tests: an app on the auth fixture city (two counties, three stations)
 * whose clients record every response text, so tests can assert what never leaks.
 */
export interface AuthTestApp extends TestApp {
  /** every response body seen by clients made with {@link recorded} */
  seen: string[];
  /** a logged-in client that records its responses */
  as(username: string): Promise<Client>;
}

/** A fresh app on the auth fixture. */
export function authApp(opts: Parameters<typeof makeTestApp>[0] = {}): AuthTestApp {
  const t = makeTestApp({ fixture: authCity(), ...opts });
  const seen: string[] = [];
  const wrap = (c: Client): Client => ({
    ...c,
    async request(method, path, o) {
      const res = await c.request(method, path, o);
      seen.push(await res.clone().text());
      return res;
    },
    async json<T>(method: string, path: string, o?: Parameters<Client['json']>[2]): Promise<ApiResponse<T>> {
      const r = await c.json<T>(method, path, o);
      seen.push(r.text);
      return r;
    },
  });
  return Object.assign(t, {
    seen,
    async as(username: string) {
      return wrap(await t.loginAs(username));
    },
  });
}

/** id of a live feature by code (any layer). */
export function idByCode(t: TestApp, code: string): number {
  const r = t.db.prepare('SELECT id FROM features WHERE code = ? AND retired_at IS NULL').get(code) as { id: number } | undefined;
  if (!r) throw new Error(`no live feature ${code}`);
  return r.id;
}

/** Current version of a feature. */
export function versionOf(t: TestApp, id: number): number {
  return (t.db.prepare('SELECT version FROM features WHERE id = ?').get(id) as { version: number }).version;
}
