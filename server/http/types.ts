import type { AuthOptions } from '../auth/install.ts';
import type { Db } from '../db/connection.ts';
import type { Env } from '../env.ts';
import type { User } from './user.ts';

/** What createApp needs. */
export interface AppDeps {
  db: Db;
  env: Env;
  /** directory of the built page (dist/web); omitted → no static serving */
  distDir?: string;
  /** app version for /api/health */
  version?: string;
  /** auth tunables and clock (tests); default from the environment */
  auth?: AuthOptions;
}

/** Hono's environment type for our app: per-request variables. */
export interface AppEnv {
  Variables: {
    user: User;
    deps: AppDeps;
  };
}
