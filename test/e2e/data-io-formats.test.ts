import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, Polygon, MultiPolygon, Feature } from 'geojson';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pointOnFeature } from '@turf/turf';
import ExcelJS from 'exceljs';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';
import { apiLogin, defaultTestUser } from './support/login.ts';

/**
 * The 导入 view with the formats Chinese GIS users hand us, in a real browser against the real
 * server (demo city, demo admin): a zipped GBK Shapefile with its .cpg (the seven districts of
 * 通化, test/fixtures/io/gbk-with-cpg.zip) whose Chinese names must survive into the mapping
 * sample and the map preview; and an XLSX of police posts built here with exceljs, whose
 * coordinate columns have names nothing guesses, so the page must offer the columns the server
 * read and the user chooses them. Nothing is written (each preview is cancelled).
 * Screenshots: test-output/data-io-formats-1-shapefile.png, -2-xlsx-columns.png, -3-xlsx.png.
 */

const FIXTURE = resolve(import.meta.dirname, '../fixtures/io/gbk-with-cpg.zip');

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let cookie = '';

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until the import panel has no request running. */
const idle = () => page.locator('[data-testid="data-import"][data-busy="0"]').waitFor({ timeout: 60_000 });

/** The preview features drawn now: index → name. */
async function renderedNames(): Promise<Record<number, string>> {
  await waitForIdle(page);
  return page.evaluate(() => {
    const map = window.beatgrid!.map;
    const layers = ['import-preview-fill', 'import-preview-line', 'import-preview-invalid', 'import-preview-points'].filter((l) => map.getLayer(l));
    const out: Record<number, string> = {};
    for (const f of layers.length ? map.queryRenderedFeatures({ layers }) : []) out[Number(f.properties.index)] = String(f.properties.name);
    return out;
  });
}

/** Picks `field` in a mapping select unless the server's guess already is it, and waits for the re-validation. */
async function mapField(key: 'code' | 'name', field: string): Promise<void> {
  const select = page.getByTestId(`import-map-${key}`);
  if ((await select.inputValue()) === field) return;
  await select.selectOption(field);
  await expect.poll(() => page.getByTestId(`import-map-${key}`).inputValue(), { timeout: 30_000 }).toBe(field);
  await idle();
}

/** Cancels the preview and checks it left the map. */
async function cancel(): Promise<void> {
  await page.getByTestId('import-cancel').click();
  await page.getByTestId('import-report').waitFor({ state: 'detached' });
  await expect(page.evaluate(() => Boolean(window.beatgrid!.map.getSource('import-preview')))).resolves.toBe(false);
}

beforeAll(async () => {
  server = await startServer();
  cookie = (await apiLogin(server.url, defaultTestUser())).cookie;
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, server.url));
  await waitForMapData(page);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-import').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('zipped Shapefile (GBK attributes, .cpg)', () => {
  it('previews the seven districts on the map with their Chinese names in the mapping sample', async () => {
    const targets = await page.getByTestId('import-layer').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(targets).toContain('counties');
    await page.getByTestId('import-layer').selectOption('counties');
    await page.getByTestId('import-mode').selectOption('add');
    await page.getByTestId('import-file').setInputFiles({ name: 'gbk-with-cpg.zip', mimeType: 'application/zip', buffer: readFileSync(FIXTURE) });
    // a Shapefile is not a point table: no coordinate columns are asked for
    await expect(page.getByTestId('import-lonlat').count()).resolves.toBe(0);
    await page.getByTestId('import-upload').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    await idle();
    await expect(page.getByTestId('import-summary').getAttribute('data-total')).resolves.toBe('7');
    await expect(page.getByTestId('import-coordinates').getAttribute('data-kind')).resolves.toBe('lonlat');

    await mapField('code', 'adcode');
    await mapField('name', 'name');
    // the DBF is GBK: read through the .cpg, its names are Chinese in the sample, not mojibake
    const sample = (await page.getByTestId('import-map-name-sample').textContent()) ?? '';
    expect(sample).toMatch(/东昌区|二道江区|通化县/);
    expect(sample).not.toMatch(/\uFFFD|[ÀÃÂ¶¹]/);
    await expect(page.getByTestId('import-map-code-sample').textContent()).resolves.toMatch(/2205\d\d/);

    // every district is drawn (whatever its status: they duplicate the live counties), named in Chinese
    await expect.poll(async () => Object.keys(await renderedNames()).length, { timeout: 30_000 }).toBe(7);
    const names = Object.values(await renderedNames());
    expect(names).toEqual(expect.arrayContaining(['东昌区', '二道江区', '通化县']));
    expect(names.every((n) => /^[\u4e00-\u9fff]+$/.test(n))).toBe(true);
    // the same names as GDAL reads them from the fixture (independent reader)
    const live = await api<FeatureCollection<Polygon | MultiPolygon>>('/api/layers/counties');
    const liveNames = new Set(live.features.map((f: Feature) => String(f.properties?.name)));
    expect(names.filter((n) => liveNames.has(n)).length).toBeGreaterThanOrEqual(3);
    await page.getByTestId('import-mapping').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-formats-1-shapefile');
    await cancel();
  });
});

