import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO, startServerProcess, type ServerProcess } from '../../../scripts/lib/server-process.ts';
import { authenticateNodeFetch } from './login.ts';
import { cachedTemplate, installTemplate, saveTemplate } from './demo-template.ts';

/** A running beatgrid server for browser tests. */
export interface TestServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  log: () => string;
  /** Milliseconds from spawn to a healthy /api/health (includes loading the demo city). */
  startMs: number;
  stop: () => Promise<void>;
}

/** A TCP port nobody is listening on right now (kept here for the tests that import it from here). */
export { freePort };

/** Options of {@link startServer}. */
export interface StartOptions {
  /**
   * true: a truly first start (migrations, demo city generated, one-time admin password
   * printed). Default false: the data dir starts as a copy of the cached template database
   * of the same code (test/e2e/support/demo-template.ts), saving the 5–30 s demo load; the
   * first call of a run builds the template with a fresh start.
   */
  fresh?: boolean;
  /** on stop, keep the database as the template (how the template is built) */
  saveAsTemplate?: boolean;
}

/**
 * Starts the REAL server (`node --import tsx server/main.ts`) on a free port with a fresh
 * temporary BEATGRID_DATA_DIR holding the demo city, serving the built page from dist/web, and
 * waits for /api/health. `extraEnv` adds variables (e.g. BEATGRID_BASEMAP_URL).
 * Set BEATGRID_E2E_URL to test an already running server instead.
 */
export async function startServer(timeoutMs = 150_000, extraEnv: Record<string, string> = {}, opts: StartOptions = {}): Promise<TestServer> {
  const external = process.env.BEATGRID_E2E_URL;
  if (external) {
    const url = external.replace(/\/$/, '');
    await authenticateNodeFetch(url);
    return { url, log: () => '', startMs: 0, stop: async () => {} };
  }
  if (!existsSync(join(REPO, 'dist/web/index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npx vite build` (npm test does it) before the browser tests');
  }
  const demo = (extraEnv.BEATGRID_DEMO ?? process.env.BEATGRID_DEMO ?? '1') === '1';
  if (!opts.fresh && demo && !cachedTemplate()) {
    // build the template once: a fresh first start, stopped cleanly, its database kept
    const first = await startServer(timeoutMs, extraEnv, { fresh: true, saveAsTemplate: true });
    await first.stop();
  }
  const template = !opts.fresh && demo ? cachedTemplate() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'beatgrid-e2e-'));
  if (template) installTemplate(template, dataDir);
  let s: ServerProcess;
  try {
    s = await startServerProcess(dataDir, { env: extraEnv, timeoutMs });
  } catch (e) {
    // a start that never got healthy is no template
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const startMs = Date.now() - s.startedAt;
  const stop = async () => {
    await s.kill('SIGTERM', 5000);
    if (opts.saveAsTemplate && existsSync(join(dataDir, 'beatgrid.sqlite'))) saveTemplate(join(dataDir, 'beatgrid.sqlite'));
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Node fetch to the server acts as the demo admin (issue 6); not for the template's
  // throw-away start (the fetch patch is made once per process, for the server under test)
  if (!opts.saveAsTemplate) await authenticateNodeFetch(s.url);
  return { url: s.url, log: s.log, startMs, stop };
}
