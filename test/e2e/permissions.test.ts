import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon, pointOnFeature, transformScale } from '@turf/turf';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot } from './support/browser.ts';
import { demoUsers, type DemoUser } from './support/login.ts';

/**
 * Issue 6 in the page: each role is offered only what the server would let it do. Leadership
 * sees no edit tab, no revert in history and no acknowledge / resolve on notices; a police
 * station edits only beats and aux-grids (vertex editing only on its own), sees no revert on
 * a grid's history but handles its own notice; civil affairs edits grids and may revert them.
 * Setup (as the demo admin, over the API): one grid under station A's beat is shrunk, which
 * gives the grid a second revision and station A a notice.
 */

type Area = Feature<Polygon | MultiPolygon, { code: string; version: number; stationId: number | null; parentId: number | null }> & { id: number };

let server: TestServer;
let browser: Browser;
/** the police-station demo user (station A) and its station id */
let police: DemoUser;
let stationA = 0;
/** the grid changed in the setup, under one of station A's beats */
let gridId = 0;
/** the notice station A got for it */
let noticeId = 0;
/** a beat of station A, and one of another station */
let ownBeat = 0;
let otherBeat = 0;

const user = (pick: (u: DemoUser) => boolean): DemoUser => {
  const u = demoUsers().find(pick);
  if (!u) throw new Error('data/demo-users.json lacks an account this test needs');
  return u;
};

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  const t0 = Date.now();
  [server, browser] = await Promise.all([startServer(), launchBrowser()]); // Node's fetch acts as the demo admin
  const t1 = Date.now();
  police = user((u) => u.role === 'police-station');
  stationA = Number(police.scope);
  const beats = (await api<FeatureCollection>('/api/layers/beats')).features as Area[];
  const grids = (await api<FeatureCollection>('/api/layers/grids')).features as Area[];
  const mine = beats.filter((b) => b.properties.stationId === stationA);
  ownBeat = mine[0].id;
  otherBeat = beats.find((b) => b.properties.stationId !== stationA && b.properties.stationId !== null)!.id;
  // a grid lying inside one of station A's beats: shrinking it changes the beat's grid cover
  const grid = grids.find((g) => {
    const p = pointOnFeature(g as never);
    return mine.some((b) => booleanPointInPolygon(p, b as never));
  });
  if (!grid) throw new Error(`no grid under a beat of station ${stationA}`);
  gridId = grid.id;
  const shrunk = transformScale(grid as never, 0.97) as Area;
  const written = await api<{ change: { id: number } }>(`/api/layers/grids/${gridId}`, {
    method: 'PUT',
    headers: { 'If-Match': `"${grid.properties.version}"` },
    body: JSON.stringify({ geometry: shrunk.geometry, reason: 'permissions test: boundary corrected' }),
  });
  const notices = await api<{ notices: { id: number; stationId: number; changeId: number }[] }>(`/api/notices?station=${stationA}`);
  const notice = notices.notices.find((n) => n.changeId === written.change.id);
  if (!notice) throw new Error(`shrinking grid ${gridId} raised no notice for station ${stationA}`);
  noticeId = notice.id;
  console.log(`permissions setup: server ${t1 - t0} ms (start ${server.startMs} ms), grid change and notice ${Date.now() - t1} ms`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Logs `u` in, opens the page and waits for the sidebar. */
async function pageAs(expect: ExpectStatic, u: DemoUser): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, server.url, { login: { username: u.username, password: u.password } });
  await opened.page.getByTestId('sidebar').waitFor({ timeout: 30_000 });
  // facilities are not looked at here: hiding their thousands of points keeps software rendering quicker
  await opened.page.waitForFunction(() => Boolean(window.beatgrid?.store), undefined, { timeout: 30_000 });
  await opened.page.evaluate(() => ['police-posts', 'police-rooms'].forEach((l) => window.beatgrid!.store.layers.getState().setVisible(l as 'police-posts', false)));
  expect(await opened.page.getByTestId('user-badge').getAttribute('data-role')).toBe(u.role);
  return opened;
}

