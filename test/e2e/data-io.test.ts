import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { area, bbox, booleanPointInPolygon, featureCollection, intersect, pointOnFeature } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';
import { apiLogin, defaultTestUser, demoUser } from './support/login.ts';

/**
 * The 导入导出 tab in a real browser against the real server with the demo city, as the demo
 * admin: upload a GeoJSON of two aux-grids for grids that lack one (一格一警) plus a bow-tie and
 * an unclosed ring, read the validation table and the status-coloured preview on the map,
 * apply with repair and find the new aux-grids drawn; a replace-mode diff for one station,
 * cancelled; a Gauss-Krüger upload refused with the red diagnosis; and exports downloaded
 * through the panel's button (saved by the browser) with the right name, bytes and feature count, and a refused one shown in the panel.
 * Screenshots: test-output/data-io-1-report.png … data-io-8-english.png (7b: a refused export).
 */

type Area = Feature<Polygon | MultiPolygon, Record<string, unknown>> & { id: number };

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
/** this process's own admin session: startServer's patched fetch may point at the template-building server */
let cookie = '';
/** two grids without an aux-grid, each with the code of the station whose beat covers it */
let targets: { grid: Area; station: string }[] = [];

const AUX_CODES = ['E2E-AUX-1', 'E2E-AUX-2'];
const BOWTIE_CODE = 'E2E-BOWTIE';

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}\n${server.log().slice(-3000)}`);
  return (await res.json()) as T;
}

/** The outer ring of a polygon feature. */
const shell = (f: Area): Position[] => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]);

/** m² of the overlap of two areas (0 when they only touch). */
function overlapM2(a: Area, b: Area): number {
  const x = intersect(featureCollection([a, b]));
  return x ? area(x) : 0;
}

/** Waits until the import panel has no request running. */
const idle = () => page.locator('[data-testid="data-import"][data-busy="0"]').waitFor({ timeout: 60_000 });

/** Distinct preview features (by source index) drawn now, by status. */
async function renderedPreview(): Promise<Record<string, number[]>> {
  await waitForIdle(page);
  return page.evaluate(() => {
    const map = window.beatgrid!.map;
    const layers = ['import-preview-fill', 'import-preview-line', 'import-preview-invalid', 'import-preview-points'].filter((l) => map.getLayer(l));
    const by: Record<string, Set<number>> = {};
    for (const f of layers.length ? map.queryRenderedFeatures({ layers }) : []) {
      const s = String(f.properties.status);
      (by[s] ??= new Set()).add(Number(f.properties.index));
    }
    return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, [...v].sort()]));
  });
}

/**
 * Clicks the export button and catches the browser's download: the saved file's name and
 * bytes, and the panel's "saved" line.
 */
async function downloadViaButton(): Promise<{ name: string; body: Buffer; done: { bytes: number; features: string; filename: string } }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-download').click()]);
  const path = await dl.path();
  const body = readFileSync(path);
  const done = page.getByTestId('export-done');
  await done.waitFor({ timeout: 30_000 });
  return {
    name: dl.suggestedFilename(),
    body,
    done: { bytes: Number(await done.getAttribute('data-bytes')), features: (await done.getAttribute('data-features')) ?? '', filename: (await done.getAttribute('data-filename')) ?? '' },
  };
}

beforeAll(async () => {
  server = await startServer();
  cookie = (await apiLogin(server.url, defaultTestUser())).cookie;
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, server.url));
  await waitForMapData(page);

  // grids of 东昌区 that no aux-grid covers and that no aux-grid overlaps: the new aux-grids go there
  const grids = await api<FeatureCollection>('/api/layers/grids?county=220502');
  const aux = await api<FeatureCollection>('/api/layers/aux-grids?county=220502');
  const beats = await api<FeatureCollection>('/api/layers/beats?county=220502');
  const stations = await api<FeatureCollection>('/api/layers/stations');
  const stationCode = new Map(stations.features.map((s) => [Number(s.id), String(s.properties?.code)]));
  const auxBoxes = aux.features.map((f) => bbox(f));
  const touches = (b: number[], c: number[]) => b[0] <= c[2] && c[0] <= b[2] && b[1] <= c[3] && c[1] <= b[3];
  for (const g of grids.features as Area[]) {
    if (targets.length === 2) break;
    const gb = bbox(g);
    const near = aux.features.filter((_, i) => touches(gb, auxBoxes[i])) as Area[];
    if (near.some((a) => overlapM2(g, a) > 0.5)) continue;
    const at = pointOnFeature(g).geometry.coordinates;
    const beat = beats.features.find((b) => booleanPointInPolygon(at, b as Area));
    const station = beat ? stationCode.get(Number(beat.properties?.stationId)) : undefined;
    if (station) targets.push({ grid: g, station });
  }
  if (targets.length < 2) throw new Error(`the demo city has ${targets.length} grids of 220502 without an aux-grid (need 2)`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The upload: [0] a grid's shape (ok), [1] a bow-tie (invalid), [2] another grid's shape with its ring left open (repairable). */
function uploadFile(): FeatureCollection {
  const [a, b] = targets;
  const box = bbox(a.grid);
  const cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2, d = (box[2] - box[0]) / 8;
  const open = shell(b.grid).slice(0, -1); // the closing position dropped
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { 编号: AUX_CODES[0], 名称: '端到端导入警格一', 派出所: a.station }, geometry: { type: 'Polygon', coordinates: [shell(a.grid)] } },
      {
        type: 'Feature',
        properties: { 编号: BOWTIE_CODE, 名称: '自相交', 派出所: a.station },
        // lobes of unequal size (0.8 d² and 1.8 d²): the edges cross at (0.2 d, 0.2 d)
        geometry: { type: 'Polygon', coordinates: [[[cx - d, cy - d], [cx + d, cy + d], [cx + d, cy - d], [cx - d, cy + 2 * d], [cx - d, cy - d]]] },
      },
      { type: 'Feature', properties: { 编号: AUX_CODES[1], 名称: '端到端导入警格二', 派出所: b.station }, geometry: { type: 'Polygon', coordinates: [open] } },
    ],
  };
}

describe('import', () => {
  it('opens the tab and offers every writable layer, the CRS choices and the file types', async () => {
    await page.getByTestId('tab-data').click();
    await page.getByTestId('data-import').waitFor();
    const layers = await page.getByTestId('import-layer').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(layers).toEqual(expect.arrayContaining(['grids', 'beats', 'aux-grids', 'police-posts']));
    const crs = await page.getByTestId('import-crs').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(crs).toEqual(['wgs84', 'gcj02', 'bd09']);
    await expect(page.getByTestId('import-file').getAttribute('accept')).resolves.toBe('.geojson,.json,.zip,.kml,.kmz,.csv,.xlsx');
    // the tab strip still shows every label unclipped with one more tab
    const clipped = await page.$$eval('.tabs .tab', (tabs) => tabs.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
    expect(clipped).toEqual([]);
  });

  it('uploads aux-grids with a bow-tie and an unclosed ring: table rows, mapping, preview by status', async () => {
    await page.getByTestId('import-layer').selectOption('aux-grids');
    await page.getByTestId('import-mode').selectOption('add');
    await page.getByTestId('import-file').setInputFiles({ name: 'aux-grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(uploadFile()), 'utf8') });
    await page.getByTestId('import-upload').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });

    // map the Chinese attribute names (a re-validation on each change)
    for (const [key, field] of [['code', '编号'], ['name', '名称'], ['station', '派出所']] as const) {
      const select = page.getByTestId(`import-map-${key}`);
      if ((await select.inputValue()) !== field) {
        const before = await report.getAttribute('data-preview');
        await select.selectOption(field);
        // the select shows the server's mapping: it changes once the new report is in
        await expect.poll(async () => page.getByTestId(`import-map-${key}`).inputValue(), { timeout: 30_000 }).toBe(field);
        await idle();
        expect(await report.getAttribute('data-preview')).toBe(before); // same upload, validated again
      }
    }
    const summary = page.getByTestId('import-summary');
    await expect(summary.getAttribute('data-total')).resolves.toBe('3');
    await expect(page.getByTestId('import-coordinates').getAttribute('data-kind')).resolves.toBe('lonlat');
    await page.getByTestId('import-coordinates').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-1-report');

    // the table: the bow-tie (feature 2) crosses itself, the open ring (feature 3) is repairable
    const bowtie = page.locator('[data-testid="import-problem-row"][data-index="1"][data-problem="self_intersection"]');
    await expect(bowtie.count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(bowtie.first().getAttribute('data-repairable')).resolves.toBe('0');
    await expect(bowtie.first().locator('td').first().textContent()).resolves.toBe('2');
    await expect(bowtie.first().textContent()).resolves.toContain('自相交');
    const unclosed = page.locator('[data-testid="import-problem-row"][data-index="2"][data-problem="unclosed_ring"]');
    await expect(unclosed.count()).resolves.toBe(1);
    await expect(unclosed.getAttribute('data-repairable')).resolves.toBe('1');
    await expect(unclosed.textContent()).resolves.toContain('环未闭合');
    await expect(page.locator('[data-testid="import-problem-row"][data-index="0"][data-severity="error"]').count()).resolves.toBe(0);
    await expect(summary.getAttribute('data-invalid')).resolves.toBe('1');
    await expect(summary.getAttribute('data-repairable')).resolves.toBe('1');

    // the preview on the map, coloured by status
    await expect.poll(async () => (await renderedPreview()).invalid ?? [], { timeout: 30_000 }).toEqual([1]);
    const drawn = await renderedPreview();
    expect(drawn.repaired).toEqual([2]);
    expect([...(drawn.ok ?? []), ...(drawn.warning ?? [])]).toEqual([0]);

    await page.getByTestId('import-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-2-preview');

    // clicking the bow-tie's row flies to where its edges cross and outlines it
    const zoomBefore = await page.evaluate(() => window.beatgrid!.map.getZoom());
    await bowtie.first().click();
    await expect.poll(() => page.evaluate(() => JSON.stringify(window.beatgrid!.map.getFilter('import-preview-picked')))).toContain('1');
    await expect.poll(() => page.evaluate(() => window.beatgrid!.map.isMoving()), { timeout: 10_000 }).toBe(false);
    await waitForIdle(page);
    const view = await page.evaluate(() => ({ zoom: window.beatgrid!.map.getZoom(), center: window.beatgrid!.map.getCenter().toArray() }));
    expect(view.zoom).toBeGreaterThanOrEqual(Math.min(16, zoomBefore));
    const box = bbox(targets[0].grid);
    expect(view.center[0]).toBeGreaterThan(box[0]);
    expect(view.center[0]).toBeLessThan(box[2]);
    await page.getByTestId('import-problems').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-3-problem-picked');
  });

  it('applies with repair + skip: two aux-grids are created, the bow-tie skipped, and they are drawn', async () => {
    await expect(page.getByTestId('import-apply').isDisabled()).resolves.toBe(true); // a reason is required
    await page.getByTestId('import-reason').fill('补齐一格一警的警格');
    // "repair" alone refuses while the bow-tie stays invalid: the page says so and does not offer apply
    await page.getByTestId('import-repair').check();
    await expect(page.getByTestId('import-refused').textContent()).resolves.toContain('1 个要素无法修复');
    await expect(page.getByTestId('import-apply').isDisabled()).resolves.toBe(true);
    await page.getByTestId('import-skip').check();
    await expect(page.getByTestId('import-will-write').textContent()).resolves.toContain('2 / 3');
    const t0 = Date.now();
    await page.getByTestId('import-apply').click();
    const done = page.getByTestId('import-applied');
    await done.waitFor({ timeout: 60_000 });
    console.log(`apply answered in ${Date.now() - t0} ms`);
    await expect(done.getAttribute('data-created')).resolves.toBe('2');
    await expect(done.textContent()).resolves.toContain('新增 2 个');
    expect(Number(await done.getAttribute('data-change'))).toBeGreaterThan(0);
    await expect(done.textContent()).resolves.toContain('已修复 1 个');
    await expect(done.textContent()).resolves.toContain('跳过 1 个');
    // the preview left the map
    await expect(page.evaluate(() => Boolean(window.beatgrid!.map.getLayer('import-preview-fill')))).resolves.toBe(false);

    const aux = await api<FeatureCollection>('/api/layers/aux-grids?county=220502');
    const created = aux.features.filter((f) => AUX_CODES.includes(String(f.properties?.code)));
    expect(created.map((f) => f.properties?.code).sort()).toEqual(AUX_CODES);
    expect(aux.features.some((f) => f.properties?.code === BOWTIE_CODE)).toBe(false);
    // the repaired ring is the grid's own shape (closed again)
    const second = created.find((f) => f.properties?.code === AUX_CODES[1]) as Area;
    expect(Math.abs(area(second) - area(targets[1].grid))).toBeLessThan(1);

    await idle(); // the layer reload after apply
    console.log(`apply + layer reload in ${Date.now() - t0} ms`);
    // drawn in the real layer (the import made the layer visible)
    const box = bbox(targets[0].grid);
    await page.evaluate((b) => {
      window.beatgrid!.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 80, animate: false }); // (returning the Map would serialise it)
    }, box);
    await expect
      .poll(async () => {
        await waitForIdle(page);
        return page.evaluate((codes) => window.beatgrid!.map.queryRenderedFeatures({ layers: ['aux-grids-line'] }).filter((f) => codes.includes(String(f.properties.code))).length, AUX_CODES);
      }, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'data-io-4-applied');
  });

  it('replace mode for one station: the diff, the preview coloured by what it does with a legend, and cancel writes nothing', async () => {
    const station = targets[0].station;
    const stations = await api<FeatureCollection>('/api/layers/stations');
    const stationId = Number(stations.features.find((s) => s.properties?.code === station)!.id);
    const mine = await api<FeatureCollection>(`/api/layers/aux-grids?station=${stationId}`);
    expect(mine.features.length).toBeGreaterThan(3);
    const code = (i: number) => String(mine.features[i].properties?.code);
    const renamed = code(0);
    const recoded = code(1); // comes back under a new code: its old code is removed, the new one added
    const dropped = code(mine.features.length - 1); // left out of the file: removed
    const NEW_CODE = 'E2E-RECODED';
    const file: FeatureCollection = {
      type: 'FeatureCollection',
      features: mine.features.slice(0, -1).map((f, i) => ({
        type: 'Feature',
        properties: { code: i === 1 ? NEW_CODE : f.properties?.code, name: i === 0 ? `${f.properties?.name}（改名）` : f.properties?.name },
        geometry: f.geometry,
      })),
    };
    await page.getByTestId('import-layer').selectOption('aux-grids');
    await page.getByTestId('import-mode').selectOption('replace');
    await page.getByTestId('import-station').selectOption(String(stationId));
    await page.getByTestId('import-file').setInputFiles({ name: 'station.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file), 'utf8') });
    await page.getByTestId('import-upload').click();
    const diff = page.getByTestId('import-diff');
    await diff.waitFor({ timeout: 60_000 });
    await expect(diff.getAttribute('data-changed')).resolves.toBe('1');
    await expect(diff.getAttribute('data-added')).resolves.toBe('1');
    await expect(diff.getAttribute('data-removed')).resolves.toBe('2');
    await expect(page.getByTestId('import-diff-changed').textContent()).resolves.toContain(renamed);
    await expect(page.getByTestId('import-diff-added').textContent()).resolves.toContain(NEW_CODE);
    await expect(page.getByTestId('import-diff-removed').textContent()).resolves.toContain(recoded);
    await expect(page.getByTestId('import-diff-removed').textContent()).resolves.toContain(dropped);

    // the legend counts what the import does
    const legend = page.getByTestId('import-legend');
    await expect(legend.getAttribute('data-kind')).resolves.toBe('change');
    const unchanged = file.features.length - 2;
    for (const [change, n] of [['added', 1], ['changed', 1], ['unchanged', unchanged], ['removed', 2]] as const) {
      await expect(legend.locator(`[data-change="${change}"]`).getAttribute('data-count')).resolves.toBe(String(n));
    }
    await expect(legend.textContent()).resolves.toContain('新增');

    // the map: the file's features by change, the removed ones as the live outline (whole station in view)
    const box = bbox({ type: 'FeatureCollection', features: mine.features });
    await page.evaluate((b) => {
      window.beatgrid!.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, animate: false });
    }, box);
    const drawnChanges = async () => {
      await waitForIdle(page);
      return page.evaluate(() => {
        const map = window.beatgrid!.map;
        const layers = ['import-preview-fill', 'import-preview-line', 'import-preview-removed-line'].filter((l) => map.getLayer(l));
        const by: Record<string, string[]> = {};
        for (const f of map.queryRenderedFeatures({ layers })) {
          const c = String(f.properties.change);
          if (!(by[c] ??= []).includes(String(f.properties.code))) by[c].push(String(f.properties.code));
        }
        for (const k of Object.keys(by)) by[k].sort();
        return by;
      });
    };
    await expect.poll(async () => (await drawnChanges()).removed ?? [], { timeout: 30_000 }).toEqual([recoded, dropped].sort());
    const drawn = await drawnChanges();
    expect(drawn.added).toEqual([NEW_CODE]);
    expect(drawn.changed).toEqual([renamed]);
    expect(drawn.unchanged?.length).toBe(unchanged);
    // the removed outline is crimson and dashed, the invalid one stays red
    const paint = await page.evaluate(() => {
      const map = window.beatgrid!.map;
      return { color: map.getPaintProperty('import-preview-removed-line', 'line-color'), dash: map.getPaintProperty('import-preview-removed-line', 'line-dasharray') };
    });
    expect(paint.color).toBe('#a61e4d');
    expect(paint.dash).toBeTruthy();
    await page.getByTestId('import-legend').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-5-diff');
    // closer: the two removed outlines (one under the feature that comes back under a new code)
    const gone = mine.features.filter((f) => [recoded, dropped].includes(String(f.properties?.code)));
    const near = bbox({ type: 'FeatureCollection', features: gone });
    await page.evaluate((b) => {
      window.beatgrid!.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 120, animate: false });
    }, near);
    await waitForIdle(page);
    await screenshot(page, 'data-io-5b-diff-removed');

    await page.getByTestId('import-cancel').click();
    await page.getByTestId('import-report').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => Boolean(window.beatgrid!.map.getSource('import-preview')))).resolves.toBe(false);
    await expect(page.evaluate(() => Boolean(window.beatgrid!.map.getSource('import-preview-removed')))).resolves.toBe(false);
    const after = await api<{ properties: Record<string, unknown> }>(`/api/layers/aux-grids/${mine.features[0].id}`);
    expect(after.properties.name).toBe(mine.features[0].properties?.name);
    const stillThere = await api<FeatureCollection>(`/api/layers/aux-grids?station=${stationId}`);
    expect(stillThere.features.map((f) => f.properties?.code)).toEqual(expect.arrayContaining([recoded, dropped]));
  });

  it('refuses Gauss-Krüger metres with a red message saying what they look like', async () => {
    // CGCS2000 3-degree zone 42 (central meridian 126°E): false easting 42 500 000 m
    const gk: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: 'GK-1', name: '投影坐标' }, geometry: { type: 'Polygon', coordinates: [[[42_494_000, 4_620_000], [42_495_000, 4_620_000], [42_495_000, 4_621_000], [42_494_000, 4_621_000], [42_494_000, 4_620_000]]] } }],
    };
    await page.getByTestId('import-layer').selectOption('grids');
    await page.getByTestId('import-mode').selectOption('add');
    await page.getByTestId('import-file').setInputFiles({ name: 'gauss-kruger.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(gk), 'utf8') });
    await page.getByTestId('import-upload').click();
    const red = page.getByTestId('import-diagnosis-error');
    await red.waitFor({ timeout: 60_000 });
    await expect(red.getAttribute('data-kind')).resolves.toBe('gauss-kruger-3deg');
    await expect(red.textContent()).resolves.toMatch(/高斯|Gauss/);
    await expect(page.getByTestId('import-report').count()).resolves.toBe(0);
    const color = await red.evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(153, 27, 27)');
    await screenshot(page, 'data-io-6-gauss-kruger');
  });
});

describe('import of a point table', () => {
  it('reads a CSV of police posts with the lon/lat columns chosen in the page and previews the points', async () => {
    const [a, b] = targets.map((x) => pointOnFeature(x.grid).geometry.coordinates);
    const csv = ['名称,编码,纬度,经度', `端到端警务站一,E2E-CSV-1,${a[1]},${a[0]}`, `端到端警务站二,E2E-CSV-2,${b[1]},${b[0]}`].join('\n');
    await page.getByTestId('import-layer').selectOption('police-posts');
    await page.getByTestId('import-mode').selectOption('add');
    await page.getByTestId('import-file').setInputFiles({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    // the columns are read from the header in the page and guessed from their names
    await expect.poll(() => page.getByTestId('import-lon-field').inputValue()).toBe('经度');
    await expect(page.getByTestId('import-lat-field').inputValue()).resolves.toBe('纬度');
    await page.getByTestId('import-station').selectOption({ index: 1 });
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-summary').getAttribute('data-total')).resolves.toBe('2');
    await expect.poll(async () => (await renderedPreview()).ok?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    const drawn = await renderedPreview();
    expect(Object.values(drawn).flat().sort()).toEqual([0, 1]);

    // leaving the tab drops the preview: off the map, and cancelled on the server
    const previewId = await page.getByTestId('import-report').getAttribute('data-preview');
    await page.getByTestId('tab-layers').click();
    await expect.poll(() => page.evaluate(() => Boolean(window.beatgrid!.map.getSource('import-preview')))).toBe(false);
    const status = await page.evaluate(async (id) => {
      const res = await fetch(`/api/layers/police-posts/import/${id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return res.status;
    }, previewId);
    expect(status).toBe(404);
    await page.getByTestId('tab-data').click();
    await page.getByTestId('data-import').waitFor();
  });
});

