/**
 * Restores a backup as the server's database. Refuses while a server runs on BEATGRID_DATA_DIR
 * (its beatgrid.pid names a live process, or the database is open in another process). The
 * backup is verified (PRAGMA integrity_check, migrations known to this code) BEFORE anything is
 * replaced; the replaced database is kept as beatgrid.sqlite.before-restore-<UTC time>, and
 * stale -wal/-shm files are removed.
 * Usage: npm run restore -- FILE [--json]
 * Exit code: 0 restored, 1 refused or failed (the current database is untouched), 2 usage.
 */
import { parseArgs } from 'node:util';
import { restoreDatabase } from '../server/db/backup.ts';
import { parseEnv } from '../server/env.ts';

const { values, positionals } = parseArgs({ options: { json: { type: 'boolean', default: false } }, allowPositionals: true });

async function main(): Promise<number> {
  if (positionals.length !== 1) {
    console.error('usage: npm run restore -- FILE   (restores FILE into $BEATGRID_DATA_DIR/beatgrid.sqlite; stop the server first)');
    return 2;
  }
  const dataDir = parseEnv(process.env).dataDir;
  const r = await restoreDatabase(positionals[0], dataDir);
  if (values.json) {
    console.log(JSON.stringify(r));
  } else {
    console.log(`restored ${r.from}`);
    console.log(`  into:  ${r.restored} (${r.pages} pages, ${r.migrations} migrations; integrity ok)`);
    console.log(`  kept:  ${r.keptAs ?? '(there was no database before)'}`);
    console.log(`  time:  ${Math.round(r.ms)} ms`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`restore refused: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
