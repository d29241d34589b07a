import type autocannon from 'autocannon';
import { apiLogin, demoUsers } from '../../test/e2e/support/login.ts';

/** The demo admin's session: cookie for every request, CSRF token for writes. */
export interface Session {
  cookie: string;
  csrfToken: string;
}

/** One endpoint (or a fixed sequence of requests, for the dashboard) to load. */
export interface Scenario {
  name: string;
  /** what it is, for the table */
  note: string;
  /** loaded with --heavy-connections instead of --connections */
  heavy: boolean;
  /** autocannon options for this scenario (url, connections and duration are added by the runner) */
  options: () => Partial<autocannon.Options> & { path?: string };
  /** the answers' 409s are edit conflicts, counted apart from the errors */
  conflictsExpected?: boolean;
  /** GET paths checked once before the run: each must answer 2xx JSON (catches a bench that loads the page instead) */
  probe: { paths: string[]; headers: Record<string, string> };
}

/** A feature of the demo city the bench reads and edits. */
interface PoolFeature {
  id: number;
  version: number;
  /** user properties (without the reserved ones), sent back unchanged with each edit */
  props: Record<string, unknown>;
  name: string;
}

/** Facts about the demo city the scenarios are built from. */
export interface DemoFacts {
  /** the county-level district whose bbox the layer reads use */
  district: { code: string; name: string; bbox: [number, number, number, number] };
  /** live grids whose bbox meets the district bbox (reads and edits go to these) */
  grids: PoolFeature[];
}

/** Logs in as the demo admin of data/demo-users.json. */
export async function loginDemoAdmin(url: string): Promise<Session> {
  const admin = demoUsers().find((u) => u.role === 'admin');
  if (!admin) throw new Error('data/demo-users.json has no admin account: the server must run with the demo city (BEATGRID_DEMO=1)');
  return apiLogin(url, admin);
}

/** GET JSON as the session's user; throws naming the path and status on a non-2xx answer. */
async function getJson<T>(url: string, path: string, s: Session): Promise<T> {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: s.cookie } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

const RESERVED = new Set(['code', 'name', 'layer', 'parentId', 'stationId', 'version', 'retiredAt']);

/**
 * Reads the demo city: the urban district 东昌区 (220502, the city seat: the densest grids),
 * else the first county, and the grids in its bbox.
 */
export async function discoverDemo(url: string, s: Session): Promise<DemoFacts> {
  type Fc = { features: { id: number; bbox?: number[]; properties: Record<string, unknown> }[] };
  const counties = await getJson<Fc>(url, '/api/layers/counties', s);
  const c = counties.features.find((f) => f.properties.code === '220502') ?? counties.features[0];
  if (!c?.bbox || c.bbox.length !== 4) throw new Error('the demo city has no county with a bbox: is the demo loaded?');
  const bbox = c.bbox as [number, number, number, number];
  const grids = await getJson<Fc>(url, `/api/layers/grids?bbox=${bbox.join(',')}`, s);
  if (grids.features.length < 10) throw new Error(`only ${grids.features.length} grids in the bbox of ${String(c.properties.name)}`);
  return {
    district: { code: String(c.properties.code), name: String(c.properties.name), bbox },
    grids: grids.features.map((f) => ({
      id: f.id,
      version: Number(f.properties.version),
      name: String(f.properties.name),
      props: Object.fromEntries(Object.entries(f.properties).filter(([k]) => !RESERVED.has(k))),
    })),
  };
}

/** What a browser sends (MapLibre's fetch): gzip is accepted. */
const BROWSER_GZIP = { 'accept-encoding': 'gzip, deflate, br' };

/** A bbox inside `b`: a window of `share` of its width/height at a pseudo-random place. */
export function windowIn(b: [number, number, number, number], share: number, r1: number, r2: number): [number, number, number, number] {
  const w = (b[2] - b[0]) * share;
  const h = (b[3] - b[1]) * share;
  const x = b[0] + (b[2] - b[0] - w) * r1;
  const y = b[1] + (b[3] - b[1] - h) * r2;
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return [r(x), r(y), r(x + w), r(y + h)];
}

/**
 * The scenarios, in the order they run. /api/health comes first (the baseline of the round);
 * edits come last, because every edit is a new change that ends the cached layer answers the
 * read scenarios are measured with.
 */
