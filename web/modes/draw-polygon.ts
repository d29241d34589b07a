import { rewind } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { ModeContext } from './context.ts';
import { renderPoint, snapIndicator, snappedPosition } from './context.ts';
import { distance } from './snap-index.ts';
import type { KeyInput, LngLat, Mode, PointerInput, RenderFeature } from './types.ts';

/** Callbacks of the draw-polygon mode. */
export interface DrawPolygonEvents {
  /** a closed, right-hand-rule polygon */
  onFinish(polygon: Polygon): void;
  onCancel?(): void;
}

/** Pixel distance within which a click on the first vertex closes the polygon. */
const CLOSE_TOLERANCE_PX = 10;

/**
 * Draws a polygon: each click adds a vertex (snapped when snapping is on); clicking the first
 * vertex, double-clicking or Enter closes it (3+ vertices); Backspace removes the last vertex;
 * Escape cancels.
 */
export class DrawPolygonMode implements Mode {
  readonly name = 'draw-polygon' as const;
  private points: LngLat[] = [];
  private cursor: LngLat | null = null;
  private snapShown: RenderFeature[] = [];

  constructor(
    private readonly ctx: ModeContext,
    private readonly events: DrawPolygonEvents,
  ) {}

  /** The vertices placed so far (copies). */
  get vertices(): LngLat[] {
    return this.points.map((p) => [p[0], p[1]]);
  }

  start(): void {
    this.ctx.adapter.setCursor('crosshair');
    this.draw();
  }

  stop(): void {
    this.points = [];
    this.cursor = null;
    this.ctx.adapter.setCursor('');
    this.ctx.adapter.render([]);
  }

  onPointerMove(e: PointerInput): void {
    const { lngLat, snap } = snappedPosition(this.ctx, e);
    this.cursor = lngLat;
    this.snapShown = snapIndicator(snap);
    this.draw();
  }

  onClick(e: PointerInput): void {
    if (this.points.length >= 3 && distance(this.ctx.adapter.project(this.points[0]), e.pixel) <= CLOSE_TOLERANCE_PX) {
      this.finish();
      return;
    }
    const { lngLat } = snappedPosition(this.ctx, e);
    const last = this.points[this.points.length - 1];
    if (last && last[0] === lngLat[0] && last[1] === lngLat[1]) return;
    this.points.push(lngLat);
    this.draw();
  }

  onDoubleClick(): void {
    this.finish();
  }

  onKey(e: KeyInput): boolean {
    if (e.key === 'Escape') {
      this.points = [];
      this.draw();
      this.events.onCancel?.();
      return true;
    }
    if (e.key === 'Enter') {
      this.finish();
      return true;
    }
    if (e.key === 'Backspace') {
      this.points.pop();
      this.draw();
      return true;
    }
    return false;
  }

  /** Closes the polygon when it has 3 distinct vertices; otherwise keeps drawing. */
  finish(): void {
    const pts = dedupeConsecutive(this.points);
    if (pts.length < 3) return;
    const ring = [...pts, pts[0]].map((p) => [p[0], p[1]]);
    const polygon = rewind({ type: 'Polygon', coordinates: [ring] } as Polygon) as Polygon;
    this.points = [];
    this.cursor = null;
    this.draw();
    this.events.onFinish(polygon);
  }

  private draw(): void {
    const out: RenderFeature[] = [];
    const pts = this.cursor ? [...this.points, this.cursor] : this.points;
    if (pts.length >= 3) {
      out.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]]] }, properties: { role: 'draft-polygon' } });
    } else if (pts.length === 2) {
      out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: { role: 'draft-line' } });
    }
    this.points.forEach((p, i) => out.push(renderPoint(p, i === 0 ? 'vertex-active' : 'vertex', { index: i })));
    out.push(...this.snapShown);
    this.ctx.adapter.render(out);
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
