/**
 * Issue 8, graceful shutdown: SIGTERM during in-flight requests lets them finish with 2xx,
 * then the database is checkpointed and closed (no -wal left) and the process exits 0; a
 * request that never finishes is cut after the hard timeout (exit 1).
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_LOCK_FILE } from '../../../server/db/server-lock.ts';
import { demoDataDir, demoTemplate, removeDir, startServerOn, waitForLog, type ServerProcess } from '../support/server-process.ts';
import { loginClients, planLoad, type LoadClient } from '../support/write-load.ts';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

/**
 * A POST whose JSON body is sent in two halves: the request is in flight (headers received, the
 * handler waiting for its body) until `finish()` sends the rest. Resolves with status and body.
 */
function slowPost(url: string, path: string, client: LoadClient, body: unknown) {
  const text = JSON.stringify(body);
  const half = Math.floor(text.length / 2);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string }>((ok, fail) => {
    const req = request(`${url}${path}`, {
      agent: false, // its own connection: never a pooled keep-alive one that shutdown may close as idle
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: client.cookie, 'X-CSRF-Token': client.csrfToken },
    });
    req.on('response', (res) => {
      let out = '';
      res.on('data', (d) => (out += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: out }));
    });
    req.on('error', fail);
    req.write(text.slice(0, half));
    req.flushHeaders();
    finish = () => req.end(text.slice(half));
  });
  return { response, finish: () => finish() };
}

function postBody(code: string, seed: { parentId: number; stationId: number; coordinates: [number, number] }) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: seed.coordinates },
    properties: { code, name: `停机测试岗 ${code}`, parentId: seed.parentId, stationId: seed.stationId, type: 'station', status: 'staffed' },
    reason: 'shutdown test',
  };
}

/** Whether a NEW TCP connection to the server is refused (fetch could reuse a pooled one). */
function connectionRefused(url: string): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok(false);
    });
    socket.once('error', () => ok(true));
  });
}

describe('SIGTERM', () => {
  it('drains in-flight requests (2xx), then checkpoints and closes the database and exits 0', async () => {
    const plan = planLoad(await demoTemplate());
    const dataDir = await demoDataDir();
    dirs.push(dataDir);
    const server = await startServerOn(dataDir);
    servers.push(server);
    const [client, civil] = await loginClients(server.url, 2);
    expect(existsSync(join(dataDir, SERVER_LOCK_FILE))).toBe(true);
    // SIGTERM must find the requests accepted: a connection still in the kernel's backlog when
    // the server stops listening is reset (the client never got anything and may retry)
    await waitForLog(server, /alignment index warm/);

    // three slow creates and two slow merges in flight when SIGTERM arrives
    const slow = [0, 1, 2].map((i) => slowPost(server.url, '/api/layers/police-posts', client, postBody(`TERM-${i}`, plan.posts[i])));
    const merges = plan.gridPairs.slice(0, 2).map(([a, b]) => slowPost(server.url, '/api/grids/merge', civil, { ids: [a, b], reason: 'shutdown test' }));
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200); // the loop is free: it has read the slow requests' headers
    const t0 = performance.now();
    server.child.kill('SIGTERM');
    // the signal is handled once the event loop is free (a merge is synchronous work)
    while (!server.log().includes('SIGTERM: shutting down') && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(server.child.exitCode).toBeNull(); // still draining: the slow bodies are not complete
    expect(await connectionRefused(server.url)).toBe(true); // no new connections meanwhile
    for (const s of [...slow, ...merges]) s.finish();
    const withLog = (err: unknown) => {
      throw new Error(`${(err as Error).message} (${(err as Error).cause ?? ''}); server output:\n${server.log()}`);
    };
    const answers = await Promise.all(slow.map((s) => s.response)).catch(withLog);
    const mergeAnswers = (await Promise.all(merges.map((m) => m.response)).catch(withLog)).map((a) => a.status);
    const exit = await server.exited;
    const drainMs = performance.now() - t0;

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(mergeAnswers).toEqual([201, 201]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.log()).toMatch(/SIGTERM: shutting down \([1-9]\d* request\(s\) in flight\)/);
    expect(server.log()).toMatch(/database closed \(WAL of \d+ bytes checkpointed\)/);
    // closed cleanly: WAL checkpointed into the file and removed, lock file gone
    expect(existsSync(join(dataDir, 'beatgrid.sqlite-wal'))).toBe(false);
    expect(existsSync(join(dataDir, 'beatgrid.sqlite-shm'))).toBe(false);
    expect(existsSync(join(dataDir, SERVER_LOCK_FILE))).toBe(false);
    const db = new Database(join(dataDir, 'beatgrid.sqlite'), { readonly: true });
    try {
      const ids = answers.map((a) => Number((JSON.parse(a.body) as { id: number }).id));
      const found = db.prepare(`SELECT code FROM features WHERE id IN (${ids.join(',')}) ORDER BY code`).all();
      expect(found).toEqual([{ code: 'TERM-0' }, { code: 'TERM-1' }, { code: 'TERM-2' }]);
      expect(db.prepare("SELECT count(*) AS n FROM changes WHERE kind = 'merge' AND reason = 'shutdown test'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
    // the slow requests were held 500 ms on purpose: the drain itself is what follows
    console.log(`[shutdown] SIGTERM to exit ${Math.round(drainMs)} ms, the test held 3 request bodies back until the server had begun shutting down + 300 ms`);
  });

  it('cuts a request that never finishes after the hard timeout and exits 1, the database still closed cleanly', async () => {
    const plan = planLoad(await demoTemplate());
    const dataDir = await demoDataDir();
    dirs.push(dataDir);
    const server = await startServerOn(dataDir, 150_000, { BEATGRID_SHUTDOWN_TIMEOUT_MS: '1500' });
    servers.push(server);
    const [client] = await loginClients(server.url, 1);
    await waitForLog(server, /alignment index warm/);
    const stuck = slowPost(server.url, '/api/layers/police-posts', client, postBody('STUCK', plan.posts[0]));
    const cut = stuck.response.then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const t0 = performance.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    const ms = performance.now() - t0;
    expect(exit.code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(server.log()).toMatch(/1 request\(s\) still running after 1500 ms/);
    expect(await cut).toBe('cut');
    expect(existsSync(join(dataDir, 'beatgrid.sqlite-wal'))).toBe(false);
    const db = new Database(join(dataDir, 'beatgrid.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM features WHERE code = 'STUCK'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
