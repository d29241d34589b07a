import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';

/** A position in WGS84 degrees: [longitude, latitude]. */
export type LngLat = [number, number];

/** A screen position in CSS pixels relative to the map canvas. */
export interface Pixel {
  x: number;
  y: number;
}

/** A feature id as the server gives it (numbers) or a temporary one. */
export type FeatureId = number | string;

/** A polygonal feature the modes can edit, snap to and hit-test. */
export type AreaFeature = Feature<Polygon | MultiPolygon, Record<string, unknown> | null> & { id: FeatureId };

/** One pointer event, in both coordinate systems. */
export interface PointerInput {
  lngLat: LngLat;
  pixel: Pixel;
  /** 'left' = primary button (or touch), 'right' = context-menu button */
  button: 'left' | 'right';
  shiftKey: boolean;
  ctrlKey: boolean;
}

/** One key press. `key` is KeyboardEvent.key ('Escape', 'Enter', 'Delete', 'Backspace', ...). */
export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
}

/** What a temporary feature drawn by a mode stands for; the adapter styles by it. */
export type RenderRole =
  | 'draft-polygon'
  | 'draft-line'
  | 'vertex'
  | 'vertex-active'
  | 'midpoint'
  | 'snap-vertex'
  | 'snap-edge'
  | 'selected'
  | 'box';

/** A temporary feature drawn by a mode. */
export type RenderFeature = Feature<Geometry, { role: RenderRole; [key: string]: unknown }>;

/**
 * What a mode needs from the map (terra-draw's adapter idea, reduced to what we use).
 * The MapLibre adapter implements it for the page; a fake one implements it for unit tests.
 */
export interface ModeAdapter {
  /** lng/lat → screen pixel */
  project(lngLat: LngLat): Pixel;
  /** screen pixel → lng/lat */
  unproject(pixel: Pixel): LngLat;
  /** Replaces every temporary feature the modes draw. */
  render(features: RenderFeature[]): void;
  /** Sets the map cursor ('crosshair', 'move', 'pointer', '' = default). */
  setCursor(cursor: string): void;
}

/**
 * A mode is a state machine fed with pointer and key events. The adapter calls
 * `onPointerDown`; when it returns true the mode captures the gesture: the map does not pan
 * and later moves arrive as `onDrag` until `onDragEnd`. A press and release without moving
 * (nor captured) arrives as `onClick`.
 */
export interface Mode {
  readonly name: ModeName;
  /** Draws the mode's initial state. */
  start(): void;
  /** Clears everything the mode drew. */
  stop(): void;
  onClick?(e: PointerInput): void;
  onDoubleClick?(e: PointerInput): void;
  onPointerMove?(e: PointerInput): void;
  onPointerDown?(e: PointerInput): boolean;
  onDrag?(e: PointerInput): void;
  onDragEnd?(e: PointerInput): void;
  /** Returns true when the key was handled (the page then prevents its default). */
  onKey?(e: KeyInput): boolean;
}

export type ModeName = 'idle' | 'draw-polygon' | 'edit-vertices' | 'select' | 'draw-line';
