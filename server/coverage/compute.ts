import { computeGridDistances, isServing } from './distance.ts';
import type {
  AdminUnit,
  CoverageInput,
  CoverageLevel,
  CoverageRow,
  GridDistance,
  Overload,
  Ratio,
  Vacancy,
} from './types.ts';

/**
 * The coverage analysis (警务阵地全覆盖 / 一村（格）一警) as a pure function of plain inputs.
 *
 * Definitions (documented in docs/coverage.md as well):
 * - a community **has a room** when a police room with status `built` or `staffed` belongs to
 *   it; one whose rooms are all `planned` counts in `roomPlannedOnly` instead. Same for grids
 *   and posts.
 * - a grid **has an officer** (一村（格）一警) when an officer (staff kind `officer`) has a live
 *   assignment that covers it: `partTimeGridWorker` on the grid itself or on its community
 *   (一村一警: a village's officer serves all its grids), or `beatOfficer` on a beat that covers
 *   the grid (the grid's representative point lies in the beat).
 * - a community **has a director assistant** when a non-party-member officer is assigned to it
 *   as `directorAssistant` (the notice asks non-party-member officers to serve as 主任助理);
 *   party members in that role are counted in `partyMemberAssistants`.
 * - **part-time grid workers**: officers and aux officers of the unit's stations with at least
 *   one live `partTimeGridWorker` assignment — or, for aux officers, an `auxGrid` assignment
 *   (an aux officer placed in a 警格/grid serves that grid) — of all of them (county and city
 *   rows only: staff belong to stations, which belong to counties).
 * - an officer is **overloaded** when the distinct grids they serve (as above) exceed
 *   `settings.maxGridsPerOfficer`.
 * - **aligned**: grids whose alignment status is `aligned`, of grids with a status.
 * - **reach**: grid area whose representative point is within the reach distance of a serving
 *   room or post (urban counties `urbanReachM`, others `ruralReachM`).
 */
export interface CoverageAnalysis {
  rows: Record<CoverageLevel, CoverageRow[]>;
  vacancies: Vacancy[];
  overloads: Overload[];
  distances: GridDistance[];
  /** whether alignment / notices data was present */
  hasAlignment: boolean;
  hasNotices: boolean;
}

interface Counts {
  communities: number;
  grids: number;
  room: number;
  roomPlannedOnly: number;
  post: number;
  postPlannedOnly: number;
  officer: number;
  assistant: number;
  partyAssistant: number;
  alignedKnown: number;
  aligned: number;
  noticesOpen: number;
  noticesOverdue: number;
  reachArea: number;
  areaWithGeometry: number;
  gridsWithGeometry: number;
  overloaded: Set<number>;
}

function emptyCounts(): Counts {
  return {
    communities: 0, grids: 0, room: 0, roomPlannedOnly: 0, post: 0, postPlannedOnly: 0, officer: 0,
    assistant: 0, partyAssistant: 0, alignedKnown: 0, aligned: 0, noticesOpen: 0, noticesOverdue: 0,
    reachArea: 0, areaWithGeometry: 0, gridsWithGeometry: 0, overloaded: new Set(),
  };
}

/** n of `of` as a Ratio (share rounded to 4 decimals; null when `of` is 0). */
export function ratio(n: number, of: number): Ratio {
  return { n, of, share: of === 0 ? null : Math.round((n / of) * 10000) / 10000 };
}

const LEVEL_OF_LAYER = { counties: 'county', townships: 'township', communities: 'community', grids: 'grid' } as const;

