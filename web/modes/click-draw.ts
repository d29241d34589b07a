import type { ModeContext } from './context.ts';
import { renderPoint, snapIndicator, snappedPosition } from './context.ts';
import type { KeyInput, LngLat, Mode, ModeName, PointerInput, RenderFeature, RenderRole } from './types.ts';

/** Callback every click-to-draw mode has: Escape cancels the drawing. */
export interface ClickDrawEvents {
  onCancel?(): void;
}

/**
 * The part the click-to-draw modes (line, polygon) share: each click adds a point (snapped when
 * snapping is on, repeated clicks on the same point ignored), the cursor and snap target are
 * shown while moving, double-click or Enter finishes, Backspace removes the last point, Escape
 * cancels. Subclasses say what "finish" emits and how the draft looks.
 */
export abstract class ClickDrawMode implements Mode {
  abstract readonly name: ModeName;
  protected points: LngLat[] = [];
  private cursor: LngLat | null = null;
  private snapShown: RenderFeature[] = [];

  constructor(
    protected readonly ctx: ModeContext,
    private readonly cancelEvents: ClickDrawEvents,
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
    this.addPoint(e);
  }

  onDoubleClick(): void {
    this.finish();
  }

  onKey(e: KeyInput): boolean {
    if (e.key === 'Escape') {
      this.points = [];
      this.draw();
      this.cancelEvents.onCancel?.();
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

  /** Emits the drawn shape when it is complete enough; otherwise keeps drawing. */
  abstract finish(): void;

  /** The draft shape for the placed points plus the cursor. */
  protected abstract draftFeatures(points: LngLat[]): RenderFeature[];

  /** Render role of the i-th placed point. */
  protected vertexRole(_index: number): RenderRole {
    return 'vertex';
  }

  /** Adds the (snapped) pointer position unless it repeats the last point. */
  protected addPoint(e: PointerInput): void {
    const { lngLat } = snappedPosition(this.ctx, e);
    const last = this.points[this.points.length - 1];
    if (last && last[0] === lngLat[0] && last[1] === lngLat[1]) return;
    this.points.push(lngLat);
    this.draw();
  }

  /** Forgets the placed points and the cursor (after finishing). */
  protected clear(): void {
    this.points = [];
    this.cursor = null;
    this.draw();
  }

  protected draw(): void {
    const pts = this.cursor ? [...this.points, this.cursor] : this.points;
    const out: RenderFeature[] = this.draftFeatures(pts);
    this.points.forEach((p, i) => out.push(renderPoint(p, this.vertexRole(i), { index: i })));
    out.push(...this.snapShown);
    this.ctx.adapter.render(out);
  }
}
