import type { SnapIndex, SnapQuery, SnapResult } from './snap-index.ts';
import { DEFAULT_SNAP_TOLERANCE_PX } from './snap-index.ts';
import type { LngLat, ModeAdapter, PointerInput, RenderFeature } from './types.ts';

/** Snapping settings a mode reads on every pointer move (so the toggle acts immediately). */
export interface SnapSettings {
  enabled: boolean;
  tolerancePx: number;
  index: SnapIndex | null;
}

/** What every mode gets: the map adapter and the current snapping settings. */
export interface ModeContext {
  adapter: ModeAdapter;
  snapping: () => SnapSettings;
}

/** A context with snapping off; handy for modes that never snap and for tests. */
export function contextWithoutSnapping(adapter: ModeAdapter): ModeContext {
  return { adapter, snapping: () => ({ enabled: false, tolerancePx: DEFAULT_SNAP_TOLERANCE_PX, index: null }) };
}

/**
 * Where the pointer lands after snapping: the snap target when snapping is on and one is in
 * reach, else the raw pointer position.
 */
export function snappedPosition(ctx: ModeContext, e: PointerInput, query: SnapQuery = {}): { lngLat: LngLat; snap: SnapResult | null } {
  const s = ctx.snapping();
  if (!s.enabled || !s.index) return { lngLat: e.lngLat, snap: null };
  const snap = s.index.snap(e.pixel, ctx.adapter, { tolerancePx: s.tolerancePx, ...query });
  return snap ? { lngLat: snap.lngLat, snap } : { lngLat: e.lngLat, snap: null };
}

/** The render feature that shows the user where they snapped. */
export function snapIndicator(snap: SnapResult | null): RenderFeature[] {
  if (!snap) return [];
  return [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: snap.lngLat },
      properties: { role: snap.kind === 'vertex' ? 'snap-vertex' : 'snap-edge' },
    },
  ];
}

/** A render point feature. */
export function renderPoint(lngLat: LngLat, role: RenderFeature['properties']['role'], extra: Record<string, unknown> = {}): RenderFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: lngLat }, properties: { role, ...extra } };
}
