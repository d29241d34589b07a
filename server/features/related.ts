import { area, intersect, featureCollection, feature as turfFeature } from '@turf/turf';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { getFeatureRow, rowsInBbox, rowsWhere, type FeatureRow } from '../store/features.ts';
import { assignmentsOfTarget } from '../store/staff.ts';

/** A short reference to a feature. */
export interface FeatureRef {
  id: number;
  layer: LayerName;
  code: string;
  name: string;
}

/** A feature reference with the share of area it covers / is covered by. */
export interface SharedRef extends FeatureRef {
  /** fraction 0..1 (see the field it appears in for what is divided by what) */
  share: number;
}

/** An assignment of a staff member, as shown in the details panel. */
export interface StaffRef {
  staffId: number;
  code: string;
  name: string;
  kind: string;
  role: string;
  partyMember: boolean;
  phone: string | null;
  since: string;
}

/** What the details panel shows next to a feature. */
export interface Related {
  feature: FeatureRef;
  /** parent chain, nearest first (e.g. community, township, county) */
  ancestors: FeatureRef[];
  station: FeatureRef | null;
  staff: StaffRef[];
  /** grid: beats covering it; share = covered area / grid area */
  beats?: SharedRef[];
  /** grid: aux-grids covering it; share = covered area / grid area */
  auxGrids?: SharedRef[];
  /** grid: its police posts */
  posts?: FeatureRef[];
  /** beat / aux-grid: grids it covers (share = covered area / grid area); community: its grids (share 1) */
  grids?: SharedRef[];
  /** beat: its officer(s) */
  officers?: StaffRef[];
  /** community: its police rooms */
  policeRooms?: FeatureRef[];
  /** community: its director assistant(s) */
  directorAssistants?: StaffRef[];
  /** county / township / station: child features */
  children?: FeatureRef[];
}

const ref = (r: FeatureRow): FeatureRef => ({ id: r.id, layer: r.layer, code: r.code, name: r.name });
const bboxOf = (r: FeatureRow): [number, number, number, number] => [r.minx!, r.miny!, r.maxx!, r.maxy!];
const MIN_SHARE = 1e-4;

function polygonal(r: FeatureRow): Polygon | MultiPolygon | null {
  const g = JSON.parse(r.geometry) as Geometry;
  return g.type === 'Polygon' || g.type === 'MultiPolygon' ? g : null;
}

/** Area of a ∩ b in m² (0 when disjoint or when turf cannot clip the pair). */
function overlapArea(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  try {
    const x = intersect(featureCollection([turfFeature(a), turfFeature(b)]));
    return x ? area(x) : 0;
  } catch {
    return 0;
  }
}

/** Features of `layers` overlapping `target` by area, share = overlap / area(divisor). */
function overlapping(db: Db, target: FeatureRow, layers: LayerName[], divideBy: 'target' | 'other'): SharedRef[] {
  const tg = polygonal(target);
  if (!tg || target.minx === null) return [];
  const tArea = area(tg);
  const out: SharedRef[] = [];
  for (const r of rowsInBbox(db, bboxOf(target), layers)) {
    if (r.id === target.id) continue;
    const g = polygonal(r);
    if (!g) continue;
    const a = overlapArea(tg, g);
    const d = divideBy === 'target' ? tArea : area(g);
    const share = d > 0 ? a / d : 0;
    if (share > MIN_SHARE) out.push({ ...ref(r), share: Math.min(1, Math.round(share * 10000) / 10000) });
  }
  return out.sort((x, y) => y.share - x.share);
}

function staffRefs(db: Db, targetId: number, roles?: string[]): StaffRef[] {
  return assignmentsOfTarget(db, targetId)
    .filter((a) => !roles || roles.includes(a.role))
    .map((a) => ({
      staffId: a.staff.id,
      code: a.staff.code,
      name: a.staff.name,
      kind: a.staff.kind,
      role: a.role,
      partyMember: a.staff.partyMember,
      phone: a.staff.phone,
      since: a.since,
    }));
}

/**
 * Related records of a feature for the details panel: ancestors, owning station, covering
 * police zones (by area share, turf on R*Tree candidates), posts/rooms, assigned staff.
 * `canRead` (the reader's scope, auth/read-scope.ts) drops related features it may not read.
 */
export function relatedOf(db: Db, row: FeatureRow, canRead: (id: number) => boolean = () => true): Related {
  const out = relatedAll(db, row);
  const keep = <T extends { id: number }>(list: T[] | undefined): T[] | undefined => list?.filter((f) => canRead(f.id));
  out.ancestors = keep(out.ancestors)!;
  if (out.station && !canRead(out.station.id)) out.station = null;
  for (const k of ['beats', 'auxGrids', 'posts', 'grids', 'policeRooms', 'children'] as const) {
    if (out[k]) (out as unknown as Record<string, unknown>)[k] = keep(out[k] as { id: number }[]);
  }
  return out;
}

function relatedAll(db: Db, row: FeatureRow): Related {
  const ancestors: FeatureRef[] = [];
  for (let p = row.parent_id, guard = 0; p !== null && guard < 10; guard++) {
    const pr = getFeatureRow(db, p);
    if (!pr) break;
    ancestors.push(ref(pr));
    p = pr.parent_id;
  }
  const stationRow = row.station_id !== null ? getFeatureRow(db, row.station_id) : undefined;
  const out: Related = { feature: ref(row), ancestors, station: stationRow ? ref(stationRow) : null, staff: staffRefs(db, row.id) };
  switch (row.layer) {
    case 'grids': {
      out.beats = overlapping(db, row, ['beats'], 'target');
      out.auxGrids = overlapping(db, row, ['aux-grids'], 'target');
      out.posts = rowsWhere(db, 'parent_id', row.id, ['police-posts']).map(ref);
      if (!out.station) {
        const byJurisdiction = overlapping(db, row, ['stations'], 'target')[0];
        const viaBeat = out.beats[0] && getFeatureRow(db, out.beats[0].id)?.station_id;
        const s = byJurisdiction ?? (viaBeat ? getFeatureRow(db, viaBeat) : undefined);
        out.station = s ? { id: s.id, layer: s.layer, code: s.code, name: s.name } : null;
      }
      break;
    }
    case 'beats':
    case 'aux-grids':
      out.grids = overlapping(db, row, ['grids'], 'other');
      if (row.layer === 'beats') out.officers = out.staff.filter((s) => s.role === 'beatOfficer');
      break;
    case 'communities':
      out.policeRooms = rowsWhere(db, 'parent_id', row.id, ['police-rooms']).map(ref);
      out.directorAssistants = out.staff.filter((s) => s.role === 'directorAssistant');
      out.grids = rowsWhere(db, 'parent_id', row.id, ['grids']).map((r) => ({ ...ref(r), share: 1 }));
      break;
    case 'counties':
    case 'townships':
      out.children = rowsWhere(db, 'parent_id', row.id).map(ref);
      break;
    case 'stations':
      out.children = rowsWhere(db, 'station_id', row.id).map(ref);
      break;
    default:
      break;
  }
  return out;
}
