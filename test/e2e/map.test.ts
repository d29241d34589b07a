import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import { startServer, type TestServer } from './support/server.ts';
import { startTileServer, type TileServer } from './support/tiles.ts';
import { launchBrowser, openPage, screenshot, waitForIdle, waitForMapData } from './support/browser.ts';
import { interiorPoint } from '../../web/map/labelPoints.ts';
import { LAYERS, type LayerName } from '../../server/domain/layers.ts';

let server: TestServer;
let tiles: TileServer;
let browser: Browser;
/** Requests the page made to any origin other than our server's. */
const foreign: string[] = [];
let page: Page;
let errors: string[];

/** GET JSON from the test server. */
async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Features of a layer the map has rendered in the current view. */
function renderedCount(layer: LayerName): Promise<number> {
  return page.evaluate((l) => {
    const map = window.beatgrid!.map;
    const ids = map.getStyle().layers.filter((x) => 'source' in x && x.source === l).map((x) => x.id);
    return map.queryRenderedFeatures({ layers: ids }).length;
  }, layer);
}

/** The visibility layout property of every style layer drawing `layer`. */
function visibilities(layer: LayerName): Promise<string[]> {
  return page.evaluate((l) => {
    const map = window.beatgrid!.map;
    return map.getStyle().layers.filter((x) => 'source' in x && x.source === l)
      .map((x) => String(map.getLayoutProperty(x.id, 'visibility') ?? 'visible'));
  }, layer);
}

async function isOn(layer: LayerName): Promise<boolean> {
  return page.getByTestId(`toggle-${layer}`).isChecked();
}

/** Test set-up: shows or hides a layer through the store (the panel's own clicks are tested above). */
async function setLayer(layer: LayerName, on: boolean): Promise<void> {
  await page.evaluate(([l, v]) => { window.beatgrid!.store.layers.getState().setVisible(l as never, v as boolean); }, [layer, on] as const);
  await waitForIdle(page);
}

/** Frames the whole city again (as on first load). */
async function frameCity(): Promise<void> {
  const counties = await get<FeatureCollection>('/api/layers/counties');
  const xs: number[] = [], ys: number[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') { xs.push(c[0] as number); ys.push(c[1] as number); } else if (Array.isArray(c)) c.forEach(walk);
  };
  counties.features.forEach((f) => walk((f.geometry as Polygon).coordinates));
  // Block bodies: returning the Map itself would make playwright serialise the whole object graph.
  await page.evaluate((b) => { window.beatgrid!.map.fitBounds(b, { padding: 48, animate: false }); },
    [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]] as [[number, number], [number, number]]);
  await waitForIdle(page);
}

let firstLoadMs = 0;

beforeAll(async () => {
  // A local stand-in for an online basemap (天地图 etc.): configured, but off until switched on.
  tiles = await startTileServer();
  server = await startServer(undefined, { BEATGRID_BASEMAP_URL: tiles.template });
  browser = await launchBrowser();
  const t0 = Date.now();
  ({ page, errors } = await openPage(browser, `${server.url}/`));
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) foreign.push(r.url()); });
  await waitForMapData(page);
  firstLoadMs = Date.now() - t0;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await tiles?.stop();
});

