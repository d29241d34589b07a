import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit } from '../audit/log.ts';
import { errorBody, UnauthorizedError, ForbiddenError, UnprocessableError } from '../http/errors.ts';
import { readBody } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { sessionOf } from './middleware.ts';
import { hashPassword, hashPasswordSync, passwordProblem, randomPassword, verifyPassword } from './password.ts';
import { permissionsOf } from './permissions.ts';
import { currentRequest } from './request-context.ts';
import type { AuthRuntime } from './runtime.ts';
import { createSession, deleteSession, deleteUserSessions, purgeExpiredSessions, SESSION_COOKIE } from './sessions.ts';
import { findUser, publicUser, toRequestUser, updateUser } from './users.ts';
import { getCookie } from 'hono/cookie';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(100, 'is too long'),
  password: z.string().min(1, 'is required').max(1000, 'is too long'),
});

const passwordSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1000),
  newPassword: z.string().min(1, 'is required').max(1000),
});

/** True when the request came over HTTPS (directly or via a proxy saying so). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || (c.req.header('X-Forwarded-Proto') ?? '').split(',')[0].trim() === 'https';
}


function minutes(ms: number): string {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/**
 * /api/auth: POST /login {username, password} → session cookie + {user, csrfToken,
 * permissions}; POST /logout; GET /me → {user, csrfToken, permissions, session};
 * POST /password {currentPassword, newPassword}.
 */
export function authRoutes(auth: AuthRuntime): Hono<AppEnv> {
  const { db, config } = auth;
  // checked for unknown usernames, so they cost as much time as a wrong password
  let dummyHash: string | null = null;
  const dummy = () => (dummyHash ??= hashPasswordSync(randomPassword(), config.scryptN));
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const origin = c.req.header('Origin');
      if (origin && origin !== new URL(c.req.url).origin && !config.trustProxy) {
        throw new ForbiddenError(`Cross-site login refused (Origin ${origin})`, null, 'cross_site');
      }
      const { username, password } = await readBody(c, loginSchema);
      const ip = currentRequest()?.ip ?? null;
      const now = auth.now();
      const accountKey = username.toLowerCase();
      const addressKey = ip ?? 'unknown';
      const waitAccount = auth.perAccount.blockedFor(accountKey, now);
      const waitAddress = auth.perAddress.blockedFor(addressKey, now);
      if (waitAccount || waitAddress) {
        const wait = Math.max(waitAccount, waitAddress);
        const what = waitAccount ? `for account "${username}"` : 'from your address';
        audit(db, { actor: username.slice(0, 100), action: 'login.blocked', entity: 'user', entityId: username.slice(0, 100), summary: { reason: waitAccount ? 'account' : 'address' } });
        return c.json(
          errorBody('too_many_attempts', `Too many failed logins ${what}; try again in ${minutes(wait)}`, { retryAfterSeconds: Math.ceil(wait / 1000) }),
          429,
          { 'Retry-After': String(Math.ceil(wait / 1000)) },
        );
      }
      const row = findUser(db, username);
      const ok = await verifyPassword(password, row?.password_hash ?? dummy());
      if (!row || !ok || row.disabled) {
        auth.perAccount.fail(accountKey, now);
        auth.perAddress.fail(addressKey, now);
        const reason = !row ? 'unknown user' : !ok ? 'wrong password' : 'account disabled';
        audit(db, { actor: username.slice(0, 100), action: 'login.failed', entity: 'user', entityId: username.slice(0, 100), summary: { reason } });
        throw new UnauthorizedError(row && ok ? 'This account is disabled' : 'Wrong username or password', null, 'invalid_credentials');
      }
      auth.perAccount.reset(accountKey);
      purgeExpiredSessions(db, config, now);
      const { token, csrfToken } = createSession(db, row.id, config, now, ip);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c),
        path: '/',
        maxAge: Math.floor(config.sessionMaxMs / 1000),
      });
      audit(db, { actor: row.username, action: 'login', entity: 'user', entityId: row.username, summary: { role: row.role, scope: row.scope } });
      const user = toRequestUser(row);
      return c.json({ user: publicUser(db, row), csrfToken, permissions: permissionsOf(user) });
    })
    .post('/logout', (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) deleteSession(db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
      audit(db, { actor: c.get('user').username, action: 'logout', entity: 'user', entityId: c.get('user').username });
      return c.json({ ok: true });
    })
    .get('/me', (c) => {
      const s = sessionOf(c)!;
      return c.json({
        user: publicUser(db, s.user),
        csrfToken: s.csrfToken,
        permissions: permissionsOf(toRequestUser(s.user)),
        session: { expiresAt: new Date(s.expiresAt).toISOString(), idleTimeoutMinutes: Math.round(config.sessionIdleMs / 60_000) },
      });
    })
    .post('/password', async (c) => {
      const s = sessionOf(c)!;
      const { currentPassword, newPassword } = await readBody(c, passwordSchema);
      if (!(await verifyPassword(currentPassword, s.user.password_hash))) {
        audit(db, { actor: s.user.username, action: 'password.failed', entity: 'user', entityId: s.user.username });
        throw new ForbiddenError('The current password is wrong', null, 'wrong_password');
      }
      const problem = passwordProblem(newPassword, s.user.username);
      if (problem) throw new UnprocessableError(problem, null, 'weak_password');
      if (newPassword === currentPassword) throw new UnprocessableError('The new password must differ from the current one', null, 'weak_password');
      updateUser(db, s.user.id, { passwordHash: await hashPassword(newPassword, config.scryptN), mustChangePassword: false });
      deleteUserSessions(db, s.user.id, s.id);
      audit(db, { actor: s.user.username, action: 'user.password', entity: 'user', entityId: s.user.username, summary: { self: true } });
      return c.json({ ok: true });
    });
}
