import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loginContext } from './login.ts';

/** Debian's chromium (never a downloaded browser); override with BEATGRID_CHROMIUM. */
export const CHROMIUM = process.env.BEATGRID_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests put their screenshots (git-ignored). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-output');

/** Launches headless chromium with the flags proven in STACK.md (software WebGL via SwiftShader). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** Console noise of software WebGL that is not a page error. */
const NOISE = [/GPU stall due to ReadPixels/i, /WebGL.*performance warning/i, /Automatic fallback to software WebGL/i];

/**
 * Opens a 1366×768 page (the smallest screen we design for) and records console errors and
 * uncaught exceptions in the returned list.
 */
export async function openPage(
  browser: Browser,
  url: string,
  opts: { locale?: string; /** who is logged in (default: the demo admin); false = nobody */ login?: false | { username: string; password: string } } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: opts.locale ?? 'zh-CN' });
  if (opts.login !== false) await loginContext(context, url, opts.login);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !NOISE.some((re) => re.test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

/** Saves a full-page screenshot as test-output/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Waits until window.beatgrid exists, the map has loaded and every layer's data is in. */
export async function waitForMapData(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => Boolean(window.beatgrid?.loaded), undefined, { timeout: timeoutMs });
  await waitForIdle(page);
}

/** Waits for the map to finish rendering (all sources loaded, no transitions). */
export async function waitForIdle(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.evaluate(async (ms) => {
    const map = window.beatgrid!.map;
    if (map.loaded() && !map.isMoving()) {
      // Even when loaded, give one frame so the latest changes are painted.
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      if (map.loaded()) return;
    }
    await new Promise<void>((ok, fail) => {
      const t = setTimeout(() => fail(new Error('map did not become idle')), ms);
      map.once('idle', () => { clearTimeout(t); ok(); });
      map.triggerRepaint();
    });
  }, timeoutMs);
}
