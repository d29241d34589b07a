import type { Hono } from 'hono';
import { createApp, type AppEnv } from '../../server/app.ts';
import { openDatabase, type Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import type { DemoCity } from '../../server/demo/types.ts';
import { parseEnv, type Env } from '../../server/env.ts';
import { miniCity } from '../fixtures/mini-city.ts';
import { bootstrapAccounts } from '../../server/auth/bootstrap.ts';
import type { DemoUserEntry } from '../../server/auth/demo-users.ts';
import type { AuthOptions } from '../../server/auth/install.ts';
import { hashPasswordSync } from '../../server/auth/password.ts';
import { isRole } from '../../server/auth/roles.ts';
import { insertUser } from '../../server/auth/users.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  /** JSON-serialised unless a string (sent as is, e.g. malformed JSON) */
  body?: unknown;
  headers?: Record<string, string>;
  /** false: leave out the X-CSRF-Token header (logged-in clients send it by default) */
  csrf?: boolean;
}

/** Reads a response as {@link ApiResponse}: the JSON body when it parses (else null) and the text. */
export async function toApiResponse<T = any>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** A way to call the app as one user (or logged out): adds its session cookie and CSRF token. */
export interface Client {
  username: string | null;
  csrfToken: string | null;
  request(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  json<T = any>(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
}

/** The account the default client of makeTestApp acts as (an admin). */
export const TEST_ADMIN = { username: 'local', password: 'local-admin-password' };

export interface TestApp {
  app: Hono<AppEnv>;
  db: Db;
  env: Env;
  /** raw request through app.request, logged in as {@link TEST_ADMIN} (cookie + CSRF token) */
  request(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  /** request and parse the JSON body (text kept too) */
  json<T = any>(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  /** live feature id by layer and code (throws if absent) */
  idOf(layer: string, code: string): number;
  close(): void;
  /** demo accounts of the fixture (username, password, role, scope); empty for 'empty' */
  users: DemoUserEntry[];
  /** logs in as a username or a role (the first demo account of that role) and returns its client */
  loginAs(who: string, password?: string): Promise<Client>;
  /** a client without a session */
  anonymous: Client;
  /** moves the auth clock (session expiry, rate-limit windows) forward */
  advanceClock(ms: number): void;
}

/**
 * An in-process app on a fresh in-memory database, migrated, with a fixture city loaded
 * ('mini' = test/fixtures/mini-city.ts, default; 'empty' = none; or any DemoCity).
 */
export function makeTestApp(
  opts: { fixture?: 'mini' | 'empty' | DemoCity; env?: Record<string, string>; auth?: AuthOptions } = {},
): TestApp {
  const db = openDatabase(':memory:');
  migrate(db);
  const fixture = opts.fixture ?? 'mini';
  if (fixture !== 'empty') seedDemoCity(db, fixture === 'mini' ? miniCity() : fixture);
  const env = parseEnv({ BEATGRID_DEMO: '0', ...opts.env });
  // accounts: the demo accounts of the fixture (cheap hashes) and the default client's admin
  const scryptN = 1024;
  const { demoUsers: users } = bootstrapAccounts(db, { demo: true, scryptN, print: () => {} });
  insertUser(db, { username: TEST_ADMIN.username, role: 'admin', scope: 'city', passwordHash: hashPasswordSync(TEST_ADMIN.password, scryptN) });
  let clockOffset = 0;
  const auth: AuthOptions = { ...opts.auth, config: { scryptN, ...opts.auth?.config }, now: () => Date.now() + clockOffset };
  const app = createApp({ db, env, version: 'test', auth });
  const raw = (method: string, path: string, o: RequestOptions = {}, session?: { cookie: string; csrfToken: string }) => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['Content-Type'] ??= 'application/json';
    }
    if (session) {
      headers.Cookie = headers.Cookie ? `${headers.Cookie}; ${session.cookie}` : session.cookie;
      if (o.csrf !== false) headers['X-CSRF-Token'] ??= session.csrfToken;
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  const client = (username: string | null, session?: { cookie: string; csrfToken: string }): Client => ({
    username,
    csrfToken: session?.csrfToken ?? null,
    request: (method, path, o) => raw(method, path, o, session),
    json: async (method, path, o) => toApiResponse(await raw(method, path, o, session)),
  });
  const login = async (username: string, password: string) => {
    const res = await raw('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login as ${username}: answered ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, csrfToken };
  };
  const loginAs = async (who: string, password?: string): Promise<Client> => {
    const entry = isRole(who) && who !== 'admin' ? users.find((u) => u.role === who) : users.find((u) => u.username === who);
    const username = who === 'admin' && !entry ? TEST_ADMIN.username : (entry?.username ?? who);
    const pw = password ?? (username === TEST_ADMIN.username ? TEST_ADMIN.password : entry?.password);
    if (pw === undefined) throw new Error(`loginAs: no known password for "${who}"`);
    return client(username, await login(username, pw));
  };
  let adminSession: Promise<{ cookie: string; csrfToken: string }> | null = null;
  const asAdmin = () => (adminSession ??= login(TEST_ADMIN.username, TEST_ADMIN.password));
  const request = async (method: string, path: string, o: RequestOptions = {}) => raw(method, path, o, await asAdmin());
  // t.app.request(...) also acts as the test admin unless the call brings its own Cookie header
  const appAsAdmin = new Proxy(app, {
    get(target, prop) {
      if (prop !== 'request') {
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return async (input: string | Request | URL, init?: RequestInit, ...rest: unknown[]) => {
        const headers = new Headers(init?.headers);
        if (!headers.has('Cookie')) {
          const session = await asAdmin();
          headers.set('Cookie', session.cookie);
          if (!headers.has('X-CSRF-Token')) headers.set('X-CSRF-Token', session.csrfToken);
        }
        return (target.request as (...a: unknown[]) => Response | Promise<Response>)(input, { ...init, headers }, ...rest);
      };
    },
  });
  return {
    app: appAsAdmin,
    db,
    env,
    request,
    async json(method, path, o) {
      return toApiResponse(await request(method, path, o));
    },
    users,
    loginAs,
    anonymous: client(null),
    advanceClock(ms) {
      clockOffset += ms;
    },
    idOf(layer, code) {
      const row = db.prepare('SELECT id FROM features WHERE layer = ? AND code = ? AND retired_at IS NULL').get(layer, code) as
        | { id: number }
        | undefined;
      if (!row) throw new Error(`fixture has no live ${layer} ${code}`);
      return row.id;
    },
    close: () => db.close(),
  };
}

/**
 * A fingerprint of everything a write can touch, to assert "no change in the database".
 */
export function dbFingerprint(db: Db): string {
  const q = (sql: string) => JSON.stringify(db.prepare(sql).all());
  return [
    q('SELECT id, layer, code, name, parent_id, station_id, props, geometry, version, retired_at FROM features ORDER BY id'),
    q('SELECT id, minx, miny, maxx, maxy FROM features_rtree ORDER BY id'),
    q('SELECT count(*) AS n, max(id) AS m FROM changes'),
    q('SELECT count(*) AS n, max(id) AS m FROM revisions'),
    q('SELECT count(*) AS n FROM lineage'),
    q('SELECT * FROM staff ORDER BY id'),
    q('SELECT * FROM assignments ORDER BY id'),
  ].join('\n');
}
