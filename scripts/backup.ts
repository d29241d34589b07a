/**
 * Online backup of the server's database with SQLite's backup API: safe while the server runs
 * (one consistent snapshot of the WAL database, read without blocking the server's writes),
 * verified with PRAGMA integrity_check before it is renamed into place.
 * Usage: npm run backup [-- --out FILE] [-- --json]
 *   default FILE: $BEATGRID_DATA_DIR/backups/beatgrid-<UTC time>.sqlite
 * Prints the path, size, pages and times; exit code 1 when the backup failed (nothing is left).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, DB_FILE_NAME, fileStamp } from '../server/db/backup.ts';
import { parseEnv } from '../server/env.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, json: { type: 'boolean', default: false } } });

async function main(): Promise<number> {
  const dataDir = parseEnv(process.env).dataDir;
  const source = join(dataDir, DB_FILE_NAME);
  const out = resolve(values.out ?? join(dataDir, 'backups', `beatgrid-${fileStamp()}.sqlite`));
  mkdirSync(dirname(out), { recursive: true });
  const t0 = performance.now();
  const r = await backupDatabase(source, out);
  const ms = Math.round(performance.now() - t0);
  if (values.json) {
    console.log(JSON.stringify({ ...r, source, ms }));
  } else {
    console.log(`backup of ${source}`);
    console.log(`  path:  ${r.path}`);
    console.log(`  size:  ${r.bytes} bytes (${(r.bytes / 1048576).toFixed(1)} MiB), ${r.pages} pages`);
    console.log(`  time:  ${ms} ms (copy ${Math.round(r.copyMs)} ms, integrity_check ${Math.round(r.verifyMs)} ms)`);
    console.log(`  check: integrity ok, ${r.migrations} migrations recorded`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`backup failed: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
