/**
 * The page's visibility rules (web/auth/visibility.ts) against the server's write rules: for
 * every feature of the auth fixture city and users of every role and scope, the page offers an
 * edit exactly when server/auth/write-rules.ts would allow it; the station / merge / realign
 * rules agree with the policy rules of server/auth/policy.ts. A change on either side that is
 * not mirrored on the other fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { LAYERS, type LayerName } from '../../server/domain/layers.ts';
import type { User } from '../../server/http/user.ts';
import { countyOfId } from '../../server/auth/scope.ts';
import { featureIdsInCounty } from '../../server/auth/read-scope.ts';
import { checkFeatureWrite } from '../../server/auth/write-rules.ts';
import { fileReportRule, mergeGridsRule, realignStationRule, writers, zoneFromGridsRule, type Rule, type RuleContext } from '../../server/auth/policy.ts';
import {
  editableLayers,
  mayBuildZones,
  mayFileReport,
  mayHandleNotice,
  mayMergeSplitGrids,
  mayRealign,
  mayRevertChanges,
  mayRevertFeature,
  mayWriteFeature,
  zoneStations,
} from '../../web/auth/visibility.ts';
import { AUTH, authCity } from '../auth/fixture.ts';

let db: Db;
let users: User[];
let features: { id: number; layer: LayerName; parentId: number | null; stationId: number | null }[];
const stationId = (code: string) => (db.prepare("SELECT id FROM features WHERE layer = 'stations' AND code = ?").get(code) as { id: number }).id;

beforeAll(() => {
  db = openDatabase(':memory:');
  migrate(db);
  seedDemoCity(db, authCity());
  features = db
    .prepare('SELECT id, layer, parent_id AS parentId, station_id AS stationId FROM features WHERE retired_at IS NULL ORDER BY id')
    .all() as typeof features;
  users = [
    { username: 'a', role: 'admin', scope: 'city' },
    { username: 'cc', role: 'civil-affairs', scope: 'city' },
    { username: 'ca', role: 'civil-affairs', scope: AUTH.countyA },
    { username: 'cb', role: 'civil-affairs', scope: AUTH.countyB },
    { username: 'pa', role: 'police-station', scope: String(stationId(AUTH.stationA)) },
    { username: 'pb', role: 'police-station', scope: String(stationId(AUTH.stationB)) },
    { username: 'lc', role: 'leadership', scope: 'city' },
    { username: 'la', role: 'leadership', scope: AUTH.countyA },
  ];
});
afterAll(() => db.close());

function ask(rule: Rule, user: User, body: unknown = {}): Promise<boolean> {
  const ctx: RuleContext = { db, user, method: 'POST', pattern: '/test', params: {}, query: () => undefined, body: async () => body };
  return Promise.resolve(rule(ctx)).then((d) => d.ok);
}

describe('page visibility mirrors the server write rules', () => {
  it('the fixture has features of every layer and every role', () => {
    expect(new Set(features.map((f) => f.layer))).toEqual(new Set(LAYERS));
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'civil-affairs', 'police-station', 'leadership']));
  });

  it('a feature is offered for editing exactly when the server lets its geometry change', () => {
    let allowed = 0;
    let refused = 0;
    for (const user of users) {
      for (const f of features) {
        const ref = { id: f.id, layer: f.layer, parentId: f.parentId, stationId: f.stationId };
        const server = checkFeatureWrite(db, user, 'update', ref, ref, ['geometry']).ok;
        const page = mayWriteFeature(user, { layer: f.layer, stationId: f.stationId, county: countyOfId(db, f.id) });
        expect(page, `${user.role} ${user.scope} on ${f.layer} ${f.id}`).toBe(server);
        if (server) allowed++;
        else refused++;
      }
    }
    expect(allowed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('without a county, a county civil-affairs user decides right on every feature it can read', () => {
    for (const user of users.filter((u) => u.role === 'civil-affairs' && u.scope !== 'city')) {
      const readable = featureIdsInCounty(db, user.scope);
      const seen = features.filter((f) => readable.has(f.id));
      expect(seen.length).toBeGreaterThan(5);
      for (const f of seen) {
        const ref = { id: f.id, layer: f.layer, parentId: f.parentId, stationId: f.stationId };
        expect(mayWriteFeature(user, { layer: f.layer, stationId: f.stationId }), `${user.scope} on ${f.layer} ${f.id}`).toBe(
          checkFeatureWrite(db, user, 'update', ref, ref, ['geometry']).ok,
        );
      }
    }
  });

  it('the edit tab offers grids to civil affairs, beats and aux-grids to a police station, nothing to leadership', () => {
    const tools = ['grids', 'beats', 'aux-grids'] as const;
    const offered = (u: User) => editableLayers(u, tools);
    expect(offered(users[0])).toEqual(['grids', 'beats', 'aux-grids']);
    expect(offered(users[2])).toEqual(['grids']);
    expect(offered(users[4])).toEqual(['beats', 'aux-grids']);
    expect(offered(users[6])).toEqual([]);
    expect(editableLayers(null, tools)).toEqual([]);
  });

  it('reverting needs the feature now and the version reverted to', () => {
    const pa = users[4];
    const own = { layer: 'beats', stationId: Number(pa.scope) };
    const other = { layer: 'beats', stationId: stationId(AUTH.stationA2) };
    expect(mayRevertFeature(pa, own, own)).toBe(true);
    expect(mayRevertFeature(pa, own, other)).toBe(false);
    expect(mayRevertFeature(pa, other, own)).toBe(false);
    expect(mayRevertFeature(pa, { layer: 'grids', stationId: null }, null)).toBe(false);
  });

  it('merge, build-zone, realign, report filing and change-revert agree with the policy rules', async () => {
    const a = stationId(AUTH.stationA);
    const b = stationId(AUTH.stationB);
    for (const user of users) {
      const who = `${user.role} ${user.scope}`;
      expect(mayMergeSplitGrids(user), who).toBe(await ask(mergeGridsRule, user, { ids: [] }));
      expect(mayRevertChanges(user), who).toBe(await ask(writers, user));
      for (const county of [AUTH.countyA, AUTH.countyB]) {
        expect(mayFileReport(user, county), `${who} files ${county}`).toBe(await ask(fileReportRule, user, { county }));
      }
      for (const station of [a, b]) {
        expect(mayBuildZones(user, station), `${who} builds for ${station}`).toBe(await ask(zoneFromGridsRule, user, { stationId: station }));
        expect(mayRealign(user, station), `${who} realigns ${station}`).toBe(await ask(realignStationRule, user, { station }));
        // notices are handled by the notified station (policy handleNoticeRule), like realigning
        expect(mayHandleNotice(user, station), `${who} handles ${station}`).toBe(user.role === 'admin' || String(station) === user.scope);
      }
    }
    expect(zoneStations(users[4], [{ id: a }, { id: b }])).toEqual([{ id: a }]);
    expect(zoneStations(users[0], [{ id: a }, { id: b }])).toHaveLength(2);
    expect(zoneStations(users[2], [{ id: a }, { id: b }])).toEqual([]);
  });
});
