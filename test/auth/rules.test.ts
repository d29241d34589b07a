import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { audit, queryAudit } from '../../server/audit/log.ts';
import { countyOfId, featureRef } from '../../server/auth/scope.ts';
import { checkAssignmentWrite, checkFeatureWrite, checkStaffWrite } from '../../server/auth/write-rules.ts';
import type { User } from '../../server/http/user.ts';
import { AUTH, authCity } from './fixture.ts';

let db: Db;
const id = (layer: string, code: string) =>
  (db.prepare('SELECT id FROM features WHERE layer = ? AND code = ?').get(layer, code) as { id: number }).id;

beforeAll(() => {
  db = openDatabase(':memory:');
  migrate(db);
  seedDemoCity(db, authCity());
});

describe('scope of features', () => {
  it('finds the county by the parent chain and by the owning station', () => {
    expect(countyOfId(db, id('grids', AUTH.gridA))).toBe(AUTH.countyA);
    expect(countyOfId(db, id('grids', AUTH.gridB))).toBe(AUTH.countyB);
    expect(countyOfId(db, id('beats', AUTH.beatB))).toBe(AUTH.countyB);
    expect(countyOfId(db, id('police-posts', 'PP-DC-01'))).toBe(AUTH.countyA);
  });
});

describe('write rules', () => {
  const station = (code: string): User => ({ username: 'p', role: 'police-station', scope: String(id('stations', code)) });
  const civil = (scope: string): User => ({ username: 'c', role: 'civil-affairs', scope });
  const leader: User = { username: 'l', role: 'leadership', scope: 'city' };

  it('a station edits its own beat, not another station’s, and says why', () => {
    const beatA = featureRef(db, id('beats', AUTH.beatA))!;
    const beatB = featureRef(db, id('beats', AUTH.beatB))!;
    expect(checkFeatureWrite(db, station(AUTH.stationA), 'update', beatA, beatA).ok).toBe(true);
    const d = checkFeatureWrite(db, station(AUTH.stationA), 'update', beatB, beatB);
    expect(d.ok).toBe(false);
    const sa = id('stations', AUTH.stationA);
    const sb = id('stations', AUTH.stationB);
    expect(!d.ok && d.why).toBe(`police-station user p of station ${sa} cannot edit beat ${AUTH.beatB} (id ${beatB.id}) owned by station ${sb}`);
    // handing one's own beat to another station is refused too
    const moved = { ...beatA, stationId: sb };
    expect(checkFeatureWrite(db, station(AUTH.stationA), 'update', beatA, moved).ok).toBe(false);
    // grids are civil affairs' job
    expect(checkFeatureWrite(db, station(AUTH.stationA), 'update', featureRef(db, id('grids', AUTH.gridA))!, null).ok).toBe(false);
  });

  it('civil affairs edits grids in its county only; city-wide everywhere; never beats', () => {
    const gA = featureRef(db, id('grids', AUTH.gridA))!;
    const gB = featureRef(db, id('grids', AUTH.gridB))!;
    expect(checkFeatureWrite(db, civil(AUTH.countyA), 'update', gA, gA).ok).toBe(true);
    const d = checkFeatureWrite(db, civil(AUTH.countyA), 'update', gB, gB);
    expect(!d.ok && d.why).toMatch(/civil-affairs user c of county 220502 \(东昌区\) cannot edit grid 220521001001001 .* lies in county 220521 \(通化县\)/);
    expect(checkFeatureWrite(db, civil('city'), 'update', gB, gB).ok).toBe(true);
    expect(checkFeatureWrite(db, civil('city'), 'update', featureRef(db, id('beats', AUTH.beatA))!, null).ok).toBe(false);
    // a new grid placed under a community of the other county
    const newGrid = { layer: 'grids' as const, code: 'X', parentId: id('communities', AUTH.communityB), stationId: null };
    expect(checkFeatureWrite(db, civil(AUTH.countyA), 'create', null, newGrid).ok).toBe(false);
  });

  it('civil affairs may change only the community/grid link of a facility', () => {
    const post = featureRef(db, id('police-posts', 'PP-DC-01'))!;
    expect(checkFeatureWrite(db, civil(AUTH.countyA), 'update', post, post, ['parentId']).ok).toBe(true);
    const d = checkFeatureWrite(db, civil(AUTH.countyA), 'update', post, post, ['parentId', 'geometry']);
    expect(!d.ok && d.why).toMatch(/only the community\/grid link .* not its geometry/);
    expect(checkFeatureWrite(db, civil(AUTH.countyA), 'retire', post, null).ok).toBe(false);
  });

  it('leadership writes nothing', () => {
    const gA = featureRef(db, id('grids', AUTH.gridA))!;
    const d = checkFeatureWrite(db, leader, 'update', gA, gA);
    expect(!d.ok && d.why).toMatch(/read-only/);
    expect(checkStaffWrite(db, leader, 'create', null, { kind: 'gridWorker', unitId: null }).ok).toBe(false);
  });

  it('staff and assignments follow the staff member’s unit', () => {
    const of1 = db.prepare("SELECT id, kind, code, unit_id AS unitId FROM staff WHERE code = 'OF-001'").get() as never;
    const ofB = db.prepare("SELECT id, kind, code, unit_id AS unitId FROM staff WHERE code = 'OF-TH-1'").get() as never;
    const gw = db.prepare("SELECT id, kind, code, unit_id AS unitId FROM staff WHERE code = 'GW-001'").get() as never;
    expect(checkStaffWrite(db, station(AUTH.stationA), 'update', of1, of1).ok).toBe(true);
    expect(checkStaffWrite(db, station(AUTH.stationA), 'update', ofB, ofB).ok).toBe(false);
    expect(checkStaffWrite(db, station(AUTH.stationA), 'update', gw, gw).ok).toBe(false);
    expect(checkStaffWrite(db, civil(AUTH.countyA), 'update', gw, gw).ok).toBe(true);
    expect(checkStaffWrite(db, civil(AUTH.countyB), 'update', gw, gw).ok).toBe(false);
    const a = { staffId: (ofB as { id: number }).id, role: 'beatOfficer', targetId: id('beats', AUTH.beatB) };
    expect(checkAssignmentWrite(db, station(AUTH.stationB), 'create', null, a).ok).toBe(true);
    expect(checkAssignmentWrite(db, station(AUTH.stationA), 'create', null, a).ok).toBe(false);
    const onOther = { staffId: (of1 as { id: number }).id, role: 'beatOfficer', targetId: id('beats', AUTH.beatB) };
    expect(checkAssignmentWrite(db, station(AUTH.stationA), 'create', null, onOther).ok).toBe(false);
  });
});

