#!/usr/bin/env node
// The one test command (`npm test`): makes sure Debian's chromium is there for the browser
// tests, builds the page the browser tests load, then runs every Vitest suite. The last line
// printed is `N passed, N failed` (test/support/count-reporter.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.BEATGRID_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log(`[test] ${CHROMIUM} is missing: installing Debian's chromium (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], { env }) !== 0 || run('apt-get', ['install', '-y', 'chromium', 'fonts-noto-cjk'], { env }) !== 0) {
      console.error('[test] could not install chromium; browser tests will fail');
    }
  } else {
    console.error(`[test] ${CHROMIUM} is missing. Install it as root: apt-get update && apt-get install -y chromium fonts-noto-cjk`);
    console.error('[test] (or point BEATGRID_CHROMIUM at a Chromium binary). Browser tests will fail until then.');
  }
}

console.log('[test] building the web page (vite build)');
if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) {
  console.error('[test] vite build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const args = ['vitest', 'run', ...process.argv.slice(2)];
const status = run('npx', args);
process.exit(status);
