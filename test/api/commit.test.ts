import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commit, registerCommitHook } from '../../server/edits/commit.ts';
import { featureRowToImage, getFeatureRow } from '../../server/store/features.ts';
import { MINI, rect } from '../fixtures/mini-city.ts';
import { dbFingerprint, makeTestApp, type TestApp } from '../support/api.ts';

let t: TestApp;
const cleanups: (() => void)[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  t.close();
});

describe('commit(): the one write path', () => {
  it('a merge-like change: retire two grids, create one, lineage rows, one change', () => {
    const a1 = t.idOf('grids', MINI.grids.A1);
    const a2 = t.idOf('grids', MINI.grids.A2);
    const r = commit(t.db, {
      kind: 'merge',
      actor: 'alice',
      reason: '社区合并',
      ops: [
        { entity: 'feature', op: 'retire', id: a1, baseVersion: 1 },
        { entity: 'feature', op: 'retire', id: a2, baseVersion: 1 },
        { entity: 'feature', op: 'create', ref: 'm', layer: 'grids', code: '220502001001009', name: '合并网格', parentId: t.idOf('communities', MINI.communityA), geometry: rect(125.9, 41.7, 125.92, 41.72) },
      ],
      lineage: [
        { kind: 'merge', from: a1, to: 'm' },
        { kind: 'merge', from: a2, to: 'm' },
      ],
    });
    expect(r.revisions.map((x) => [x.entity, x.op])).toEqual([
      ['feature', 'retire'],
      ['feature', 'retire'],
      ['feature', 'create'],
    ]);
    expect(r.retired).toEqual([a1, a2]);
    expect(r.features).toHaveLength(1);
    const newId = r.revisions[2].id;
    // the stored "after" image of a create is exactly the row as read back
    const after = (t.db.prepare('SELECT after FROM revisions WHERE id = ?').get(r.revisions[2].revisionId) as { after: string }).after;
    expect(JSON.parse(after)).toEqual(featureRowToImage(getFeatureRow(t.db, newId)!));
    expect(t.db.prepare('SELECT from_id, to_id FROM lineage WHERE change_id = ? ORDER BY id').all(r.changeId)).toEqual([
      { from_id: a1, to_id: newId },
      { from_id: a2, to_id: newId },
    ]);
    expect(t.db.prepare('SELECT count(*) AS n FROM changes WHERE id = ?').get(r.changeId)).toEqual({ n: 1 });
  });

  it('staff and assignment ops share the path, with versions and revisions', () => {
    const station = t.idOf('stations', MINI.station);
    const grid = t.idOf('grids', MINI.grids.B1);
    const r = commit(t.db, {
      kind: 'assign',
      actor: 'bob',
      ops: [
        { entity: 'staff', op: 'create', ref: 's', kind: 'auxOfficer', code: 'AX-009', name: '钱辅警', unitId: station, partyMember: false, phone: null },
        { entity: 'assignment', op: 'create', staffId: 's', role: 'auxGrid', targetId: grid, since: '2026-11-01' },
      ],
    });
    const staffId = r.revisions[0].id;
    const asgId = r.revisions[1].id;
    const upd = commit(t.db, { kind: 'update', actor: 'bob', ops: [{ entity: 'staff', op: 'update', id: staffId, baseVersion: 1, set: { phone: '0435-1' } }] });
    expect(upd.revisions[0].version).toBe(2);
    expect(() => commit(t.db, { kind: 'update', actor: 'bob', ops: [{ entity: 'staff', op: 'update', id: staffId, baseVersion: 1, set: { name: 'x' } }] })).toThrow(
      /changed by someone else/,
    );
    commit(t.db, { kind: 'unassign', actor: 'bob', ops: [{ entity: 'assignment', op: 'retire', id: asgId, baseVersion: 1 }] });
    const rel = t.db.prepare('SELECT until FROM assignments WHERE id = ?').get(asgId) as { until: string };
    expect(rel.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(t.db.prepare("SELECT count(*) AS n FROM revisions WHERE entity = 'staff' AND entity_id = ?").get(staffId)).toEqual({ n: 2 });
  });

  it('runs registered hooks inside the transaction and returns their results', () => {
    const seen: number[] = [];
    cleanups.push(
      registerCommitHook('test-count', (ctx) => {
        seen.push(ctx.changeId);
        return { touched: ctx.revisions.length };
      }),
    );
    const id = t.idOf('grids', MINI.grids.B1);
    const r = commit(t.db, { kind: 'update', actor: 'x', ops: [{ entity: 'feature', op: 'update', id, baseVersion: 1, set: { name: 'n' } }] });
    expect(r.hookResults['test-count']).toEqual({ touched: 1 });
    expect(seen).toEqual([r.changeId]);
  });

  it('a hook that throws rolls everything back', async () => {
    cleanups.push(
      registerCommitHook('test-boom', () => {
        throw new Error('boom');
      }),
    );
    const before = dbFingerprint(t.db);
    const id = t.idOf('grids', MINI.grids.B1);
    expect(() =>
      commit(t.db, { kind: 'update', actor: 'x', ops: [{ entity: 'feature', op: 'update', id, baseVersion: 1, set: { geometry: rect(125.92, 41.7, 125.929, 41.72) } }] }),
    ).toThrow('boom');
    expect(dbFingerprint(t.db)).toBe(before);
    // and through HTTP it is a 500 without a stack
    const r = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: 'y' } }, headers: { 'If-Match': '"1"' } });
    expect(r.status).toBe(500);
    expect(r.body.error).toEqual({ code: 'internal', message: 'Internal server error', details: null });
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('several bad features → one 422 listing each feature', () => {
    const parent = t.idOf('communities', MINI.communityB);
    try {
      commit(t.db, {
        kind: 'import',
        actor: 'x',
        ops: [
          { entity: 'feature', op: 'create', layer: 'grids', code: 'G-1', name: 'a', parentId: parent, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
          { entity: 'feature', op: 'create', layer: 'grids', code: 'G-2', name: 'b', parentId: parent, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 2]]] } },
          { entity: 'feature', op: 'create', layer: 'grids', code: 'G-3', name: 'c', parentId: parent, geometry: { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] } },
        ],
      });
      expect.unreachable();
    } catch (e: any) {
      expect(e.status).toBe(422);
      expect(e.details.features.map((f: any) => [f.op, f.code])).toEqual([
        [1, 'G-2'],
        [2, 'G-3'],
      ]);
      expect(e.details.features[1].reason).toContain('outside lon');
    }
  });

  it('an unknown ref → 422 and nothing written', () => {
    const before = dbFingerprint(t.db);
    expect(() =>
      commit(t.db, { kind: 'x', actor: 'x', ops: [{ entity: 'assignment', op: 'create', staffId: 'nobody', role: 'gridWorker', targetId: 1, since: '2026-01-01' }] }),
    ).toThrow(/refers to "nobody"/);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('two connections (two server processes) editing the same feature', () => {
  it('exactly one wins; the other gets 409 with the winner as current', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../server/db/connection.ts');
    const { migrate } = await import('../../server/db/migrate.ts');
    const { seedDemoCity } = await import('../../server/demo/seed.ts');
    const { miniCity } = await import('../fixtures/mini-city.ts');
    const dir = mkdtempSync(join(tmpdir(), 'beatgrid-cc-'));
    const file = join(dir, 'db.sqlite');
    const a = openDatabase(file);
    migrate(a);
    seedDemoCity(a, miniCity());
    const b = openDatabase(file);
    const id = (a.prepare("SELECT id FROM features WHERE code = ?").get(MINI.grids.B1) as { id: number }).id;
    const edit = (db: typeof a, name: string) =>
      commit(db, { kind: 'update', actor: name, ops: [{ entity: 'feature', op: 'update', id, baseVersion: 1, set: { name } }] });
    expect(edit(a, 'A').revisions[0].version).toBe(2);
    let err: any;
    try {
      edit(b, 'B');
    } catch (e) {
      err = e;
    }
    expect(err?.status).toBe(409);
    expect(err.details.current.properties.name).toBe('A');
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
