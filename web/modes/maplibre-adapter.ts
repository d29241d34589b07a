import type { GeoJSONSource, Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import type { KeyInput, LngLat, Mode, ModeAdapter, Pixel, PointerInput, RenderFeature } from './types.ts';

/** Source and style layers the modes draw into (above every data layer). */
export const DRAFT_SOURCE = 'edit-draft';
const DRAFT_LAYERS = ['edit-draft-fill', 'edit-draft-line', 'edit-draft-midpoint', 'edit-draft-vertex', 'edit-draft-snap'] as const;

/**
 * The modes' adapter for MapLibre: translates map mouse events into mode calls (a press the
 * mode captures disables map panning until release), keys from the window, and draws the
 * modes' temporary features into one GeoJSON source.
 */
export class MapLibreModeAdapter implements ModeAdapter {
  private capturing = false;
  private suppressClick = false;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly map: MlMap,
    private readonly currentMode: () => Mode | null,
  ) {}

  project(lngLat: LngLat): Pixel {
    const p = this.map.project(lngLat);
    return { x: p.x, y: p.y };
  }

  unproject(pixel: Pixel): LngLat {
    const ll = this.map.unproject([pixel.x, pixel.y]);
    return [ll.lng, ll.lat];
  }

  render(features: RenderFeature[]): void {
    const src = this.map.getSource(DRAFT_SOURCE) as GeoJSONSource | undefined;
    src?.setData({ type: 'FeatureCollection', features: withOutlines(features) });
  }

  setCursor(cursor: string): void {
    this.map.getCanvas().style.cursor = cursor;
  }

  /** Adds the draft layers and starts listening. Returns nothing; call {@link detach} to stop. */
  attach(): void {
    addDraftLayers(this.map);
    const on = <K extends 'mousedown' | 'mousemove' | 'mouseup' | 'click' | 'dblclick' | 'contextmenu'>(type: K, fn: (e: MapMouseEvent) => void) => {
      this.map.on(type, fn);
      this.off.push(() => this.map.off(type, fn));
    };
    on('mousedown', (e) => {
      const mode = this.currentMode();
      if (!mode?.onPointerDown || e.originalEvent.button !== 0) return;
      if (mode.onPointerDown(toPointer(e, 'left'))) {
        this.capturing = true;
        this.map.dragPan.disable();
        e.preventDefault();
      }
    });
    on('mousemove', (e) => {
      const mode = this.currentMode();
      if (!mode) return;
      if (this.capturing) mode.onDrag?.(toPointer(e, 'left'));
      else mode.onPointerMove?.(toPointer(e, 'left'));
    });
    on('mouseup', (e) => {
      if (!this.capturing) return;
      this.capturing = false;
      this.suppressClick = true;
      this.map.dragPan.enable();
      this.currentMode()?.onDragEnd?.(toPointer(e, 'left'));
      setTimeout(() => (this.suppressClick = false), 0);
    });
    on('click', (e) => {
      if (this.suppressClick) return;
      this.currentMode()?.onClick?.(toPointer(e, 'left'));
    });
    on('dblclick', (e) => {
      const mode = this.currentMode();
      if (!mode?.onDoubleClick) return;
      e.preventDefault();
      mode.onDoubleClick(toPointer(e, 'left'));
    });
    on('contextmenu', (e) => {
      const mode = this.currentMode();
      if (!mode?.onClick) return;
      e.originalEvent.preventDefault();
      mode.onClick(toPointer(e, 'right'));
    });
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const input: KeyInput = { key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey || e.metaKey };
      if (this.currentMode()?.onKey?.(input)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    this.off.push(() => window.removeEventListener('keydown', onKey));
  }

  /**
   * Map gestures that fight the modes: double-click zoom (finishes a drawing) and Shift-drag
   * box zoom (box selection) are off while a mode is active.
   */
  setModeActive(active: boolean): void {
    if (active) {
      this.map.doubleClickZoom.disable();
      this.map.boxZoom.disable();
    } else {
      this.map.doubleClickZoom.enable();
      this.map.boxZoom.enable();
      this.map.dragPan.enable();
      this.capturing = false;
    }
  }

  /** Stops listening and removes the draft layers. */
  detach(): void {
    this.off.splice(0).forEach((f) => f());
    for (const id of DRAFT_LAYERS) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(DRAFT_SOURCE)) this.map.removeSource(DRAFT_SOURCE);
  }
}

