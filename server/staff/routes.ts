import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { commit } from '../edits/commit.ts';
import type { CommitResult } from '../edits/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.ts';
import { parseWith, readBody } from '../http/input.ts';
import { baseVersion, changeReason, etag, idParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { getAssignment, getStaff, type AssignmentImage, type StaffImage } from '../store/staff.ts';
import { checkAssignment, checkUnit } from './rules.ts';
import { readCounty, readFilter } from '../auth/read-scope.ts';
import type { User } from '../http/user.ts';

/**
 * What a reader may see of staff (by their unit) and assignments (by their target): county-scoped
 * leadership / civil affairs only their county's (auth/read-scope.ts); others everything.
 */
function staffScope(db: Db, user: User) {
  const all = readCounty(user) === null;
  const can = readFilter(db, user);
  return {
    staff: (s: { unitId: number | null }) => all || (s.unitId !== null && can(s.unitId)),
    assignment: (a: { targetId: number }) => all || can(a.targetId),
  };
}

const KINDS = ['officer', 'auxOfficer', 'gridWorker'] as const;
const ROLES = ['directorAssistant', 'partTimeGridWorker', 'beatOfficer', 'auxGrid', 'gridWorker'] as const;
/** A real calendar date YYYY-MM-DD (2026-02-30 and 2026-13-01 are refused, not stored). */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'is not a calendar date');
const id = z.number().int().positive();
const phone = z.string().trim().regex(/^[0-9+\- ]{3,20}$/, 'must be a phone number (digits, +, -, spaces)');

const staffCreate = z.object({
  kind: z.enum(KINDS),
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(60),
  unitId: id.nullable().default(null),
  partyMember: z.boolean().default(false),
  phone: phone.nullable().default(null),
  reason: z.string().max(2000).optional(),
});
const staffUpdate = z.object({
  version: id.optional(),
  code: z.string().trim().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(60).optional(),
  unitId: id.nullable().optional(),
  partyMember: z.boolean().optional(),
  phone: phone.nullable().optional(),
  reason: z.string().max(2000).optional(),
});
const staffQuery = z.object({
  kind: z.enum(KINDS).optional(),
  unit: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(60).optional(),
  retired: z.enum(['0', '1']).default('0'),
});
const assignmentCreate = z
  .object({
    staffId: id,
    role: z.enum(ROLES),
    targetId: id,
    since: date.optional(),
    until: date.nullable().optional(),
    reason: z.string().max(2000).optional(),
  })
  .refine((a) => !a.until || a.until > (a.since ?? today()), { path: ['until'], message: 'must be after since (the first day)' });
const assignmentUpdate = z.object({
  version: id.optional(),
  role: z.enum(ROLES).optional(),
  targetId: id.optional(),
  since: date.optional(),
  until: date.nullable().optional(),
  reason: z.string().max(2000).optional(),
});
const assignmentQuery = z.object({
  staff: z.coerce.number().int().positive().optional(),
  target: z.coerce.number().int().positive().optional(),
  role: z.enum(ROLES).optional(),
  /** 1 (default): only assignments in force today; 0: all */
  live: z.enum(['0', '1']).default('1'),
});

function staffOr404(db: Db, staffId: number): StaffImage {
  const s = getStaff(db, staffId);
  if (!s) throw new NotFoundError(`No staff member with id ${staffId}`, { id: staffId });
  return s;
}

function assignmentOr404(db: Db, assignmentId: number): AssignmentImage {
  const a = getAssignment(db, assignmentId);
  if (!a) throw new NotFoundError(`No assignment with id ${assignmentId}`, { id: assignmentId });
  return a;
}

function checkCodeFree(db: Db, code: string, selfId?: number): void {
  const hit = db.prepare('SELECT id FROM staff WHERE code = ?').get(code) as { id: number } | undefined;
  if (hit && hit.id !== selfId) throw new ConflictError(`Staff code ${code} is already used by staff ${hit.id}`, { code, id: hit.id }, 'duplicate_code');
}

