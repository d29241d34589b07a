/**
 * Worker for the concurrency test: opens the shared database file, waits for the start
 * signal, merges the given grids and reports the outcome (status, error code, version).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../server/db/connection.ts';
import { mergeGrids } from '../../server/edits/merge.ts';
import { HttpError } from '../../server/http/errors.ts';
import { installNoticeHook } from '../../server/notices/hook.ts';
import { installEditValidationHook } from '../../server/edits/validate-edit.ts';

const { file, ids, signal, who } = workerData as { file: string; ids: number[]; signal: SharedArrayBuffer; who: string };
installEditValidationHook();
installNoticeHook();
const db = openDatabase(file);
const flag = new Int32Array(signal);
Atomics.add(flag, 1, 1); // ready
Atomics.wait(flag, 0, 0); // wait for the go
try {
  const r = mergeGrids(db, { ids, reason: `merge by ${who}`, actor: who });
  parentPort!.postMessage({ status: 201, newId: r.feature.id });
} catch (err) {
  if (err instanceof HttpError) {
    parentPort!.postMessage({ status: err.status, code: err.code, details: JSON.parse(JSON.stringify(err.details ?? null)) });
  } else parentPort!.postMessage({ status: 500, message: String(err) });
} finally {
  db.close();
}