describe('export', () => {
  it('downloads a county of a layer as GeoJSON and as a zipped Shapefile: the browser saves the file under the server\'s name', async () => {
    await page.getByTestId('data-view-export').click();
    await page.getByTestId('export-layer').selectOption('aux-grids');
    await page.getByTestId('export-scope-county').check();
    await page.getByTestId('export-county').selectOption('220502');
    await page.getByTestId('export-format').selectOption('geojson');
    const url = (await page.getByTestId('export-download').getAttribute('data-url'))!;
    expect(url).toContain('format=geojson');
    expect(url).toContain('county=220502');
    const expected = (await api<FeatureCollection>('/api/layers/aux-grids?county=220502')).features.length;
    const geo = await downloadViaButton();
    expect(geo.name).toMatch(/^beatgrid-aux-grids-\d{8}-220502\.geojson$/);
    expect(geo.done.filename).toBe(geo.name);
    expect(geo.done.bytes).toBe(geo.body.length);
    const fc = JSON.parse(geo.body.toString('utf8')) as FeatureCollection;
    expect(fc.features.length).toBe(expected);
    expect(fc.features.some((f) => f.properties?.code === AUX_CODES[0])).toBe(true);
    // the size and the feature count (the server's X-Feature-Count) are shown
    expect(geo.done.features).toBe(String(expected));
    await expect(page.getByTestId('export-done').textContent()).resolves.toMatch(/已保存 .*\.geojson（[\d.]+ (KB|MB|B)/);
    await expect(page.getByTestId('export-done').textContent()).resolves.toContain(`${expected} 个要素`);

    await page.getByTestId('export-format').selectOption('shapefile');
    await expect(page.getByTestId('export-done').count()).resolves.toBe(0); // another choice clears the last outcome
    const shp = await downloadViaButton();
    expect(shp.name).toMatch(/\.zip$/);
    expect(shp.body.subarray(0, 4).toString('hex')).toBe('504b0304'); // a zip
    expect(shp.body.length).toBeGreaterThan(1000);
    expect(shp.done.bytes).toBe(shp.body.length);
    await page.getByTestId('export-done').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-io-7-export');
  });

  it('shows the server\'s refusal in the panel and saves nothing', async () => {
    // the station list only offers stations the user may read; a station gone since the page
    // loaded is the realistic refusal: the request is sent with a code the server does not know
    await page.getByTestId('export-layer').selectOption('aux-grids');
    await page.getByTestId('export-scope-station').check();
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/layers/aux-grids/export?**', async (route) => {
      const u = new URL(route.request().url());
      u.searchParams.set('station', 'E2E-NO-SUCH-STATION');
      await held; // held until the busy state is checked
      return route.continue({ url: u.href });
    });
    let downloads = 0;
    const count = () => downloads++;
    page.on('download', count);
    try {
      await page.getByTestId('export-download').click();
      // busy while the request runs: the button is disabled and says so
      await page.locator('[data-testid="data-export"][data-busy="1"]').waitFor({ timeout: 10_000 });
      await expect(page.getByTestId('export-download').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('export-download').textContent()).resolves.toBe('正在生成文件…');
      release();
      const err = page.getByTestId('export-error');
      await err.waitFor({ timeout: 60_000 });
      await expect(err.textContent()).resolves.toContain('No police station with code E2E-NO-SUCH-STATION');
      await expect(err.textContent()).resolves.toContain('导出失败');
      await page.locator('[data-testid="data-export"][data-busy="0"]').waitFor();
      await expect(page.getByTestId('export-download').isEnabled()).resolves.toBe(true);
      await page.waitForTimeout(500); // a download would have started by now
      expect(downloads).toBe(0);
      await expect(page.getByTestId('export-done').count()).resolves.toBe(0);
      await err.scrollIntoViewIfNeeded();
      await screenshot(page, 'data-io-7b-export-error');
    } finally {
      page.off('download', count);
      await page.unroute('**/api/layers/aux-grids/export?**');
    }
    await page.getByTestId('export-scope-layer').check();
  });

  it('exports the selection in GCJ-02: only the selected feature, shifted by the commercial-map offset', async () => {
    const aux = await api<FeatureCollection>('/api/layers/aux-grids?county=220502');
    const one = aux.features.find((f) => f.properties?.code === AUX_CODES[0])!;
    await page.evaluate((id) => window.beatgrid!.store.selection.getState().select({ layer: 'aux-grids', id }), Number(one.id));
    await page.getByTestId('export-scope-selection').check();
    await page.getByTestId('export-format').selectOption('geojson');
    await page.getByTestId('export-gcj02').check();
    const url = (await page.getByTestId('export-download').getAttribute('data-url'))!;
    expect(url).toContain(`ids=${one.id}`);
    expect(url).toContain('crs=gcj02');
    const got = await downloadViaButton();
    expect(got.done.features).toBe('1');
    await expect(page.getByTestId('export-done').textContent()).resolves.toContain('1 个要素');
    expect(got.name).toMatch(/gcj02/);
    expect(got.name).toMatch(/-selection\.geojson$/);
    const fc = JSON.parse(got.body.toString('utf8')) as FeatureCollection<Polygon>;
    expect(fc.features.map((f) => f.properties?.code)).toEqual([AUX_CODES[0]]);
    // GCJ-02 lies a few hundred metres off WGS84 in Jilin
    const [wx, wy] = (one.geometry as Polygon).coordinates[0][0];
    const [gx, gy] = fc.features[0].geometry.coordinates[0][0];
    const metres = Math.hypot((gx - wx) * 111_000 * Math.cos((wy * Math.PI) / 180), (gy - wy) * 111_000);
    expect(metres).toBeGreaterThan(100);
    expect(metres).toBeLessThan(1000);
  });

  it('speaks English after the switch, and the page logged no errors', async () => {
    await page.getByTestId('data-view-import').click();
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('tab-data').textContent()).resolves.toBe('Data');
    await expect(page.getByTestId('data-import').locator('.section-title').textContent()).resolves.toBe('Import a file');
    await expect(page.getByTestId('data-view-export').textContent()).resolves.toBe('Export');
    await expect(page.getByTestId('import-upload').textContent()).resolves.toBe('Upload and check');
    await screenshot(page, 'data-io-8-english');
    await page.getByTestId('lang-zh-CN').click();
    // the expected failures: the Gauss-Krüger upload's 422 (shown as the red diagnosis), the 404 of the dropped preview
    // and the refused export's 400 (shown in the export panel)
    expect(errors.filter((e) => !/status of (400|404|422)/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of (400|404|422)/.test(e)).length).toBe(3);
  });
});

