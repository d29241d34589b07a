/**
 * Read scope (issue 6: leadership / civil affairs "read everything in scope"). A user scoped
 * to one county reads only that county's features; admins, city-wide users and police
 * stations (which "read grids" city-wide) read the whole map.
 *
 * A feature is in a county when its parent chain leads to the county (township → community
 * → grid → police post; station → county; police room → community) OR its owning station
 * lies in the county (beats, aux-grids, rooms, posts). This is the same rule as the layer
 * filter `?county=` (store/features.ts), so a list and a single-feature read always agree.
 *
 * Out-of-scope single features answer **404** exactly like an absent id (existence is not
 * leaked); an explicit filter naming another county answers 403 with the reason.
 */
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/statements.ts';
import { NotFoundError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import { latestChangeId } from '../store/layer-cache.ts';
import { CITY } from './roles.ts';

/**
 * SQL of a CTE `under_county(id)`: every feature id (live or retired) in the county whose
 * code is the one bound parameter. Prefix a query with it and test `id IN (SELECT id FROM under_county)`.
 */
export const UNDER_COUNTY_CTE = `WITH RECURSIVE under_county(id) AS (
  SELECT id FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL
  UNION SELECT c.id FROM features c JOIN under_county u ON c.parent_id = u.id
  UNION SELECT s.id FROM features s JOIN under_county u ON s.station_id = u.id) `;

/** The county code a user's reads are limited to, or null when it reads the whole city. */
export function readCounty(user: User | undefined | null): string | null {
  if (!user || user.role === 'admin' || user.role === 'police-station' || user.scope === CITY) return null;
  return user.role === 'leadership' || user.role === 'civil-affairs' ? user.scope : null;
}

interface Entry {
  changeId: number;
  ids: Set<number>;
}
const cache = new WeakMap<Db, Map<string, Entry>>();

/**
 * Ids of every feature (live or retired) in the county. Computed once per database, county
 * and state of the data (cached while max(changes.id) is unchanged: every write goes through
 * commit(), which adds a change, so the cache is invalidated by any commit).
 */
export function featureIdsInCounty(db: Db, county: string): Set<number> {
  const changeId = latestChangeId(db);
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  const hit = m.get(county);
  if (hit && hit.changeId === changeId) return hit.ids;
  const rows = stmt(db, `${UNDER_COUNTY_CTE}SELECT id FROM under_county`).all(county) as { id: number }[];
  const ids = new Set(rows.map((r) => r.id));
  m.set(county, { changeId, ids });
  return ids;
}

/**
 * A predicate "may `user` read feature id?" (always true for users reading the whole city).
 * Build it once per request and call it per feature.
 */
export function readFilter(db: Db, user: User | undefined | null): (id: number) => boolean {
  const county = readCounty(user);
  if (county === null) return () => true;
  const ids = featureIdsInCounty(db, county);
  return (id) => ids.has(id);
}

/** Whether `user` may read feature `id`. */
export function canReadFeature(db: Db, user: User | undefined | null, id: number): boolean {
  return readFilter(db, user)(id);
}

/**
 * Throws the same 404 an absent feature gets when `user` may not read feature `id`
 * (a county-scoped user asking for another county's feature).
 */
export function assertReadable(db: Db, user: User | undefined | null, layer: string, id: number): void {
  if (!canReadFeature(db, user, id)) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
}

/** Whether `user` may read police station `stationId`'s data (its county is in scope). */
export function canReadStation(db: Db, user: User | undefined | null, stationId: number): boolean {
  return canReadFeature(db, user, stationId);
}
