import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { warmAlignment } from './alignment-service/index.ts';
import { bootstrapAccounts } from './auth/bootstrap.ts';
import { parseAuthConfig } from './auth/config.ts';
import { DB_FILE_NAME } from './db/backup.ts';
import { closeDatabase, type Db } from './db/connection.ts';
import { DatabaseDamagedError, openCheckedDatabase } from './db/integrity.ts';
import { MigrationError, migrate } from './db/migrate.ts';
import { ServerLockError, acquireServerLock, releaseServerLock } from './db/server-lock.ts';
import { isEmpty, seedDemoCity } from './demo/seed.ts';
import { seedDemoSnapshots } from './reports/seed-history.ts';
import { EnvError, REPO_ROOT, ensureDataDir, parseEnv } from './env.ts';

/** Exit code when the database file is damaged (start-up quick_check failed). */
const EXIT_DAMAGED = 3;

/**
 * Start-up: env → lock the data dir (beatgrid.pid) → open + quick_check the database →
 * migrations → demo city (first start) → HTTP server; SIGTERM/SIGINT drain and close cleanly.
 */
async function main(): Promise<void> {
  const t0 = performance.now();
  const env = parseEnv(process.env);
  const timeoutMs = env.shutdownTimeoutMs;
  ensureDataDir(env);
  const dbFile = join(env.dataDir, DB_FILE_NAME);
  // the lock file tells `npm run restore` (and a second server) that this folder is in use
  acquireServerLock(env.dataDir, env.port);
  process.on('exit', () => releaseServerLock(env.dataDir));
  const existed = existsSync(dbFile);
  const { db, check } = openCheckedDatabase(dbFile); // DatabaseDamagedError: exit 3 below
  if (existed) console.log(`[beatgrid] database check (PRAGMA quick_check): ok in ${Math.round(check.ms)} ms`);
  const { applied, total } = migrate(db);
  if (applied.length) console.log(`[beatgrid] applied ${applied.length} migration(s); ${total} in total`);
  if (env.demo && isEmpty(db)) {
    const t = performance.now();
    const { generateDemoCity } = await import('./demo/generate.ts');
    const city = generateDemoCity(1);
    const t2 = performance.now();
    const result = seedDemoCity(db, city);
    console.log(
      `[beatgrid] loaded the demo city: generated in ${Math.round(t2 - t)} ms, ` +
        `${result.revisions.length} records validated and written in ${Math.round(performance.now() - t2)} ms`,
    );
    seedDemoSnapshots(db); // six plausible past monthly reports per county, for the dashboard's trend (issue 5)
  }
  // first start: the admin's one-time password (printed once) and, with the demo city, the demo accounts
  bootstrapAccounts(db, { demo: env.demo, demoUsersFile: join(REPO_ROOT, 'data', 'demo-users.json'), scryptN: parseAuthConfig(process.env).scryptN });
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const app = createApp({ db, env, distDir: join(REPO_ROOT, 'dist', 'web'), version: pkg.version });
  let closing = false;
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    console.log(
      `[beatgrid] serving http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port} ` +
        `(database ${dbFile}; ready in ${Math.round(performance.now() - t0)} ms)`,
    );
    // alignment (issue 3): warm both police layers' index once, so views and live feedback start fast
    setTimeout(() => {
      if (!closing) console.log(`[beatgrid] alignment index warm (ms per layer): ${JSON.stringify(warmAlignment(db))}`);
    }, 0);
  }) as Server;
  server.on('error', (err: Error) => {
    console.error(`[beatgrid] cannot listen on ${env.host}:${env.port}: ${err.message}`);
    closeDatabase(db);
    process.exit(1);
  });
  installGracefulShutdown(server, db, timeoutMs, () => (closing = true));
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let every in-flight request finish (server.close
 * waits for them; keep-alive connections are closed as soon as they are idle), then checkpoint
 * the WAL into the database file and close it (closeDatabase), and exit 0. After
 * `timeoutMs` (env.shutdownTimeoutMs) the remaining connections are cut, the database is closed all the same
 * (a request's transaction is synchronous, so none is ever half-way) and the exit code is 1.
 */
function installGracefulShutdown(server: Server, db: Db, timeoutMs: number, onClosing: () => void): void {
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    onClosing();
    const t = performance.now();
    console.log(`[beatgrid] ${signal}: shutting down (${inFlight} request(s) in flight)`);
    const finish = (code: number) => {
      clearInterval(sweep);
      const cp = closeDatabase(db);
      console.log(
        `[beatgrid] database closed${cp ? ` (WAL of ${cp.walBytes} bytes checkpointed${cp.busy ? ' partly: busy' : ''})` : ''}; ` +
          `shutdown took ${Math.round(performance.now() - t)} ms`,
      );
      process.exit(code);
    };
    server.close(() => finish(0));
    // a keep-alive connection that just finished its request would hold close() open until the
    // client's idle timeout: close idle ones now and as they become idle
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    setTimeout(() => {
      console.error(`[beatgrid] ${inFlight} request(s) still running after ${timeoutMs} ms: closing their connections`);
      server.closeAllConnections();
      finish(1);
    }, timeoutMs).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof DatabaseDamagedError) {
    console.error(`[beatgrid] ${err.message}`);
    process.exit(EXIT_DAMAGED);
  } else if (err instanceof EnvError || err instanceof MigrationError || err instanceof ServerLockError) {
    console.error(`[beatgrid] ${err.message}`);
  } else {
    console.error('[beatgrid] start-up failed:', err);
  }
  process.exit(1);
});
