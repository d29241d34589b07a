import type { Db } from '../db/connection.ts';
import { isLayerName, type LayerName } from '../domain/layers.ts';
import type { User } from '../http/user.ts';
import { CITY, type Role } from './roles.ts';
import { countyLabel, countyOfId, featureRef } from './scope.ts';
import { LIMITS } from './limits.ts';
import { canReadStation, readCounty } from './read-scope.ts';
import {
  ALLOW,
  checkAssignmentWrite,
  checkFeatureWrite,
  checkStaffWrite,
  deny,
  userLabel,
  writableLayers,
  type Decision,
  type StaffRef,
  type WriteOp,
} from './write-rules.ts';

/**
 * THE policy table: one rule per API route, keyed by `METHOD /route/pattern` exactly as the
 * route is registered in Hono (see `app.routes`). The auth middleware looks the matched
 * route up here: a missing rule lets only the admin through (others get 403
 * `no_policy_rule`), and test/auth/matrix.test.ts fails for every route without a rule —
 * so a new route must add its line here.
 *
 * Rules answer quickly from the route, its params, query and (when needed) body. The
 * commit hook (commit-guard.ts) re-checks every write with the real before/after images.
 */

/** Header carrying the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** What a rule sees. */
export interface RuleContext {
  db: Db;
  user: User;
  method: string;
  pattern: string;
  params: Record<string, string>;
  query: (name: string) => string | undefined;
  /** the JSON body, or undefined when absent/malformed (the route reports that) */
  body: () => Promise<unknown>;
}

export type Rule = (ctx: RuleContext) => Decision | Promise<Decision>;

/** Marker: no session needed (login, health). */
export const PUBLIC = Symbol('public');
/** Marker: any session, even one that must change its password first (me, logout, password). */
export const SESSION_ONLY = Symbol('session-only');

export type PolicyEntry = Rule | typeof PUBLIC | typeof SESSION_ONLY;

// ---------------------------------------------------------------- rule builders

/** Any logged-in user (reads of shared map data). */
export const anyUser: Rule = () => ALLOW;

/** Only these roles. */
export function roles(...allowed: Role[]): Rule {
  return ({ db, user, method, pattern }) =>
    allowed.includes(user.role as Role)
      ? ALLOW
      : deny(`${userLabel(db, user)} cannot call ${method} ${pattern}: only ${allowed.join(' / ')} users may`);
}

/** Writers only: leadership is read-only everywhere. */
export const writers: Rule = ({ db, user, method, pattern }) =>
  user.role === 'leadership' ? deny(`${userLabel(db, user)} is read-only and cannot call ${method} ${pattern}`) : ALLOW;

