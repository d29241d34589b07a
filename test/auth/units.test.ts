import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../server/auth/config.ts';
import { contentSecurityPolicy } from '../../server/auth/headers.ts';
import { assertFeatureCount, assertFeatureLimits, countVertices, LIMITS } from '../../server/auth/limits.ts';
import { hashPassword, hashPasswordSync, passwordProblem, randomPassword, verifyPassword } from '../../server/auth/password.ts';
import { AttemptLimiter } from '../../server/auth/rate-limit.ts';
import { HttpError } from '../../server/http/errors.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one; salts differ', async () => {
    const a = hashPasswordSync('correct horse battery', 1024);
    const b = await hashPassword('correct horse battery', 1024);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$x$y$z$$')).toBe(false);
  });
  it('random passwords are long and differ; weak passwords are named', () => {
    const p = randomPassword();
    expect(p).toHaveLength(16);
    expect(randomPassword()).not.toBe(p);
    expect(passwordProblem('short', 'bob')).toMatch(/at least 10/);
    expect(passwordProblem('alice-password-1', 'alice')).toMatch(/username/);
    expect(passwordProblem('a-long-enough-secret', 'bob')).toBeNull();
  });
});

describe('AttemptLimiter', () => {
  it('blocks after max failures within the window and frees after it', () => {
    const l = new AttemptLimiter(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(l.blockedFor('k', 100 * i)).toBe(0);
      l.fail('k', 100 * i);
    }
    expect(l.blockedFor('k', 250)).toBe(750);
    expect(l.blockedFor('other', 250)).toBe(0);
    expect(l.blockedFor('k', 1001)).toBe(0); // the first failure left the window
    l.reset('k');
    expect(l.blockedFor('k', 300)).toBe(0);
  });
});

describe('auth config', () => {
  it('reads minutes/hours and refuses bad values with the variable name', () => {
    const c = parseAuthConfig({ BEATGRID_SESSION_IDLE_MINUTES: '30', BEATGRID_SESSION_MAX_HOURS: '8', BEATGRID_TRUST_PROXY: '1' });
    expect(c.sessionIdleMs).toBe(30 * 60_000);
    expect(c.sessionMaxMs).toBe(8 * 3600_000);
    expect(c.trustProxy).toBe(true);
    expect(() => parseAuthConfig({ BEATGRID_SESSION_IDLE_MINUTES: 'soon' })).toThrow(/BEATGRID_SESSION_IDLE_MINUTES must be a whole number/);
    expect(() => parseAuthConfig({ BEATGRID_SCRYPT_N: '1000' })).toThrow(/BEATGRID_SCRYPT_N must be a power of two/);
  });
});

describe('input limits', () => {
  it('counts vertices and refuses too many with 413 naming the feature', () => {
    const ring = Array.from({ length: 11 }, (_, i) => [i, i % 2]);
    expect(countVertices({ type: 'Polygon', coordinates: [ring, ring] })).toBe(22);
    expect(countVertices({ type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] })).toBe(33);
    expect(countVertices({ type: 'Point', coordinates: [1, 2] })).toBe(1);
    const big = { type: 'Polygon' as const, coordinates: [Array.from({ length: LIMITS.verticesPerFeature + 1 }, (_, i) => [i, 0])] };
    try {
      assertFeatureLimits(big, 'grid G-1');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(413);
      expect((err as HttpError).message).toMatch(/grid G-1 has 50,001 vertices; at most 50,000/);
    }
    expect(() => assertFeatureCount(LIMITS.featuresPerRequest + 1)).toThrow(/at most 5,000/);
    expect(() => assertFeatureCount(3)).not.toThrow();
  });
});

describe('content security policy', () => {
  it("lets MapLibre's worker run and allows the basemap host only when configured", () => {
    const csp = contentSecurityPolicy(null);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('tianditu');
    const withMap = contentSecurityPolicy('https://t0.tianditu.gov.cn/img_w/wmts?tk=KEY&x={x}&y={y}&l={z}');
    expect(withMap).toContain("img-src 'self' data: blob: https://t0.tianditu.gov.cn");
    expect(withMap).toContain("connect-src 'self' https://t0.tianditu.gov.cn");
  });
});