describe('audit log', () => {
  it('is append-only even for direct SQL', () => {
    const n = audit(db, { actor: 'tester', action: 'export.report', entity: 'report', entityId: '220502/2026-11', ip: '10.0.0.1' });
    expect(() => db.prepare("UPDATE audit SET actor = 'mallory' WHERE id = ?").run(n)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = ?').run(n)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    const [e] = queryAudit(db, { user: 'tester' });
    expect(e).toMatchObject({ id: n, actor: 'tester', action: 'export.report', entity: 'report', entityId: '220502/2026-11', ip: '10.0.0.1' });
  });
  it('filters by user, entity, action prefix and time', () => {
    audit(db, { actor: 'u1', action: 'feature.update', entity: 'feature', entityId: 7, at: '2026-01-02T10:00:00.000Z' });
    audit(db, { actor: 'u2', action: 'feature.create', entity: 'feature', entityId: 8, at: '2026-01-03T10:00:00.000Z' });
    audit(db, { actor: 'u2', action: 'login', entity: 'user', entityId: 'u2', at: '2026-01-03T11:00:00.000Z' });
    expect(queryAudit(db, { user: 'u2' }).map((e) => e.action)).toEqual(['login', 'feature.create']);
    expect(queryAudit(db, { entity: 'feature:7' }).map((e) => e.actor)).toEqual(['u1']);
    expect(queryAudit(db, { action: 'feature.' }).length).toBe(2);
    expect(queryAudit(db, { from: '2026-01-03', to: '2026-01-03', action: 'feature.' }).map((e) => e.entityId)).toEqual(['8']);
    expect(queryAudit(db, { to: '2026-01-02' }).map((e) => e.entityId)).toEqual(['7']);
  });
});
