import type { Db } from '../db/connection.ts';
import type { CommitContext, EntityImage, RevisionRecord } from '../edits/types.ts';
import { ForbiddenError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import type { FeatureImage } from '../store/features.ts';
import type { AssignmentImage, StaffImage } from '../store/staff.ts';
import { currentRequest } from './request-context.ts';
import { findUser, toRequestUser } from './users.ts';
import { checkAssignmentWrite, checkFeatureWrite, checkStaffWrite, type Decision } from './write-rules.ts';

/**
 * The user a commit acts for: the logged-in user of the current request when the change's
 * actor is that user, else the account named by the actor. Null for non-account actors
 * ('system', the demo seed, scripts), whose changes are not scope-checked.
 */
export function commitUser(db: Db, actor: string): User | null {
  const req = currentRequest()?.user;
  if (req && req.username.toLowerCase() === actor.toLowerCase()) return req;
  const row = findUser(db, actor);
  return row ? toRequestUser(row) : null;
}

const FEATURE_FIELDS = ['code', 'name', 'parentId', 'stationId', 'props', 'geometry'] as const;

/** The fields that differ between two feature images. */
export function changedFeatureFields(before: FeatureImage | null, after: FeatureImage | null): string[] {
  if (!before || !after) return [...FEATURE_FIELDS];
  return FEATURE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

function decide(db: Db, user: User, r: RevisionRecord): Decision {
  const before = r.before as EntityImage | null;
  const after = r.op === 'retire' ? null : (r.after as EntityImage | null);
  if (r.entity === 'feature') {
    const b = before as FeatureImage | null;
    const a = after as FeatureImage | null;
    return checkFeatureWrite(db, user, r.op, b, a, changedFeatureFields(b, a));
  }
  if (r.entity === 'staff') return checkStaffWrite(db, user, r.op, before as StaffImage | null, after as StaffImage | null);
  return checkAssignmentWrite(db, user, r.op, before as AssignmentImage | null, (r.after as AssignmentImage | null) ?? null);
}

/**
 * Commit hook: checks every revision of the change against the actor's role and scope with
 * the real before/after images, inside the transaction. A refusal throws 403 (whole change
 * rolled back), so merges, splits, imports and reverts cannot bypass the route policy.
 */
export function scopeGuardHook(ctx: CommitContext): { checked: number } {
  const user = commitUser(ctx.db, ctx.change.actor);
  if (!user || user.role === 'admin') return { checked: 0 };
  for (const r of ctx.revisions) {
    const d = decide(ctx.db, user, r);
    if (!d.ok) {
      throw new ForbiddenError(d.why, { entity: r.entity, id: r.id, op: r.op, change: ctx.change.kind }, 'out_of_scope');
    }
  }
  return { checked: ctx.revisions.length };
}
