import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

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
