import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { FACILITY_STATUS } from '../domain/layers.ts';
import { registerCommitHook } from '../edits/hooks.ts';
import type { CommitContext } from '../edits/types.ts';
import { UnprocessableError } from '../http/errors.ts';
import type { FeatureImage } from '../store/features.ts';

/** A facility whose point lies outside the unit it belongs to (reported, not rejected). */
export interface FacilityOutsideParent {
  id: number;
  code: string;
  parentId: number;
  parentCode: string;
  /** the unit of the parent's layer that contains the point, if any */
  containedBy: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Commit hook for police rooms and posts: a created or updated facility's `status`, when set,
 * must be planned / built / staffed (absent counts as planned in coverage) and its `openedOn`,
 * when set, a date YYYY-MM-DD; otherwise the change is rolled back with 422 naming the facility. A facility moved outside its community
 * (room) or grid (post) is reported in the hook result (`outsideParent`) so the page can offer to
 * re-assign it; it is not rejected, since the move may be the first of two edits.
 */
export function facilityRulesHook(ctx: CommitContext): { outsideParent: FacilityOutsideParent[] } {
  const outside: FacilityOutsideParent[] = [];
  const parentRow = ctx.db.prepare('SELECT code, layer, geometry FROM features WHERE id = ?');
  const containing = ctx.db.prepare(
    `SELECT f.code, f.geometry FROM features_rtree r JOIN features f ON f.id = r.id
     WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND f.layer = ? AND f.retired_at IS NULL`,
  );
  for (const rev of ctx.revisions) {
    if (rev.entity !== 'feature' || (rev.layer !== 'police-rooms' && rev.layer !== 'police-posts') || !rev.after) continue;
    if (rev.op === 'retire') continue;
    const f = rev.after as FeatureImage;
    const what = `${rev.layer === 'police-rooms' ? 'police room' : 'police post'} ${f.code}`;
    const status = f.props.status;
    if (status !== undefined && !(FACILITY_STATUS as readonly unknown[]).includes(status)) {
      throw new UnprocessableError(
        `${what}: status must be one of ${FACILITY_STATUS.join(', ')} (got ${JSON.stringify(status ?? null)})`,
        { id: f.id, code: f.code, status: status ?? null },
        'bad_facility_status',
      );
    }
    const opened = f.props.openedOn;
    if (opened !== undefined && opened !== null && !(typeof opened === 'string' && DATE.test(opened))) {
      throw new UnprocessableError(`${what}: openedOn must be a date YYYY-MM-DD (got ${JSON.stringify(opened)})`, { id: f.id, code: f.code }, 'bad_facility_date');
    }
    if (f.parentId === null || f.geometry.type !== 'Point') continue;
    const parent = parentRow.get(f.parentId) as { code: string; layer: string; geometry: string } | undefined;
    if (!parent) continue;
    const pt = (f.geometry as Point).coordinates;
    if (booleanPointInPolygon(pt, JSON.parse(parent.geometry) as Polygon | MultiPolygon)) continue;
    const hits = containing.all(pt[0], pt[0], pt[1], pt[1], parent.layer) as { code: string; geometry: string }[];
    const hit = hits.find((h) => booleanPointInPolygon(pt, JSON.parse(h.geometry) as Polygon | MultiPolygon));
    outside.push({ id: f.id, code: f.code, parentId: f.parentId, parentCode: parent.code, containedBy: hit?.code ?? null });
  }
  return { outsideParent: outside };
}

let installed = false;

/** Registers the facility hook once per process (idempotent). */
export function installFacilityHook(): void {
  if (installed) return;
  registerCommitHook('facility-rules', facilityRulesHook);
  installed = true;
}
