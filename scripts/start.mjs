#!/usr/bin/env node
// `npm start`: build the web page when it is missing or older than its sources, then run the
// one Hono process (server/main.ts) that migrates the database, loads the demo city on first
// start and serves page and API on http://127.0.0.1:$PORT.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const builtIndex = 'dist/web/index.html';
const stale = !existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestMtime('web');
if (stale || process.env.BEATGRID_REBUILD === '1') {
  console.log('[start] building the web page (vite build)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