export function buildScenarios(facts: DemoFacts, s: Session): Scenario[] {
  const auth = { cookie: s.cookie };
  const bb = facts.district.bbox.join(',');
  const d = facts.district.name;
  const read = (name: string, path: string, note: string, headers: Record<string, string> = {}, heavy = false): Scenario => ({
    name,
    note,
    heavy,
    options: () => ({ method: 'GET', path, headers: { ...auth, ...headers } }),
    probe: { paths: [path], headers: { ...auth, ...headers } },
  });
  const layerReads = (['grids', 'beats', 'aux-grids'] as const).flatMap((layer) => [
    read(`${layer}-bbox`, `/api/layers/${layer}?bbox=${bb}`, `${d} bbox, no gzip`),
    read(`${layer}-bbox-gzip`, `/api/layers/${layer}?bbox=${bb}`, `${d} bbox, Accept-Encoding gzip`, BROWSER_GZIP),
  ]);

  // panning: every request a different window (a quarter of the district's width and height),
  // so every answer is computed afresh: the uncached path of a bbox read
  let panSeq = 0;
  const pan: Scenario = {
    name: 'grids-bbox-pan',
    note: 'a new ¼-district window per request (uncached), gzip',
    heavy: false,
    probe: { paths: [`/api/layers/grids?bbox=${windowIn(facts.district.bbox, 0.25, 0.5, 0.5).join(',')}`], headers: auth },
    options: () => ({
      headers: { ...auth, ...BROWSER_GZIP },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            const n = panSeq++;
            // a low-discrepancy sequence: windows spread over the district, none repeated
            const w = windowIn(facts.district.bbox, 0.25, (n * 0.6180339887) % 1, (n * 0.7548776662) % 1);
            return { ...req, path: `/api/layers/grids?bbox=${w.join(',')}` };
          },
        },
      ],
    }),
  };

  let readSeq = 0;
  const feature: Scenario = {
    name: 'feature',
    note: `one grid by id, ${facts.grids.length} grids of ${d} in turn`,
    heavy: false,
    probe: { paths: [`/api/layers/grids/${facts.grids[0].id}`], headers: auth },
    options: () => ({
      headers: auth,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/api/layers/grids/${facts.grids[readSeq++ % facts.grids.length].id}` }),
        },
      ],
    }),
  };

  // edits: PUT a grid's name (its props sent back unchanged) with If-Match; the grids of the
  // district in turn, so concurrent requests edit distinct features; versions follow the answers
  let editSeq = 0;
  const byId = new Map(facts.grids.map((g) => [g.id, g]));
  const edit: Scenario = {
    name: 'edit',
    note: `PUT a grid's name with If-Match, distinct grids of ${d}`,
    heavy: false,
    conflictsExpected: true,
    probe: { paths: [`/api/layers/grids/${facts.grids[0].id}`], headers: auth },
    options: () => ({
      headers: { ...auth, 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
      requests: [
        {
          method: 'PUT',
          setupRequest: (req) => {
            const n = editSeq++;
            const g = facts.grids[n % facts.grids.length];
            const body = JSON.stringify({ properties: { ...g.props, name: `${g.name}·${n % 7}` }, reason: 'bench:load edit' });
            return { ...req, path: `/api/layers/grids/${g.id}`, body, headers: { ...req.headers, 'if-match': `"${g.version}"` } };
          },
          onResponse: (status, body) => {
            try {
              const j = JSON.parse(body) as {
                id?: number;
                properties?: { version?: number };
                error?: { details?: { id?: number; currentVersion?: number } };
              };
              if (status === 200 && j.id !== undefined && j.properties?.version) byId.get(j.id)!.version = j.properties.version;
              const det = j.error?.details;
              if (status === 409 && det?.id !== undefined && det.currentVersion) byId.get(det.id)!.version = det.currentVersion;
            } catch {
              /* a non-JSON answer is counted as non-2xx by autocannon */
            }
          },
        },
      ],
    }),
  };

  const alignment = read('alignment', '/api/alignment?layer=beats', 'GET /api/alignment?layer=beats, whole city', {}, true);
  const alignmentDistrict = read(
    'alignment-district',
    `/api/alignment?layer=aux-grids&county=${facts.district.code}`,
    `aux-grids, county ${facts.district.code}`,
    {},
    true,
  );
  // what /dashboard loads (web/dashboard/store.ts load()): four requests, each connection in turn
  const dashboardPaths = ['/api/coverage?level=county', '/api/coverage?level=city', '/api/reports/status', '/api/reports/trend'];
  const dashboard: Scenario = {
    name: 'dashboard',
    note: 'the 4 API calls of /dashboard in turn, each counted',
    heavy: true,
    probe: { paths: dashboardPaths, headers: auth },
    options: () => ({ headers: { ...auth, ...BROWSER_GZIP }, requests: dashboardPaths.map((path) => ({ method: 'GET', path })) }),
  };

  return [
    read('health', '/api/health', 'baseline'),
    ...layerReads,
    pan,
    feature,
    alignment,
    alignmentDistrict,
    dashboard,
    edit,
  ];
}

/** Keeps the scenarios named in --only (exact names or prefixes, e.g. `grids` for all grids reads); health always. */
export function selectScenarios(all: Scenario[], only: string[]): Scenario[] {
  if (!only.length) return all;
  const unknown = only.filter((o) => !all.some((s) => s.name === o || s.name.startsWith(o)));
  if (unknown.length) throw new Error(`--only: no scenario named ${unknown.join(', ')}; there are ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => s.name === 'health' || only.some((o) => s.name === o || s.name.startsWith(o)));
}
