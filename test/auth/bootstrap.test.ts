import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapAccounts } from '../../server/auth/bootstrap.ts';
import { verifyPassword } from '../../server/auth/password.ts';
import { findUser } from '../../server/auth/users.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { AUTH, authCity } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'beatgrid-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('first start', () => {
  it('creates admin with a one-time password printed once, and the demo accounts file matching the database', async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    seedDemoCity(db, authCity());
    const printed: string[] = [];
    const file = join(dir, 'demo-users.json');
    const r = await Promise.resolve(bootstrapAccounts(db, { demo: true, demoUsersFile: file, scryptN: 1024, print: (l) => printed.push(l) }));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(`password: ${r.admin!.password}`);
    const admin = findUser(db, 'admin')!;
    expect(admin.must_change_password).toBe(1);
    expect(await verifyPassword(r.admin!.password, admin.password_hash)).toBe(true);
    expect(admin.password_hash).not.toContain(r.admin!.password);

    const list = JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string; role: string; scope: string }[];
    expect(Object.keys(list[0]).sort()).toEqual(['password', 'role', 'scope', 'username']);
    expect(new Set(list.map((u) => u.role))).toEqual(new Set(['admin', 'civil-affairs', 'police-station', 'leadership']));
    for (const u of list) {
      const row = findUser(db, u.username)!;
      expect(row, u.username).toBeTruthy();
      expect({ role: row.role, scope: row.scope, demo: row.demo }).toEqual({ role: u.role, scope: u.scope, demo: 1 });
      expect(await verifyPassword(u.password, row.password_hash), u.username).toBe(true);
    }
    const station = (code: string) => String((db.prepare("SELECT id FROM features WHERE layer = 'stations' AND code = ?").get(code) as { id: number }).id);
    expect(list.find((u) => u.username === 'police-ps-dc-01')!.scope).toBe(station(AUTH.stationA));
    expect(list.find((u) => u.username === 'police-ps-dc-02')!.scope).toBe(station(AUTH.stationA2));
    expect(list.find((u) => u.username === 'police-ps-th-01')!.scope).toBe(station(AUTH.stationB));
    expect(list.find((u) => u.username === 'civil-dongchang')!.scope).toBe(AUTH.countyA);
    expect(list.find((u) => u.username === 'leader-dongchang')!.scope).toBe(AUTH.countyA);

    // a second start changes nothing and prints nothing
    const again = bootstrapAccounts(db, { demo: true, demoUsersFile: file, scryptN: 1024, print: (l) => printed.push(l) });
    expect(again.admin).toBeUndefined();
    expect(again.created).toEqual([]);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(list);
    const audited = db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'user.create'").get() as { n: number };
    expect(audited.n).toBe(list.length + 1);
    expect(JSON.stringify(db.prepare('SELECT summary FROM audit').all())).not.toContain(r.admin!.password);
  });

  it('without the demo city only the admin exists', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const r = bootstrapAccounts(db, { demo: false, scryptN: 1024, print: () => {} });
    expect(r.created).toEqual(['admin']);
    expect(r.demoUsers).toEqual([]);
  });
});