function layerWriteDecision(db: Db, user: User, layer: string): Decision | null {
  if (!isLayerName(layer)) return null; // the route answers 404 unknown_layer
  if (user.role === 'leadership') return deny(`${userLabel(db, user)} is read-only and cannot write ${layer}`);
  if (!writableLayers(user).includes(layer)) {
    return deny(`${userLabel(db, user)} cannot write ${layer}: ${user.role} users edit ${writableLayers(user).join(', ') || 'nothing'}`);
  }
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** POST /api/layers/:layer — create: role may write the layer; parent/station (from the body) in scope. */
export const createFeatureRule: Rule = async ({ db, user, params, body }) => {
  const layer = params.layer;
  const early = layerWriteDecision(db, user, layer);
  if (early) return early;
  if (user.role === 'admin' || !isLayerName(layer)) return ALLOW;
  const b = (await body()) as { type?: unknown; properties?: unknown } | undefined;
  // not a Feature with properties: the route answers 400; the commit hook checks what gets written
  if (!b || typeof b !== 'object' || b.type !== 'Feature' || !b.properties || typeof b.properties !== 'object') return ALLOW;
  const props = b.properties as Record<string, unknown>;
  const parentId = num(props.parentId);
  const stationId = num(props.stationId);
  return checkFeatureWrite(db, user, 'create', null, { layer: layer as LayerName, code: typeof props.code === 'string' ? props.code : undefined, parentId, stationId });
};

/**
 * Import into :layer (upload, re-validate, apply, cancel): the role must write the layer (civil
 * affairs only re-links facilities, so it cannot import them). The multipart body is not read
 * here; the import validation checks every feature against the user's scope (county, own
 * station) and reports it per row, and the commit hook re-checks what apply writes.
 */
export const importRule: Rule = ({ db, user, params }) => {
  const early = layerWriteDecision(db, user, params.layer);
  if (early) return early;
  if (user.role === 'civil-affairs' && isLayerName(params.layer) && (params.layer === 'police-rooms' || params.layer === 'police-posts')) {
    return deny(`${userLabel(db, user)} cannot import ${params.layer}: civil affairs may only change the community/grid link of police rooms and posts`);
  }
  return ALLOW;
};

/** Writes to an existing feature named by :layer/:id (update, delete, revert). */
export function existingFeatureRule(op: WriteOp, idParam = 'id'): Rule {
  return ({ db, user, params }) => {
    if (user.role === 'admin') return ALLOW;
    if (params.layer !== undefined) {
      const early = layerWriteDecision(db, user, params.layer);
      if (early) return early;
    } else if (user.role === 'leadership') {
      return deny(`${userLabel(db, user)} is read-only`);
    }
    const id = num(params[idParam]);
    const f = id === null ? undefined : featureRef(db, id);
    if (!f || (params.layer !== undefined && f.layer !== params.layer)) return ALLOW; // the route answers 400/404
    // field-level limits (civil affairs on facilities) are checked on the real change by the commit hook
    return checkFeatureWrite(db, user, op, f, null, undefined);
  };
}

/** POST /api/grids/merge {ids}: every grid must be writable by the user. */
export const mergeGridsRule: Rule = async (ctx) => {
  const { db, user } = ctx;
  if (user.role === 'admin') return ALLOW;
  const early = layerWriteDecision(db, user, 'grids');
  if (early) return early;
  const b = (await ctx.body()) as { ids?: unknown } | undefined;
  const ids = Array.isArray(b?.ids) ? b!.ids.map(num).filter((x): x is number => x !== null) : [];
  // an over-long list is refused by the route (400) anyway: looking each id up first would let
  // one request hold the server for minutes (10^6 ids: 163 s, found by the fuzz test)
  if (ids.length > LIMITS.mergeGrids) return ALLOW;
  for (const id of ids) {
    const f = featureRef(db, id);
    if (!f) continue;
    const d = checkFeatureWrite(db, user, 'retire', f, null);
    if (!d.ok) return d;
  }
  return ALLOW;
};

/** Reads limited to the user's county: `?county=CODE` (or `:county`) must be in scope. */
export function countyScopedRead(param = 'county'): Rule {
  return ({ db, user, params, query }) => {
    const county = params[param] ?? query(param);
    if (!county || user.role === 'admin' || user.scope === CITY) return ALLOW;
    const own = user.role === 'police-station' ? countyOfId(db, Number(user.scope)) : user.scope;
    return county === own ? ALLOW : deny(`${userLabel(db, user)} cannot read ${countyLabel(db, county)}: outside its scope`);
  };
}

/**
 * Reads of shared map data, limited for county-scoped readers (leadership, civil affairs of
 * one county): a `?county=` filter must name their county and a `?station=` filter a station
 * in it (403 with the reason otherwise). Without a filter the route itself narrows the answer
 * to their county (auth/read-scope.ts). Everyone else reads the whole city.
 */
export const scopedRead: Rule = ({ db, user, query }) => {
  const own = readCounty(user);
  if (own === null) return ALLOW;
  const county = query('county');
  if (county !== undefined && county !== own) return deny(`${userLabel(db, user)} cannot read ${countyLabel(db, county)}: it reads ${countyLabel(db, own)} only`);
  const station = num(query('station'));
  if (station !== null && !canReadStation(db, user, station)) {
    return deny(`${userLabel(db, user)} cannot read station ${station}: it lies outside ${countyLabel(db, own)}`);
  }
  return ALLOW;
};

function noticeStation(db: Db, id: number): number | null | undefined {
  const cols = db.prepare("SELECT name FROM pragma_table_info('notices')").all() as { name: string }[];
  if (!cols.some((c) => c.name === 'station_id')) return undefined;
  const r = db.prepare('SELECT station_id FROM notices WHERE id = ?').get(id) as { station_id: number | null } | undefined;
  return r ? r.station_id : undefined;
}

/** Acknowledge / resolve a notice: its own police station (or admin). */
export const handleNoticeRule: Rule = ({ db, user, params }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role !== 'police-station') return deny(`${userLabel(db, user)} cannot handle notices: the notified police station does`);
  const id = num(params.id);
  const station = id === null ? undefined : noticeStation(db, id);
  if (station === undefined) return ALLOW; // the route answers 404
  return station === Number(user.scope) ? ALLOW : deny(`${userLabel(db, user)} cannot handle notice ${id}: it was sent to station ${station}`);
};

