import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { CITY, type Role } from './roles.ts';

/** One line of data/demo-users.json (issue 6 contract). */
export interface DemoUserEntry {
  username: string;
  password: string;
  role: Role;
  /** county code, station id (as a string of digits), or 'city' */
  scope: string;
  /** who the account stands for (not part of the contract; helps people pick one) */
  displayName: string;
}

/** Latin names of Tonghua's county-level units, for readable usernames. */
const COUNTY_SLUG: Record<string, string> = {
  '220502': 'dongchang',
  '220503': 'erdaojiang',
  '220521': 'tonghuaxian',
  '220523': 'huinan',
  '220524': 'liuhe',
  '220581': 'meihekou',
  '220582': 'jian',
};

/** The urban district the demo centres on (东昌区). */
export const DEMO_HOME_COUNTY = '220502';

/**
 * A demo password: fixed per username (so a fresh start reproduces data/demo-users.json) and
 * clearly marked demo-only. NEVER use demo accounts outside a demo.
 */
export function demoPassword(username: string): string {
  return `demo-${createHash('sha256').update(`beatgrid demo account ${username}`).digest('hex').slice(0, 10)}`;
}

/**
 * The demo accounts for the city in `db`: a demo admin; one civil-affairs user per county and
 * one city-wide; police-station users for the first two stations of 东昌区 and the first
 * station of two other counties; leadership city-wide and for 东昌区. Station scopes are the
 * stations' database ids, looked up by code, so the list always matches the database.
 */
export function demoUserEntries(db: Db): DemoUserEntry[] {
  const counties = db
    .prepare("SELECT code, name FROM features WHERE layer = 'counties' AND retired_at IS NULL ORDER BY code")
    .all() as { code: string; name: string }[];
  if (counties.length === 0) return [];
  const slug = (code: string) => COUNTY_SLUG[code] ?? code;
  const out: Omit<DemoUserEntry, 'password'>[] = [{ username: 'demo-admin', role: 'admin', scope: CITY, displayName: '演示管理员' }];
  out.push({ username: 'civil-city', role: 'civil-affairs', scope: CITY, displayName: '市民政局（演示）' });
  for (const c of counties) out.push({ username: `civil-${slug(c.code)}`, role: 'civil-affairs', scope: c.code, displayName: `${c.name}民政局（演示）` });

  const home = counties.find((c) => c.code === DEMO_HOME_COUNTY) ?? counties[0];
  const stationsOf = (county: string) =>
    db
      .prepare(
        `SELECT s.id, s.code, s.name FROM features s JOIN features c ON c.id = s.parent_id
         WHERE s.layer = 'stations' AND s.retired_at IS NULL AND c.code = ? ORDER BY s.code`,
      )
      .all(county) as { id: number; code: string; name: string }[];
  const picked = stationsOf(home.code).slice(0, 2);
  for (const c of counties.filter((x) => x.code !== home.code).slice(0, 2)) picked.push(...stationsOf(c.code).slice(0, 1));
  for (const s of picked) {
    out.push({ username: `police-${s.code.toLowerCase()}`, role: 'police-station', scope: String(s.id), displayName: `${s.name}（演示）` });
  }
  out.push({ username: 'leader-city', role: 'leadership', scope: CITY, displayName: '市领导（演示）' });
  out.push({ username: `leader-${slug(home.code)}`, role: 'leadership', scope: home.code, displayName: `${home.name}领导（演示）` });
  return out.map((u) => ({ ...u, password: demoPassword(u.username) }));
}
