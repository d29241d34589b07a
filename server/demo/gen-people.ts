/**
 * Facilities (police rooms, posts) and staff with assignments for the demo city, with
 * realistic gaps: communities without a room, grids without a post, vacant beats,
 * communities without a director assistant, and a few overloaded officers.
 * Only synthetic staff data: names, a unit, party membership and an office phone number.
 */
import type { DemoAssignment, DemoFeature, DemoStaff } from './types.ts';
import type { AdminCity } from './gen-admin.ts';
import type { PolicePlan } from './gen-police.ts';
import { samplePointsInside } from './gen-geometry.ts';
import { personName } from './gen-names.ts';
import type { Rng } from './gen-random.ts';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** A date between 2019-01-01 and 2026-10-28 (YYYY-MM-DD). */
function pastDate(rng: Rng, fromYear = 2019): string {
  const year = rng.int(fromYear, 2026);
  const month = rng.int(1, year === 2026 ? 10 : 12);
  return `${year}-${pad(month, 2)}-${pad(rng.int(1, 28), 2)}`;
}

const phone = (rng: Rng): string => `0435-3${pad(rng.int(0, 999_999), 6)}`;

export interface People { facilities: DemoFeature[]; staff: DemoStaff[]; assignments: DemoAssignment[] }

/** Police rooms in most communities, posts in many grids, officers, aux officers and grid workers. */
export function generatePeople(admin: AdminCity, police: PolicePlan, rng: Rng): People {
  const stationOfTownship = new Map<string, string>();
  for (const s of police.stations) for (const t of s.townshipIdx) stationOfTownship.set(admin.townships[t].code, s.code);
  const stationOf = (code: string): string => stationOfTownship.get(code.slice(0, 12))!;

  const facilities: DemoFeature[] = [];
  for (const c of admin.communities) {
    if (rng.chance(0.13)) continue; // no police room yet
    const r = rng.next();
    const status = r < 0.12 ? 'planned' : r < 0.4 ? 'built' : 'staffed';
    facilities.push({
      key: `police-rooms:${c.code}R`, layer: 'police-rooms', code: `${c.code}R`, name: `${c.name}警务室`,
      parentKey: `communities:${c.code}`, stationKey: `stations:${stationOf(c.code)}`,
      props: { status, openedOn: status === 'planned' ? null : pastDate(rng), staffCount: status === 'staffed' ? rng.int(1, 3) : 0, site: `${c.name}党群服务中心` },
      geometry: { type: 'Point', coordinates: [c.seat[0], c.seat[1]] },
    });
  }
  for (const g of admin.grids) {
    const urban = g.props.kind === 'urban';
    if (!rng.chance(urban ? 0.6 : 0.3)) continue;
    const [p] = samplePointsInside(g.mp, 1, rng);
    const r = rng.next();
    const status = r < 0.2 ? 'planned' : r < 0.5 ? 'built' : 'staffed';
    const type = urban ? 'station' : 'post';
    facilities.push({
      key: `police-posts:${g.code}S`, layer: 'police-posts', code: `${g.code}S`, name: `${g.name}${urban ? '警务站' : '警务岗'}`,
      parentKey: `grids:${g.code}`, stationKey: `stations:${stationOf(g.code)}`,
      props: { type, status, openedOn: status === 'planned' ? null : pastDate(rng, 2021), staffCount: status === 'staffed' ? rng.int(1, 2) : 0 },
      geometry: { type: 'Point', coordinates: [p[0], p[1]] },
    });
  }

  const staff: DemoStaff[] = [];
  const assignments: DemoAssignment[] = [];
  const assign = (staffKey: string, role: DemoAssignment['role'], targetKey: string): void => {
    assignments.push({ staffKey, role, targetKey, since: pastDate(rng, 2020) });
  };
  const beatOfficer = new Map<number, DemoStaff>();
  police.stations.forEach((s) => {
    const beatIdx = police.beats.map((b, i) => (b.stationCode === s.code ? i : -1)).filter((i) => i >= 0);
    const officers: DemoStaff[] = [];
    const n = beatIdx.length + rng.int(2, 4);
    for (let i = 1; i <= n; i++) {
      const o: DemoStaff = { key: `staff:${s.code}-M${pad(i, 3)}`, kind: 'officer', code: `${s.code}-M${pad(i, 3)}`, name: personName(rng), unitKey: `stations:${s.code}`, partyMember: rng.chance(0.62), phone: phone(rng) };
      officers.push(o);
      staff.push(o);
    }
    let next = 0;
    for (const b of beatIdx) {
      if (rng.chance(0.06)) continue; // vacant beat
      const o = beatOfficer.size > 0 && rng.chance(0.04) && next > 0 ? officers[next - 1] : officers[next++]; // occasionally one officer holds two beats
      beatOfficer.set(b, o);
      assign(o.key, 'beatOfficer', `beats:${police.beats[b].code}`);
    }
    let aux = 0;
    for (const z of police.auxGrids) {
      if (z.stationCode !== s.code || rng.chance(0.07)) continue;
      aux++;
      const a: DemoStaff = { key: `staff:${s.code}-F${pad(aux, 3)}`, kind: 'auxOfficer', code: `${s.code}-F${pad(aux, 3)}`, name: personName(rng), unitKey: `stations:${s.code}`, partyMember: rng.chance(0.3), phone: phone(rng) };
      staff.push(a);
      assign(a.key, 'auxGrid', `aux-grids:${z.code}`);
    }
  });

  admin.grids.forEach((g, i) => {
    const o = beatOfficer.get(police.beatOfGrid[i]);
    if (o) assign(o.key, 'partTimeGridWorker', `grids:${g.code}`);
  });

  const nonParty = new Map<string, DemoStaff[]>();
  for (const o of staff) if (o.kind === 'officer' && !o.partyMember) {
    const list = nonParty.get(o.unitKey) ?? [];
    list.push(o);
    nonParty.set(o.unitKey, list);
  }
  const rr = new Map<string, number>();
  for (const c of admin.communities) {
    const unit = `stations:${stationOf(c.code)}`;
    const pool = nonParty.get(unit);
    if (!pool?.length || rng.chance(0.1)) continue; // vacancy
    const k = rr.get(unit) ?? 0;
    rr.set(unit, k + 1);
    assign(pool[k % pool.length].key, 'directorAssistant', `communities:${c.code}`);
  }

  const workersPerCommunity = new Map<string, number>();
  for (const g of admin.grids) {
    if (rng.chance(0.04)) continue;
    const c = g.parentCode!;
    const k = (workersPerCommunity.get(c) ?? 0) + 1;
    workersPerCommunity.set(c, k);
    const w: DemoStaff = { key: `staff:${c}-W${pad(k, 2)}`, kind: 'gridWorker', code: `${c}-W${pad(k, 2)}`, name: personName(rng), unitKey: `communities:${c}`, partyMember: rng.chance(0.4), phone: phone(rng) };
    staff.push(w);
    assign(w.key, 'gridWorker', `grids:${g.code}`);
  }
  return { facilities, staff, assignments };
}
