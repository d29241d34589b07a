import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { warmAlignment } from './alignment-service/index.ts';
import { bootstrapAccounts } from './auth/bootstrap.ts';
import { parseAuthConfig } from './auth/config.ts';
import { openDatabase } from './db/connection.ts';
import { MigrationError, migrate } from './db/migrate.ts';
import { isEmpty, seedDemoCity } from './demo/seed.ts';
import { seedDemoSnapshots } from './reports/seed-history.ts';
import { EnvError, REPO_ROOT, ensureDataDir, parseEnv } from './env.ts';

/** Start-up: env → database → migrations → demo city (first start) → HTTP server. */
async function main(): Promise<void> {
  const t0 = performance.now();
  const env = parseEnv(process.env);
  ensureDataDir(env);
  const dbFile = join(env.dataDir, 'beatgrid.sqlite');
  const db = openDatabase(dbFile);
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
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    console.log(
      `[beatgrid] serving http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port} ` +
        `(database ${dbFile}; ready in ${Math.round(performance.now() - t0)} ms)`,
    );
    // alignment (issue 3): warm both police layers' index once, so views and live feedback start fast
    setTimeout(() => console.log(`[beatgrid] alignment index warm (ms per layer): ${JSON.stringify(warmAlignment(db))}`), 0);
  });
  server.on('error', (err: Error) => {
    console.error(`[beatgrid] cannot listen on ${env.host}:${env.port}: ${err.message}`);
    db.close();
    process.exit(1);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[beatgrid] ${signal}: shutting down`);
    server.close(() => {
      db.close();
      process.exit(0);
    });
    setTimeout(() => {
      db.close();
      process.exit(0);
    }, 3000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof EnvError || err instanceof MigrationError) {
    console.error(`[beatgrid] ${err.message}`);
  } else {
    console.error('[beatgrid] start-up failed:', err);
  }
  process.exit(1);
});
