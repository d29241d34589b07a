import type { Geometry } from 'geojson';
import { changedFeatureFields } from '../auth/commit-guard.ts';
import { countyOf } from '../auth/scope.ts';
import type { CommitContext, RevisionRecord } from '../edits/types.ts';
import type { FeatureImage } from '../store/features.ts';
import { audit } from './log.ts';

function vertexCount(g: Geometry | null | undefined): number {
  if (!g) return 0;
  switch (g.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.length;
    case 'Polygon':
    case 'MultiLineString':
      return g.coordinates.reduce((n, r) => n + r.length, 0);
    case 'MultiPolygon':
      return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
    default:
      return g.geometries.reduce((n, x) => n + vertexCount(x), 0);
  }
}

function briefFeature(f: FeatureImage | null): Record<string, unknown> | null {
  if (!f) return null;
  return {
    code: f.code,
    name: f.name,
    parentId: f.parentId,
    stationId: f.stationId,
    version: f.version,
    vertices: vertexCount(f.geometry),
  };
}

function summaryOf(ctx: CommitContext, r: RevisionRecord): Record<string, unknown> {
  const base = { changeId: ctx.changeId, kind: ctx.change.kind, reason: ctx.change.reason ?? '', revisionId: r.revisionId, version: r.version };
  if (r.entity === 'feature') {
    const b = r.before as FeatureImage | null;
    const a = r.after as FeatureImage | null;
    return { ...base, layer: r.layer, changed: changedFeatureFields(b, a), before: briefFeature(b), after: briefFeature(a) };
  }
  return { ...base, before: r.before, after: r.after };
}

/**
 * Commit hook: appends one audit entry per revision of the change (actor = the change's
 * actor, ip = the request's), inside the same transaction, so a write and its audit entry
 * exist together or not at all.
 */
export function auditCommitHook(ctx: CommitContext): { entries: number } {
  for (const r of ctx.revisions) {
    const img = (r.after ?? r.before) as FeatureImage | null;
    audit(ctx.db, {
      at: ctx.at,
      actor: ctx.change.actor,
      action: `${r.entity}.${r.op}`,
      entity: r.entity,
      entityId: r.id,
      county: r.entity === 'feature' && img ? countyOf(ctx.db, img) : null,
      summary: summaryOf(ctx, r),
    });
  }
  return { entries: ctx.revisions.length };
}
