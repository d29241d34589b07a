import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { parseEnv } from '../../server/env.ts';

const dist = mkdtempSync(join(tmpdir(), 'beatgrid-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>beatgrid</title><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
const db = openDatabase(':memory:');
migrate(db);
const app = createApp({ db, env: parseEnv({}), distDir: dist });
afterAll(() => {
  db.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the built page', () => {
  it('serves index.html at / and assets by path', async () => {
    const root = await app.request('/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<title>beatgrid</title>');
    const js = await app.request('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
  });
  it('falls back to index.html for client-side routes, never for /api', async () => {
    const deep = await app.request('/map/grids/12');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('id="root"');
    const api = await app.request('/api/unknown');
    expect(api.status).toBe(401); // a JSON error (no session), never the page
    expect((await api.json()).error.code).toBe('unauthenticated');
  });
});
