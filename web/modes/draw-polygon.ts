import { rewind } from '@turf/turf';
import type { Polygon } from 'geojson';
import { ClickDrawMode, type ClickDrawEvents } from './click-draw.ts';
import type { ModeContext } from './context.ts';
import { distance } from './snap-index.ts';
import type { LngLat, PointerInput, RenderFeature, RenderRole } from './types.ts';

/** Callbacks of the draw-polygon mode. */
export interface DrawPolygonEvents extends ClickDrawEvents {
  /** a closed, right-hand-rule polygon */
  onFinish(polygon: Polygon): void;
}

/** Pixel distance within which a click on the first vertex closes the polygon. */
const CLOSE_TOLERANCE_PX = 10;

/**
 * Draws a polygon: each click adds a vertex (snapped when snapping is on); clicking the first
 * vertex, double-clicking or Enter closes it (3+ vertices); Backspace removes the last vertex;
 * Escape cancels.
 */
export class DrawPolygonMode extends ClickDrawMode {
  readonly name = 'draw-polygon' as const;

  constructor(
    ctx: ModeContext,
    private readonly events: DrawPolygonEvents,
  ) {
    super(ctx, events);
  }

  override onClick(e: PointerInput): void {
    if (this.points.length >= 3 && distance(this.ctx.adapter.project(this.points[0]), e.pixel) <= CLOSE_TOLERANCE_PX) {
      this.finish();
      return;
    }
    this.addPoint(e);
  }

  /** Closes the polygon when it has 3 distinct vertices; otherwise keeps drawing. */
  finish(): void {
    const pts = dedupeConsecutive(this.points);
    if (pts.length < 3) return;
    const ring = [...pts, pts[0]].map((p) => [p[0], p[1]]);
    const polygon = rewind({ type: 'Polygon', coordinates: [ring] } as Polygon) as Polygon;
    this.clear();
    this.events.onFinish(polygon);
  }

  protected draftFeatures(pts: LngLat[]): RenderFeature[] {
    if (pts.length >= 3) return [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]]] }, properties: { role: 'draft-polygon' } }];
    if (pts.length === 2) return [{ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: { role: 'draft-line' } }];
    return [];
  }

  protected override vertexRole(index: number): RenderRole {
    return index === 0 ? 'vertex-active' : 'vertex';
  }
}

function dedupeConsecutive(points: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}