/** List notices: a police station may only ask for its own (`?station=`), a county reader for a station of its county. */
export const listNoticesRule: Rule = (ctx) => {
  const { db, user, query } = ctx;
  const station = query('station');
  if (user.role !== 'police-station') return scopedRead(ctx); // county readers: a station of their county
  if (station === undefined || station === user.scope) return ALLOW;
  return deny(`${userLabel(db, user)} cannot read the notices of station ${station}`);
};

/** Station-scoped operations on `:station` / `?station=` (e.g. realign a station's zones). */
export function stationScoped(op: 'read' | 'write', param = 'station'): Rule {
  return ({ db, user, params, query }) => {
    if (user.role === 'admin') return ALLOW;
    if (op === 'write' && user.role !== 'police-station') return deny(`${userLabel(db, user)} cannot change a police station's zones`);
    const station = params[param] ?? query(param);
    if (user.role !== 'police-station' || station === undefined) return ALLOW;
    return station === user.scope ? ALLOW : deny(`${userLabel(db, user)} cannot act for station ${station}`);
  };
}

/** Edit one grid named by :id (split, move a shared vertex): civil affairs in scope, admin. */
export const gridEditRule: Rule = ({ db, user, params }) => {
  if (user.role === 'admin') return ALLOW;
  const early = layerWriteDecision(db, user, 'grids');
  if (early) return early;
  const id = num(params.id);
  const f = id === null ? undefined : featureRef(db, id);
  return f && f.layer === 'grids' ? checkFeatureWrite(db, user, 'update', f, null) : ALLOW;
};

/** Build a beat / aux-grid from grids {stationId}: that station's users, admin. */
export const zoneFromGridsRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role !== 'police-station') return deny(`${userLabel(db, user)} cannot build police zones: police stations build their own`);
  const b = (await body()) as { stationId?: unknown } | undefined;
  const station = num(b?.stationId);
  if (station !== null && station !== Number(user.scope)) return deny(`${userLabel(db, user)} cannot build a zone for station ${station}`);
  return ALLOW;
};

/** File a county's monthly report {county}: civil affairs of that county (or city-wide), admin. */
export const fileReportRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role !== 'civil-affairs') return deny(`${userLabel(db, user)} cannot file monthly reports: civil affairs files them`);
  const b = (await body()) as { county?: unknown } | undefined;
  const county = typeof b?.county === 'string' ? b.county : undefined;
  if (county === undefined || user.scope === CITY || county === user.scope) return ALLOW;
  return deny(`${userLabel(db, user)} cannot file the report of ${countyLabel(db, county)}`);
};

/** Read one notice: its police station, and every other role (civil affairs, leadership, admin). */
export const readNoticeRule: Rule = ({ db, user, params }) => {
  if (user.role !== 'police-station') return ALLOW;
  const id = num(params.id);
  const station = id === null ? undefined : noticeStation(db, id);
  if (station === undefined) return ALLOW;
  return station === Number(user.scope) ? ALLOW : deny(`${userLabel(db, user)} cannot read notice ${id}: it was sent to station ${station}`);
};

function staffRef(db: Db, id: number | null): StaffRef | undefined {
  if (id === null) return undefined;
  return db.prepare('SELECT id, kind, code, unit_id AS unitId FROM staff WHERE id = ?').get(id) as StaffRef | undefined;
}

/** POST /api/staff {kind, unitId}: police stations add their officers, civil affairs grid workers in scope. */
export const createStaffRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  const b = (await body()) as { kind?: unknown; unitId?: unknown } | undefined;
  const kind = b?.kind === 'officer' || b?.kind === 'auxOfficer' || b?.kind === 'gridWorker' ? b.kind : undefined;
  if (user.role === 'leadership' || !kind) return user.role === 'leadership' ? deny(`${userLabel(db, user)} is read-only`) : ALLOW;
  return checkStaffWrite(db, user, 'create', null, { kind, unitId: num(b?.unitId) });
};

