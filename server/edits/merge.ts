/**
 * Merging adjacent grids of one community into one new grid, as ONE commit (kind 'merge'):
 * the new grid's geometry is the exact union of the inputs (shared-edge dissolve; polyclip
 * only when they do not share vertices), it gets the next free code of the community, the
 * inputs are retired, lineage rows record input → new grid, and the inputs' police posts
 * and staff assignments (edits/carry-assignments.ts) are moved to the new grid.
 */
import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import { UnprocessableError } from '../http/errors.ts';
import { adjacencyGroups } from '../grids/adjacency.ts';
import { nextGridCodes, trailingNumber } from '../grids/codes.ts';
import { unionExact } from '../grids/dissolve.ts';
import type { AreaGeometry } from '../grids/geom.ts';
import { editResponse, featureOf, inTransaction, liveRow, retiredList, type EditResponse } from '../grids/respond.ts';
import { getFeatureRow, rowsWhere, type FeatureRow } from '../store/features.ts';
import { commit } from './commit.ts';
import { carriedAssignments, carryAssignmentOps, type CarriedAssignment } from './carry-assignments.ts';
import type { ChangeOp, FeatureOp } from './types.ts';

export interface MergeInput {
  ids: number[];
  reason: string;
  actor: string;
  /** base versions the client saw (optional); a stale one → 409 */
  versions?: Record<string, number>;
  code?: string;
  name?: string;
  dryRun?: boolean;
}

export interface MergeResponse extends EditResponse {
  feature: Feature;
  retired: { id: number; code: string; version: number }[];
  lineage: { fromId: number; toId: number }[];
  /** staff assignments moved from the merged grids to the new one (toId null: ended duplicate) */
  assignments: CarriedAssignment[];
  unionMethod: 'dissolve' | 'polyclip';
}

/**
 * Merges grids. Errors: fewer than two → 422 too_few_grids; unknown → 404; retired or stale
 * → 409 (details.current); different communities → 422 different_communities; not connected
 * through shared edges → 422 not_adjacent (details.groups).
 */
export function mergeGrids(db: Db, input: MergeInput): MergeResponse {
  const ids = [...new Set(input.ids)];
  if (ids.length < 2) throw new UnprocessableError('A merge needs at least two different grids', { ids: input.ids }, 'too_few_grids');
  return inTransaction(db, !!input.dryRun, () => {
    const rows = ids.map((id) => liveRow(db, 'grids', id, input.versions?.[String(id)]));
    const byCommunity = new Map<number | null, number[]>();
    for (const r of rows) byCommunity.set(r.parent_id, [...(byCommunity.get(r.parent_id) ?? []), r.id]);
    if (byCommunity.size > 1) {
      const parts = [...byCommunity].map(([c, list]) => `community ${c === null ? '(none)' : (getFeatureRow(db, c)?.code ?? c)}: ${list.map(codeOf(rows)).join(', ')}`);
      throw new UnprocessableError(`Only grids of one community can be merged; these belong to ${byCommunity.size}: ${parts.join('; ')}`, {
        byCommunity: Object.fromEntries([...byCommunity].map(([c, list]) => [String(c), list])),
      }, 'different_communities');
    }
    const geoms = rows.map((r) => JSON.parse(r.geometry) as AreaGeometry);
    const groups = adjacencyGroups(geoms);
    if (groups.length > 1) {
      const idGroups = groups.map((g) => g.map((i) => rows[i].id));
      const desc = groups.map((g) => `[${g.map((i) => rows[i].code).join(', ')}]`).join(' and ');
      throw new UnprocessableError(`The grids are not all adjacent (sharing a boundary): ${desc} do not touch each other`, {
        groups: idGroups,
      }, 'not_adjacent');
    }
    const union = unionExact(geoms);
    const community = rows[0].parent_id === null ? undefined : getFeatureRow(db, rows[0].parent_id);
    const code = input.code ?? nextGridCodes(db, community?.code ?? rows[0].code.slice(0, -3))[0];
    const n = trailingNumber(code, community?.code);
    const name = input.name ?? (community && n !== null ? `${community.name}第${n}网格` : `${rows.map((r) => r.name).join('+')}`);
    const ops: FeatureOp[] = [
      ...rows.map((r): FeatureOp => ({ entity: 'feature', op: 'retire', id: r.id, baseVersion: r.version })),
      {
        entity: 'feature',
        op: 'create',
        ref: 'merged',
        layer: 'grids',
        code,
        name,
        parentId: rows[0].parent_id,
        props: { mergedFrom: rows.map((r) => r.code) },
        geometry: union.geometry,
      },
    ];
    // police posts of the merged grids now belong to the new grid
    for (const post of rowsWhereParentIn(db, rows.map((r) => r.id), 'police-posts')) {
      ops.push({ entity: 'feature', op: 'update', id: post.id, baseVersion: post.version, set: { parentId: 'merged' } });
    }
    // staff assignments on the merged grids follow them to the new grid
    const carry = carryAssignmentOps(db, rows.map((r) => ({ from: r.id, to: 'merged' })));
    const change = { kind: 'merge', actor: input.actor, reason: input.reason };
    const allOps: ChangeOp[] = [...ops, ...carry.ops];
    const result = commit(db, { ...change, ops: allOps, lineage: rows.map((r) => ({ kind: 'merge' as const, from: r.id, to: 'merged' })) });
    const newId = result.revisions.find((r) => r.ref === 'merged')!.id;
    const out: MergeResponse = {
      ...editResponse(db, result, change, newId),
      feature: featureOf(db, newId),
      retired: retiredList(db, result),
      lineage: rows.map((r) => ({ fromId: r.id, toId: newId })),
      assignments: carriedAssignments(carry.plan, result.revisions),
      unionMethod: union.method,
    };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}

/** Live features of a layer whose parent is one of `ids`. */
export function rowsWhereParentIn(db: Db, ids: number[], layer: 'police-posts'): FeatureRow[] {
  return ids.flatMap((id) => rowsWhere(db, 'parent_id', id, [layer]));
}

const codeOf = (rows: { id: number; code: string }[]) => (id: number) => rows.find((r) => r.id === id)?.code ?? String(id);