const change = (r: CommitResult) => ({ id: r.changeId, revisionId: r.revisions[0].revisionId, hooks: r.hookResults });
const today = () => new Date().toISOString().slice(0, 10);

/** /api/staff: officers, aux officers and grid workers (name, role, unit, phone only). Writes go through commit(). */
export const staffRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const q = parseWith(staffQuery, c.req.query(), 'query');
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.retired === '0') where.push('retired_at IS NULL');
    if (q.kind) where.push('kind = ?'), params.push(q.kind);
    if (q.unit) where.push('unit_id = ?'), params.push(q.unit);
    if (q.q) where.push('(code LIKE ? OR name LIKE ?)'), params.push(`%${q.q}%`, `%${q.q}%`);
    const ids = c.get('deps').db.prepare(`SELECT id FROM staff ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code`).all(...params) as { id: number }[];
    const scope = staffScope(c.get('deps').db, c.get('user'));
    return c.json({ staff: ids.map((r) => getStaff(c.get('deps').db, r.id)!).filter(scope.staff) });
  })
  .get('/:id', (c) => {
    const db = c.get('deps').db;
    const s = staffOr404(db, idParam(c));
    const scope = staffScope(db, c.get('user'));
    if (!scope.staff(s)) throw new NotFoundError(`No staff member with id ${s.id}`, { id: s.id }); // out of scope: as if absent
    const assignments = db.prepare('SELECT id FROM assignments WHERE staff_id = ? ORDER BY since, id').all(s.id) as { id: number }[];
    c.header('ETag', etag(s.version));
    return c.json({ ...s, assignments: assignments.map((a) => getAssignment(db, a.id)!).filter(scope.assignment) });
  })
  .post('/', async (c) => {
    const b = await readBody(c, staffCreate);
    const db = c.get('deps').db;
    checkUnit(db, b.kind, b.unitId, `staff ${b.code}`);
    checkCodeFree(db, b.code);
    const r = commit(db, {
      kind: 'create',
      actor: c.get('user').username,
      reason: changeReason(c, b.reason),
      ops: [{ entity: 'staff', op: 'create', kind: b.kind, code: b.code, name: b.name, unitId: b.unitId, partyMember: b.partyMember, phone: b.phone }],
    });
    const s = getStaff(db, r.revisions[0].id)!;
    c.header('Location', `/api/staff/${s.id}`);
    c.header('ETag', etag(s.version));
    return c.json({ ...s, change: change(r) }, 201);
  })
  .put('/:id', async (c) => {
    const db = c.get('deps').db;
    const staffId = idParam(c);
    const b = await readBody(c, staffUpdate);
    const version = baseVersion(c, b.version);
    const cur = staffOr404(db, staffId);
    const { version: _v, reason, ...set } = b;
    if (set.unitId !== undefined) checkUnit(db, cur.kind, set.unitId, `staff ${cur.code}`);
    if (set.code !== undefined) checkCodeFree(db, set.code, staffId);
    const r = commit(db, { kind: 'update', actor: c.get('user').username, reason: changeReason(c, reason), ops: [{ entity: 'staff', op: 'update', id: staffId, baseVersion: version, set }] });
    const s = getStaff(db, staffId)!;
    c.header('ETag', etag(s.version));
    return c.json({ ...s, change: change(r) });
  })
  .delete('/:id', (c) => {
    const db = c.get('deps').db;
    const staffId = idParam(c);
    const version = baseVersion(c);
    staffOr404(db, staffId);
    // a retiring staff member's assignments end the same day, in the same change
    const open = db.prepare('SELECT id, version FROM assignments WHERE staff_id = ? AND until IS NULL').all(staffId) as { id: number; version: number }[];
    const r = commit(db, {
      kind: 'delete',
      actor: c.get('user').username,
      reason: changeReason(c),
      ops: [
        ...open.map((a) => ({ entity: 'assignment' as const, op: 'retire' as const, id: a.id, baseVersion: a.version })),
        { entity: 'staff', op: 'retire', id: staffId, baseVersion: version },
      ],
    });
    return c.json({ ...getStaff(db, staffId)!, endedAssignments: open.map((a) => a.id), change: change(r) });
  });