/** PUT / DELETE /api/staff/:id: the staff member must be the user's. */
export function existingStaffRule(op: WriteOp): Rule {
  return ({ db, user, params }) => {
    if (user.role === 'admin') return ALLOW;
    if (user.role === 'leadership') return deny(`${userLabel(db, user)} is read-only`);
    const s = staffRef(db, num(params.id));
    return s ? checkStaffWrite(db, user, op, s, null) : ALLOW;
  };
}

/** POST /api/assignments {staffId, role, targetId}: decided by the staff member (and target). */
export const createAssignmentRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role === 'leadership') return deny(`${userLabel(db, user)} is read-only`);
  const b = (await body()) as { staffId?: unknown; role?: unknown; targetId?: unknown } | undefined;
  const staffId = num(b?.staffId);
  const targetId = num(b?.targetId);
  if (staffId === null || targetId === null || !staffRef(db, staffId)) return ALLOW; // the route answers 400/404
  return checkAssignmentWrite(db, user, 'create', null, { staffId, role: String(b?.role ?? ''), targetId });
};

/** PUT / DELETE /api/assignments/:id. */
export function existingAssignmentRule(op: WriteOp): Rule {
  return ({ db, user, params }) => {
    if (user.role === 'admin') return ALLOW;
    if (user.role === 'leadership') return deny(`${userLabel(db, user)} is read-only`);
    const id = num(params.id);
    const a = id === null ? undefined : (db.prepare('SELECT id, staff_id AS staffId, role, target_id AS targetId FROM assignments WHERE id = ?').get(id) as
      | { id: number; staffId: number; role: string; targetId: number }
      | undefined);
    return a ? checkAssignmentWrite(db, user, op, a, null) : ALLOW;
  };
}

/** POST /api/alignment/realign {station}: admin, or that station's own users. */
export const realignStationRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role !== 'police-station') return deny(`${userLabel(db, user)} cannot realign police zones: each police station realigns its own`);
  const b = (await body()) as { station?: unknown } | undefined;
  const station = num(b?.station);
  return station !== null && String(station) !== user.scope ? deny(`${userLabel(db, user)} cannot realign the zones of station ${station}`) : ALLOW;
};

// ---------------------------------------------------------------- the table

