import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './support/server.ts';
import { launchBrowser, openPage, screenshot } from './support/browser.ts';
import { apiLogin, demoUsers, type DemoUser } from './support/login.ts';

/**
 * Browser test of issue 6: log in as each demo role on the real server and see the right
 * tools; the first-start admin must change its one-time password; logout returns to the
 * login page; the page runs under our CSP (MapLibre's worker included).
 */
let server: TestServer;
let browser: Browser;
let adminSeesEditing = false;

beforeAll(async () => {
  server = await startServer(undefined, {}, { fresh: true }); // a first start: the one-time admin password is printed
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What each role must (true) or must not (false) see after logging in. */
const TOOLS: Record<DemoUser['role'], { audit: boolean; users: boolean; editing: boolean; readOnly: boolean }> = {
  admin: { audit: true, users: true, editing: true, readOnly: false },
  'civil-affairs': { audit: false, users: false, editing: true, readOnly: false },
  'police-station': { audit: false, users: false, editing: true, readOnly: false },
  leadership: { audit: true, users: false, editing: false, readOnly: true },
};

describe('logging in as each demo role', () => {
  it('the demo accounts file matches the database and every account logs in over the API', async () => {
    const users = demoUsers();
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'civil-affairs', 'police-station', 'leadership']));
    for (const u of users) {
      const { cookie } = await apiLogin(server.url, u);
      const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: cookie } })).json()) as { user: { role: string; scope: string } };
      expect(me.user).toMatchObject({ role: u.role, scope: u.scope });
      if (u.role === 'police-station') {
        const station = (await (await fetch(`${server.url}/api/layers/stations/${u.scope}`, { headers: { Cookie: cookie } })).json()) as { properties: { layer: string } };
        expect(station.properties.layer).toBe('stations');
      }
    }
  });

  for (const role of ['admin', 'civil-affairs', 'police-station', 'leadership'] as const) {
    it(`${role}: sees who is logged in and only the tools of the role`, async () => {
      const user = demoUsers().find((u) => u.role === role && (role !== 'civil-affairs' || u.scope !== 'city'))!;
      const { page, errors } = await openPage(browser, server.url, { login: false });
      await page.getByTestId('login-page').waitFor({ timeout: 30_000 });
      // a wrong password shows the server's message as text
      await page.getByTestId('login-username').fill(user.username);
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/Wrong username or password/);
      await page.getByTestId('login-password').fill(user.password);
      await page.getByTestId('login-submit').click();
      const badge = page.getByTestId('user-badge');
      await badge.waitFor({ timeout: 30_000 });
      expect(await badge.getAttribute('data-role')).toBe(role);
      const want = TOOLS[role];
      expect(await page.getByTestId('link-audit').isVisible()).toBe(want.audit);
      expect(await page.getByTestId('link-users').isVisible()).toBe(want.users);
      expect(await page.evaluate(() => document.documentElement.dataset.readonly)).toBe(String(want.readOnly));
      const sidebar = page.getByTestId('sidebar');
      if (await sidebar.count()) {
        await sidebar.waitFor();
        const editingTab = page.getByTestId('tab-editing');
        // the editing tab (once the editing feature registers it) is offered to writers only
        if (role === 'admin') adminSeesEditing = (await editingTab.count()) > 0;
        if (!want.editing) expect(await editingTab.count()).toBe(0);
        else if (adminSeesEditing) expect(await editingTab.count()).toBe(1);
      }
      if (role === 'admin') {
        // the map still loads under the CSP (MapLibre's worker)
        await page.waitForFunction(() => Boolean((window as { beatgrid?: { loaded?: boolean } }).beatgrid?.loaded), undefined, { timeout: 60_000 });
      }
      if (want.audit) {
        await page.getByTestId('link-audit').click();
        await page.getByTestId('audit-table').waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('audit-table').textContent()).toContain('login');
      }
      await screenshot(page, `auth-${role}`);
      await page.getByTestId('logout').click();
      await page.getByTestId('login-page').waitFor({ timeout: 15_000 });
      expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
      await page.context().close();
    });
  }

  it('the first admin must change the one-time password printed once at start-up', async () => {
    const printed = [...server.log().matchAll(/password: (\S+)/g)].map((m) => m[1]);
    expect(printed).toHaveLength(1);
    const { page } = await openPage(browser, server.url, { login: false });
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(printed[0]);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-change').waitFor({ timeout: 15_000 });
    await screenshot(page, 'auth-admin-password-change');
    await page.context().close();
  });
});
