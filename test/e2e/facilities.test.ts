import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bbox as turfBbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';

/**
 * The 阵地 (facilities) and 人员 (staff) tabs on the real server with the demo city, as the demo
 * admin: create a police post in a grid by clicking the map, move it, change its status, dry-run
 * a CSV with a bad row, and assign an officer as director assistant of a community lacking one.
 * Screenshots: test-output/facilities-*.png.
 */
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

type Grid = Feature<Polygon | MultiPolygon, { code: string; name: string; kind?: string }> & { id: number };
let grid: Grid;
const POST_CODE = 'E2E-POST-1';
let postId = 0;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${server.url}${path}`, init);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Page coordinates of a map position. */
async function toPage(at: [number, number]): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((ll) => window.beatgrid!.map.project(ll), at);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Police posts with this code drawn on the map now (style layer police-posts-circle). */
async function renderedPosts(code: string): Promise<{ status: unknown; coordinates: number[] }[]> {
  await waitForIdle(page);
  return page.evaluate((c) => {
    const map = window.beatgrid!.map;
    return map
      .queryRenderedFeatures({ layers: ['police-posts-circle'] })
      .filter((f) => f.properties.code === c)
      .map((f) => ({ status: f.properties.status, coordinates: (f.geometry as Point).coordinates }));
  }, code);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, server.url));
  await waitForMapData(page);
  // an urban grid of 东昌区 without a post: the new post goes there
  const grids = await api<FeatureCollection>('/api/layers/grids?county=220502');
  const posts = await api<FeatureCollection>('/api/layers/police-posts?county=220502');
  const withPost = new Set(posts.features.map((f) => f.properties?.parentId));
  grid = grids.features.find((f) => !withPost.has(f.id) && f.properties?.kind === 'urban') as Grid;
  if (!grid) throw new Error('the demo city has no urban grid of 220502 without a post');
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('facilities tab', () => {
  it('creates a police post in a grid by clicking the map, and it is rendered', async () => {
    const b = turfBbox(grid) as [number, number, number, number];
    await page.evaluate((box) => {
      window.beatgrid!.map.fitBounds(box, { padding: 120, animate: false }); // (returning the Map would serialise it)
    }, b);
    await waitForIdle(page);
    await page.getByTestId('tab-facilities').click();
    await page.getByTestId('facility-new-post').click();
    await page.getByTestId('facility-placing').waitFor();
    const at = pointOnFeature(grid).geometry.coordinates as [number, number];
    const px = await toPage(at);
    await page.mouse.click(px.x, px.y);
    await page.getByTestId('facility-draft').waitFor();
    await expect(page.getByTestId('facility-draft-parent').textContent()).resolves.toContain(grid.properties.code);
    await page.getByTestId('facility-code').fill(POST_CODE);
    await page.getByTestId('facility-name').fill('端到端测试警务站');
    // saving without a reason is refused in the page
    await page.getByTestId('facility-create-save').click();
    await expect(page.getByTestId('facility-create-error').textContent()).resolves.toContain('原因');
    await page.getByTestId('facility-create-reason').fill('新建网格警务站');
    await page.getByTestId('facility-create-save').click();
    const selected = page.getByTestId('facility-selected');
    await selected.waitFor();
    postId = Number(await selected.getAttribute('data-id'));
    const f = await api<{ properties: Record<string, unknown>; geometry: Point }>(`/api/layers/police-posts/${postId}`);
    expect(f.properties.code).toBe(POST_CODE);
    expect(f.properties.parentId).toBe(grid.id);
    expect(f.properties.status).toBe('planned');
    expect(booleanPointInPolygon(f.geometry.coordinates, grid)).toBe(true);
    const drawn = await renderedPosts(POST_CODE);
    expect(drawn.length).toBe(1);
    await screenshot(page, 'facilities-1-created');
  });

  it('moves the post by clicking its new place (saved with If-Match)', async () => {
    const before = await api<{ geometry: Point; properties: { version: number } }>(`/api/layers/police-posts/${postId}`);
    await page.getByTestId('facility-move').click();
    await page.getByTestId('facility-moving').waitFor();
    const from = await toPage(before.geometry.coordinates as [number, number]);
    await page.mouse.click(from.x + 30, from.y + 20);
    const target = page.getByTestId('facility-move-target');
    await target.waitFor();
    const clicked = await target.textContent();
    // then drag the marker a little further (dragging is the other way to move)
    await page.mouse.move(from.x + 30, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 30, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => target.textContent()).not.toBe(clicked);
    await page.getByTestId('facility-reason').fill('调整到服务站门口');
    await screenshot(page, 'facilities-2-moving');
    await page.getByTestId('facility-move-save').click();
    await page.getByTestId('facility-saved').waitFor();
    const after = await api<{ geometry: Point; properties: { version: number } }>(`/api/layers/police-posts/${postId}`);
    expect(after.properties.version).toBe(before.properties.version + 1);
    expect(after.geometry.coordinates[0]).toBeGreaterThan(before.geometry.coordinates[0]);
    expect(after.geometry.coordinates[1]).toBeLessThan(before.geometry.coordinates[1]); // screen y down = south
    const drawn = await renderedPosts(POST_CODE);
    expect(drawn.length).toBe(1);
    expect(drawn[0].coordinates[0]).toBeCloseTo(after.geometry.coordinates[0], 5);
  });

  it('edits the status; a stale version answers 409 with a reload offer', async () => {
    await page.getByTestId('facility-selected').waitFor();
    await page.getByTestId('facility-status').selectOption('built');
    await page.getByTestId('facility-opened').fill('2026-11-01');
    await page.getByTestId('facility-reason').fill('已建成');
    await page.getByTestId('facility-save').click();
    await page.getByTestId('facility-saved').waitFor();
    const f = await api<{ properties: Record<string, unknown> }>(`/api/layers/police-posts/${postId}`);
    expect(f.properties.status).toBe('built');
    expect(f.properties.openedOn).toBe('2026-11-01');
    await expect.poll(async () => (await renderedPosts(POST_CODE))[0]?.status).toBe('built');
    await screenshot(page, 'facilities-3-built');

    // someone else saves meanwhile: the page's save is refused (409) and offers to reload
    await page.locator(`[data-testid="facility-selected"][data-version="${f.properties.version}"]`).waitFor();
    await api(`/api/layers/police-posts/${postId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${f.properties.version}"` },
      body: JSON.stringify({ properties: { ...f.properties, staffCount: 2 }, reason: 'other user' }),
    });
    await page.getByTestId('facility-status').selectOption('staffed');
    await page.getByTestId('facility-reason').fill('已配人员');
    await page.getByTestId('facility-save').click();
    const problem = page.getByTestId('facility-error');
    await problem.waitFor();
    await expect(problem.getAttribute('data-status')).resolves.toBe('409');
    await page.getByTestId('facility-error-reload').click();
    await page.locator(`[data-testid="facility-selected"][data-version="${Number(f.properties.version) + 1}"]`).waitFor();
    await expect(page.getByTestId('facility-staff-count').inputValue()).resolves.toBe('2');
  });

  it('dry-runs a CSV and shows the per-row error report', async () => {
    const at = pointOnFeature(grid).geometry.coordinates;
    const csv = ['lon,lat,code,name,type,status', `${at[0]},${at[1]},E2E-CSV-1,导入测试警务站,post,built`, `${at[0]},abc,E2E-CSV-2,坏行,post,built`].join('\n');
    await page.getByTestId('facility-import-file').setInputFiles({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('facility-import-check').click();
    const report = page.getByTestId('facility-import-report');
    await report.waitFor();
    await expect(report.getAttribute('data-errors')).resolves.toBe('1');
    const row = page.locator('[data-testid="facility-import-error-row"][data-line="3"][data-column="lat"]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain('abc');
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'facilities-4-csv-dry-run');
    // nothing was written
    const posts = await api<FeatureCollection>('/api/layers/police-posts?county=220502');
    expect(posts.features.some((p) => p.properties?.code === 'E2E-CSV-1')).toBe(false);
  });
});

