import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root (server/ lives directly under it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The validated start-up configuration of the server. */
export interface Env {
  port: number;
  host: string;
  dataDir: string;
  basemapUrl: string | null;
  demo: boolean;
  /**
   * How long SIGTERM/SIGINT waits for in-flight requests before closing their connections
   * anyway (the process then exits 1, so a supervisor sees the shutdown was not clean).
   */
  shutdownTimeoutMs: number;
}

const portSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number between 1 and 65535')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'));

const basemapSchema = z
  .string()
  .trim()
  .refine((s) => /^https?:\/\//.test(s), 'must be an http(s) URL template')
  .refine((s) => s.includes('{z}') && s.includes('{x}') && s.includes('{y}'), 'must contain {z}, {x} and {y}');

const schema = z.object({
  PORT: portSchema.optional(),
  HOST: z.string().trim().min(1, 'must not be empty').optional(),
  BEATGRID_DATA_DIR: z.string().trim().min(1, 'must not be empty').optional(),
  BEATGRID_BASEMAP_URL: basemapSchema.optional(),
  BEATGRID_DEMO: z.enum(['0', '1'], { error: "must be '1' (load the demo city) or '0'" }).optional(),
  BEATGRID_SHUTDOWN_TIMEOUT_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of milliseconds between 100 and 600000')
    .transform(Number)
    .pipe(z.number().int().min(100, 'must be between 100 and 600000 ms').max(600_000, 'must be between 100 and 600000 ms'))
    .optional(),
});

/** Thrown by parseEnv: its message names every bad variable and what is wrong with it. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/**
 * Parses and validates the environment once, at start-up. Empty strings count as unset.
 * Throws EnvError (message: `PORT must be ... (got "abc")`, one line per bad variable).
 */
export function parseEnv(raw: Record<string, string | undefined> = process.env): Env {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const result = schema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name} ${issue.message} (got ${JSON.stringify(picked[name])})`;
    });
    throw new EnvError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  return {
    port: e.PORT ?? 8080,
    host: e.HOST ?? '127.0.0.1',
    dataDir: resolve(e.BEATGRID_DATA_DIR ?? resolve(REPO_ROOT, '.data')),
    basemapUrl: e.BEATGRID_BASEMAP_URL ?? null,
    demo: (e.BEATGRID_DEMO ?? '1') === '1',
    shutdownTimeoutMs: e.BEATGRID_SHUTDOWN_TIMEOUT_MS ?? 10_000,
  };
}

/** Creates the data directory if it is absent (throws EnvError when it cannot). */
export function ensureDataDir(env: Env): void {
  try {
    mkdirSync(env.dataDir, { recursive: true });
  } catch (err) {
    throw new EnvError(`BEATGRID_DATA_DIR cannot be created: ${env.dataDir} (${(err as Error).message})`);
  }
}
