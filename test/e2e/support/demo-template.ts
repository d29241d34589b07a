import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const REPO = resolve(import.meta.dirname, '../../..');
/** Where the template lives (node_modules/.cache is git-ignored and survives between runs). */
const CACHE_DIR = join(REPO, 'node_modules', '.cache', 'beatgrid-test');

/** Every file under `dir` (recursively), sorted, for hashing. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/**
 * The template's key: a hash of everything that shapes a first start's database (the server's
 * code — generator, seed, migrations, accounts — and data/). Any change there makes a new one.
 */
export function templateKey(): string {
  const h = createHash('sha256');
  for (const f of [...listFiles(join(REPO, 'server')), ...listFiles(join(REPO, 'data'))]) {
    h.update(f.slice(REPO.length));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** Path of the cached template database for the current code, or null when not built yet. */
export function cachedTemplate(): string | null {
  const p = join(CACHE_DIR, `demo-${templateKey()}.sqlite`);
  return existsSync(p) ? p : null;
}

/**
 * Keeps the database of a server's first start (demo city, accounts, seeded history) as the
 * template: a compact, consistent copy made with VACUUM INTO (safe whatever the WAL state).
 * Older templates are removed. Concurrent callers each write a temp file and rename: the
 * last rename wins and every copy is identical.
 */
export function saveTemplate(dbFile: string): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = templateKey();
  const target = join(CACHE_DIR, `demo-${key}.sqlite`);
  const tmp = `${target}.${process.pid}.tmp`;
  const db = new Database(dbFile, { readonly: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    db.close();
  }
  renameSync(tmp, target);
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith('demo-') && name.endsWith('.sqlite') && !name.includes(key)) rmSync(join(CACHE_DIR, name), { force: true });
  }
}

/** Copies the template into a fresh data dir as its database (the server then skips the demo load). */
export function installTemplate(template: string, dataDir: string): void {
  copyFileSync(template, join(dataDir, 'beatgrid.sqlite'));
}