/** Selects a feature as a map click would. */
async function select(page: Page, layer: string, id: number): Promise<void> {
  await page.waitForFunction(() => Boolean(window.beatgrid?.store), undefined, { timeout: 30_000 });
  await page.evaluate(({ layer, id }) => window.beatgrid!.store.selection.getState().select({ layer: layer as 'grids', id }), { layer, id });
}

/** Opens the history tab on the setup grid and waits for its two revisions. */
async function gridHistory(expect: ExpectStatic, page: Page): Promise<void> {
  await select(page, 'grids', gridId);
  await page.getByTestId('tab-history').click();
  await expect.poll(() => page.getByTestId('history-entry').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
}

/** Opens the setup notice in the notices tab. */
async function openNotice(page: Page): Promise<void> {
  await page.getByTestId('tab-notices').click();
  const item = page.locator(`[data-testid="notice-item"][data-notice-id="${noticeId}"]`);
  await item.waitFor({ timeout: 20_000 });
  await item.locator('[role="button"]').click();
  await page.getByTestId('notice-detail').waitFor({ timeout: 20_000 });
}

/** Opens the edit tab and waits for the editor (the map must have loaded). */
async function openEditTab(page: Page): Promise<void> {
  await page.getByTestId('tab-editing').click();
  await page.locator('[data-testid="edit-panel"][data-ready="true"]').waitFor({ timeout: 60_000 });
}

const layerOptions = (page: Page) => page.locator('[data-testid="edit-layer"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

describe('the page offers each role only what the server allows', () => {
  it('leadership: no edit tab, no revert in history, no acknowledge / resolve on notices', async ({ expect }) => {
    const { page, errors } = await pageAs(expect, user((u) => u.role === 'leadership' && u.scope === 'city'));
    expect(await page.getByTestId('tab-editing').count()).toBe(0);
    await gridHistory(expect, page);
    expect(await page.getByTestId('history-revert').count()).toBe(0);
    await openNotice(page);
    expect(await page.getByTestId('notice-read-only').isVisible()).toBe(true);
    for (const id of ['notice-ack', 'notice-resolve', 'notice-rebuild', 'notice-edit-by-hand']) expect(await page.getByTestId(id).count(), id).toBe(0);
    await screenshot(page, 'permissions-leadership-notice');
    expect(errors.filter((e) => !/403|Forbidden/.test(e))).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('police station: edits beats / aux-grids (vertices only on its own), no revert on a grid, handles its notice', async ({ expect }) => {
    const { page, errors } = await pageAs(expect, police);
    await openEditTab(page);
    await expect.poll(() => page.getByTestId('edit-layer').inputValue(), { timeout: 30_000 }).toBe('beats');
    expect(await layerOptions(page)).toEqual(['beats', 'aux-grids']);
    expect(await page.getByTestId('edit-tool-split').count()).toBe(0);
    await select(page, 'beats', otherBeat);
    await expect.poll(() => page.getByTestId('edit-hint').textContent()).toMatch(/其他单位/);
    expect(await page.getByTestId('edit-tool-vertices').isDisabled()).toBe(true);
    await select(page, 'beats', ownBeat);
    await expect.poll(() => page.getByTestId('edit-tool-vertices').isEnabled()).toBe(true);
    await screenshot(page, 'permissions-police-edit');
    await gridHistory(expect, page);
    expect(await page.getByTestId('history-revert').count()).toBe(0);
    await openNotice(page);
    expect(await page.getByTestId('notice-ack').isVisible()).toBe(true);
    expect(await page.getByTestId('notice-resolve').isVisible()).toBe(true);
    expect(await page.getByTestId('notice-read-only').count()).toBe(0);
    await screenshot(page, 'permissions-police-notice');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('civil affairs: edits grids of its county (vertices, split) and may revert them', async ({ expect }) => {
    const { page, errors } = await pageAs(expect, user((u) => u.role === 'civil-affairs' && u.scope === '220502'));
    await openEditTab(page);
    expect(await layerOptions(page)).toEqual(['grids']);
    await select(page, 'grids', gridId);
    await expect.poll(() => page.getByTestId('edit-tool-vertices').isEnabled()).toBe(true);
    expect(await page.getByTestId('edit-tool-split').isEnabled()).toBe(true);
    await screenshot(page, 'permissions-civil-edit');
    await gridHistory(expect, page);
    expect(await page.getByTestId('history-revert').count()).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
