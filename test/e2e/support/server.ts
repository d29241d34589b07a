import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { authenticateNodeFetch } from './login.ts';
import { cachedTemplate, installTemplate, saveTemplate } from './demo-template.ts';

const REPO = resolve(import.meta.dirname, '../../..');

/** A running beatgrid server for browser tests. */
export interface TestServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  log: () => string;
  /** Milliseconds from spawn to a healthy /api/health (includes loading the demo city). */
  startMs: number;
  stop: () => Promise<void>;
}

/** A TCP port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

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
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'beatgrid-e2e-'));
  if (template) installTemplate(template, dataDir);
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', BEATGRID_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  let exited: number | null = null;
  child.on('exit', (code) => { exited = code ?? -1; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null && child.pid) {
      const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    if (opts.saveAsTemplate && existsSync(join(dataDir, 'beatgrid.sqlite'))) saveTemplate(join(dataDir, 'beatgrid.sqlite'));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`the server exited with code ${exited} before it was healthy:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        // Node fetch to the server acts as the demo admin (issue 6); not for the template's
        // throw-away start (the fetch patch is made once per process, for the server under test)
        if (!opts.saveAsTemplate) await authenticateNodeFetch(url);
        return { url, log: () => output, startMs: Date.now() - started, stop };
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${output}`);
}