/** Runs the whole analysis. Throws on inconsistent input (a grid whose parent is not a community...). */
export function analyseCoverage(input: CoverageInput): CoverageAnalysis {
  const units = new Map<number, AdminUnit>(input.units.map((u) => [u.id, u]));
  const countyOf = new Map<number, AdminUnit | null>();
  /** the chain of ancestors of a unit (itself first, up to its county) */
  const chainCache = new Map<number, AdminUnit[]>();
  const chain = (u: AdminUnit): AdminUnit[] => {
    const cached = chainCache.get(u.id);
    if (cached) return cached;
    const out: AdminUnit[] = [u];
    let cur = u;
    for (let guard = 0; cur.parentId !== null && guard < 8; guard++) {
      const p = units.get(cur.parentId);
      if (!p) break;
      out.push(p);
      cur = p;
    }
    chainCache.set(u.id, out);
    countyOf.set(u.id, out.find((x) => x.layer === 'counties') ?? null);
    return out;
  };
  const countyCode = (u: AdminUnit): string | null => {
    chain(u);
    return countyOf.get(u.id)?.code ?? null;
  };

  const grids = input.units.filter((u) => u.layer === 'grids');
  const communities = input.units.filter((u) => u.layer === 'communities');
  const gridsOfCommunity = new Map<number, number[]>();
  for (const g of grids) {
    if (g.parentId === null) continue;
    const list = gridsOfCommunity.get(g.parentId) ?? [];
    list.push(g.id);
    gridsOfCommunity.set(g.parentId, list);
  }

  // facilities
  const roomState = new Map<number, 'serving' | 'planned'>();
  const postState = new Map<number, 'serving' | 'planned'>();
  for (const f of input.facilities) {
    if (f.parentId === null) continue;
    const m = f.kind === 'room' ? roomState : postState;
    if (isServing(f)) m.set(f.parentId, 'serving');
    else if (!m.has(f.parentId)) m.set(f.parentId, 'planned');
  }

  // staff and who serves which grid
  const staff = new Map(input.staff.map((s) => [s.id, s]));
  const beatGrids = new Map(input.beats.map((b) => [b.id, b.gridIds]));
  const gridsServedBy = new Map<number, Set<number>>(); // officer → grids
  const assistantOf = new Map<number, 'nonParty' | 'party'>(); // community → best assistant
  const partTimers = new Set<number>();
  for (const a of input.assignments) {
    const s = staff.get(a.staffId);
    if (!s) continue;
    const ptgw = a.role === 'partTimeGridWorker' && (s.kind === 'officer' || s.kind === 'auxOfficer');
    if (ptgw || (a.role === 'auxGrid' && s.kind === 'auxOfficer')) partTimers.add(s.id);
    if (s.kind !== 'officer') continue;
    let served: number[] = [];
    if (a.role === 'partTimeGridWorker') {
      const target = units.get(a.targetId);
      if (target?.layer === 'grids') served = [target.id];
      else if (target?.layer === 'communities') served = gridsOfCommunity.get(target.id) ?? [];
    } else if (a.role === 'beatOfficer') {
      served = beatGrids.get(a.targetId) ?? [];
    } else if (a.role === 'directorAssistant') {
      const target = units.get(a.targetId);
      if (target?.layer === 'communities') {
        const kind = s.partyMember ? 'party' : 'nonParty';
        if (assistantOf.get(target.id) !== 'nonParty') assistantOf.set(target.id, kind);
      }
    }
    if (served.length) {
      const set = gridsServedBy.get(s.id) ?? new Set<number>();
      for (const g of served) set.add(g);
      gridsServedBy.set(s.id, set);
    }
  }
  const officersOfGrid = new Map<number, number[]>();
  for (const [officer, set] of gridsServedBy) {
    for (const g of set) {
      const list = officersOfGrid.get(g) ?? [];
      list.push(officer);
      officersOfGrid.set(g, list);
    }
  }
  const max = input.settings.maxGridsPerOfficer;
  const overloadedOfficers = new Set([...gridsServedBy].filter(([, set]) => set.size > max).map(([id]) => id));

  // distances
  const distances = input.gridGeometry
    ? computeGridDistances(
        grids.map((g) => ({ id: g.id, code: g.code, countyCode: countyCode(g) })),
        input.gridGeometry,
        input.facilities,
        input.settings,
      )
    : [];
  const distanceOf = new Map(distances.map((d) => [d.gridId, d]));

  // accumulate per unit (key: unit id; city under key 0)
  const counts = new Map<number, Counts>();
  const bump = (ids: number[], f: (c: Counts) => void) => {
    for (const id of ids) {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = emptyCounts()));
      f(c);
    }
  };
  const CITY = 0;
  for (const g of grids) {
    const ids = [...chain(g).map((u) => u.id), CITY];
    const post = postState.get(g.id);
    const hasOfficer = (officersOfGrid.get(g.id)?.length ?? 0) > 0;
    const status = input.alignment?.get(g.id);
    const dist = distanceOf.get(g.id);
    const overloadedHere = (officersOfGrid.get(g.id) ?? []).filter((o) => overloadedOfficers.has(o));
    bump(ids, (c) => {
      c.grids++;
      if (post === 'serving') c.post++;
      if (post === 'planned') c.postPlannedOnly++;
      if (hasOfficer) c.officer++;
      if (status !== undefined) {
        c.alignedKnown++;
        if (status === 'aligned') c.aligned++;
      }
      if (dist) {
        c.gridsWithGeometry++;
        c.areaWithGeometry += dist.areaM2;
        if (dist.withinReach) c.reachArea += dist.areaM2;
      }
      for (const o of overloadedHere) c.overloaded.add(o);
    });
  }
  for (const cm of communities) {
    const ids = [...chain(cm).map((u) => u.id), CITY];
    const room = roomState.get(cm.id);
    const assistant = assistantOf.get(cm.id);
    bump(ids, (c) => {
      c.communities++;
      if (room === 'serving') c.room++;
      if (room === 'planned') c.roomPlannedOnly++;
      if (assistant === 'nonParty') c.assistant++;
      if (assistant === 'party') c.partyAssistant++;
    });
  }
  for (const n of input.notices ?? []) {
    const grid = n.gridId !== null ? units.get(n.gridId) : undefined;
    const ids = grid ? chain(grid).map((u) => u.id) : n.countyId !== null ? [n.countyId] : [];
    bump([...ids, CITY], (c) => {
      if (n.open) c.noticesOpen++;
      if (n.overdue) c.noticesOverdue++;
    });
  }

  // part-time grid workers per county (by the staff member's station)
  const stationCounty = new Map(input.stations.map((s) => [s.id, s.countyId]));
  const ptCounty = new Map<number, { n: number; of: number }>();
  const ptCity = { n: 0, of: 0 };
  for (const s of input.staff) {
    if (s.kind !== 'officer' && s.kind !== 'auxOfficer') continue;
    const county = s.unitId !== null ? stationCounty.get(s.unitId) ?? null : null;
    const serving = partTimers.has(s.id) ? 1 : 0;
    ptCity.n += serving;
    ptCity.of++;
    if (county !== null) {
      const c = ptCounty.get(county) ?? { n: 0, of: 0 };
      c.n += serving;
      c.of++;
      ptCounty.set(county, c);
    }
  }

  const hasAlignment = input.alignment !== undefined;
  const hasNotices = input.notices !== undefined;
  const toRow = (level: CoverageLevel, unit: AdminUnit | null): CoverageRow => {
    const c = counts.get(unit ? unit.id : CITY) ?? emptyCounts();
    const pt = level === 'city' ? ptCity : level === 'county' && unit ? ptCounty.get(unit.id) ?? { n: 0, of: 0 } : null;
    return {
      level,
      id: unit ? unit.id : null,
      code: unit ? unit.code : 'city',
      name: unit ? unit.name : '',
      countyCode: unit ? countyCode(unit) : null,
      communities: c.communities,
      grids: c.grids,
      room: ratio(c.room, c.communities),
      roomPlannedOnly: c.roomPlannedOnly,
      post: ratio(c.post, c.grids),
      postPlannedOnly: c.postPlannedOnly,
      officer: ratio(c.officer, c.grids),
      directorAssistant: ratio(c.assistant, c.communities),
      partyMemberAssistants: c.partyAssistant,
      partTimeGridWorker: pt ? ratio(pt.n, pt.of) : null,
      aligned: hasAlignment ? ratio(c.aligned, c.alignedKnown) : null,
      noticesOpen: hasNotices ? c.noticesOpen : null,
      noticesOverdue: hasNotices ? c.noticesOverdue : null,
      vacantGrids: c.grids - c.officer,
      vacantCommunities: c.communities - c.assistant,
      overloadedOfficers: c.overloaded.size,
      reach:
        c.gridsWithGeometry > 0
          ? {
              areaM2: Math.round(c.reachArea),
              ofM2: Math.round(c.areaWithGeometry),
              share: Math.round((c.reachArea / c.areaWithGeometry) * 10000) / 10000,
            }
          : null,
    };
  };

  const rows: Record<CoverageLevel, CoverageRow[]> = { city: [toRow('city', null)], county: [], township: [], community: [], grid: [] };
  for (const u of input.units) rows[LEVEL_OF_LAYER[u.layer]].push(toRow(LEVEL_OF_LAYER[u.layer], u));
  for (const level of Object.keys(rows) as CoverageLevel[]) rows[level].sort((a, b) => a.code.localeCompare(b.code));

  const vacancies: Vacancy[] = [];
  const vacancy = (kind: Vacancy['kind'], u: AdminUnit) =>
    vacancies.push({ kind, id: u.id, code: u.code, name: u.name, countyCode: countyCode(u) });
  for (const g of grids) {
    if (!officersOfGrid.get(g.id)?.length) vacancy('grid-without-officer', g);
    if (postState.get(g.id) !== 'serving') vacancy('grid-without-post', g);
  }
  for (const cm of communities) {
    if (assistantOf.get(cm.id) !== 'nonParty') vacancy('community-without-assistant', cm);
    if (roomState.get(cm.id) !== 'serving') vacancy('community-without-room', cm);
  }
  vacancies.sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));

  const overloads: Overload[] = [...overloadedOfficers].map((id) => {
    const s = staff.get(id)!;
    const set = gridsServedBy.get(id)!;
    const countyCodes = new Set<string>();
    for (const g of set) {
      const u = units.get(g);
      const cc = u ? countyCode(u) : null;
      if (cc) countyCodes.add(cc);
    }
    return { staffId: id, code: s.code, name: s.name, grids: set.size, max, countyCodes: [...countyCodes].sort() };
  });
  overloads.sort((a, b) => b.grids - a.grids || a.code.localeCompare(b.code));

  return { rows, vacancies, overloads, distances, hasAlignment, hasNotices };
}
