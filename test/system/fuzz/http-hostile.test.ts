/**
 * Issue 8, hostile input over real HTTP (the in-process fuzz is test/fuzz/): the REAL server
 * gets the bodies whose transport matters — 6 MB and 20 MB (10^6 vertices) bodies with a
 * Content-Length, the same streamed chunked without one, a body nested 10^6 deep, import
 * uploads of 10^6 vertices and over the upload limit, and a client that promises 1000 bytes,
 * sends 10 and hangs up. Each answer is a 4xx JSON error (or
 * the connection is dropped by the client itself), nothing is written, and the server keeps
 * answering.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, defaultTestUser } from '../../e2e/support/login.ts';
import { startServer, type TestServer } from '../../e2e/support/server.ts';
import { LIMITS } from '../../../server/auth/limits.ts';
import { manyVertexPolygon } from '../../fuzz/hostile.ts';

let server: TestServer;
let session: { cookie: string; csrfToken: string };

beforeAll(async () => {
  server = await startServer();
  session = await apiLogin(server.url, defaultTestUser());
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  type: string;
  text: string;
  ms: number;
}

/**
 * Sends a request with node:http. `body` is written in 64 KB chunks; `chunked` leaves out
 * Content-Length. The server may answer (413) before the body is all sent and close: that
 * answer is what counts, a later EPIPE/ECONNRESET of our writes is ignored.
 */
function send(method: string, path: string, body: string, opts: { chunked?: boolean; type?: string } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const data = Buffer.from(body, 'utf8');
    const headers: Record<string, string> = {
      'Content-Type': opts.type ?? 'application/json',
      Cookie: session.cookie,
      'X-CSRF-Token': session.csrfToken,
    };
    if (!opts.chunked) headers['Content-Length'] = String(data.length);
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(parts).toString('utf8'), ms: Date.now() - started }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`HANG: no answer to ${method} ${path} after 60 s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return; // the answer (if any) arrives through the response
      reject(err);
    });
    let off = 0;
    const pump = () => {
      while (off < data.length) {
        const chunk = data.subarray(off, off + 65_536);
        off += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

async function health(): Promise<{ counts: Record<string, number> }> {
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as { counts: Record<string, number> };
}

function expectRefused(a: Answer, status?: number): void {
  const what = `answered ${a.status} in ${a.ms} ms: ${a.text.slice(0, 300)}`;
  if (status) expect(a.status, what).toBe(status);
  expect(a.status, what).toBeGreaterThanOrEqual(400);
  expect(a.status, what).toBeLessThan(500);
  expect(a.type, what).toContain('application/json');
  const body = JSON.parse(a.text);
  expect(typeof body.error.code, what).toBe('string');
  expect(body.error.message.length, what).toBeGreaterThan(0);
}

const feature = (geometry: string) => `{"type":"Feature","geometry":${geometry},"properties":{"code":"220599","name":"x"}}`;

describe('hostile input over HTTP (real server)', () => {
  it('oversized, 10^6-vertex, deeply nested and truncated bodies get 4xx JSON errors, write nothing, and the server stays up', async () => {
    const before = await health();
    const results: string[] = [];

    const big = await send('POST', '/api/layers/counties', feature(manyVertexPolygon(10).text).replace('"x"', `"${'x'.repeat(6 * 1024 * 1024)}"`));
    expectRefused(big, 413);
    results.push(`6 MB body: ${big.status} in ${big.ms} ms`);

    const million = feature(manyVertexPolygon(1_000_000).text);
    const a = await send('POST', '/api/layers/counties', million);
    expectRefused(a, 413);
    results.push(`10^6 vertices (${(million.length / 1e6).toFixed(1)} MB): ${a.status} in ${a.ms} ms`);

    const chunked = await send('PUT', '/api/layers/grids/1', million, { chunked: true });
    expectRefused(chunked, 413);
    results.push(`same, chunked without Content-Length: ${chunked.status} in ${chunked.ms} ms`);

    const deep = await send('POST', '/api/grids/merge', '['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expectRefused(deep, 400);
    results.push(`nested 10^6 deep (2 MB): ${deep.status} in ${deep.ms} ms`);

    const csv = await send('POST', '/api/facilities/import', 'lon,lat,code,name,type\n' + '125.9,41.7,P,岗,post\n'.repeat(300_000), { type: 'text/csv' });
    expectRefused(csv, 413);
    results.push(`6 MB CSV: ${csv.status} in ${csv.ms} ms`);

    // imports take files up to LIMITS.uploadBytes (50 MB): a 10^6-vertex file is read, and its
    // preview (nothing written) must flag the feature; anything bigger is refused unread
    const form = (content: string) => `--b\r\nContent-Disposition: form-data; name="file"; filename="a.geojson"\r\n\r\n${content}\r\n--b--\r\n`;
    const upload = await send('POST', '/api/layers/counties/import', form(`{"type":"FeatureCollection","features":[${million}]}`), { type: 'multipart/form-data; boundary=b' });
    if (upload.status === 201) {
      const report = JSON.parse(upload.text) as { problems: { problem: string; severity: string }[] };
      expect(report.problems.some((p) => p.problem === 'too_many_vertices' && p.severity === 'error'), upload.text.slice(0, 300)).toBe(true);
    } else expectRefused(upload);
    results.push(`${(million.length / 1e6).toFixed(0)} MB upload of 10^6 vertices: ${upload.status} in ${upload.ms} ms`);
    const huge = await send('POST', '/api/layers/counties/import', form('x'.repeat(LIMITS.uploadBytes + 1024)), { type: 'multipart/form-data; boundary=b' });
    expectRefused(huge, 413);
    results.push(`${(LIMITS.uploadBytes / 1e6).toFixed(0)}+ MB upload: ${huge.status} in ${huge.ms} ms`);

    // a client that promises 1000 bytes, sends 10 and hangs up: the server must shrug it off
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.url}/api/layers/counties`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '1000', Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken },
      });
      req.on('error', () => resolve());
      req.write('{"type":"F');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });

    const after = await health();
    expect(after.counts, 'no feature was written').toEqual(before.counts);
    console.log(`[fuzz/http] ${results.join('; ')}`);
  }, 180_000);
});