describe('facilities tab, last', () => {
  it('deletes the post with a reason; it leaves the map', async () => {
    await page.getByTestId('facility-selected').waitFor();
    await page.getByTestId('facility-delete').click();
    await page.getByTestId('facility-reason').fill('撤并');
    await page.getByTestId('facility-delete-confirm').click();
    await page.getByTestId('facility-selected').waitFor({ state: 'detached' });
    const res = await fetch(`${server.url}/api/layers/police-posts/${postId}`);
    expect(res.status).toBe(404);
    await expect.poll(async () => (await renderedPosts(POST_CODE)).length).toBe(0);
  });

  it('the sidebar tab strip shows every label unclipped with the new tab', async () => {
    const clipped = await page.$$eval('.tabs .tab', (tabs) => tabs.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
    expect(clipped).toEqual([]);
    await expect(page.locator('.tabs .tab').count()).resolves.toBeGreaterThanOrEqual(7);
  });
});

describe('staff tab', () => {
  it('assigns a non-party officer as director assistant of a community lacking one; the vacancy count drops', async () => {
    await page.getByTestId('facilities-view-staff').click();
    await page.getByTestId('staff-vacancy-county').selectOption('220502');
    const counter = page.getByTestId('vacancy-communities');
    await expect.poll(async () => counter.getAttribute('data-count'), { timeout: 20_000 }).toMatch(/^\d+$/);
    const before = Number(await counter.getAttribute('data-count'));
    expect(before).toBeGreaterThan(0);
    const { vacancies } = await api<{ vacancies: { kind: string; id: number; code: string }[] }>('/api/coverage/vacancies?county=220502&kind=community-without-assistant');
    const community = vacancies[0];
    await page.getByTestId(`vacancy-${community.code}`).click();
    await expect.poll(() => page.evaluate(() => window.beatgrid!.store.selection.getState().selected?.id)).toBe(community.id);

    const { staff } = await api<{ staff: { id: number; code: string; unitId: number; partyMember: boolean }[] }>('/api/staff?kind=officer');
    const officer = staff.find((s) => !s.partyMember && s.unitId !== null)!;
    await page.getByTestId('staff-station').selectOption(String(officer.unitId));
    const item = page.getByTestId(`staff-${officer.code}`);
    await item.locator('.staff-head').click();
    await item.getByTestId('staff-assign-role').selectOption('directorAssistant');
    await expect(item.getByTestId('staff-assign-target').textContent()).resolves.toContain(community.code);
    await item.getByTestId('staff-reason').fill('非党员民警兼任社区主任助理');
    await item.getByTestId('staff-assign-save').click();
    await item.getByTestId('staff-done').waitFor();
    await expect(item.locator(`[data-testid="assignment-directorAssistant"][data-target="${community.id}"]`).count()).resolves.toBe(1);
    await expect.poll(async () => Number(await counter.getAttribute('data-count')), { timeout: 20_000 }).toBe(before - 1);
    await screenshot(page, 'facilities-5-assigned');

    // ending the assignment (with a reason) opens the vacancy again
    const row = item.locator(`[data-testid="assignment-directorAssistant"][data-target="${community.id}"]`);
    await row.getByTestId('assignment-end').click();
    await item.getByTestId('staff-reason').fill('调岗');
    await row.getByTestId('assignment-end-confirm').click();
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(async () => Number(await counter.getAttribute('data-count')), { timeout: 20_000 }).toBe(before);

    // the server's rules: an aux officer cannot be a director assistant (422, shown readably)
    const aux = (await api<{ staff: { id: number; code: string; unitId: number }[] }>('/api/staff?kind=auxOfficer')).staff.find((s) => s.unitId !== null)!;
    await page.getByTestId('staff-station').selectOption(String(aux.unitId));
    const auxItem = page.getByTestId(`staff-${aux.code}`);
    await auxItem.locator('.staff-head').click();
    await auxItem.getByTestId('staff-assign-role').selectOption('auxGrid');
    await auxItem.getByTestId('staff-reason').fill('辅警到警格');
    await auxItem.getByTestId('staff-assign-save').click(); // the selection is a community: not an aux-grid target
    const err = auxItem.getByTestId('staff-error');
    await err.waitFor();
    await expect(err.getAttribute('data-status')).resolves.toBe('422');
    await expect(err.textContent()).resolves.toContain('aux-grids');
    await err.scrollIntoViewIfNeeded();
    await screenshot(page, 'facilities-6-rule-422');
    // the refused writes (409, 422) are logged by the browser as failed loads; nothing else may be
    expect(errors.filter((e) => !/status of (409|422)/.test(e))).toEqual([]);
  });
});
