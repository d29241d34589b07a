import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { ForbiddenError, UnauthorizedError } from '../http/errors.ts';
import type { AppEnv } from '../http/types.ts';
import { audit } from '../audit/log.ts';
import { AUDITED_EXPORTS, CSRF_HEADER, policyFor, PUBLIC, SESSION_ONLY, type RuleContext } from './policy.ts';
import { runWithRequestContext, type RequestContext } from './request-context.ts';
import type { AuthRuntime } from './runtime.ts';
import { csrfMatches, findSession, SESSION_COOKIE, type SessionInfo } from './sessions.ts';
import { toRequestUser } from './users.ts';
import { userLabel } from './write-rules.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const sessions = new WeakMap<Context, SessionInfo>();

/** The session of the current request (set by the auth middleware), if any. */
export function sessionOf(c: Context): SessionInfo | undefined {
  return sessions.get(c);
}

/**
 * The client's address: the socket's remote address, or with `trustProxy` the first
 * X-Forwarded-For entry. Null when unknown (in-process test requests).
 */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fwd = c.req.header('X-Forwarded-For');
    if (fwd) return fwd.split(',')[0].trim().slice(0, 64) || null;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The route a request matched (the handler, not a middleware), with its path parameters. */
export interface MatchedRoute {
  method: string;
  pattern: string;
  params: Record<string, string>;
}

/** Finds the handler route of the request among Hono's matched routes. */
export function matchedRoute(c: Context): MatchedRoute | null {
  const want = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const routes = matchedRoutes(c);
  const saved = c.req.routeIndex;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i];
    if (r.method !== want) continue;
    c.req.routeIndex = i;
    try {
      return { method: want, pattern: r.path, params: c.req.param() as Record<string, string> };
    } finally {
      c.req.routeIndex = saved;
    }
  }
  return null;
}

/**
 * THE auth middleware for /api/*: resolves the session cookie to a user (`c.get('user')`),
 * refuses requests without a session (401) except public routes (login, health), checks the
 * X-CSRF-Token header on state-changing methods (403), blocks everything but the password
 * change while the account must change its password, and asks the policy table whether
 * the user may call the matched route (403 with the reason). Every request also runs inside
 * a request context (ip, user) that commit hooks and the audit log read.
 */
export function authMiddleware(auth: AuthRuntime): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx: RequestContext = { ip: clientIp(c, auth.config.trustProxy), user: null };
    return runWithRequestContext(ctx, async () => {
      if (!c.req.path.startsWith('/api/') && c.req.path !== '/api') return next();
      const route = matchedRoute(c);
      const key = route ? `${route.method} ${route.pattern}` : null;
      const rule = key ? policyFor(key) : undefined;
      if (rule === PUBLIC) return next();

      const token = getCookie(c, SESSION_COOKIE);
      const session = token ? findSession(auth.db, token, auth.config, auth.now()) : null;
      if (!session) {
        throw new UnauthorizedError(
          token ? 'Your session has expired or ended; please log in again' : 'Login required: this API needs a session (POST /api/auth/login)',
          null,
          token ? 'session_expired' : 'unauthenticated',
        );
      }
      const user = toRequestUser(session.user);
      c.set('user', user);
      ctx.user = user;
      sessions.set(c, session);

      if (!SAFE_METHODS.has(c.req.method) && !csrfMatches(c.req.header(CSRF_HEADER), session.csrfToken)) {
        throw new ForbiddenError(
          `Missing or wrong ${CSRF_HEADER} header: state-changing requests must carry the csrfToken returned by login or GET /api/auth/me`,
          null,
          'csrf',
        );
      }
      if (session.user.must_change_password && rule !== SESSION_ONLY) {
        throw new ForbiddenError(
          'You must change your one-time password first (POST /api/auth/password)',
          null,
          'password_change_required',
        );
      }
      if (!route || rule === SESSION_ONLY) return next();
      let decision;
      if (rule) {
        const rc: RuleContext = {
          db: auth.db,
          user,
          method: route.method,
          pattern: route.pattern,
          params: route.params,
          query: (name) => c.req.query(name),
          body: async () => {
            try {
              return JSON.parse(await c.req.text()) as unknown;
            } catch {
              return undefined;
            }
          },
        };
        decision = await rule(rc);
      } else {
        decision =
          user.role === 'admin'
            ? { ok: true as const }
            : { ok: false as const, why: `${userLabel(auth.db, user)} cannot call ${key}: this route has no access rule yet (server/auth/policy.ts)` };
      }
      if (!decision.ok) throw new ForbiddenError(decision.why, { route: key }, rule ? 'forbidden' : 'no_policy_rule');
      await next();
      const exported = key && c.res.status === 200 ? AUDITED_EXPORTS[key]?.((name) => c.req.query(name)) : null;
      if (exported) audit(auth.db, { actor: user.username, ...exported, summary: { path: c.req.path, query: c.req.query() } });
    });
  };
}
