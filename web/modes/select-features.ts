import type { ModeContext } from './context.ts';
import type { FeatureIndex } from './feature-index.ts';
import type { FeatureId, KeyInput, LngLat, Mode, PointerInput, RenderFeature } from './types.ts';

/** Callbacks of the select mode. */
export interface SelectEvents {
  onChange(ids: FeatureId[]): void;
}

/**
 * Selects whole features (grids for "build zone", merge and split): a click toggles the
 * feature under the pointer; Shift + drag draws a box and adds every feature it touches;
 * Escape clears the selection.
 */
export class SelectFeaturesMode implements Mode {
  readonly name = 'select' as const;
  private selected: FeatureId[] = [];
  private boxStart: LngLat | null = null;
  private boxEnd: LngLat | null = null;

  constructor(
    private readonly ctx: ModeContext,
    private readonly index: () => FeatureIndex | null,
    private readonly events: SelectEvents,
    initial: FeatureId[] = [],
  ) {
    this.selected = [...initial];
  }

  /** The selected ids, in the order they were picked. */
  get selection(): FeatureId[] {
    return [...this.selected];
  }

  /** Replaces the selection (e.g. from the panel's list). */
  setSelection(ids: FeatureId[]): void {
    this.selected = [...new Set(ids)];
    this.draw();
    this.events.onChange(this.selection);
  }

  start(): void {
    this.ctx.adapter.setCursor('pointer');
    this.draw();
  }

  stop(): void {
    this.boxStart = this.boxEnd = null;
    this.ctx.adapter.setCursor('');
    this.ctx.adapter.render([]);
  }

  onClick(e: PointerInput): void {
    const hit = this.index()?.at(e.lngLat)[0];
    if (hit === undefined) return;
    this.selected = this.selected.includes(hit) ? this.selected.filter((id) => id !== hit) : [...this.selected, hit];
    this.draw();
    this.events.onChange(this.selection);
  }

  onPointerDown(e: PointerInput): boolean {
    if (!e.shiftKey) return false;
    this.boxStart = e.lngLat;
    this.boxEnd = e.lngLat;
    return true;
  }

  onDrag(e: PointerInput): void {
    if (!this.boxStart) return;
    this.boxEnd = e.lngLat;
    this.draw();
  }

  onDragEnd(e: PointerInput): void {
    if (!this.boxStart) return;
    const a = this.boxStart;
    const b = e.lngLat;
    this.boxStart = this.boxEnd = null;
    const ids = this.index()?.inBox([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])]) ?? [];
    const added = ids.filter((id) => !this.selected.includes(id));
    this.selected = [...this.selected, ...added];
    this.draw();
    this.events.onChange(this.selection);
  }

  onKey(e: KeyInput): boolean {
    if (e.key !== 'Escape') return false;
    this.setSelection([]);
    return true;
  }

  private draw(): void {
    const out: RenderFeature[] = [];
    const index = this.index();
    for (const id of this.selected) {
      const f = index?.get(id);
      if (f) out.push({ type: 'Feature', geometry: f.geometry, properties: { role: 'selected', id } });
    }
    if (this.boxStart && this.boxEnd) {
      const [a, b] = [this.boxStart, this.boxEnd];
      out.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[a, [b[0], a[1]], b, [a[0], b[1]], a]] },
        properties: { role: 'box' },
      });
    }
    this.ctx.adapter.render(out);
  }
}
