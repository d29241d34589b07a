import type { MiddlewareHandler } from 'hono';

/** The origin (scheme://host[:port]) of a basemap URL template, or null. */
export function basemapOrigin(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = /^(https?:\/\/[^/?#{}]+)/i.exec(url);
  return m ? m[1] : null;
}

/**
 * The Content-Security-Policy: scripts only from this origin; MapLibre's worker from 'self' or
 * a blob: URL; tiles (fetched and drawn) from 'self' and the configured basemap host;
 * inline styles allowed (MapLibre sets style attributes); no framing.
 */
export function contentSecurityPolicy(basemapUrl: string | null | undefined): string {
  const extra = basemapOrigin(basemapUrl);
  const tiles = extra ? ` ${extra}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    `img-src 'self' data: blob:${tiles}`,
    `connect-src 'self'${tiles}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sets security headers on every response: CSP, X-Content-Type-Options nosniff,
 * Referrer-Policy, X-Frame-Options DENY (older browsers), and `Cache-Control: no-store` on
 * API answers (they are per-user).
 */
export function securityHeaders(basemapUrl: string | null | undefined): MiddlewareHandler {
  const csp = contentSecurityPolicy(basemapUrl);
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'same-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/') && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
