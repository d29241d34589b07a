import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import type { User } from '../http/user.ts';
import { CITY } from './roles.ts';
import { countyLabel, countyOf, countyOfId, featureLabel, type FeatureRef } from './scope.ts';

/**
 * Who may write what: the scope rules shared by the route policy (a cheap early check) and
 * the commit hook (the authoritative check on the real before/after images, so merges,
 * splits, imports and reverts cannot bypass them).
 */

/** An authorization answer: allowed, or refused with a sentence saying why. */
export type Decision = { ok: true } | { ok: false; why: string };

export const ALLOW: Decision = { ok: true };
/** A refusal with its reason. */
export function deny(why: string): Decision {
  return { ok: false, why };
}

/** Layers civil affairs edits (administrative hierarchy below the county). */
export const CIVIL_AFFAIRS_LAYERS: ReadonlySet<LayerName> = new Set(['townships', 'communities', 'grids']);
/** Facility layers: civil affairs may change only their community/grid link. */
export const FACILITY_LAYERS: ReadonlySet<LayerName> = new Set(['police-rooms', 'police-posts']);
/** Layers a police station edits when it owns the feature. */
export const POLICE_STATION_LAYERS: ReadonlySet<LayerName> = new Set(['beats', 'aux-grids', 'police-rooms', 'police-posts']);

/** `police-station user of station 12`, `civil-affairs user of county 220502 (东昌区)`… */
export function userLabel(db: Db, user: User): string {
  if (user.role === 'police-station') return `police-station user ${user.username} of station ${user.scope}`;
  if (user.scope === CITY) return `${user.role} user ${user.username} (city-wide)`;
  return `${user.role} user ${user.username} of ${countyLabel(db, user.scope)}`;
}

/** The layers `user` may write at all (before scope checks). */
export function writableLayers(user: User): LayerName[] {
  switch (user.role) {
    case 'admin':
      return ['counties', 'townships', 'communities', 'grids', 'stations', 'beats', 'aux-grids', 'police-rooms', 'police-posts'];
    case 'civil-affairs':
      return [...CIVIL_AFFAIRS_LAYERS, ...FACILITY_LAYERS];
    case 'police-station':
      return [...POLICE_STATION_LAYERS];
    default:
      return [];
  }
}

const VERB = { create: 'create', update: 'edit', retire: 'delete', restore: 'restore' } as const;
export type WriteOp = keyof typeof VERB;

function ownerText(stationId: number | null): string {
  return stationId === null ? 'owned by no station' : `owned by station ${stationId}`;
}

/**
 * May `user` apply `op` to a feature whose stored state is `before` and new state `after`
 * (either may be null: create / delete)? `changed` lists the fields that change (code, name,
 * parentId, stationId, props, geometry); undefined skips the field-level check.
 */
export function checkFeatureWrite(
  db: Db,
  user: User,
  op: WriteOp,
  before: FeatureRef | null,
  after: FeatureRef | null,
  changed?: string[],
): Decision {
  if (user.role === 'admin') return ALLOW;
  const subject = (before ?? after)!;
  const label = featureLabel(before ?? after!);
  const who = userLabel(db, user);
  if (user.role === 'leadership') return deny(`${who} is read-only and cannot ${VERB[op]} ${label}`);
  const layer = subject.layer;

  if (user.role === 'police-station') {
    if (!POLICE_STATION_LAYERS.has(layer)) {
      return deny(`${who} cannot ${VERB[op]} ${label}: police stations edit only their own beats, aux-grids, police rooms and posts`);
    }
    const own = Number(user.scope);
    if (before && before.stationId !== own) return deny(`${who} cannot ${VERB[op]} ${label} ${ownerText(before.stationId)}`);
    if (after && after.stationId !== own) {
      return deny(before ? `${who} cannot hand ${label} over to ${after.stationId === null ? 'no station' : `station ${after.stationId}`}` : `${who} cannot create ${label} ${ownerText(after.stationId)}`);
    }
    return ALLOW;
  }

  // civil-affairs
  if (FACILITY_LAYERS.has(layer)) {
    if (op !== 'update') return deny(`${who} cannot ${VERB[op]} ${label}: civil affairs may only change the community/grid link of police rooms and posts`);
    const others = (changed ?? []).filter((f) => f !== 'parentId');
    if (others.length) {
      return deny(`${who} may change only the community/grid link (parentId) of ${label}, not its ${others.join(', ')}`);
    }
  } else if (!CIVIL_AFFAIRS_LAYERS.has(layer)) {
    const owner = layer === 'counties' || layer === 'stations' ? 'the admin' : 'police stations';
    return deny(`${who} cannot ${VERB[op]} ${label}: ${layer} are edited by ${owner}`);
  }
  if (user.scope === CITY) return ALLOW;
  for (const img of [before, after]) {
    if (!img) continue;
    const county = countyOf(db, img);
    if (county !== user.scope) {
      const where = county === null ? 'outside any county it can be placed in' : `in ${countyLabel(db, county)}`;
      const moving = img === after && before ? ' (its new place)' : '';
      return deny(`${who} cannot ${VERB[op]} ${label}${moving}: it lies ${where}`);
    }
  }
  return ALLOW;
}

