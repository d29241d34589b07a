import type { LineString } from 'geojson';
import type { ModeContext } from './context.ts';
import { renderPoint, snapIndicator, snappedPosition } from './context.ts';
import type { KeyInput, LngLat, Mode, PointerInput, RenderFeature } from './types.ts';

/** Callbacks of the draw-line mode. */
export interface DrawLineEvents {
  onFinish(line: LineString): void;
  onCancel?(): void;
}

/**
 * Draws a line (the split line): each click adds a point (snapped when snapping is on);
 * double-click or Enter finishes (2+ points); Backspace removes the last point; Escape cancels.
 */
export class DrawLineMode implements Mode {
  readonly name = 'draw-line' as const;
  private points: LngLat[] = [];
  private cursor: LngLat | null = null;
  private snapShown: RenderFeature[] = [];

  constructor(
    private readonly ctx: ModeContext,
    private readonly events: DrawLineEvents,
  ) {}

  /** The points placed so far (copies). */
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

  /** Emits the line when it has 2+ points. */
  finish(): void {
    if (this.points.length < 2) return;
    const line: LineString = { type: 'LineString', coordinates: this.points.map((p) => [p[0], p[1]]) };
    this.points = [];
    this.cursor = null;
    this.draw();
    this.events.onFinish(line);
  }

  private draw(): void {
    const out: RenderFeature[] = [];
    const pts = this.cursor ? [...this.points, this.cursor] : this.points;
    if (pts.length >= 2) out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: { role: 'draft-line' } });
    this.points.forEach((p, i) => out.push(renderPoint(p, 'vertex', { index: i })));
    out.push(...this.snapShown);
    this.ctx.adapter.render(out);
  }
}
