import { z } from 'zod';
import { EnvError } from '../env.ts';

/** Tunables of accounts, sessions, rate limits and password hashing. */
export interface AuthConfig {
  /** a session ends after this long without a request (ms) */
  sessionIdleMs: number;
  /** a session ends this long after login whatever happens (ms) */
  sessionMaxMs: number;
  /** failed logins allowed per account within loginWindowMs */
  loginMaxPerAccount: number;
  /** failed logins allowed per client address within loginWindowMs */
  loginMaxPerAddress: number;
  loginWindowMs: number;
  /** scrypt cost N (power of two); r = 8, p = 1 */
  scryptN: number;
  /** trust X-Forwarded-For / X-Forwarded-Proto (set when behind a reverse proxy) */
  trustProxy: boolean;
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  sessionIdleMs: 2 * 3600_000,
  sessionMaxMs: 12 * 3600_000,
  loginMaxPerAccount: 5,
  loginMaxPerAddress: 20,
  loginWindowMs: 15 * 60_000,
  scryptN: 1 << 15,
  trustProxy: false,
};

const positiveInt = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number (${what})`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be at least 1 (${what})`));

const schema = z.object({
  BEATGRID_SESSION_IDLE_MINUTES: positiveInt('minutes').optional(),
  BEATGRID_SESSION_MAX_HOURS: positiveInt('hours').optional(),
  BEATGRID_LOGIN_MAX_PER_ACCOUNT: positiveInt('failed attempts per 15 minutes').optional(),
  BEATGRID_LOGIN_MAX_PER_ADDRESS: positiveInt('failed attempts per 15 minutes').optional(),
  BEATGRID_SCRYPT_N: positiveInt('power of two, e.g. 32768')
    .refine((n) => n >= 1024 && (n & (n - 1)) === 0, 'must be a power of two of at least 1024')
    .optional(),
  BEATGRID_TRUST_PROXY: z.enum(['0', '1'], { error: "must be '1' (behind a reverse proxy) or '0'" }).optional(),
});

/**
 * Reads the auth tunables from the environment (empty = unset). Throws an Error naming each
 * bad variable, e.g. `BEATGRID_SESSION_IDLE_MINUTES must be a whole number (minutes) (got "x")`.
 */
export function parseAuthConfig(raw: Record<string, string | undefined> = process.env): AuthConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const r = schema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `${name} ${i.message} (got ${JSON.stringify(picked[name])})`;
    });
    throw new EnvError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = r.data;
  const d = DEFAULT_AUTH_CONFIG;
  return {
    sessionIdleMs: e.BEATGRID_SESSION_IDLE_MINUTES !== undefined ? e.BEATGRID_SESSION_IDLE_MINUTES * 60_000 : d.sessionIdleMs,
    sessionMaxMs: e.BEATGRID_SESSION_MAX_HOURS !== undefined ? e.BEATGRID_SESSION_MAX_HOURS * 3600_000 : d.sessionMaxMs,
    loginMaxPerAccount: e.BEATGRID_LOGIN_MAX_PER_ACCOUNT ?? d.loginMaxPerAccount,
    loginMaxPerAddress: e.BEATGRID_LOGIN_MAX_PER_ADDRESS ?? d.loginMaxPerAddress,
    loginWindowMs: d.loginWindowMs,
    scryptN: e.BEATGRID_SCRYPT_N ?? d.scryptN,
    trustProxy: e.BEATGRID_TRUST_PROXY === '1',
  };
}
