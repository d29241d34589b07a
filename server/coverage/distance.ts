import { NearestIndex } from './nearest.ts';
import type { CoverageSettings, Facility, GridDistance, GridGeometry } from './types.ts';

/** Facilities that serve people: built or staffed (planned ones do not count yet). */
export function isServing(f: Facility): boolean {
  return f.status === 'built' || f.status === 'staffed';
}

/** What the distance analysis needs to know about each grid besides its geometry. */
export interface GridPlace {
  id: number;
  code: string;
  countyCode: string | null;
}

/**
 * For each grid with geometry facts: the geodesic distance from its representative point to the
 * nearest serving police room, post, and either; the reach distance that applies (urban grids —
 * by their own `kind`, else by county — use `urbanReachM`, the others `ruralReachM`) and whether the nearest facility is within it.
 */
export function computeGridDistances(
  grids: GridPlace[],
  geometry: GridGeometry[],
  facilities: Facility[],
  settings: CoverageSettings,
): GridDistance[] {
  const serving = facilities.filter(isServing);
  const rooms = serving.filter((f) => f.kind === 'room');
  const posts = serving.filter((f) => f.kind === 'post');
  const roomIndex = new NearestIndex(rooms.map((f) => [f.lon, f.lat]));
  const postIndex = new NearestIndex(posts.map((f) => [f.lon, f.lat]));
  const geomById = new Map(geometry.map((g) => [g.id, g]));
  const urban = new Set(settings.urbanCountyCodes);
  const out: GridDistance[] = [];
  for (const grid of grids) {
    const g = geomById.get(grid.id);
    if (!g) continue;
    const toRoom = roomIndex.nearest(g.point)?.distanceM ?? null;
    const toPost = postIndex.nearest(g.point)?.distanceM ?? null;
    const nearest = toRoom === null ? toPost : toPost === null ? toRoom : Math.min(toRoom, toPost);
    const isUrban = g.urban ?? (grid.countyCode !== null && urban.has(grid.countyCode));
    const reachM = isUrban ? settings.urbanReachM : settings.ruralReachM;
    out.push({
      gridId: grid.id,
      code: grid.code,
      countyCode: grid.countyCode,
      point: g.point,
      areaM2: g.areaM2,
      urban: isUrban,
      reachM,
      toRoomM: toRoom === null ? null : Math.round(toRoom),
      toPostM: toPost === null ? null : Math.round(toPost),
      nearestM: nearest === null ? null : Math.round(nearest),
      withinReach: nearest !== null && nearest <= reachM,
    });
  }
  return out;
}
