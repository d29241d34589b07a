import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';
import { demoUsers } from './support/login.ts';

/**
 * The leadership dashboard (/dashboard) and the coverage overlays of the map (覆盖 tab) on the
 * real server with the whole demo city. Screenshots: test-output/dashboard*.png, coverage-*.png.
 */
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

const COUNTIES = ['220502', '220503', '220521', '220523', '220524', '220581', '220582'];

/** Features one of our style layers has rendered in the current view. */
function rendered(layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const map = window.beatgrid!.map;
    return map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : -1;
  }, layerId);
}

/** Waits until a coverage layer has rendered something (its data arrives asynchronously). */
async function waitRendered(layerId: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < 60 && n <= 0; i++) {
    await waitForIdle(page);
    n = await rendered(layerId);
    if (n <= 0) await page.waitForTimeout(250);
  }
  return n;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // the city-wide leadership account: the dashboard's audience, read-only
  const leader = demoUsers().find((u) => u.role === 'leadership' && u.scope === 'city');
  if (!leader) throw new Error('data/demo-users.json has no city-wide leadership account');
  ({ page, errors } = await openPage(browser, `${server.url}/dashboard`, { login: leader }));
  await page.getByTestId('dashboard-ready').waitFor({ state: 'attached', timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard', () => {
  it('shows one row per county (7) and the city total, with charts', async () => {
    for (const code of COUNTIES) await expect(page.getByTestId(`dash-row-${code}`).count()).resolves.toBe(1);
    await expect(page.locator('tbody [data-testid^="dash-row-"]').count()).resolves.toBe(7);
    await expect(page.getByTestId('dash-row-city').count()).resolves.toBe(1);
    const cells = await page.locator('[data-testid="dash-row-220502"] td.dash-share').allTextContents();
    expect(cells.length).toBe(7);
    expect(cells[0]).toMatch(/^\d+\.\d%$/);
    await expect(page.locator('[data-testid="bar-chart"] [data-testid^="bar-"]').count()).resolves.toBe(7);
    // the demo has six filed past months: the trend has 7 months for every county
    const dots = await page.locator('[data-testid="trend-220502"] circle').count();
    expect(dots).toBe(7);
    await screenshot(page, 'dashboard');
    await page.getByTestId('trend-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-charts');
  });

  it('sorts by a column (descending share first)', async () => {
    await page.getByTestId('sort-room').click();
    const shares = (await page.locator('tbody tr td[data-key="room"]').allTextContents()).map((s) => parseFloat(s));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    await page.getByTestId('sort-room').click();
    const asc = (await page.locator('tbody tr td[data-key="room"]').allTextContents()).map((s) => parseFloat(s));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  it('shows this month\'s filing status per county', async () => {
    const status = await page.request.get(`${server.url}/api/reports/status`);
    const body = (await status.json()) as { counties: { code: string; filed: boolean }[] };
    expect(body.counties).toHaveLength(7);
    const notFiled = body.counties.filter((c) => !c.filed).map((c) => c.code);
    for (const code of notFiled) await expect(page.getByTestId(`filing-${code}`).count()).resolves.toBe(1);
  });
});

describe('the coverage overlays on the map', () => {
  it('click-through opens the map filtered to the county on the 覆盖 tab', async () => {
    await page.getByTestId('map-220502').click();
    await page.waitForURL(/\/\?county=220502$/);
    await waitForMapData(page);
    await page.getByTestId('coverage-panel').waitFor();
    await expect(page.getByTestId('coverage-county').inputValue()).resolves.toBe('220502');
    await page.getByTestId('coverage-reach').waitFor({ timeout: 30_000 });
  });

  it('switches the density heatmap on and renders it', async () => {
    await page.getByTestId('coverage-heatmap').check();
    expect(await waitRendered('coverage-heat')).toBeGreaterThan(0);
    await screenshot(page, 'coverage-heatmap');
  });

  it('draws the gap choropleth by status, by distance and as H3 hexagons, with a legend', async () => {
    await page.getByTestId('coverage-heatmap').uncheck();
    await page.getByTestId('coverage-gaps-status').check();
    expect(await waitRendered('coverage-gaps-fill')).toBeGreaterThan(0);
    await expect(page.getByTestId('coverage-legend').textContent()).resolves.toContain('两者皆无');
    await screenshot(page, 'coverage-gaps-status');
    await page.getByTestId('coverage-gaps-distance').check();
    await waitForIdle(page);
    const colors = await page.evaluate(() => JSON.stringify(window.beatgrid!.map.getPaintProperty('coverage-gaps-fill', 'fill-color')));
    expect(colors).toContain('reachRatio');
    expect(await waitRendered('coverage-gaps-fill')).toBeGreaterThan(0);
    await screenshot(page, 'coverage-gaps-distance');
    await page.getByTestId('coverage-gaps-hex').check();
    expect(await waitRendered('coverage-hex-fill')).toBeGreaterThan(0);
    expect(await rendered('coverage-gaps-fill')).toBe(0);
    await screenshot(page, 'coverage-gaps-hex');
  });

  it('lists the county\'s vacancies; a click selects the grid on the map', async () => {
    const first = page.getByTestId('coverage-vacancies').locator('button.link').first();
    await first.waitFor({ timeout: 30_000 });
    await first.click();
    await page.waitForFunction(() => window.beatgrid!.store.selection.getState().selected?.layer === 'grids');
    await waitForIdle(page);
    await screenshot(page, 'coverage-vacancy-selected');
    await page.evaluate(() => window.beatgrid!.store.selection.getState().select(null));
  });

  it('lets an admin file this month\'s report from the dashboard', async () => {
    const admin = await openPage(browser, `${server.url}/dashboard`);
    const p = admin.page;
    await p.getByTestId('dashboard-ready').waitFor({ state: 'attached', timeout: 60_000 });
    p.once('dialog', (d) => void d.accept());
    await p.getByTestId('file-220502').click();
    await p.locator('[data-testid="dash-row-220502"] td.filing.filed').waitFor({ timeout: 30_000 });
    const status = await p.request.get(`${server.url}/api/reports/status`);
    const body = (await status.json()) as { counties: { code: string; filed: boolean; source: string }[] };
    expect(body.counties.find((c) => c.code === '220502')).toMatchObject({ filed: true, source: 'filed' });
    await screenshot(p, 'dashboard-filed');
    // the printable report of the filed month (Chinese, print CSS)
    const month = ((await (await p.request.get(`${server.url}/api/reports/status`)).json()) as { month: string }).month;
    await p.goto(`${server.url}/api/reports/monthly?county=220502&month=${month}&format=html`);
    await expect(p.locator('h1').textContent()).resolves.toBe('东昌区警网融合工作月报');
    await expect(p.locator('.badge').textContent()).resolves.toBe('已报送');
    await screenshot(p, 'report-html');
    expect(admin.errors).toEqual([]);
    await p.context().close();
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
