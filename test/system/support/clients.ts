/**
 * HTTP clients for the system tests: each client is its own logged-in session (its own cookie
 * and CSRF token, sent explicitly so the admin session that authenticateNodeFetch attaches to
 * bare requests never leaks in), and every request it makes is recorded (status, time) so a
 * test can report how many requests, conflicts and errors a burst produced.
 */
import { apiLogin, demoUsers, type DemoUser } from '../../e2e/support/login.ts';

/** One recorded response. */
export interface Exchange {
  client: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  /** the error code of an error body ({error: {code}}), if any */
  code?: string;
}

/** A response with its parsed JSON body. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Counts of a set of exchanges, for the reports the tests print. */
export interface Tally {
  requests: number;
  byStatus: Record<string, number>;
  conflicts: number;
  serverErrors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Everything all clients of a test did (shared log). */
export class Recorder {
  readonly log: Exchange[] = [];

  /** Counts of the exchanges since `from` (an index into the log). */
  tally(from = 0): Tally {
    const xs = this.log.slice(from);
    const byStatus: Record<string, number> = {};
    for (const x of xs) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
    const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
    const q = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : 0);
    return {
      requests: xs.length,
      byStatus,
      conflicts: xs.filter((x) => x.status === 409).length,
      serverErrors: xs.filter((x) => x.status >= 500).length,
      p50Ms: Math.round(q(0.5)),
      p99Ms: Math.round(q(0.99)),
      maxMs: Math.round(ms[ms.length - 1] ?? 0),
    };
  }

  /** The 5xx exchanges (should be none), for failure messages. */
  serverErrors(from = 0): Exchange[] {
    return this.log.slice(from).filter((x) => x.status >= 500);
  }
}

/** A logged-in user session talking JSON to the server. */
export class ApiClient {
  private constructor(
    readonly name: string,
    readonly user: DemoUser,
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
    private readonly recorder: Recorder,
  ) {}

  /** Logs `user` in (a new session each call) and returns a client for it. */
  static async login(baseUrl: string, user: DemoUser, recorder: Recorder, name = user.username): Promise<ApiClient> {
    const s = await apiLogin(baseUrl, user);
    if (!s.cookie) throw new Error(`login as ${user.username} gave no session cookie`);
    return new ApiClient(name, user, baseUrl, s.cookie, s.csrfToken, recorder);
  }

  /** Sends a request; never throws on an HTTP error status (network errors do throw). */
  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { Cookie: this.cookie, 'X-CSRF-Token': this.csrfToken, ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const t0 = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text (a 5xx from a proxy, say) */
    }
    this.recorder.log.push({ client: this.name, method, path: path.split('?')[0], status: res.status, ms, code: parsed?.error?.code });
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string): Promise<Reply<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown): Promise<Reply<T>> {
    return this.request<T>('POST', path, body);
  }

  /** PUT with `If-Match: "<version>"`. */
  put<T = any>(path: string, body: unknown, version: number): Promise<Reply<T>> {
    return this.request<T>('PUT', path, body, { 'If-Match': `"${version}"` });
  }

  /** DELETE with `If-Match: "<version>"`. */
  del<T = any>(path: string, version: number): Promise<Reply<T>> {
    return this.request<T>('DELETE', path, undefined, { 'If-Match': `"${version}"` });
  }
}

/** The demo account with this username (data/demo-users.json). */
export function demoAccount(username: string): DemoUser {
  const u = demoUsers().find((x) => x.username === username);
  if (!u) throw new Error(`data/demo-users.json has no account ${username}`);
  return u;
}

/**
 * Logs in one client per entry of `usernames` (the same username twice = two sessions of one
 * user, as when one person works in two tabs). Logins run one after the other: the login
 * rate limit counts failures only, but scrypt makes each login cost real CPU.
 */
export async function loginClients(baseUrl: string, usernames: string[], recorder: Recorder): Promise<ApiClient[]> {
  const out: ApiClient[] = [];
  for (const [i, u] of usernames.entries()) out.push(await ApiClient.login(baseUrl, demoAccount(u), recorder, `${u}#${i}`));
  return out;
}

/** Fails with the offending exchanges when any response was a 5xx (other than the error codes in `allowed`). */
export function assertNoServerErrors(recorder: Recorder, from = 0, allowed: string[] = []): void {
  const bad = recorder.serverErrors(from).filter((x) => !(x.code && allowed.includes(x.code)));
  if (bad.length) throw new Error(`${bad.length} responses were 5xx: ${JSON.stringify(bad.slice(0, 5))}`);
}

/**
 * Starts every request of a round "at once" and returns the replies in the order given. The
 * start order is rotated by `round` and each start gets 0–2 ms of jitter, so the request that
 * reaches the server first (and usually wins) varies from round to round instead of always
 * being the first one in the list.
 */
export async function race<T>(jobs: (() => Promise<T>)[], round: number): Promise<T[]> {
  const out: Promise<T>[] = new Array(jobs.length);
  const order = jobs.map((_, i) => (i + round) % jobs.length);
  for (const i of order) {
    out[i] = new Promise<void>((r) => setTimeout(r, Math.floor(Math.random() * 3))).then(jobs[i]);
  }
  return Promise.all(out);
}
