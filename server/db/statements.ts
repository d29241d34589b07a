import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.ts';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement for `sql` on `db`, compiled once per connection and reused. */
export function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
