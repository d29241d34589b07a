/**
 * SQLite answers SQLITE_BUSY when another connection — a second process on the same database
 * file: a CLI import, a restore, a second server — keeps the write lock for longer than the
 * connection's busy_timeout (server/db/connection.ts). Nothing is wrong with the request and
 * nothing was written (the transaction never began), so the write path refuses it with
 * 503 `database_busy` ("try again"), never an anonymous 500.
 */
import { DatabaseBusyError, isSqliteBusy } from '../http/errors.ts';

/** Runs `fn` (a transaction), turning SQLITE_BUSY into a 503 DatabaseBusyError. */
export function busyAs503<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isSqliteBusy(err)) throw new DatabaseBusyError((err as Error).message);
    throw err;
  }
}
