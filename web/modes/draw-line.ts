import type { LineString } from 'geojson';
import { ClickDrawMode, type ClickDrawEvents } from './click-draw.ts';
import type { ModeContext } from './context.ts';
import type { LngLat, RenderFeature } from './types.ts';

/** Callbacks of the draw-line mode. */
export interface DrawLineEvents extends ClickDrawEvents {
  onFinish(line: LineString): void;
}

/**
 * Draws a line (the split line): each click adds a point (snapped when snapping is on);
 * double-click or Enter finishes (2+ points); Backspace removes the last point; Escape cancels.
 */
export class DrawLineMode extends ClickDrawMode {
  readonly name = 'draw-line' as const;

  constructor(
    ctx: ModeContext,
    private readonly events: DrawLineEvents,
  ) {
    super(ctx, events);
  }

  /** Emits the line when it has 2+ points. */
  finish(): void {
    if (this.points.length < 2) return;
    const line: LineString = { type: 'LineString', coordinates: this.points.map((p) => [p[0], p[1]]) };
    this.clear();
    this.events.onFinish(line);
  }

  protected draftFeatures(pts: LngLat[]): RenderFeature[] {
    return pts.length >= 2 ? [{ type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: { role: 'draft-line' } }] : [];
  }
}
