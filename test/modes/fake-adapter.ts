import type { LngLat, ModeAdapter, Pixel, PointerInput, RenderFeature } from '../../web/modes/types.ts';

/**
 * A map adapter for unit tests: a plain linear projection (1 degree = `scale` pixels, origin at
 * `origin`), recording what modes render and the cursor they ask for.
 */
export class FakeAdapter implements ModeAdapter {
  rendered: RenderFeature[] = [];
  renderCount = 0;
  cursor = '';

  constructor(
    readonly origin: LngLat = [125, 42],
    readonly scale = 100_000,
  ) {}

  project(lngLat: LngLat): Pixel {
    return { x: (lngLat[0] - this.origin[0]) * this.scale, y: (this.origin[1] - lngLat[1]) * this.scale };
  }

  unproject(pixel: Pixel): LngLat {
    return [this.origin[0] + pixel.x / this.scale, this.origin[1] - pixel.y / this.scale];
  }

  render(features: RenderFeature[]): void {
    this.rendered = features;
    this.renderCount++;
  }

  setCursor(cursor: string): void {
    this.cursor = cursor;
  }

  /** A pointer event at a pixel. */
  at(x: number, y: number, extra: Partial<PointerInput> = {}): PointerInput {
    return { pixel: { x, y }, lngLat: this.unproject({ x, y }), button: 'left', shiftKey: false, ctrlKey: false, ...extra };
  }

  /** A pointer event exactly at a lng/lat (its pixel computed). */
  atLngLat(lngLat: LngLat, extra: Partial<PointerInput> = {}): PointerInput {
    return { pixel: this.project(lngLat), lngLat, button: 'left', shiftKey: false, ctrlKey: false, ...extra };
  }

  /** Rendered features of one role. */
  role(role: RenderFeature['properties']['role']): RenderFeature[] {
    return this.rendered.filter((f) => f.properties.role === role);
  }
}

/** A square polygon feature from pixel corners [x0,y0]-[x1,y1] in the fake projection (counter-clockwise). */
export function squareFeature(adapter: FakeAdapter, id: number, x0: number, y0: number, x1: number, y1: number) {
  const c = (x: number, y: number) => adapter.unproject({ x, y });
  const ring = [c(x0, y1), c(x1, y1), c(x1, y0), c(x0, y0), c(x0, y1)];
  return { type: 'Feature' as const, id, properties: { code: `G${id}` }, geometry: { type: 'Polygon' as const, coordinates: [ring] } };
}
