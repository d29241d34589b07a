import type { Db } from '../db/connection.ts';
import { type AuthConfig, DEFAULT_AUTH_CONFIG } from './config.ts';
import { AttemptLimiter } from './rate-limit.ts';

/** The per-app auth state: config, clock and the in-memory login limiters. */
export interface AuthRuntime {
  db: Db;
  config: AuthConfig;
  /** epoch ms (tests move it to expire sessions) */
  now: () => number;
  perAccount: AttemptLimiter;
  perAddress: AttemptLimiter;
}

/** Builds the auth state of one app instance. */
export function createAuthRuntime(db: Db, config: Partial<AuthConfig> = {}, now: () => number = Date.now): AuthRuntime {
  const cfg = { ...DEFAULT_AUTH_CONFIG, ...config };
  return {
    db,
    config: cfg,
    now,
    perAccount: new AttemptLimiter(cfg.loginMaxPerAccount, cfg.loginWindowMs),
    perAddress: new AttemptLimiter(cfg.loginMaxPerAddress, cfg.loginWindowMs),
  };
}
