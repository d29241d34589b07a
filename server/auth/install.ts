import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { auditCommitHook } from '../audit/commit-audit.ts';
import { auditRoutes } from '../audit/routes.ts';
import { registerCommitHook } from '../edits/hooks.ts';
import { PayloadTooLargeError } from '../http/errors.ts';
import type { AppDeps, AppEnv } from '../http/types.ts';
import { userRoutes } from '../users/routes.ts';
import { commitHooks } from '../edits/hooks.ts';
import { parseAuthConfig, type AuthConfig } from './config.ts';
import { scopeGuardHook } from './commit-guard.ts';
import { securityHeaders } from './headers.ts';
import { LIMITS } from './limits.ts';
import { authMiddleware } from './middleware.ts';
import { authRoutes } from './routes.ts';
import { createAuthRuntime, type AuthRuntime } from './runtime.ts';

/** Optional overrides (tests): auth tunables and the clock. */
export interface AuthOptions {
  config?: Partial<AuthConfig>;
  now?: () => number;
}

/** Registers the scope guard and audit commit hooks once per process. */
export function ensureAuthCommitHooks(): void {
  const names = new Set(commitHooks().map((h) => h.name));
  if (!names.has('auth-scope')) registerCommitHook('auth-scope', scopeGuardHook);
  if (!names.has('audit')) registerCommitHook('audit', auditCommitHook);
}

/**
 * Installs accounts and security on an app, before its API routes: security headers on every
 * response, the request body limit and the auth middleware (session → user, CSRF, policy) on
 * /api/*, the commit hooks (scope guard, audit), and the /api/auth, /api/audit and /api/users
 * routes. Returns the auth runtime (tests use its clock and limiters).
 */
/** The import's upload route (POST /api/layers/:layer/import), which takes files up to LIMITS.uploadBytes. */
const IMPORT_UPLOAD_PATH = /^\/api\/layers\/[^/]+\/import$/;

export function installAuth(app: Hono<AppEnv>, deps: AppDeps, opts: AuthOptions = {}): AuthRuntime {
  const config = { ...parseAuthConfig(process.env), ...opts.config };
  const auth = createAuthRuntime(deps.db, config, opts.now);
  ensureAuthCommitHooks();
  app.use('*', securityHeaders(deps.env.basemapUrl));
  // one body limit per request: file uploads of the import get a larger one (zipped Shapefiles)
  const limitFor = (maxBytes: number) =>
    bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw new PayloadTooLargeError(
          `The request body is larger than ${maxBytes / 1024 / 1024} MB; send less at once`,
          { maxBytes },
          'body_too_large',
        );
      },
    });
  const defaultLimit = limitFor(LIMITS.bodyBytes);
  const uploadLimit = limitFor(LIMITS.uploadBytes);
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && IMPORT_UPLOAD_PATH.test(c.req.path) ? uploadLimit(c, next) : defaultLimit(c, next),
  );
  app.use('/api/*', authMiddleware(auth));
  app.route('/api/auth', authRoutes(auth));
  app.route('/api/audit', auditRoutes);
  app.route('/api/users', userRoutes(auth));
  return auth;
}
