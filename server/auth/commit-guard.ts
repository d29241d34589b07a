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
 * A predicate: is revision `r` an assignment that merely follows grids created, retired or
 * restored by the same change (merge, split, whole-change revert)? True when the assignment
 * keeps its staff member, role and start date and both its old and new target are such grids.
 * A civil-affairs user merging grids may thus move the officers' 兼职网格员 assignments on
 * them, but never reassign people or touch assignments of grids it does not reshape.
 */
export function gridLifecycleFollower(revisions: readonly RevisionRecord[]): (r: RevisionRecord) => boolean {
  const reshaped = new Set<number>();
  for (const r of revisions) {
    if (r.entity === 'feature' && r.layer === 'grids' && r.op !== 'update') reshaped.add(r.id);
  }
  return (r) => {
    if (r.entity !== 'assignment' || r.op === 'create' || reshaped.size === 0) return false;
    const b = r.before as AssignmentImage | null;
    const a = r.after as AssignmentImage | null;
    if (!b || !a) return false;
    return b.staffId === a.staffId && b.role === a.role && b.since === a.since && reshaped.has(b.targetId) && reshaped.has(a.targetId);
  };
}

/**
 * Commit hook: checks every revision of the change against the actor's role and scope with
 * the real before/after images, inside the transaction. A refusal throws 403 (whole change
 * rolled back), so merges, splits, imports and reverts cannot bypass the route policy.
 */
export function scopeGuardHook(ctx: CommitContext): { checked: number } {
  const user = commitUser(ctx.db, ctx.change.actor);
  if (!user || user.role === 'admin') return { checked: 0 };
  const follows = gridLifecycleFollower(ctx.revisions);
  for (const r of ctx.revisions) {
    // an assignment carried along by this change's merge / split / revert of grids: allowed
    // when the user may make those grid changes (their feature revisions are checked here too)
    if (follows(r)) continue;
    const d = decide(ctx.db, user, r);
    if (!d.ok) {
      throw new ForbiddenError(d.why, { entity: r.entity, id: r.id, op: r.op, change: ctx.change.kind }, 'out_of_scope');
    }
  }
  return { checked: ctx.revisions.length };
}
