import type { LayerName } from '../../server/domain/layers.ts';
import type { User } from '../../server/http/user.ts';
import { permissionsOf } from '../../server/auth/permissions.ts';
import { CITY } from '../../server/auth/roles.ts';
import { CIVIL_AFFAIRS_LAYERS, POLICE_STATION_LAYERS, writableLayers } from '../../server/auth/write-rules.ts';
import { useSession } from './session.ts';
import type { Permissions } from './types.ts';

/**
 * THE page-side rules of what a user may do, so the page does not offer what the server would
 * refuse. They mirror server/auth/write-rules.ts and server/auth/policy.ts (the layer sets,
 * `writableLayers` and `permissionsOf` are imported from there, not copied); the server
 * enforces them regardless. test/modes/visibility.test.ts checks them against the server's
 * checkFeatureWrite on a real database.
 *
 * Scope of a civil-affairs user of one county: the server serves such a user only the
 * features of its county (server/auth/read-scope.ts), so every feature the page holds is in
 * scope unless the caller passes its `county` explicitly.
 */

/** Who is looking: the logged-in user's role and scope (null while logged out: nothing is allowed). */
export type Viewer = Pick<User, 'role' | 'scope'>;

/** What the rules need to know about a feature (from its properties or a revision image). */
export interface FeatureOwner {
  layer: LayerName | string;
  stationId?: number | null;
  /** the county code it lies in, when the caller knows it (see the module note) */
  county?: string | null;
}

function asUser(v: Viewer): User {
  return { username: '', role: v.role, scope: v.scope };
}

/** The layers of `offered` the viewer may write at all (before per-feature scope). */
export function editableLayers<L extends LayerName>(v: Viewer | null, offered: readonly L[]): L[] {
  if (!v) return [];
  const mine = writableLayers(asUser(v));
  return offered.filter((l) => mine.includes(l));
}

/**
 * May the viewer change the geometry / fields of this feature? Mirrors checkFeatureWrite: admin
 * everything; leadership nothing; a police station its own beats, aux-grids, rooms and posts;
 * civil affairs townships, communities and grids of its county (facilities' links are the
 * facilities panel's business).
 */
export function mayWriteFeature(v: Viewer | null, f: FeatureOwner | null | undefined): boolean {
  if (!v || !f) return false;
  switch (v.role) {
    case 'admin':
      return true;
    case 'police-station':
      return POLICE_STATION_LAYERS.has(f.layer as LayerName) && f.stationId != null && f.stationId === Number(v.scope);
    case 'civil-affairs':
      return CIVIL_AFFAIRS_LAYERS.has(f.layer as LayerName) && (v.scope === CITY || f.county === undefined || f.county === v.scope);
    default:
      return false;
  }
}

/**
 * May the viewer revert a feature to a past version? It must be allowed to write the feature as
 * it is now and as it will be (a past version owned by another station is refused too).
 */
export function mayRevertFeature(v: Viewer | null, current: FeatureOwner | null | undefined, target: FeatureOwner | null | undefined): boolean {
  return mayWriteFeature(v, current) && (target == null || mayWriteFeature(v, target));
}

/** Merge and split grids (POST /api/grids/merge, /api/grids/:id/split): admin and civil affairs. */
export function mayMergeSplitGrids(v: Viewer | null): boolean {
  return !!v && permissionsOf(asUser(v)).mergeSplitGrids;
}

/**
 * Build a beat / aux-grid from grids for `stationId` (POST /api/zones/from-grids), or at all when
 * no station is given: admin, and a police station for itself.
 */
export function mayBuildZones(v: Viewer | null, stationId?: number | null): boolean {
  if (!v) return false;
  if (v.role === 'admin') return true;
  return v.role === 'police-station' && (stationId == null || stationId === Number(v.scope));
}

/** The stations the viewer may build zones for (a police station only its own). */
export function zoneStations<S extends { id: number }>(v: Viewer | null, stations: readonly S[]): S[] {
  return stations.filter((s) => mayBuildZones(v, s.id));
}

/** Apply a realignment of `stationId`'s zones (POST /api/alignment/realign): admin, or that station. */
export function mayRealign(v: Viewer | null, stationId: number | null | undefined): boolean {
  if (!v) return false;
  if (v.role === 'admin') return true;
  return v.role === 'police-station' && stationId != null && stationId === Number(v.scope);
}

/** Acknowledge / resolve a notice sent to `stationId`: admin, or the notified station. */
export function mayHandleNotice(v: Viewer | null, stationId: number | null | undefined): boolean {
  return mayRealign(v, stationId);
}

/** File a county's monthly report (POST /api/reports/monthly/file): admin, civil affairs of that county or city-wide. */
export function mayFileReport(v: Viewer | null, county: string): boolean {
  if (!v) return false;
  return v.role === 'admin' || (v.role === 'civil-affairs' && (v.scope === CITY || v.scope === county));
}

/** Revert a whole change (undo/redo of the page, POST /api/changes/:id/revert): every writer. */
export function mayRevertChanges(v: Viewer | null): boolean {
  return !!v && v.role !== 'leadership';
}

/**
 * Which sidebar tabs / tools a user sees. The server refuses what is not allowed anyway;
 * this only keeps the page from offering it.
 */
export function isTabAllowed(id: string, p: Permissions | null): boolean {
  if (!p) return false;
  if (id === 'editing') return p.editLayers.length > 0 || p.linkOnlyLayers.length > 0;
  return true;
}

/** Hook: a predicate telling whether a sidebar tab id is shown to the logged-in user. */
export function useTabAllowed(): (id: string) => boolean {
  const p = useSession((s) => s.permissions);
  return (id: string) => isTabAllowed(id, p);
}

/** Hook: the logged-in user as a {@link Viewer} (null while logged out). */
export function useViewer(): Viewer | null {
  const user = useSession((s) => s.user);
  return user ? { role: user.role, scope: user.scope } : null;
}

/** The logged-in user as a {@link Viewer}, outside React (null while logged out). */
export function currentViewer(): Viewer | null {
  const user = useSession.getState().user;
  return user ? { role: user.role, scope: user.scope } : null;
}
