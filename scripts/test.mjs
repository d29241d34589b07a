#!/usr/bin/env node
// The one test command (`npm test`): makes sure the Debian packages the tests need are there
// (chromium, CJK fonts, gdal-bin), builds the page the browser tests load, then runs every Vitest suite. The last line
// printed is `N passed, N failed` (test/support/count-reporter.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.BEATGRID_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

// Debian packages the tests need: chromium + CJK fonts (browser tests), gdal-bin (ogrinfo, the
// independent reader of our exports).
const missing = [];
if (!existsSync(CHROMIUM)) missing.push('chromium', 'fonts-noto-cjk');
if (!existsSync('/usr/bin/ogrinfo')) missing.push('gdal-bin');
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log(`[test] installing missing Debian packages: ${missing.join(' ')} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], { env }) !== 0 || run('apt-get', ['install', '-y', ...missing], { env }) !== 0) {
      console.error('[test] could not install them; the tests that need them will fail');
    }
  } else {
    console.error(`[test] missing Debian packages: ${missing.join(' ')}. Install them as root: apt-get update && apt-get install -y ${missing.join(' ')}`);
    console.error('[test] (BEATGRID_CHROMIUM may point at another Chromium binary). The tests that need them will fail until then.');
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
