import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** One line of data/demo-users.json (issue 6 contract). */
export interface DemoUser {
  username: string;
  password: string;
  role: 'admin' | 'civil-affairs' | 'police-station' | 'leadership';
  scope: string;
}

/** The demo accounts (written by the server at its first start with the demo city). */
export function demoUsers(): DemoUser[] {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../data/demo-users.json'), 'utf8')) as DemoUser[];
}

/** The first demo account of a role. */
export function demoUser(role: DemoUser['role']): DemoUser {
  const u = demoUsers().find((x) => x.role === role);
  if (!u) throw new Error(`data/demo-users.json has no ${role} account`);
  return u;
}

/** Logs in over HTTP; returns the Cookie header value and the CSRF token (for fetch in tests). */
export async function apiLogin(baseUrl: string, user: { username: string; password: string }): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!res.ok) throw new Error(`login as ${user.username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrfToken };
}

/** Fills the page's login form and waits for the user badge. */
export async function loginInPage(page: Page, user: { username: string; password: string }, timeoutMs = 30_000): Promise<void> {
  await page.getByTestId('login-username').waitFor({ timeout: timeoutMs });
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-badge').waitFor({ timeout: timeoutMs });
}

/** The demo admin (data/demo-users.json), the default identity of browser tests. */
export function defaultTestUser(): { username: string; password: string } {
  const u = demoUsers().find((x) => x.role === 'admin');
  if (!u) throw new Error('data/demo-users.json has no admin account: start the server with the demo city (BEATGRID_DEMO=1)');
  return u;
}

/**
 * Logs a browser context in over the API (Playwright's context.request shares the context's
 * cookies), so pages opened in it start with a session.
 */
export async function loginContext(context: BrowserContext, url: string, user = defaultTestUser()): Promise<void> {
  const origin = new URL(url).origin;
  const res = await context.request.post(`${origin}/api/auth/login`, { data: { username: user.username, password: user.password } });
  if (!res.ok()) throw new Error(`browser login as ${user.username}: ${res.status()} ${await res.text()}`);
}

let patched = false;

/**
 * Makes Node's fetch in this test process act as the demo admin towards the test server:
 * requests to `baseUrl` without their own Cookie header get the admin's session cookie and
 * CSRF token. Tests that check anonymous or other users' answers pass a Cookie header.
 */
export async function authenticateNodeFetch(baseUrl: string, user = defaultTestUser()): Promise<void> {
  if (patched) return;
  const session = await apiLogin(baseUrl, user);
  const original = globalThis.fetch;
  patched = true;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(baseUrl) || url.startsWith(`${baseUrl}/api/auth/login`)) return original(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has('Cookie')) return original(input, init);
    headers.set('Cookie', session.cookie);
    if (!headers.has('X-CSRF-Token')) headers.set('X-CSRF-Token', session.csrfToken);
    return original(input, { ...init, headers });
  };
}
