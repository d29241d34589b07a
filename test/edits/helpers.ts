/**
 * Shared set-up of the editing tests: the mini city (test/fixtures/mini-city.ts) in an
 * in-process app, with the editing commit hooks (validation, notices) installed.
 */
import type { Polygon } from 'geojson';
import { installEditValidationHook } from '../../server/edits/validate-edit.ts';
import { installNoticeHook } from '../../server/notices/hook.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp, type TestApp } from '../support/api.ts';

export { MINI };

/** A fresh mini city with the editing hooks installed. */
export function editingApp(): TestApp & { grid(code: keyof typeof MINI.grids): number; version(id: number): number } {
  installEditValidationHook();
  installNoticeHook();
  const t = makeTestApp();
  return Object.assign(t, {
    grid: (code: keyof typeof MINI.grids) => t.idOf('grids', MINI.grids[code]),
    version: (id: number) => (t.db.prepare('SELECT version FROM features WHERE id = ?').get(id) as { version: number }).version,
  });
}

/** Axis-aligned rectangle polygon. */
export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}
