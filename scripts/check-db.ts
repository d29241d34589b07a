/**
 * Checks the database on demand: PRAGMA integrity_check + foreign_key_check, the recorded
 * migrations against the code, and the write-history invariants (server/db/consistency.ts).
 * Safe while the server runs (it only reads; WAL readers do not block the writer).
 * Usage: npm run check-db [-- --file PATH] [-- --json]   (default: $BEATGRID_DATA_DIR/beatgrid.sqlite)
 * Exit code: 0 all ok, 1 problems found, 2 the file cannot be checked (absent, not a database).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../server/db/backup.ts';
import { checkConsistency } from '../server/db/consistency.ts';
import { integrityCheck, isDamageError } from '../server/db/integrity.ts';
import { verifyMigrations } from '../server/db/migrate.ts';
import { parseEnv } from '../server/env.ts';

const { values } = parseArgs({ options: { file: { type: 'string' }, json: { type: 'boolean', default: false } } });

function target(): string {
  if (values.file) return resolve(values.file);
  return join(parseEnv(process.env).dataDir, DB_FILE_NAME);
}

interface Section {
  name: string;
  ok: boolean;
  problems: string[];
  ms: number;
}

function main(): number {
  let file: string;
  try {
    file = target();
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`check-db: no database at ${file}`);
    return 2;
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    console.error(`check-db: ${file} cannot be opened: ${(err as Error).message}`);
    return 2;
  }
  const sections: Section[] = [];
  try {
    const integrity = integrityCheck(db);
    sections.push({ name: 'integrity_check', ...integrity });
    if (integrity.ok) {
      const t = performance.now();
      try {
        const { recorded, pending } = verifyMigrations(db);
        const note = pending.length ? [`(${pending.length} migration(s) not applied yet: ${pending.join(', ')}; the server applies them at start)`] : [];
        sections.push({ name: `migrations (${recorded.length} recorded)`, ok: true, problems: note, ms: performance.now() - t });
      } catch (err) {
        sections.push({ name: 'migrations', ok: false, problems: [(err as Error).message], ms: performance.now() - t });
      }
      try {
        const c = checkConsistency(db);
        sections.push({
          name: `consistency (${c.counts.changes} changes, ${c.counts.revisions} revisions, ${c.counts.features} features, ${c.counts.lineage} lineage rows)`,
          ok: c.ok,
          problems: c.problems,
          ms: c.ms,
        });
      } catch (err) {
        sections.push({ name: 'consistency', ok: false, problems: [(err as Error).message], ms: 0 });
      }
    }
  } catch (err) {
    if (!isDamageError(err)) throw err;
    sections.push({ name: 'open', ok: false, problems: [(err as Error).message], ms: 0 });
  } finally {
    db.close();
  }
  const ok = sections.every((s) => s.ok);
  if (values.json) {
    console.log(JSON.stringify({ file, ok, sections }, null, 2));
  } else {
    console.log(`check-db ${file}`);
    for (const s of sections) {
      console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${Math.round(s.ms)} ms)`);
      for (const p of s.problems) console.log(`       ${p}`);
    }
    console.log(ok ? 'ok' : 'problems found');
  }
  return ok ? 0 : 1;
}

process.exitCode = main();
