/**
 * Browser test of the alignment view (issue 3): open the 边界核查 tab, see the mismatch polygons
 * rendered on the map, propose and apply a realignment for one police station, and watch its
 * score reach 100 %. Screenshots: test-output/alignment-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Features of our style layers rendered in the current view. */
function rendered(layers: string[]): Promise<number> {
  return page.evaluate((ids) => {
    const map = window.beatgrid!.map;
    const present = ids.filter((id) => map.getLayer(id));
    return present.length ? map.queryRenderedFeatures({ layers: present }).length : 0;
  }, layers);
}

interface Score { id?: number; code: string; name: string; grids: number; score: number }
interface Proposal { ties: unknown[]; uncovered: unknown[]; foreign: unknown[]; totals: { zonesChanged: number } }

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, `${server.url}/`));
  await waitForMapData(page);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the alignment view', () => {
  let station: Score;

  it('opens from the sidebar and draws the mismatch polygons by kind, with scores and legend', async () => {
    await page.getByTestId('tab-alignment').click();
    await page.getByTestId('alignment-city').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const map = window.beatgrid!.map;
      return !!map.getLayer('alignment-mismatch-fill') && map.queryRenderedFeatures({ layers: ['alignment-mismatch-fill', 'alignment-mismatch-dots'] }).length > 0;
    }, undefined, { timeout: 60_000 });
    await waitForIdle(page);
    const overview = await get<{ summary: { mismatch: { count: number }; score: number } }>('/api/alignment?layer=beats');
    expect(overview.summary.mismatch.count).toBeGreaterThan(50);
    expect(await rendered(['alignment-mismatch-dots'])).toBeGreaterThan(20);
    const kinds = await page.evaluate(() => new Set(window.beatgrid!.map.queryRenderedFeatures({ layers: ['alignment-mismatch-dots'] }).map((f) => f.properties.kind)).size);
    expect(kinds).toBeGreaterThanOrEqual(3);
    const cityText = await page.getByTestId('alignment-city').textContent();
    expect(cityText).toContain(`${(Math.floor(overview.summary.score * 1000) / 10).toFixed(1)} %`);
    expect(await page.getByTestId('alignment-legend').locator('li').count()).toBe(4);
    expect(await page.getByTestId('alignment-mismatch-table').locator('tbody tr').count()).toBeGreaterThan(20);
    await screenshot(page, 'alignment-city');
  });

  it('clicking the largest mismatch zooms to it and selects its grid; the polygon is rendered there', async () => {
    const zoomBefore = await page.evaluate(() => window.beatgrid!.map.getZoom());
    await page.getByTestId('alignment-mismatch-table').locator('tbody tr').first().click();
    await page.waitForFunction((z) => window.beatgrid!.map.getZoom() > z + 1 && !window.beatgrid!.map.isMoving(), zoomBefore, { timeout: 20_000 });
    await waitForIdle(page);
    expect(await rendered(['alignment-mismatch-fill'])).toBeGreaterThan(0);
    const selected = await page.evaluate(() => window.beatgrid!.store.selection.getState().selected);
    expect(selected?.layer).toMatch(/grids|beats/);
    await screenshot(page, 'alignment-mismatch-zoom');
  });

  it('proposes a realignment for one station, drawn against today\u2019s zones', async () => {
    const { scores } = await get<{ scores: { station: Score[] } }>('/api/alignment?layer=beats');
    // a station below 100 % whose proposal needs no human decision and no other station's fix
    const candidates = scores.station.filter((s) => s.score < 1 && s.id !== undefined).sort((a, b) => a.grids - b.grids);
    for (const s of candidates) {
      const p = await get<Proposal>(`/api/alignment/realign?layer=beats&station=${s.id}`);
      if (!p.ties.length && !p.uncovered.length && !p.foreign.length && p.totals.zonesChanged > 0) { station = s; break; }
    }
    expect(station, 'a station that realignment alone brings to 100 %').toBeDefined();
    await page.getByTestId('alignment-station').selectOption(String(station.id));
    await page.getByTestId('alignment-propose').click();
    await page.getByTestId('alignment-proposal-zones').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.beatgrid!.map.queryRenderedFeatures({ layers: ['alignment-proposal-zones'] }).length > 0, undefined, { timeout: 30_000 });
    await waitForIdle(page);
    expect(await rendered(['alignment-proposal-zones'])).toBeGreaterThan(0);
    const row = page.getByTestId('alignment-station-scores').locator(`tr[data-code="${station.code}"] .align-score`);
    expect(Number(await row.getAttribute('data-score'))).toBeLessThan(1);
    await screenshot(page, 'alignment-proposal');
  });

  it('applies it (reason required) and the station\u2019s score reaches 100 %', async () => {
    await page.getByTestId('alignment-apply').click();
    await expect(page.getByText(/请填写调整原因|A reason is required/).isVisible()).resolves.toBe(true);
    await page.getByTestId('alignment-reason').fill('按网格边界重划责任区（浏览器测试）');
    await page.getByTestId('alignment-apply').click();
    await page.getByTestId('alignment-applied').waitFor({ timeout: 30_000 });
    const row = page.getByTestId('alignment-station-scores').locator(`tr[data-code="${station.code}"] .align-score`);
    await expect.poll(async () => Number(await row.getAttribute('data-score')), { timeout: 20_000 }).toBe(1);
    await expect(row.textContent()).resolves.toBe('100 %');
    const after = await get<{ summary: { score: number } }>(`/api/alignment?layer=beats&station=${station.id}`);
    expect(after.summary.score).toBe(1);
    const changes = await get<unknown>(`/api/alignment/realign?layer=beats&station=${station.id}`) as { totals: { zonesChanged: number } };
    expect(changes.totals.zonesChanged).toBe(0);
    await waitForIdle(page);
    await screenshot(page, 'alignment-applied');
  });

  it('the applied realignment can be undone from the page (one revert change): the score drops back', async () => {
    await page.getByTestId('alignment-undo').click();
    await page.getByTestId('alignment-reverted').waitFor({ timeout: 30_000 });
    const row = page.getByTestId('alignment-station-scores').locator(`tr[data-code="${station.code}"] .align-score`);
    await expect.poll(async () => Number(await row.getAttribute('data-score')), { timeout: 20_000 }).toBe(station.score);
    const again = await get<Proposal>(`/api/alignment/realign?layer=beats&station=${station.id}`);
    expect(again.totals.zonesChanged).toBeGreaterThan(0);
  });

  it('live feedback: with another tab open, an edit saved elsewhere refreshes the mismatch layer', async () => {
    const count = () => page.evaluate(async () => {
      const src = window.beatgrid!.map.getSource('alignment-mismatches') as unknown as { getData(): Promise<{ features: unknown[] }> } | undefined;
      return src ? (await src.getData()).features.length : -1;
    });
    await page.getByTestId('tab-layers').click();
    const before = await count();
    expect(before).toBeGreaterThan(0); // the overlay stays while other tabs are open
    // another station realigned by someone else (through the API)
    const { scores } = await get<{ scores: { station: Score[] } }>('/api/alignment?layer=beats');
    let other: Score | undefined;
    for (const s of scores.station.filter((x) => x.score < 1 && x.id !== undefined && x.id !== station.id).sort((a, b) => a.grids - b.grids)) {
      const p = await get<Proposal>(`/api/alignment/realign?layer=beats&station=${s.id}`);
      if (!p.ties.length && !p.uncovered.length && !p.foreign.length && p.totals.zonesChanged > 0) { other = s; break; }
    }
    expect(other).toBeDefined();
    const res = await fetch(`${server.url}/api/alignment/realign`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ layer: 'beats', station: other!.id, reason: 'live feedback test' }),
    });
    expect(res.status).toBe(201);
    const expected = (await get<{ features: unknown[] }>('/api/alignment/mismatches?layer=beats')).features.length;
    expect(expected).not.toBe(before); // slivers of that station are gone (grids it releases may become gaps of others)
    await expect.poll(count, { timeout: 40_000, interval: 1000 }).toBe(expected);
    await page.getByTestId('tab-alignment').click();
    expect(errors).toEqual([]);
  });
});