/** /api/assignments: who serves where (主任助理, 兼职网格员, 责任区民警, 警格辅警, 网格员). Writes go through commit(). */
export const assignmentRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const q = parseWith(assignmentQuery, c.req.query(), 'query');
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.live === '1') where.push('since <= ? AND (until IS NULL OR until > ?)'), params.push(today(), today());
    if (q.staff) where.push('staff_id = ?'), params.push(q.staff);
    if (q.target) where.push('target_id = ?'), params.push(q.target);
    if (q.role) where.push('role = ?'), params.push(q.role);
    const db = c.get('deps').db;
    const ids = db.prepare(`SELECT id FROM assignments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(...params) as { id: number }[];
    return c.json({ assignments: ids.map((r) => getAssignment(db, r.id)!).filter(staffScope(db, c.get('user')).assignment) });
  })
  .get('/:id', (c) => {
    const a = assignmentOr404(c.get('deps').db, idParam(c));
    if (!staffScope(c.get('deps').db, c.get('user')).assignment(a)) throw new NotFoundError(`No assignment with id ${a.id}`, { id: a.id });
    c.header('ETag', etag(a.version));
    return c.json(a);
  })
  .post('/', async (c) => {
    const b = await readBody(c, assignmentCreate);
    const db = c.get('deps').db;
    checkAssignment(db, staffOr404(db, b.staffId), b.role, b.targetId);
    const r = commit(db, {
      kind: 'create',
      actor: c.get('user').username,
      reason: changeReason(c, b.reason),
      ops: [{ entity: 'assignment', op: 'create', staffId: b.staffId, role: b.role, targetId: b.targetId, since: b.since ?? today(), until: b.until ?? null }],
    });
    const a = getAssignment(db, r.revisions[0].id)!;
    c.header('Location', `/api/assignments/${a.id}`);
    c.header('ETag', etag(a.version));
    return c.json({ ...a, change: change(r) }, 201);
  })
  .put('/:id', async (c) => {
    const db = c.get('deps').db;
    const assignmentId = idParam(c);
    const b = await readBody(c, assignmentUpdate);
    const version = baseVersion(c, b.version);
    const cur = assignmentOr404(db, assignmentId);
    const { version: _v, reason, ...set } = b;
    const since = set.since ?? cur.since;
    const until = set.until === undefined ? cur.until : set.until;
    if (until && until <= since) {
      throw new UnprocessableError(`Assignment ${assignmentId}: until ${until} must be after since ${since}`, { since, until }, 'bad_dates');
    }
    if (set.role !== undefined || set.targetId !== undefined) checkAssignment(db, staffOr404(db, cur.staffId), set.role ?? cur.role, set.targetId ?? cur.targetId);
    const r = commit(db, { kind: 'update', actor: c.get('user').username, reason: changeReason(c, reason), ops: [{ entity: 'assignment', op: 'update', id: assignmentId, baseVersion: version, set }] });
    const a = getAssignment(db, assignmentId)!;
    c.header('ETag', etag(a.version));
    return c.json({ ...a, change: change(r) });
  })
  .delete('/:id', (c) => {
    const db = c.get('deps').db;
    const assignmentId = idParam(c);
    const version = baseVersion(c);
    assignmentOr404(db, assignmentId);
    const r = commit(db, { kind: 'delete', actor: c.get('user').username, reason: changeReason(c), ops: [{ entity: 'assignment', op: 'retire', id: assignmentId, baseVersion: version }] });
    return c.json({ ...getAssignment(db, assignmentId)!, change: change(r) });
  });