describe('other roles', () => {
  it('a police station imports only into its layers, for itself; leadership only exports', async () => {
    const police = demoUser('police-station');
    const { page: p2, errors: e2 } = await openPage(browser, server.url, { login: police });
    try {
      await p2.getByTestId('tab-data').click();
      await p2.getByTestId('data-import').waitFor({ timeout: 60_000 });
      const layers = await p2.getByTestId('import-layer').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(layers.sort()).toEqual(['aux-grids', 'beats', 'police-posts', 'police-rooms']);
      // its one station, preselected, nothing else offered
      await expect.poll(() => p2.getByTestId('import-station').inputValue(), { timeout: 30_000 }).toBe(police.scope);
      await expect(p2.getByTestId('import-station').locator('option').count()).resolves.toBe(1);
      expect(e2).toEqual([]);
    } finally {
      await p2.context().close();
    }
    const { page: p3 } = await openPage(browser, server.url, { login: demoUser('leadership') });
    try {
      await p3.getByTestId('tab-data').click();
      await p3.getByTestId('import-not-allowed').waitFor({ timeout: 60_000 });
      await p3.getByTestId('data-view-export').click();
      await expect(p3.getByTestId('export-download').getAttribute('data-url')).resolves.toContain('/export?format=geojson');
    } finally {
      await p3.context().close();
    }
  });
});
