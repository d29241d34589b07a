import type { Db } from '../db/connection.ts';
import { LAYERS } from '../domain/layers.ts';
import { commit } from '../edits/commit.ts';
import type { ChangeOp, CommitResult } from '../edits/types.ts';
import type { DemoCity } from './types.ts';

export interface SeedOptions {
  /** skip geometry validation (the generator's output is already checked by its tests) */
  trustedGeometry?: boolean;
}

/**
 * Writes the demo city into an (empty) database as ONE 'seed' change by actor 'system':
 * features in hierarchy order (counties first), then staff, then assignments. Cross
 * references use the city's keys (`layer:code`, `staff:code`) as commit refs.
 */
export function seedDemoCity(db: Db, city: DemoCity, opts: SeedOptions = {}): CommitResult {
  const order = new Map(LAYERS.map((l, i) => [l, i]));
  const features = [...city.features].sort((a, b) => order.get(a.layer)! - order.get(b.layer)!);
  const ops: ChangeOp[] = [];
  for (const f of features) {
    ops.push({
      entity: 'feature',
      op: 'create',
      ref: f.key,
      layer: f.layer,
      code: f.code,
      name: f.name,
      parentId: f.parentKey ?? null,
      stationId: f.stationKey ?? null,
      props: f.props,
      geometry: f.geometry,
    });
  }
  for (const s of city.staff) {
    ops.push({
      entity: 'staff',
      op: 'create',
      ref: s.key,
      kind: s.kind,
      code: s.code,
      name: s.name,
      unitId: s.unitKey,
      partyMember: s.partyMember,
      phone: s.phone,
    });
  }
  for (const a of city.assignments) {
    ops.push({ entity: 'assignment', op: 'create', staffId: a.staffKey, role: a.role, targetId: a.targetKey, since: a.since });
  }
  return commit(
    db,
    { kind: 'seed', actor: 'system', reason: `demo city (seed ${city.seed})`, ops },
    { trustedGeometry: opts.trustedGeometry, skipHooks: true, returnFeatures: false },
  );
}

/** True when the database holds no features yet. */
export function isEmpty(db: Db): boolean {
  return (db.prepare('SELECT count(*) AS n FROM features').get() as { n: number }).n === 0;
}
