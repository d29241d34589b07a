import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { commit } from '../edits/commit.ts';
import type { ChangeOp } from '../edits/types.ts';
import { UnprocessableError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import type { ImportPlan } from './plan.ts';
import type { ImportApplied, ImportProblem } from './types.ts';

/** What the user chose at apply. */
export interface ApplyChoice {
  /** 'repair': repairable problems are fixed and any feature still invalid refuses the import (422); 'skip': such features are left out */
  onInvalid: 'repair' | 'skip';
  reason: string;
}

/**
 * Writes a validated plan as ONE change (kind 'import', the user as actor, every feature a
 * revision): creates in add mode; in replace mode creates the new codes, updates the changed
 * ones (based on the versions seen at validation, so a concurrent edit answers 409) and
 * retires the codes the file no longer has. A feature the file has but that stays invalid
 * keeps its live version. Nothing is written when anything fails (commit is a transaction).
 */
export function applyPlan(db: Db, user: User, layer: LayerName, plan: ImportPlan, choice: ApplyChoice): ImportApplied {
  const invalid = plan.features.filter((f) => f.status === 'invalid');
  if (invalid.length > 0 && choice.onInvalid === 'repair') {
    const byIndex = new Map<number, ImportProblem[]>();
    for (const p of plan.report.problems) if (p.severity === 'error' && !p.repairable) byIndex.set(p.index, [...(byIndex.get(p.index) ?? []), p]);
    const list = invalid.map((f) => ({ index: f.index, code: f.code, problems: (byIndex.get(f.index) ?? []).map((p) => p.message) }));
    const first = list[0];
    throw new UnprocessableError(
      `${invalid.length} feature${invalid.length > 1 ? 's' : ''} cannot be repaired (first: feature ${first.index + 1}${first.code ? ` ${first.code}` : ''}: ${first.problems[0] ?? 'invalid'}); choose onInvalid "skip" to import the others, or fix the file`,
      { features: list },
      'invalid_features',
    );
  }
  const ops: ChangeOp[] = plan.retire.map((r) => ({ entity: 'feature' as const, op: 'retire' as const, id: r.id, baseVersion: r.version }));
  const written: number[] = [];
  for (const f of plan.features) {
    if (f.status === 'invalid' || !f.geometry || f.code === null || f.name === null) continue;
    if (f.target) {
      if (!f.target.changed) continue;
      ops.push({
        entity: 'feature',
        op: 'update',
        id: f.target.id,
        baseVersion: f.target.version,
        set: { code: f.code, name: f.name, parentId: f.parentId, stationId: f.stationId, props: f.props, geometry: f.geometry },
      });
    } else {
      ops.push({ entity: 'feature', op: 'create', layer, code: f.code, name: f.name, parentId: f.parentId, stationId: f.stationId, props: f.props, geometry: f.geometry });
    }
    written.push(f.index);
  }
  const skipped = invalid.map((f) => f.index);
  const repaired = plan.features.filter((f) => f.repaired && written.includes(f.index)).map((f) => f.index);
  if (ops.length === 0) return { changeId: null, created: 0, updated: 0, retired: 0, skipped, repaired, features: [] };
  const result = commit(db, {
    kind: 'import',
    actor: user.username,
    reason: choice.reason || `import of ${plan.report.fileName} (${plan.report.mode})`,
    ops,
  });
  const n = (op: string) => result.revisions.filter((r) => r.entity === 'feature' && r.op === op).length;
  return { changeId: result.changeId, created: n('create'), updated: n('update'), retired: n('retire'), skipped, repaired, features: result.features };
}
