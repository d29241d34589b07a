import { LAYERS, type LayerName, FACILITY_STATUS, type FacilityStatus } from '../../server/domain/layers.ts';

export { LAYERS, FACILITY_STATUS };
export type { LayerName, FacilityStatus };

/** How a layer is drawn: filled polygons, outlined polygons (police zones), or point facilities. */
export type LayerKind = 'fill' | 'outline' | 'point';

/** Look and behaviour of one map layer. Labels come from i18n (`layers.<name>`). */
export interface LayerStyle {
  kind: LayerKind;
  /** Main colour: the outline of polygons, the ring of points. Also the legend swatch. */
  color: string;
  /** Fill colour of polygons (fill kind). */
  fill?: string;
  fillOpacity?: number;
  lineWidth: number;
  dash?: number[];
  /** Visible when the page opens. */
  visibleByDefault: boolean;
  /** Label text field (code or name) and the zoom range it shows at. */
  label?: { field: 'name' | 'code'; minzoom: number; size: number; maxzoom?: number };
  /** Point radius (point kind). */
  radius?: number;
  /** Below this zoom the layer is not drawn (keeps the city view readable). */
  minzoom?: number;
}

/** Facility status colours (police rooms and posts are filled by status). */
export const STATUS_COLORS: Record<FacilityStatus, string> = {
  planned: '#b8bfca',
  built: '#f0a92e',
  staffed: '#2f9e44',
};

/**
 * Layer styles, in draw order from bottom to top. Administrative layers are quiet greys and
 * blues; police zones are strong outlines (beats red, aux-grids orange) so mismatches with the
 * grid lines below them catch the eye.
 */
export const LAYER_STYLES: Record<LayerName, LayerStyle> = {
  counties: {
    kind: 'fill', color: '#44546a', fill: '#eef1f5', fillOpacity: 0.35, lineWidth: 2.2,
    visibleByDefault: true, label: { field: 'name', minzoom: 0, size: 15, maxzoom: 11 },
  },
  townships: {
    kind: 'fill', color: '#5f6b80', fill: '#ffffff', fillOpacity: 0, lineWidth: 1.5, dash: [3, 2],
    visibleByDefault: true, label: { field: 'name', minzoom: 9, size: 12.5, maxzoom: 13.5 },
  },
  communities: {
    kind: 'fill', color: '#50698f', fill: '#dfe7f1', fillOpacity: 0.25, lineWidth: 1.4,
    visibleByDefault: true, label: { field: 'name', minzoom: 12.5, size: 12 },
  },
  grids: {
    kind: 'fill', color: '#6ea8d6', fill: '#bcd8ee', fillOpacity: 0.28, lineWidth: 0.6,
    visibleByDefault: true, label: { field: 'code', minzoom: 15, size: 10.5 },
  },
  stations: {
    kind: 'outline', color: '#1d3f8f', lineWidth: 1.6, dash: [4, 2], visibleByDefault: false,
    label: { field: 'name', minzoom: 11, size: 11.5 },
  },
  beats: { kind: 'outline', color: '#d63b3b', lineWidth: 1.8, visibleByDefault: true },
  'aux-grids': { kind: 'outline', color: '#e8890c', lineWidth: 1.4, dash: [2, 1.5], visibleByDefault: false },
  'police-rooms': { kind: 'point', color: '#1d3f8f', lineWidth: 2, radius: 6, visibleByDefault: true },
  'police-posts': { kind: 'point', color: '#1f7a6c', lineWidth: 1.6, radius: 4.2, visibleByDefault: true },
};

/** When two features are under the pointer, the one on the layer listed first wins. */
export const CLICK_PRIORITY: LayerName[] = [
  'police-posts', 'police-rooms', 'aux-grids', 'beats', 'stations', 'grids', 'communities', 'townships', 'counties',
];

/** Polygon layers whose labels come from computed label points (one per feature). */
export const LABELLED_LAYERS = LAYERS.filter((l) => LAYER_STYLES[l].label);

/** The MapLibre style-layer ids that draw one of our layers. */
export function styleLayerIds(layer: LayerName): string[] {
  const s = LAYER_STYLES[layer];
  const ids: string[] = [];
  if (s.kind === 'fill') ids.push(`${layer}-fill`, `${layer}-line`);
  if (s.kind === 'outline') ids.push(`${layer}-hit`, `${layer}-line`);
  if (s.kind === 'point') ids.push(`${layer}-circle`);
  ids.push(`${layer}-selected`);
  if (s.label) ids.push(`${layer}-label`);
  return ids;
}

/** The style layers used for picking features with the pointer. */
export function pickLayerId(layer: LayerName): string {
  const kind = LAYER_STYLES[layer].kind;
  return kind === 'fill' ? `${layer}-fill` : kind === 'outline' ? `${layer}-hit` : `${layer}-circle`;
}

/** Source id of a layer's label points. */
export const labelSourceId = (layer: LayerName) => `${layer}-labels`;
