/**
 * Splitting a grid by a drawn line into two new grids, as ONE commit (kind 'split'):
 * the old grid is retired, two grids with the next free codes of its community are created
 * (left piece of the line first), lineage rows record old → each new grid, and the old
 * grid's police posts move to the piece they stand in and its staff assignments to the larger
 * piece (the one overlapping the old grid most; edits/carry-assignments.ts).
 * The cutting rules (must cross, exactly two pieces, no slivers, holes, MultiPolygons) are
 * those of server/grids/cut.ts.
 */
import type { Feature, LineString } from 'geojson';
import type { Db } from '../db/connection.ts';
import { UnprocessableError } from '../http/errors.ts';
import { nextGridCodes, trailingNumber } from '../grids/codes.ts';
import { cutByLine, DEFAULT_CUT_OPTIONS, type CutOptions } from '../grids/cut.ts';
import { pointInPolys, toPolys, type AreaGeometry } from '../grids/geom.ts';
import { editResponse, featureOf, inTransaction, liveRow, retiredList, type EditResponse } from '../grids/respond.ts';
import { getFeatureRow } from '../store/features.ts';
import { commit } from './commit.ts';
import { rowsWhereParentIn } from './merge.ts';
import { carriedAssignments, carryAssignmentOps, type CarriedAssignment } from './carry-assignments.ts';
import { insertSharedVertexOps, newVertices } from './topology.ts';
import type { ChangeOp, FeatureOp } from './types.ts';

export interface SplitInput {
  id: number;
  line: LineString;
  reason: string;
  actor: string;
  baseVersion?: number;
  codes?: [string, string];
  names?: [string, string];
  dryRun?: boolean;
  cut?: CutOptions;
}

export interface SplitResponse extends EditResponse {
  features: [Feature, Feature];
  retired: { id: number; code: string; version: number }[];
  lineage: { fromId: number; toId: number }[];
  /** staff assignments moved from the old grid to the larger piece */
  assignments: CarriedAssignment[];
  areasM2: [number, number];
}

/**
 * Splits a grid. Errors: unknown → 404; retired / stale → 409; a line that does not cut it
 * into two valid pieces → 422 with code line_does_not_cross | too_many_pieces |
 * crosses_several_parts | sliver_piece | invalid_line and details.location.
 */
export function splitGrid(db: Db, input: SplitInput): SplitResponse {
  return inTransaction(db, !!input.dryRun, () => {
    const row = liveRow(db, 'grids', input.id, input.baseVersion);
    const cut = cutByLine(JSON.parse(row.geometry) as AreaGeometry, input.line, input.cut ?? DEFAULT_CUT_OPTIONS);
    if (!cut.ok) {
      throw new UnprocessableError(`Cannot split grid ${row.code}: ${cut.message}`, { location: cut.location, ...cut.details }, cut.code);
    }
    const community = row.parent_id === null ? undefined : getFeatureRow(db, row.parent_id);
    const codes = input.codes ?? (nextGridCodes(db, community?.code ?? row.code.slice(0, -3), 2) as [string, string]);
    if (codes[0] === codes[1]) throw new UnprocessableError('The two new grids need different codes', { codes }, 'duplicate_code');
    const names = input.names ?? (codes.map((c, i) => {
      const n = trailingNumber(c, community?.code);
      return community && n !== null ? `${community.name}第${n}网格` : `${row.name}-${i + 1}`;
    }) as [string, string]);
    const refs = ['piece-left', 'piece-right'] as const;
    const ops: FeatureOp[] = [
      { entity: 'feature', op: 'retire', id: row.id, baseVersion: row.version },
      ...cut.pieces.map(
        (g, i): FeatureOp => ({
          entity: 'feature',
          op: 'create',
          ref: refs[i],
          layer: 'grids',
          code: codes[i],
          name: names[i],
          parentId: row.parent_id,
          props: { splitFrom: row.code },
          geometry: g,
        }),
      ),
    ];
    // police posts of the old grid go to the piece they stand in (the left piece if in neither)
    for (const post of rowsWhereParentIn(db, [row.id], 'police-posts')) {
      const at = (JSON.parse(post.geometry) as { coordinates: number[] }).coordinates;
      const inRight = pointInPolys(at, toPolys(cut.pieces[1])) >= 0;
      ops.push({ entity: 'feature', op: 'update', id: post.id, baseVersion: post.version, set: { parentId: inRight ? refs[1] : refs[0] } });
    }
    // staff assignments go to the piece with the largest overlap with the old grid (the larger one)
    const carry = carryAssignmentOps(db, [{ from: row.id, to: cut.areasM2[1] > cut.areasM2[0] ? refs[1] : refs[0] }]);
    // the cut's ends are new vertices on the old boundary: give them to the neighbouring grids
    // and communities sharing that edge, so the boundary stays shared vertex for vertex. Police
    // zones are the stations' to edit (and get the vertex when rebuilt from grids).
    const oldGeom = JSON.parse(row.geometry) as AreaGeometry;
    const ends = newVertices(oldGeom, cut.pieces);
    const shared = insertSharedVertexOps(db, ends, [row.id], ['grids', 'communities']);
    const change = { kind: 'split', actor: input.actor, reason: input.reason };
    const allOps: ChangeOp[] = [...ops, ...shared, ...carry.ops];
    const result = commit(db, { ...change, ops: allOps, lineage: refs.map((to) => ({ kind: 'split' as const, from: row.id, to })) });
    const newIds = refs.map((ref) => result.revisions.find((r) => r.ref === ref)!.id);
    const out: SplitResponse = {
      ...editResponse(db, result, change, newIds[0]),
      features: [featureOf(db, newIds[0]), featureOf(db, newIds[1])],
      retired: retiredList(db, result),
      lineage: newIds.map((toId) => ({ fromId: row.id, toId })),
      assignments: carriedAssignments(carry.plan, result.revisions),
      areasM2: [Math.round(cut.areasM2[0] * 10) / 10, Math.round(cut.areasM2[1] * 10) / 10],
    };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}