describe('the map page', () => {
  it('loads, exposes window.beatgrid.map and loads every layer', async () => {
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('警网融合一张图');
    const health = await get<{ counts: Record<LayerName, number> }>('/api/health');
    const load = await page.evaluate(() => window.beatgrid!.store.layers.getState().load);
    const figures = await page.evaluate(() => window.beatgrid!.loaded!);
    for (const layer of LAYERS) {
      expect(load[layer].status, `${layer}: ${load[layer].error ?? ''}`).toBe('ready');
      expect(load[layer].count, layer).toBe(health.counts[layer]);
      await expect(page.getByTestId(`count-${layer}`).textContent()).resolves.toBe(health.counts[layer].toLocaleString('en-US'));
    }
    expect(health.counts.grids).toBeGreaterThanOrEqual(2000);
    const sizes = LAYERS.map((l) => `${l} ${load[l].count} features ${(load[l].bytes! / 1e6).toFixed(2)} MB ${load[l].ms} ms`);
    console.log(`[e2e] server ready in ${server.startMs} ms; page to all layers loaded ${firstLoadMs} ms ` +
      `(data ${figures.totalMs} ms, ${(figures.totalBytes / 1e6).toFixed(1)} MB)\n  ${sizes.join('\n  ')}`);
    await screenshot(page, 'map-city');
  });

  it('renders county labels locally (no glyph server) and finds grids and beats', async () => {
    const labels = await page.evaluate(() => window.beatgrid!.map.queryRenderedFeatures({ layers: ['counties-label'] }).map((f) => f.properties.name));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.join('')).toMatch(/[\u4e00-\u9fff]/);
    expect(await renderedCount('grids')).toBeGreaterThan(100);
    expect(await renderedCount('beats')).toBeGreaterThan(0);
  });

  it('toggles each layer off and on from the layer panel', async () => {
    const initial = await page.evaluate(() => ({ ...window.beatgrid!.store.layers.getState().visible }));
    // Every layer on (through the store), then each one off and on again with its checkbox.
    await page.evaluate(() => { const s = window.beatgrid!.store.layers.getState(); for (const l of Object.keys(s.visible)) s.setVisible(l as never, true); });
    await waitForIdle(page);
    await screenshot(page, 'map-all-layers');
    // Toggle in the urban centre (东昌区) at street-block scale: every layer has features there
    // and software WebGL redraws a zoomed-in view faster than the whole city.
    const { results } = await get<{ results: { layer: string; bbox: number[] }[] }>('/api/search?q=220502&limit=1');
    const [minx, miny, maxx, maxy] = results[0].bbox;
    await page.evaluate((c) => { window.beatgrid!.map.jumpTo({ center: c, zoom: 12 }); }, [(minx + maxx) / 2, (miny + maxy) / 2] as [number, number]);
    await waitForIdle(page);
    for (const layer of LAYERS) {
      expect(await isOn(layer), layer).toBe(true);
      expect(await visibilities(layer), layer).not.toContain('none');
      expect(await renderedCount(layer), `${layer} rendered when on`).toBeGreaterThan(0);
      await page.getByTestId(`toggle-${layer}`).click();
      await waitForIdle(page);
      expect(await isOn(layer), layer).toBe(false);
      expect(new Set(await visibilities(layer)), layer).toEqual(new Set(['none']));
      expect(await renderedCount(layer), `${layer} rendered when off`).toBe(0);
      await page.getByTestId(`toggle-${layer}`).click();
      await waitForIdle(page);
      expect(await renderedCount(layer), `${layer} rendered when on again`).toBeGreaterThan(0);
    }
    await page.evaluate((v) => { const s = window.beatgrid!.store.layers.getState(); for (const [l, on] of Object.entries(v)) s.setVisible(l as never, on); }, initial);
    await waitForIdle(page);
  });

  it('clicking a grid opens its details with its code and community', async () => {
    const grids = await get<FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; parentId: number }>>('/api/layers/grids');
    // An urban grid: small enough that the screenshot shows it with its neighbours.
    const urban = grids.features.filter((f) => (f.properties as { kind?: string }).kind === 'urban');
    const pool = urban.length ? urban : grids.features;
    const grid = pool[Math.floor(pool.length / 3)];
    const outer = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0];
    const inside = interiorPoint(outer)!;
    const community = await get<{ properties: { name: string; code: string } }>(`/api/layers/communities/${grid.properties.parentId}`);
    // Facilities sit inside grids and win clicks; hide them so the click lands on the grid.
    await setLayer('police-posts', false);
    await setLayer('police-rooms', false);
    await page.evaluate((c) => { window.beatgrid!.map.jumpTo({ center: c as [number, number], zoom: 16 }); }, inside);
    await waitForIdle(page);
    const px = await page.evaluate((c) => { const p = window.beatgrid!.map.project(c as [number, number]); return { x: p.x, y: p.y }; }, inside);
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + px.x, box.y + px.y);
    const details = page.getByTestId('details');
    await details.waitFor();
    await expect(page.getByTestId('details-code').textContent()).resolves.toBe(grid.properties.code);
    await expect(page.getByTestId('details-layer').textContent()).resolves.toBe('网格');
    await page.getByTestId('related-ancestors').waitFor();
    await expect(page.getByTestId('related-ancestors').textContent()).resolves.toContain(community.properties.name);
    const state = await page.evaluate((id) => window.beatgrid!.map.getFeatureState({ source: 'grids', id }), grid.id as number);
    expect(state.selected).toBe(true);
    // The pointer rests on the grid: it is hovered (feature-state) and named in the status bar.
    await expect.poll(() => page.getByTestId('status-hover').textContent()).toContain(grid.properties.code);
    expect((await page.evaluate((id) => window.beatgrid!.map.getFeatureState({ source: 'grids', id }), grid.id as number)).hover).toBe(true);
    await page.getByTestId('related-beats').waitFor();
    // The drawer's locate button frames the grid beside the drawer.
    await page.getByTestId('details-zoom').click();
    await page.waitForFunction(() => !window.beatgrid!.map.isMoving());
    await waitForIdle(page);
    const framed = await page.evaluate((pts) => { const b = window.beatgrid!.map.getBounds(); return pts.every((p) => b.contains(p as [number, number])); }, outer);
    expect(framed).toBe(true);
    await screenshot(page, 'grid-details');
    // A related record is a link: the community opens in the drawer.
    await page.getByTestId('related-ancestors').getByTestId('related-link-communities').click();
    await expect.poll(() => page.getByTestId('details-code').textContent()).toBe(community.properties.code);
    await expect(page.getByTestId('details-layer').textContent()).resolves.toBe('社区/村');
    await page.keyboard.press('Escape');
    await page.getByTestId('details').waitFor({ state: 'detached' });
    await setLayer('police-posts', true);
    await setLayer('police-rooms', true);
  });

  it('search by code jumps to the feature and selects it', async () => {
    const beats = await get<FeatureCollection<Polygon, { code: string; name: string }>>('/api/layers/beats');
    const beat = beats.features[Math.floor(beats.features.length / 2)];
    await frameCity();
    const cityZoom = await page.evaluate(() => window.beatgrid!.map.getZoom());
    await page.getByTestId('search-input').fill(beat.properties.code);
    const first = page.getByTestId('search-result').first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toContain(beat.properties.code);
    await screenshot(page, 'search-results');
    await first.click();
    await expect.poll(() => page.getByTestId('details-code').textContent()).toBe(beat.properties.code);
    await page.waitForFunction(() => !window.beatgrid!.map.isMoving());
    await waitForIdle(page);
    const ring = beat.geometry.type === 'Polygon' ? beat.geometry.coordinates[0] : (beat.geometry as unknown as MultiPolygon).coordinates[0][0];
    const inView = await page.evaluate((pts) => {
      const b = window.beatgrid!.map.getBounds();
      return pts.every((p) => b.contains(p as [number, number]));
    }, ring);
    expect(inView).toBe(true);
    expect(await page.evaluate(() => window.beatgrid!.map.getZoom())).toBeGreaterThan(cityZoom + 0.5);
    await screenshot(page, 'search-beat');
  });

  it('switches the interface to English and remembers it', async () => {
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('Police–Grid Integration Map');
    await expect(page.getByTestId('tab-layers').textContent()).resolves.toContain('Layers');
    await expect(page.getByTestId('layer-panel').textContent()).resolves.toContain('Police beats');
    await expect(page.getByTestId('details-layer').textContent()).resolves.toBe('Police beats');
    await screenshot(page, 'english');
    await page.reload();
    await waitForMapData(page);
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('Police–Grid Integration Map');
    await page.getByTestId('lang-zh-CN').click();
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('警网融合一张图');
    expect(await page.evaluate(() => localStorage.getItem('beatgrid.lang'))).toBe('zh-CN');
  });

  it('works offline: no request left our server until the basemap is switched on', async () => {
    expect(foreign).toEqual([]);
    const basemapUrl = await page.evaluate(() => window.beatgrid!.store.config.getState().config?.basemapUrl ?? null);
    if (basemapUrl !== tiles.template) {
      // Testing an external server (BEATGRID_E2E_URL) without our tile server: no toggle is offered.
      await expect(page.getByTestId('toggle-basemap').count()).resolves.toBe(basemapUrl ? 1 : 0);
      return;
    }
    expect(await page.evaluate(() => window.beatgrid!.map.getLayoutProperty('basemap', 'visibility'))).toBe('none');
    await page.getByTestId('toggle-basemap').click();
    await waitForIdle(page);
    expect(await page.evaluate(() => window.beatgrid!.map.getLayoutProperty('basemap', 'visibility'))).toBe('visible');
    expect(tiles.requests()).toBeGreaterThan(0);
    await screenshot(page, 'basemap-on');
    await page.getByTestId('toggle-basemap').click();
    await waitForIdle(page);
    expect(await page.evaluate(() => window.beatgrid!.map.getLayoutProperty('basemap', 'visibility'))).toBe('none');
  });

  it('logged no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