describe('XLSX of points', () => {
  it('asks for the coordinate columns the server read, previews the chosen ones, Chinese names intact', async () => {
    // two police posts inside two grids of 东昌区; the coordinate columns have names nothing guesses
    const grids = await api<FeatureCollection<Polygon | MultiPolygon>>('/api/layers/grids?county=220502');
    const at = grids.features.slice(0, 2).map((g) => pointOnFeature(g).geometry.coordinates);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('警务站');
    ws.addRow(['编号', '名称', '备注', '坐标甲', '坐标乙']);
    ws.addRow(['E2E-XLSX-1', '端到端岗亭一', '测试', at[0][1], at[0][0]]);
    ws.addRow(['E2E-XLSX-2', '端到端岗亭二', '测试', at[1][1], at[1][0]]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

    await page.getByTestId('import-layer').selectOption('police-posts');
    await page.getByTestId('import-mode').selectOption('add');
    await page.getByTestId('import-station').selectOption({ index: 1 }); // the posts' station (the file has no station column)
    await page.getByTestId('import-file').setInputFiles({ name: 'posts.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    // the page cannot read an XLSX header: nothing to choose yet
    await expect(page.getByTestId('import-lon-field').locator('option').count()).resolves.toBe(1);
    await page.getByTestId('import-upload').click();
    // the server answers with the columns; the page offers them and asks
    await page.getByTestId('import-choose-columns').waitFor({ timeout: 60_000 });
    await idle();
    const offered = await page.getByTestId('import-lon-field').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['', '编号', '名称', '备注', '坐标甲', '坐标乙']);
    await expect(page.getByTestId('import-report').count()).resolves.toBe(0);
    await expect(page.getByTestId('import-error').count()).resolves.toBe(0);
    await page.getByTestId('import-lonlat').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-formats-2-xlsx-columns');

    // 坐标乙 holds longitudes, 坐标甲 latitudes
    await page.getByTestId('import-lon-field').selectOption('坐标乙');
    await page.getByTestId('import-lat-field').selectOption('坐标甲');
    await page.getByTestId('import-upload').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    await idle();
    await expect(page.getByTestId('import-choose-columns').count()).resolves.toBe(0);
    await expect(page.getByTestId('import-summary').getAttribute('data-total')).resolves.toBe('2');
    await expect(page.getByTestId('import-coordinates').getAttribute('data-kind')).resolves.toBe('lonlat');
    await expect(page.getByTestId('import-summary').getAttribute('data-invalid')).resolves.toBe('0');
    await mapField('code', '编号');
    await mapField('name', '名称');
    await expect(page.getByTestId('import-map-name-sample').textContent()).resolves.toContain('端到端岗亭一');

    // both points drawn where the grids are, named in Chinese
    await expect.poll(async () => Object.keys(await renderedNames()).length, { timeout: 30_000 }).toBe(2);
    expect(Object.values(await renderedNames()).sort()).toEqual(['端到端岗亭一', '端到端岗亭二']);
    const drawn = await page.evaluate(() =>
      window.beatgrid!.map.queryRenderedFeatures({ layers: ['import-preview-points'] }).map((f) => ({ i: Number(f.properties.index), c: (f.geometry as { coordinates: number[] }).coordinates })),
    );
    for (const d of drawn) {
      // rendered coordinates are tile-quantised: within ~1e-4° of the source
      expect(Math.abs(d.c[0] - at[d.i][0])).toBeLessThan(1e-4);
      expect(Math.abs(d.c[1] - at[d.i][1])).toBeLessThan(1e-4);
    }

    // the other way round is caught: latitudes as longitudes are refused with the swapped-axes
    // diagnosis (the last good report stays below it); choosing right again clears it
    await page.getByTestId('import-lon-field').selectOption('坐标甲');
    await idle();
    await page.getByTestId('import-lat-field').selectOption('坐标乙');
    await idle();
    const red = page.getByTestId('import-diagnosis-error');
    await expect.poll(async () => ((await red.count()) ? red.getAttribute('data-kind') : null), { timeout: 30_000 }).toBe('latlon-swapped');
    await page.getByTestId('import-lon-field').selectOption('坐标乙');
    await idle();
    await page.getByTestId('import-lat-field').selectOption('坐标甲');
    await idle();
    await expect.poll(() => red.count(), { timeout: 30_000 }).toBe(0);
    await expect(page.getByTestId('import-coordinates').getAttribute('data-kind')).resolves.toBe('lonlat');
    await expect(page.getByTestId('import-summary').getAttribute('data-total')).resolves.toBe('2');
    await page.getByTestId('import-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-formats-3-xlsx');
    await cancel();
  });

  it('logged no page errors besides the expected 422s (columns asked for, swapped axes refused)', async () => {
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 422/.test(e)).length).toBeGreaterThanOrEqual(2);
  });
});
