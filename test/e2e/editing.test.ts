import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { area, bbox, booleanIntersects, booleanPointInPolygon, lineIntersect, pointOnFeature, polygonToLine } from '@turf/turf';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';
import { authenticateNodeFetch, demoUsers } from './support/login.ts';

/**
 * The editing loop in a real browser against the real server: draw a grid with snapping,
 * reject an invalid shape with its location marked, merge two grids, split one, undo and redo,
 * and find the notice in the affected station's inbox.
 */

type Grid = Feature<Polygon | MultiPolygon, { code: string; name: string; parentId: number; version: number }> & { id: number };

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let grids: Grid[] = [];
/** stations notified by the merge */
let notifiedStations: number[] = [];
/** the grid the merge created */
let mergedId = 0;
const used = new Set<number>();
/** Each step reloads layers in software WebGL on a shared 2-core machine: give it time. */
const STEP_MS = 180_000;

const key = (p: Position) => `${p[0]},${p[1]}`;
const ringOf = (g: Grid) => (g.geometry.type === 'Polygon' ? g.geometry.coordinates[0] : g.geometry.coordinates[0][0]);
const distinct = (ring: Position[]) => ring.slice(0, -1);

/** A screenshot, timed. */
const shot = async (p: Page, name: string) => {
  await timed('render before screenshots', waitForIdle(p));
  await timed('screenshots', screenshot(p, name));
};

/** Milliseconds spent per kind of wait, printed at the end (where the browser test's time goes). */
const spent: Record<string, number> = {};
async function timed<T>(what: string, work: Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await work;
  } finally {
    spent[what] = (spent[what] ?? 0) + Date.now() - t0;
  }
}

/**
 * True when no two corners are closer than 12 % of the ring's bbox diagonal, so clicks a few
 * pixels off one corner cannot snap to another when the grid fills a few hundred pixels.
 */
function wellSpread(corners: Position[]): boolean {
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const k = Math.cos((ys[0] * Math.PI) / 180);
  const diag = Math.hypot((Math.max(...xs) - Math.min(...xs)) * k, Math.max(...ys) - Math.min(...ys));
  return corners.every((p, i) => corners.every((q, j) => i === j || Math.hypot((p[0] - q[0]) * k, p[1] - q[1]) > 0.12 * diag));
}

/** Calls the API from inside the page (session cookie and CSRF header as the page sends them). */
async function inPage<T>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }> {
  return timed(`api ${init?.method ?? 'GET'}`, page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, {
        method: init?.method ?? 'GET',
        headers: { 'Content-Type': 'application/json', ...(init?.headers ?? {}) },
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    { path, init },
  ));
}

/** GET JSON from the server in this process (Node's fetch acts as the demo admin). */
async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  return timed('api GET', (async () => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as T };
  })());
}

/** Live grids, straight from the server. */
async function loadGrids(): Promise<Grid[]> {
  return ((await getJson<FeatureCollection>('/api/layers/grids')).body.features as Grid[]);
}

/** Screen position (page coordinates) of a lng/lat on the map. */
async function toScreen(p: Position): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.beatgrid!.map;
    const px = map.project(ll as [number, number]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + px.x, y: r.top + px.y };
  }, p);
}

/** Frames a bbox on the map (no animation) and waits for rendering. */
async function frame(b: number[], padding = 160): Promise<void> {
  await timed('frame', page.evaluate(
    ({ b, padding }) => window.beatgrid!.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding, animate: false }),
    { b, padding },
  ));
  // No wait for rendering: the modes work from the data (project/unproject), not from pixels.
}

/** Waits until the edit panel reports the result of an action and returns its kind and text. */
async function flash(): Promise<{ kind: string; text: string }> {
  const el = page.getByTestId('edit-flash');
  await timed('save/undo round trip', el.waitFor());
  await timed('save/undo round trip', page.waitForFunction(() => !window.beatgridEdit?.session.getState().busy));
  return { kind: (await el.getAttribute('data-kind')) ?? '', text: (await el.textContent()) ?? '' };
}

