/**
 * Staff assignments follow merged and split grids (server/edits/carry-assignments.ts), as
 * assignment ops of the same commit: recorded in revisions, undone by a whole-change revert,
 * allowed for a civil-affairs user by the scope guard only because they follow its grid edit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commit } from '../../server/edits/commit.ts';
import { gridLifecycleFollower } from '../../server/auth/commit-guard.ts';
import type { RevisionRecord } from '../../server/edits/types.ts';
import { editingApp, MINI } from './helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

interface Row {
  id: number;
  staff_id: number;
  role: string;
  target_id: number;
  until: string | null;
  version: number;
}
const assignment = (id: number) => t.db.prepare('SELECT id, staff_id, role, target_id, until, version FROM assignments WHERE id = ?').get(id) as Row;
const openOn = (gridId: number) =>
  (t.db.prepare('SELECT id, staff_id, role FROM assignments WHERE target_id = ? AND until IS NULL ORDER BY id').all(gridId) as Row[]).map((r) => `${r.staff_id}:${r.role}`);
const staffId = (code: string) => (t.db.prepare('SELECT id FROM staff WHERE code = ?').get(code) as { id: number }).id;
const line = (...cs: [number, number][]) => ({ type: 'LineString', coordinates: cs });

/** A second gridWorker assignment of GW-001, on A2 (later start), written as the system. */
function addDuplicateOnA2(): number {
  const r = commit(t.db, {
    kind: 'create',
    actor: 'system',
    ops: [{ entity: 'assignment', op: 'create', staffId: staffId('GW-001'), role: 'gridWorker', targetId: t.grid('A2'), since: '2025-06-01' }],
  });
  return r.revisions[0].id;
}

describe('merge carries the staff assignments of the merged grids', () => {
  it('moves them to the new grid in the same change (civil affairs of the county), ends a duplicate; a whole-change revert restores them', async () => {
    const [a1, a2] = [t.grid('A1'), t.grid('A2')];
    const before = openOn(a1);
    expect(before.length).toBe(2); // OF-001 partTimeGridWorker, GW-001 gridWorker
    const dup = addDuplicateOnA2();
    const civil = await t.loginAs('civil-dongchang');
    const m = await civil.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: '社区合并' } });
    expect(m.status, m.text).toBe(201);
    const merged = m.body.feature.id as number;
    expect(openOn(a1)).toEqual([]);
    expect(openOn(a2)).toEqual([]);
    expect(openOn(merged).sort()).toEqual(before.sort());
    expect(assignment(dup).until).not.toBeNull(); // the same person, same role: ended, not doubled
    expect(m.body.assignments).toHaveLength(3);
    expect(m.body.assignments.find((a: { id: number }) => a.id === dup)).toMatchObject({ fromId: a2, toId: null });
    expect(m.body.assignments.filter((a: { toId: number | null }) => a.toId === merged)).toHaveLength(2);
    // recorded as revisions of the merge change
    const revs = t.db.prepare("SELECT entity, op FROM revisions WHERE change_id = ? AND entity = 'assignment' ORDER BY id").all(m.body.change.id) as { op: string }[];
    expect(revs.map((r) => r.op).sort()).toEqual(['retire', 'update', 'update']);
    expect(m.body.revisions.filter((r: { entity: string }) => r.entity === 'assignment')).toHaveLength(3);
    // the main revision is still the new grid's
    expect(m.body.revisions.find((r: { id: number }) => r.id === m.body.revision)).toMatchObject({ entity: 'feature', entityId: merged });

    const undo = await civil.json('POST', `/api/changes/${m.body.change.id}/revert`, { body: { reason: 'undo' } });
    expect(undo.status, undo.text).toBe(200);
    expect(openOn(a1).sort()).toEqual(before.sort());
    expect(openOn(a2)).toEqual([`${staffId('GW-001')}:gridWorker`]);
    expect(assignment(dup).until).toBeNull();
    expect(openOn(merged)).toEqual([]);
    // redo brings them back onto the merged grid
    const redo = await civil.json('POST', `/api/changes/${undo.body.change.id}/revert`);
    expect(redo.status, redo.text).toBe(200);
    expect(openOn(merged).sort()).toEqual(before.sort());
  });

  it('a revert is refused (409) when a carried assignment was changed afterwards', async () => {
    const [a1, a2] = [t.grid('A1'), t.grid('A2')];
    const m = await t.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: 'merge' } });
    const moved = m.body.assignments[0] as { id: number };
    const a = assignment(moved.id);
    const put = await t.json('PUT', `/api/assignments/${moved.id}`, { body: { since: '2026-01-01', version: a.version }, headers: { 'If-Match': `"${a.version}"` } });
    expect(put.status, put.text).toBe(200);
    const undo = await t.json('POST', `/api/changes/${m.body.change.id}/revert`);
    expect(undo.status, undo.text).toBe(409);
    expect(undo.body.error.details.entity).toBe('assignment');
  });
});