const POLICY: Record<string, PolicyEntry> = {
  // public
  'GET /api/health': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  // own session
  'GET /api/auth/me': SESSION_ONLY,
  'POST /api/auth/logout': SESSION_ONLY,
  'POST /api/auth/password': SESSION_ONLY,
  // shared map data: every logged-in user reads it; county-scoped readers only their county
  // (lists narrowed, single features outside it answer 404: auth/read-scope.ts)
  'GET /api/config': anyUser,
  'GET /api/layers/:layer': scopedRead,
  'GET /api/layers/:layer/:id': anyUser,
  'GET /api/features/:layer/:id/history': anyUser,
  'GET /api/features/:layer/:id/related': anyUser,
  'GET /api/search': anyUser,
  // feature writes (scope re-checked in the commit hook)
  'POST /api/layers/:layer': createFeatureRule,
  'PUT /api/layers/:layer/:id': existingFeatureRule('update'),
  'DELETE /api/layers/:layer/:id': existingFeatureRule('retire'),
  'POST /api/features/:layer/:id/revert': existingFeatureRule('update'),
  // import / export (issue 7): imports need write permission on the layer (each feature is
  // scope-checked by the validation and the commit hook); an export is a scoped layer read
  'POST /api/layers/:layer/import': importRule,
  'POST /api/layers/:layer/import/:previewId': importRule,
  'POST /api/layers/:layer/import/:previewId/apply': importRule,
  'DELETE /api/layers/:layer/import/:previewId': importRule,
  'GET /api/layers/:layer/export': scopedRead,
  // grid merge / split / shared-vertex move, zones from grids, checks, change reverts (issue 4)
  'POST /api/grids/merge': mergeGridsRule,
  'POST /api/grids/:id/split': gridEditRule,
  'POST /api/grids/:id/move-vertex': gridEditRule,
  'POST /api/zones/from-grids': zoneFromGridsRule,
  'POST /api/edits/validate': writers,
  'POST /api/changes/:changeId/revert': writers,
  // notices (issue 4): a station sees and handles its own
  'GET /api/notices': listNoticesRule,
  'GET /api/notices/:id': readNoticeRule,
  'POST /api/notices/:id/ack': handleNoticeRule,
  'POST /api/notices/:id/resolve': handleNoticeRule,
  'GET /api/lineage/:layer/:id': anyUser,
  // alignment analysis (issue 3): shared reads; a station realigns its own zones
  'GET /api/alignment': scopedRead,
  'GET /api/alignment/grids': scopedRead,
  'GET /api/alignment/zones': scopedRead,
  'GET /api/alignment/mismatches': scopedRead,
  'GET /api/alignment/one-to-one': scopedRead,
  'GET /api/alignment/realign': scopedRead,
  'POST /api/alignment/realign': realignStationRule,
  // staff, assignments, facility import (issue 5)
  'GET /api/staff': anyUser,
  'GET /api/staff/:id': anyUser,
  'POST /api/staff': createStaffRule,
  'PUT /api/staff/:id': existingStaffRule('update'),
  'DELETE /api/staff/:id': existingStaffRule('retire'),
  'GET /api/assignments': anyUser,
  'GET /api/assignments/:id': anyUser,
  'POST /api/assignments': createAssignmentRule,
  'PUT /api/assignments/:id': existingAssignmentRule('update'),
  'DELETE /api/assignments/:id': existingAssignmentRule('retire'),
  // police stations create their rooms and posts; every row is re-checked by the commit hook
  'POST /api/facilities/import': roles('admin', 'police-station'),
  // coverage and reports (issue 5)
  'GET /api/coverage': scopedRead,
  'GET /api/coverage/vacancies': scopedRead,
  'GET /api/coverage/distance': scopedRead,
  'GET /api/reports/monthly': countyScopedRead(),
  'POST /api/reports/monthly/file': fileReportRule,
  'GET /api/reports/status': anyUser,
  'GET /api/reports/trend': scopedRead,
  // audit (issue 6)
  'GET /api/audit': roles('admin', 'leadership'),
  // accounts (admin)
  'GET /api/users': roles('admin'),
  'POST /api/users': roles('admin'),
  'PATCH /api/users/:username': roles('admin'),
  'POST /api/users/:username/password': roles('admin'),
};

/**
 * Reads that count as exports and are audited (action, entity and id from the query) when they
 * answer 200, e.g. a monthly report downloaded as XLSX or printable HTML.
 */
export const AUDITED_EXPORTS: Record<string, (query: (name: string) => string | undefined) => { action: string; entity: string; entityId: string } | null> = {
  // the layer is in the audited path (summary.path); the id names the file's selection
  'GET /api/layers/:layer/export': (q) => ({
    action: 'export.layer',
    entity: 'layer',
    entityId: [q('format') ?? 'geojson', q('crs'), q('county') && `county=${q('county')}`, q('station') && `station=${q('station')}`, q('ids') && `${q('ids')!.split(',').length} ids`]
      .filter(Boolean)
      .join(' '),
  }),
  'GET /api/reports/monthly': (q) => {
    const format = q('format') ?? 'json';
    return format === 'json' ? null : { action: 'export.report', entity: 'report', entityId: `${q('county') ?? '?'}/${q('month') ?? 'current'}.${format}` };
  },
};

/** The rule of a route key (`METHOD /pattern`), or undefined when it has none. */
export function policyFor(key: string): PolicyEntry | undefined {
  return Object.prototype.hasOwnProperty.call(POLICY, key) ? POLICY[key] : undefined;
}

/** Every route key with a rule (for the matrix test and docs). */
export function policyKeys(): string[] {
  return Object.keys(POLICY);
}

/**
 * Adds rules for routes a module registers itself. Prefer a line in the table above; this is
 * for modules that cannot edit it. Refuses to overwrite an existing rule.
 */
export function addPolicy(rules: Record<string, PolicyEntry>): void {
  for (const [key, rule] of Object.entries(rules)) {
    if (policyFor(key) !== undefined) throw new Error(`A policy rule for "${key}" already exists`);
    POLICY[key] = rule;
  }
}
