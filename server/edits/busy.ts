/**
 * SQLite answers SQLITE_BUSY when another connection — a second process on the same database
 * file: a CLI import, a restore, a second server — keeps the write lock for longer than the
 * connection's busy_timeout (server/db/connection.ts). Nothing is wrong with the request and
 * nothing was written (the transaction never began), so the write path refuses it with
 * 503 `database_busy` ("try again"), never an anonymous 500.
 */
import { HttpError } from '../http/errors.ts';

/** 503: the database's write lock stayed taken by another connection past the busy timeout. */
export class DatabaseBusyError extends HttpError {
  constructor(detail: string) {
    super(
      503,
      'database_busy',
      'The database is busy with another writer (another process holds its write lock); nothing was written — try again in a few seconds',
      { sqlite: detail, retryAfterSeconds: 5 },
    );
  }
}

/** Is this better-sqlite3's "database is locked / busy" error (SQLITE_BUSY*, SQLITE_LOCKED*)? */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs `fn` (a transaction), turning SQLITE_BUSY into a 503 DatabaseBusyError. */
export function busyAs503<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isSqliteBusy(err)) throw new DatabaseBusyError((err as Error).message);
    throw err;
  }
}