async function openEditTab(): Promise<void> {
  await page.getByTestId('tab-editing').click();
  await page.locator('[data-testid="edit-panel"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

/** The station id of the first police-station demo account, if any. */
function demoStationScope(): string | null {
  const u = demoUsers().find((x) => x.role === 'police-station');
  return u ? String(u.scope) : null;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await authenticateNodeFetch(server.url);
  ({ page, errors } = await openPage(browser, `${server.url}/`)); // logged in as the demo admin
  await timed('page load', waitForMapData(page));
  // Facilities are not edited here: hiding them keeps software rendering quicker.
  await page.evaluate(() => ['police-posts', 'police-rooms'].forEach((l) => window.beatgrid!.store.layers.getState().setVisible(l as 'police-posts', false)));
  grids = await loadGrids();
});

afterAll(async () => {
  console.log(`[e2e editing] time spent: ${Object.entries(spent).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
  await browser?.close();
  await server?.stop();
});

describe('editing on the map', () => {
  it('draws a grid whose vertices snap exactly onto the neighbours\' vertices', async () => {
    // A grid whose every vertex is shared with a neighbour: retire it, then draw it again by
    // clicking a few pixels off each corner and let snapping put the vertices back exactly.
    const owners = new Map<string, Set<number>>();
    for (const g of grids) for (const p of distinct(ringOf(g))) (owners.get(key(p)) ?? owners.set(key(p), new Set()).get(key(p))!).add(g.id);
    const hole = grids.find(
      (g) =>
        g.geometry.type === 'Polygon' &&
        g.geometry.coordinates.length === 1 &&
        distinct(ringOf(g)).length >= 4 &&
        distinct(ringOf(g)).length <= 7 &&
        distinct(ringOf(g)).every((p) => owners.get(key(p))!.size >= 2) &&
        area(g) > 50_000 &&
        wellSpread(distinct(ringOf(g))),
    )!;
    expect(hole, 'a grid with all vertices shared').toBeDefined();
    used.add(hole.id);
    const del = await inPage(`/api/layers/grids/${hole.id}`, { method: 'DELETE', headers: { 'If-Match': `"${hole.properties.version}"` }, body: { reason: 'e2e: redraw this grid' } });
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    await page.reload();
    await timed('page load', waitForMapData(page));
    await openEditTab();
    await frame(bbox(hole), 200);

    await page.getByTestId('edit-tool-draw').click();
    const corners = distinct(ringOf(hole));
    for (const c of [...corners, corners[0]]) {
      const s = await toScreen(c);
      await page.mouse.move(s.x + 4, s.y - 3);
      await page.mouse.click(s.x + 4, s.y - 3);
    }
    await page.getByTestId('edit-pending').waitFor();
    await expect(page.getByTestId('edit-problems').count()).resolves.toBe(0);
    await page.getByTestId('edit-code').fill(hole.properties.code);
    await page.getByTestId('edit-name').fill(hole.properties.name);
    await page.getByTestId('edit-reason').fill('e2e: 重新绘制网格');
    await shot(page, 'editing-1-draw-before-save');
    await page.getByTestId('edit-save').click();
    const f = await flash();
    expect(f.kind, f.text).toBe('success');

    const drawn = (await page.evaluate(() => window.beatgridEdit!.session.getState().lastFeatures))[0] as unknown as Grid;
    expect(drawn.properties.code).toBe(hole.properties.code);
    const neighbours = (await loadGrids()).filter((g) => g.id !== drawn.id);
    const neighbourVertices = new Set(neighbours.flatMap((g) => distinct(ringOf(g)).map(key)));
    const ring = distinct(ringOf(drawn));
    expect(ring).toHaveLength(corners.length);
    for (const p of ring) expect(neighbourVertices.has(key(p)), `vertex ${key(p)} equals a neighbour's vertex`).toBe(true);
    expect(new Set(ring.map(key))).toEqual(new Set(corners.map(key)));
    await waitForIdle(page);
    await shot(page, 'editing-1-draw-snapped');
  }, STEP_MS);

  it('refuses a self-intersecting shape and marks where it crosses', async () => {
    await openEditTab();
    const b = await page.evaluate(() => window.beatgrid!.map.getBounds().toArray());
    const [[x0, y0], [x1, y1]] = b;
    const at = (fx: number, fy: number): Position => [x0 + (x1 - x0) * fx, y0 + (y1 - y0) * fy];
    await page.getByTestId('edit-snap').uncheck();
    await page.getByTestId('edit-tool-draw').click();
    for (const p of [at(0.42, 0.42), at(0.58, 0.58), at(0.58, 0.42), at(0.42, 0.58)]) {
      const s = await toScreen(p);
      await page.mouse.click(s.x, s.y);
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('edit-problems').waitFor();
    await expect(page.getByTestId('edit-problem').first().getAttribute('data-code')).resolves.toBe('self_intersection');
    await expect(page.getByTestId('edit-save').isDisabled()).resolves.toBe(true);
    const markers = await page.evaluate(async () => {
      const data = (await (window.beatgrid!.map.getSource('edit-problems') as unknown as { getData(): Promise<FeatureCollection> }).getData()) as FeatureCollection;
      return data.features.map((f) => (f.geometry as { coordinates: number[] }).coordinates);
    });
    expect(markers).toHaveLength(1);
    const mid = at(0.5, 0.5);
    expect(Math.abs(markers[0][0] - mid[0])).toBeLessThan((x1 - x0) * 0.01);
    await waitForIdle(page);
    await shot(page, 'editing-2-invalid-marked');
    await page.getByTestId('edit-cancel').click();
    await page.getByTestId('edit-snap').check();
    await expect(page.getByTestId('edit-problems').count()).resolves.toBe(0);
  }, STEP_MS);

  it('merges two adjacent grids and notifies the police stations', async () => {
    await openEditTab();
    grids = await loadGrids();
    const byId = new Map(grids.map((g) => [g.id, g]));
    const edges = new Map<string, number[]>();
    for (const g of grids) {
      if (g.geometry.type !== 'Polygon' || used.has(g.id)) continue;
      const r = distinct(ringOf(g));
      r.forEach((p, i) => {
        const q = r[(i + 1) % r.length];
        const k = [key(p), key(q)].sort().join('|');
        (edges.get(k) ?? edges.set(k, []).get(k)!).push(g.id);
      });
    }
    // Prefer grids under a beat of the station whose demo account can then read its inbox.
    const station = demoStationScope();
    const beats = station ? ((await getJson<FeatureCollection>(`/api/layers/beats`)).body.features as Grid[]).filter((z) => String((z.properties as unknown as { stationId: number }).stationId) === station) : [];
    const underStation = (g: Grid) => beats.some((z) => booleanIntersects(z, g));
    const candidates = [...edges.values()].filter((ids) => ids.length === 2 && byId.get(ids[0])!.properties.parentId === byId.get(ids[1])!.properties.parentId);
    const pair = candidates.find((ids) => beats.length > 0 && ids.every((id) => underStation(byId.get(id)!))) ?? candidates[0];
    expect(pair, 'two grids of one community sharing an edge').toBeDefined();
    const [a, b] = pair.map((id) => byId.get(id)!);
    pair.forEach((id) => used.add(id));
    const box = bbox({ type: 'FeatureCollection', features: [a, b] });
    await frame(box);
    await page.getByTestId('edit-tool-select').click();
    for (const g of [a, b]) {
      const s = await toScreen(pointOnFeature(g).geometry.coordinates);
      await page.mouse.click(s.x, s.y);
    }
    await expect.poll(() => page.evaluate(() => window.beatgridEdit!.session.getState().selection)).toEqual([a.id, b.id]);
    await page.getByTestId('edit-selection-reason').fill('e2e: 社区合并，网格合并');
    await shot(page, 'editing-3-merge-selected');
    await page.getByTestId('edit-merge').click();
    const f = await flash();
    expect(f.kind, f.text).toBe('success');
    for (const g of [a, b]) expect((await inPage(`/api/layers/grids/${g.id}`)).status).toBe(404);
    const state = await page.evaluate(() => {
      const s = window.beatgridEdit!.session.getState();
      return { features: s.lastFeatures, notices: s.lastNotices };
    });
    expect(state.features).toHaveLength(1);
    const merged = state.features[0] as unknown as Grid;
    mergedId = merged.id;
    expect((await inPage(`/api/layers/grids/${merged.id}`)).status).toBe(200);
    expect(area(merged)).toBeCloseTo(area(a) + area(b), -1);
    notifiedStations = state.notices.map((n) => n.stationId);
    expect(notifiedStations.length, 'the merge touched a beat or aux-grid').toBeGreaterThan(0);
    await waitForIdle(page);
    await shot(page, 'editing-3-merged');
  }, STEP_MS);

  it('moves a vertex shared by two grids in both, and re-applies the move after a 409', async () => {
    await openEditTab();
    grids = await loadGrids();
    const communities = (await getJson<FeatureCollection>('/api/layers/communities')).body.features as Grid[];
    const communityVertices = new Set(communities.flatMap((c) => (c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates.flat()).flat().map(key)));
    const owners = new Map<string, number[]>();
    for (const g of grids) {
      if (g.geometry.type !== 'Polygon') continue;
      for (const p of distinct(ringOf(g))) (owners.get(key(p)) ?? owners.set(key(p), []).get(key(p))!).push(g.id);
    }
    const byId = new Map(grids.map((g) => [g.id, g]));
    const allVertices = [...owners.keys()].map((k) => k.split(',').map(Number));
    // no other vertex within ~10 cm (a near-copy of the point that would not move with it)
    const alone = (k: string) => {
      const [x, y] = k.split(',').map(Number);
      return allVertices.every(([a, b]) => (a === x && b === y) || Math.abs(a - x) > 1e-6 || Math.abs(b - y) > 1e-6);
    };
    // no vertex of a third grid lies on an edge that moves with the point (a T-junction would open a gap)
    const onSegment = (p: number[], a: Position, b: Position) => {
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
      return t > 1e-9 && t < 1 - 1e-9 && Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]) < 1e-7;
    };
    const noTJunction = (k: string, ids: number[]) =>
      ids.every((id) => {
        const r = distinct(ringOf(byId.get(id)!));
        const i = r.findIndex((p) => key(p) === k);
        const edges = [[r[(i - 1 + r.length) % r.length], r[i]], [r[i], r[(i + 1) % r.length]]];
        return edges.every(([a, b]) => !allVertices.some((p) => onSegment(p, a, b)));
      });
    const [vertexKey, pair] = [...owners].find(
      ([k, ids]) =>
        ids.length === 2 &&
        alone(k) &&
        noTJunction(k, ids) &&
        !communityVertices.has(k) &&
        ids.every((id) => !used.has(id) && area(byId.get(id)!) > 40_000) &&
        byId.get(ids[0])!.properties.parentId === byId.get(ids[1])!.properties.parentId,
    )!;
    expect(pair, 'a vertex shared by exactly two grids inside one community').toBeDefined();
    pair.forEach((id) => used.add(id));
    const [v, w] = pair.map((id) => byId.get(id)!);
    const vertex = vertexKey.split(',').map(Number);
    await frame(bbox({ type: 'FeatureCollection', features: [v, w] }), 200);
    await page.evaluate((id) => window.beatgrid!.store.selection.getState().select({ layer: 'grids', id }), v.id);
    await page.getByTestId('edit-snap').uncheck();
    await page.getByTestId('edit-tool-vertices').click();

    // Someone else renames the grid meanwhile: our save is now based on a stale version.
    const renamed = `${v.properties.name}（他人修改）`;
    const put = await inPage(`/api/layers/grids/${v.id}`, { method: 'PUT', headers: { 'If-Match': `"${v.properties.version}"` }, body: { properties: { name: renamed }, reason: 'e2e: concurrent edit' } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const s = await toScreen(vertex);
    await page.mouse.move(s.x, s.y);
    await page.mouse.down();
    await page.mouse.move(s.x + 6, s.y + 4, { steps: 3 });
    await page.mouse.move(s.x + 12, s.y + 8, { steps: 3 });
    await page.mouse.up();
    await page.getByTestId('edit-pending').waitFor();
    expect(await page.evaluate(() => window.beatgridEdit!.session.getState().problems)).toEqual([]);
    await page.getByTestId('edit-reason').fill('e2e: 调整共用边界点');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-conflict').waitFor();
    await shot(page, 'editing-4-conflict');
    await page.getByTestId('edit-conflict-reapply').click();
    const f = await flash();
    expect(f.kind, f.text).toBe('success');
    await page.getByTestId('edit-snap').check();

    const after = await Promise.all(pair.map(async (id) => (await inPage<Grid>(`/api/layers/grids/${id}`)).body));
    expect(after[0].properties.name).toBe(renamed);
    const moved = distinct(ringOf(after[0])).filter((p) => !distinct(ringOf(v)).some((q) => key(q) === key(p)));
    expect(moved).toHaveLength(1);
    expect(distinct(ringOf(after[1])).map(key)).toContain(key(moved[0]));
    expect(distinct(ringOf(after[1])).map(key)).not.toContain(vertexKey);
    await waitForIdle(page);
    await shot(page, 'editing-4-shared-vertex-moved');
  }, STEP_MS);

  it('splits a grid by a drawn line, undoes the split and redoes it', async () => {
    await openEditTab();
    grids = await loadGrids();
    let target: Grid | undefined;
    let line: LineString | undefined;
    for (const g of grids) {
      if (g.geometry.type !== 'Polygon' || used.has(g.id) || area(g) < 40_000) continue;
      const [x0, y0, x1, y1] = bbox(g);
      const y = (y0 + y1) / 2;
      const w = x1 - x0;
      const candidate: LineString = { type: 'LineString', coordinates: [[x0 - w * 0.15, y], [x1 + w * 0.15, y]] };
      const crossings = lineIntersect(candidate, polygonToLine(g) as Feature<LineString>).features.length;
      const outside = candidate.coordinates.every((p) => !booleanPointInPolygon(p, g));
      if (crossings === 2 && outside) {
        target = g;
        line = candidate;
        break;
      }
    }
    expect(target, 'a grid a straight line cuts in two').toBeDefined();
    used.add(target!.id);
    await frame(bbox(target!), 220);
    await page.getByTestId('edit-cancel').click().catch(() => {});
    await page.evaluate((id) => window.beatgrid!.store.selection.getState().select({ layer: 'grids', id }), target!.id);
    await page.getByTestId('edit-snap').uncheck();
    await page.getByTestId('edit-tool-split').click();
    for (const p of line!.coordinates) {
      const s = await toScreen(p);
      await page.mouse.click(s.x, s.y);
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('edit-pending').waitFor();
    await page.getByTestId('edit-reason').fill('e2e: 网格拆分');
    await shot(page, 'editing-5-split-line');
    await page.getByTestId('edit-save').click();
    let f = await flash();
    expect(f.kind, f.text).toBe('success');
    await page.getByTestId('edit-snap').check();
    const pieces = (await page.evaluate(() => window.beatgridEdit!.session.getState().lastFeatures)) as unknown as Grid[];
    expect(pieces).toHaveLength(2);
    expect(pieces[0].properties.code).not.toBe(pieces[1].properties.code);
    expect(area(pieces[0]) + area(pieces[1])).toBeCloseTo(area(target!), -1);
    expect((await inPage(`/api/layers/grids/${target!.id}`)).status).toBe(404);
    await waitForIdle(page);
    await shot(page, 'editing-5-split');

    await page.getByTestId('edit-undo').click();
    f = await flash();
    expect(f.kind, f.text).toBe('success');
    const restored = await inPage<Grid>(`/api/layers/grids/${target!.id}`);
    expect(restored.status).toBe(200);
    expect(restored.body.geometry).toEqual(target!.geometry);
    for (const p of pieces) expect((await inPage(`/api/layers/grids/${p.id}`)).status).toBe(404);
    await waitForIdle(page);
    await shot(page, 'editing-6-undone');

    await page.keyboard.press('Control+Shift+Z');
    f = await flash();
    expect(f.kind, f.text).toBe('success');
    expect((await inPage(`/api/layers/grids/${target!.id}`)).status).toBe(404);
    for (const p of pieces) expect((await inPage(`/api/layers/grids/${p.id}`)).status).toBe(200);
  }, STEP_MS);

  it('shows the merged grid\'s history with its lineage and a past version on the map', async () => {
    expect(mergedId).toBeGreaterThan(0);
    await page.evaluate((id) => window.beatgrid!.store.selection.getState().select({ layer: 'grids', id }), mergedId);
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-timeline').waitFor();
    await expect(page.getByTestId('history-entry').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('history-lineage').locator('li').count()).resolves.toBe(2);
    await page.getByTestId('history-show').first().click();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const data = (await (window.beatgrid!.map.getSource('edit-overlay') as unknown as { getData(): Promise<FeatureCollection> }).getData()) as FeatureCollection;
          return data.features.map((f) => String(f.properties?.role));
        }),
      )
      .toEqual(['past']);
    await shot(page, 'editing-7-history');
  }, STEP_MS);

  it('shows the notice in the affected station\'s inbox, on the map, and acknowledges it', async () => {
    const preferred = Number(demoStationScope());
    const stationId = notifiedStations.includes(preferred) ? preferred : notifiedStations[0];
    // The station's own account sees its inbox; without one, the admin looks at all notices.
    const account = demoUsers().find((u) => u.role === 'police-station' && Number(u.scope) === stationId);
    const inbox = account ? (await openPage(browser, `${server.url}/`, { login: account })).page : page;
    await timed('page load', waitForMapData(inbox));
    await inbox.getByTestId('tab-notices').click();
    const item = inbox.locator(`[data-testid="notice-item"][data-station-id="${stationId}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    await expect(inbox.getByTestId('notice-badge').first().textContent()).resolves.toMatch(/^\d+$/);
    await item.locator('[role="button"]').click();
    await inbox.getByTestId('notice-detail').waitFor();
    await inbox.waitForFunction(() => !window.beatgrid!.map.isMoving());
    await waitForIdle(inbox);
    const roles = await inbox.evaluate(async () => {
      const data = (await (window.beatgrid!.map.getSource('edit-overlay') as unknown as { getData(): Promise<FeatureCollection> }).getData()) as FeatureCollection;
      return [...new Set(data.features.map((f) => String(f.properties?.role)))].sort();
    });
    expect(roles).toContain('before');
    expect(roles).toContain('after');
    await shot(inbox, 'editing-8-notice-on-map');
    await inbox.getByTestId('notice-ack').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('acknowledged');
  }, STEP_MS);

  it('logged no errors in the browser console', () => {
    expect(errors.filter((e) => !/40[49]|422|Failed to load resource/.test(e))).toEqual([]);
  });
});
