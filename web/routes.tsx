import type { ComponentType } from 'react';
import { MapPage } from './pages/MapPage.tsx';

/** One entry per page; adding a page (e.g. `/dashboard` in issue 5) is one line here. */
export interface Route {
  path: string;
  component: ComponentType;
  /** i18n key of the header link; routes without one get no link. */
  labelKey?: string;
}

export const ROUTES: Route[] = [
  { path: '/', component: MapPage, labelKey: 'nav.map' },
];

/** The route for a path; unknown paths fall back to the map page. */
export function matchRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  return ROUTES.find((r) => r.path === clean) ?? ROUTES[0];
}