/**
 * Adds each polygon's rings as LineStrings: outlines are drawn from these, so even a shape
 * MapLibre cannot fill (a zero-area bow-tie, which it drops) is still visible while drawing.
 */
function withOutlines(features: RenderFeature[]): RenderFeature[] {
  const out: RenderFeature[] = [];
  for (const f of features) {
    out.push(f);
    const g = f.geometry;
    const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
    if (rings.length) out.push({ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: rings }, properties: f.properties });
  }
  return out;
}

function toPointer(e: MapMouseEvent, button: 'left' | 'right'): PointerInput {
  return {
    lngLat: [e.lngLat.lng, e.lngLat.lat],
    pixel: { x: e.point.x, y: e.point.y },
    button,
    shiftKey: e.originalEvent.shiftKey,
    ctrlKey: e.originalEvent.ctrlKey || e.originalEvent.metaKey,
  };
}

const role = (r: string | string[]) => ['in', ['get', 'role'], ['literal', Array.isArray(r) ? r : [r]]] as never;

/** The draft source and its styles: orange draft, white vertices, small midpoints, magenta snap ring. */
function addDraftLayers(map: MlMap): void {
  if (map.getSource(DRAFT_SOURCE)) return;
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'edit-draft-fill',
    type: 'fill',
    source: DRAFT_SOURCE,
    filter: role(['draft-polygon', 'selected', 'box']),
    paint: {
      'fill-color': ['match', ['get', 'role'], 'selected', '#2563eb', 'box', '#64748b', '#f97316'] as never,
      'fill-opacity': ['match', ['get', 'role'], 'box', 0.1, 0.25] as never,
    },
  });
  map.addLayer({
    id: 'edit-draft-line',
    type: 'line',
    source: DRAFT_SOURCE,
    filter: ['all', ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]], role(['draft-polygon', 'draft-line', 'selected', 'box'])] as never,
    paint: {
      'line-color': ['match', ['get', 'role'], 'selected', '#1d4ed8', 'box', '#334155', '#ea580c'] as never,
      'line-width': ['match', ['get', 'role'], 'selected', 3, 2.5] as never,
      'line-dasharray': ['match', ['get', 'role'], 'box', ['literal', [2, 2]], ['literal', [1, 0]]] as never,
    },
  });
  map.addLayer({
    id: 'edit-draft-midpoint',
    type: 'circle',
    source: DRAFT_SOURCE,
    filter: role('midpoint'),
    paint: { 'circle-radius': 3.5, 'circle-color': '#fed7aa', 'circle-stroke-color': '#ea580c', 'circle-stroke-width': 1 },
  });
  map.addLayer({
    id: 'edit-draft-vertex',
    type: 'circle',
    source: DRAFT_SOURCE,
    filter: role(['vertex', 'vertex-active']),
    paint: {
      'circle-radius': ['match', ['get', 'role'], 'vertex-active', 7, 5] as never,
      'circle-color': ['match', ['get', 'role'], 'vertex-active', '#ea580c', '#ffffff'] as never,
      'circle-stroke-color': '#ea580c',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'edit-draft-snap',
    type: 'circle',
    source: DRAFT_SOURCE,
    filter: role(['snap-vertex', 'snap-edge']),
    paint: {
      'circle-radius': 9,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': ['match', ['get', 'role'], 'snap-vertex', '#d946ef', '#0ea5e9'] as never,
      'circle-stroke-width': 3,
    },
  });
}
