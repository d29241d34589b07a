import type { ComponentType } from 'react';
import { MapPage } from './pages/MapPage.tsx';
import { AuditPage } from './auth/AuditPage.tsx';
import { UsersPage } from './auth/UsersPage.tsx';
import { DashboardPage } from './dashboard/DashboardPage.tsx';

/** One entry per page; adding a page (e.g. `/dashboard` in issue 5) is one line here. */
export interface Route {
  path: string;
  component: ComponentType;
  /** i18n key of the header link; routes without one get no link. */
  labelKey?: string;
}

export const ROUTES: Route[] = [
  { path: '/', component: MapPage, labelKey: 'nav.map' },
  { path: '/dashboard', component: DashboardPage, labelKey: 'coverage.nav' },
  // linked from the user badge for admins / leadership (web/auth)
  { path: '/audit', component: AuditPage },
  { path: '/users', component: UsersPage },
];

/** The route for a path; unknown paths fall back to the map page. */
export function matchRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  return ROUTES.find((r) => r.path === clean) ?? ROUTES[0];
}
