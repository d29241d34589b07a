import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types.ts';

/** The user a request acts as. The auth module (issue 6) replaces how it is obtained. */
export interface User {
  username: string;
  role: 'admin' | 'civil-affairs' | 'police-station' | 'leadership';
  /** a county code, a station id, or 'city' */
  scope: string;
}

/** The stand-in user until accounts exist: every request is the local admin. */
export const LOCAL_ADMIN: User = { username: 'local', role: 'admin', scope: 'city' };

/**
 * THE one place that decides who a request is: sets `c.get('user')`. Every write uses
 * `c.get('user').username` as its actor. The auth helper swaps this middleware.
 */
export function userMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', LOCAL_ADMIN);
    await next();
  };
}