describe('split carries the staff assignments to the larger piece', () => {
  it('moves every open assignment of the old grid to the piece overlapping it most', async () => {
    const a1 = t.grid('A1');
    const before = openOn(a1);
    const civil = await t.loginAs('civil-dongchang');
    // A1 is x 125.90–125.91; cut at 125.903: the east piece (70%) is the larger
    const r = await civil.json('POST', `/api/grids/${a1}/split`, { body: { line: line([125.903, 41.69], [125.903, 41.73]), reason: '拆分' } });
    expect(r.status, r.text).toBe(201);
    const [p0, p1] = r.body.features as { id: number }[];
    const larger = r.body.areasM2[0] > r.body.areasM2[1] ? p0.id : p1.id;
    const smaller = larger === p0.id ? p1.id : p0.id;
    expect(openOn(larger).sort()).toEqual(before.sort());
    expect(openOn(smaller)).toEqual([]);
    expect(openOn(a1)).toEqual([]);
    expect(r.body.assignments.every((a: { fromId: number; toId: number }) => a.fromId === a1 && a.toId === larger)).toBe(true);
    const undo = await civil.json('POST', `/api/changes/${r.body.change.id}/revert`);
    expect(undo.status, undo.text).toBe(200);
    expect(openOn(a1).sort()).toEqual(before.sort());
  });

  it('a grid without assignments splits with no assignment ops', async () => {
    const b1 = t.grid('B1');
    const r = await t.json('POST', `/api/grids/${b1}/split`, { body: { line: line([125.925, 41.69], [125.925, 41.73]), reason: 'x' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.assignments).toEqual([]);
  });
});

describe('the scope guard lets assignments follow only grids the change reshapes', () => {
  const rev = (p: Partial<RevisionRecord>): RevisionRecord => ({ entity: 'feature', id: 1, op: 'update', version: 1, revisionId: 1, before: null, after: null, ...p }) as RevisionRecord;
  const asg = (targetId: number, extra: Record<string, unknown> = {}) => ({ id: 9, staffId: 5, role: 'gridWorker', targetId, since: '2025-01-01', until: null, version: 1, ...extra });
  const merge = [rev({ id: 10, layer: 'grids', op: 'retire' }), rev({ id: 11, layer: 'grids', op: 'create' })];

  it('accepts a move between a retired and a created grid of the change', () => {
    const r = rev({ entity: 'assignment', id: 9, op: 'update', before: asg(10) as never, after: asg(11) as never });
    expect(gridLifecycleFollower([...merge, r])(r)).toBe(true);
  });

  it('refuses a move to a grid the change does not reshape, a new role, another person, or a plain grid update', () => {
    const elsewhere = rev({ entity: 'assignment', id: 9, op: 'update', before: asg(10) as never, after: asg(12) as never });
    const newRole = rev({ entity: 'assignment', id: 9, op: 'update', before: asg(10) as never, after: asg(11, { role: 'auxGrid' }) as never });
    const other = rev({ entity: 'assignment', id: 9, op: 'update', before: asg(10) as never, after: asg(11, { staffId: 6 }) as never });
    const created = rev({ entity: 'assignment', id: 9, op: 'create', before: null, after: asg(11) as never });
    const follows = gridLifecycleFollower([...merge, elsewhere, newRole, other, created]);
    for (const r of [elsewhere, newRole, other, created]) expect(follows(r)).toBe(false);
    const updateOnly = [rev({ id: 10, layer: 'grids', op: 'update' }), rev({ id: 11, layer: 'grids', op: 'update' })];
    const move = rev({ entity: 'assignment', id: 9, op: 'update', before: asg(10) as never, after: asg(11) as never });
    expect(gridLifecycleFollower([...updateOnly, move])(move)).toBe(false);
  });

  it('a civil-affairs user still cannot move an officer assignment by itself (403)', async () => {
    const civil = await t.loginAs('civil-dongchang');
    const a = t.db.prepare("SELECT id, version FROM assignments WHERE role = 'partTimeGridWorker'").get() as { id: number; version: number };
    const r = await civil.json('PUT', `/api/assignments/${a.id}`, { body: { targetId: t.grid('A2'), version: a.version }, headers: { 'If-Match': `"${a.version}"` } });
    expect(r.status, r.text).toBe(403);
  });
});

void MINI;
