import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';
import type { DemoCity } from '../../server/demo/types.ts';
import type { ImportApplied, ImportReport } from '../../server/imports/types.ts';
import { makeTestApp, toApiResponse, type ApiResponse, type TestApp } from '../support/api.ts';
import { authCity } from '../auth/fixture.ts';

/**
 * Helpers of the import/export tests: an app on the auth fixture city (two counties, three
 * stations; test/auth/fixture.ts), multipart uploads as any user, and small GeoJSON builders.
 */

export interface Session {
  cookie: string;
  csrf: string;
}

/** A body that is either the answer or an error body (tests read whichever the status says). */
export type Answer<T> = T & { error: { code: string; message: string; details: any } };

export interface ImportTestApp extends TestApp {
  /** a session of a user ('local' = the test admin) */
  session(username?: string): Promise<Session>;
  /** multipart upload to POST /api/layers/:layer/import */
  upload(layer: string, file: { name: string; bytes: Uint8Array | string }, fields?: Record<string, string>, as?: string): Promise<ApiResponse<Answer<ImportReport>>>;
  /** a JSON call as a user */
  call<T = any>(method: string, path: string, body?: unknown, as?: string): Promise<ApiResponse<T>>;
  /** apply a preview */
  apply(layer: string, previewId: string, body?: unknown, as?: string): Promise<ApiResponse<Answer<ImportApplied>>>;
  /** raw GET (exports) as a user */
  get(path: string, as?: string): Promise<Response>;
}

/** A fresh app on the auth fixture (or `fixture`). */
export function importApp(fixture: DemoCity | 'empty' = authCity()): ImportTestApp {
  const t = makeTestApp({ fixture });
  const sessions = new Map<string, Promise<Session>>();
  const login = async (username: string): Promise<Session> => {
    const entry = t.users.find((u) => u.username === username);
    const password = username === 'local' ? 'local-admin-password' : entry?.password;
    if (!password) throw new Error(`no password for ${username}`);
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'none=1' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, csrf: csrfToken };
  };
  const session = (username = 'local') => {
    if (!sessions.has(username)) sessions.set(username, login(username));
    return sessions.get(username)!;
  };
  const call = async <T,>(method: string, path: string, body?: unknown, as = 'local') => {
    const s = await session(as);
    const headers: Record<string, string> = { Cookie: s.cookie, 'X-CSRF-Token': s.csrf };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return toApiResponse<T>(await t.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  };
  return Object.assign(t, {
    session,
    call,
    async upload(layer: string, file: { name: string; bytes: Uint8Array | string }, fields: Record<string, string> = {}, as = 'local') {
      const s = await session(as);
      const form = new FormData();
      const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], file.name));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return toApiResponse<Answer<ImportReport>>(await t.app.request(`/api/layers/${layer}/import`, { method: 'POST', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body: form }));
    },
    apply(layer: string, previewId: string, body: unknown = { onInvalid: 'repair' }, as = 'local') {
      return call<Answer<ImportApplied>>('POST', `/api/layers/${layer}/import/${previewId}/apply`, body, as);
    },
    async get(path: string, as = 'local') {
      const s = await session(as);
      return t.app.request(path, { headers: { Cookie: s.cookie } });
    },
  });
}

/** An axis-aligned rectangle polygon (counter-clockwise). */
export function box(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

/** A GeoJSON Feature with properties. */
export function feat(geometry: Geometry | null | unknown, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', geometry: geometry as Geometry, properties };
}

/** A FeatureCollection file (name + JSON text). */
export function geojsonFile(features: Feature[], name = 'upload.geojson'): { name: string; bytes: string } {
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  return { name, bytes: JSON.stringify(fc) };
}

/** Number of rows of a table. */
export function count(t: TestApp, sql: string, ...params: unknown[]): number {
  return (t.db.prepare(sql).get(...params) as { n: number }).n;
}