/** The staff fields scope checks need. */
export interface StaffRef {
  id?: number;
  kind: 'officer' | 'auxOfficer' | 'gridWorker';
  code?: string;
  unitId: number | null;
}

function staffLabel(s: StaffRef): string {
  const noun = s.kind === 'gridWorker' ? 'grid worker' : s.kind === 'officer' ? 'officer' : 'auxiliary officer';
  return s.id !== undefined ? `${noun} ${s.code ?? ''} (id ${s.id})`.replace('  ', ' ') : `a new ${noun}`;
}

/**
 * May `user` write a staff record? Police stations manage their own officers and auxiliary
 * officers (unit = the station); civil affairs manages grid workers of communities in scope.
 */
export function checkStaffWrite(db: Db, user: User, op: WriteOp, before: StaffRef | null, after: StaffRef | null): Decision {
  if (user.role === 'admin') return ALLOW;
  const who = userLabel(db, user);
  const label = staffLabel((before ?? after)!);
  if (user.role === 'leadership') return deny(`${who} is read-only and cannot ${VERB[op]} ${label}`);
  for (const s of [before, after]) {
    if (!s) continue;
    if (user.role === 'police-station') {
      if (s.kind === 'gridWorker') return deny(`${who} cannot ${VERB[op]} ${label}: grid workers are managed by civil affairs`);
      if (s.unitId !== Number(user.scope)) return deny(`${who} cannot ${VERB[op]} ${label} of station ${s.unitId ?? 'none'}`);
    } else {
      if (s.kind !== 'gridWorker') return deny(`${who} cannot ${VERB[op]} ${label}: officers are managed by their police station`);
      if (user.scope !== CITY) {
        const county = s.unitId === null ? null : countyOfId(db, s.unitId);
        if (county !== user.scope) return deny(`${who} cannot ${VERB[op]} ${label}: its community lies in ${countyLabel(db, county)}`);
      }
    }
  }
  return ALLOW;
}

/** The assignment fields scope checks need. */
export interface AssignmentRef {
  id?: number;
  staffId: number;
  role: string;
  targetId: number;
}

/**
 * May `user` write an assignment? Decided by the assigned staff member (as for staff writes);
 * a police station may also only put its people on beats/aux-grids it owns.
 */
export function checkAssignmentWrite(db: Db, user: User, op: WriteOp, before: AssignmentRef | null, after: AssignmentRef | null): Decision {
  if (user.role === 'admin') return ALLOW;
  const who = userLabel(db, user);
  const a = (before ?? after)!;
  const label = a.id !== undefined ? `assignment ${a.id}` : 'a new assignment';
  if (user.role === 'leadership') return deny(`${who} is read-only and cannot ${VERB[op]} ${label}`);
  for (const img of [before, after]) {
    if (!img) continue;
    const staff = db.prepare('SELECT id, kind, code, unit_id AS unitId FROM staff WHERE id = ?').get(img.staffId) as StaffRef | undefined;
    if (!staff) return deny(`${who} cannot ${VERB[op]} ${label}: staff ${img.staffId} does not exist`);
    const d = checkStaffWrite(db, user, 'update', staff, null);
    if (!d.ok) return deny(`${who} cannot ${VERB[op]} ${label}: ${d.why.replace(`${who} cannot edit `, 'it concerns ')}`);
    if (user.role === 'police-station') {
      const t = db.prepare('SELECT layer, station_id FROM features WHERE id = ?').get(img.targetId) as { layer: LayerName; station_id: number | null } | undefined;
      if (t && (t.layer === 'beats' || t.layer === 'aux-grids') && t.station_id !== Number(user.scope)) {
        return deny(`${who} cannot ${VERB[op]} ${label}: its target ${t.layer} ${img.targetId} is ${ownerText(t.station_id)}`);
      }
    }
  }
  return ALLOW;
}
