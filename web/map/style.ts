import type { StyleSpecification, LayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import { LAYERS, LAYER_STYLES, STATUS_COLORS, labelSourceId, type LayerName } from './layerConfig.ts';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** Font stack for map labels; rendered locally (no glyph server) because the style has no `glyphs`. */
export const MAP_FONT_STACK = ['Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];

/** CSS font family MapLibre uses for CJK characters it draws itself. */
export const LOCAL_IDEOGRAPH_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];

const SELECT_COLOR = '#0fb5c9';

/** A line width that thins out at city scale and grows a little when zoomed in. */
function zoomWidth(w: number): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], 7, w * 0.55, 12, w, 16, w * 1.6];
}

/**
 * The offline default style: a plain background and one GeoJSON source per layer (filled by
 * the map view once the API answers), drawn with our colours. It needs no network: no tiles,
 * no sprite, no glyphs. An optional raster basemap (e.g. 天地图) sits under everything, hidden
 * until the user switches it on.
 */
export function buildOfflineStyle(basemapUrl: string | null, basemapAttribution?: string | null): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f4f2ec' } },
  ];
  if (basemapUrl) {
    sources.basemap = {
      type: 'raster', tiles: [basemapUrl], tileSize: 256, maxzoom: 18,
      ...(basemapAttribution ? { attribution: basemapAttribution } : {}),
    };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap', layout: { visibility: 'none' } });
  }
  const highlights: LayerSpecification[] = [];
  for (const layer of LAYERS) {
    sources[layer] = { type: 'geojson', data: EMPTY as never, tolerance: 0.45 };
    for (const l of drawLayers(layer)) (l.id.endsWith('-selected') ? highlights : layers).push(l);
  }
  // Selection outlines above every shape, so a selected grid is not hidden under beat lines.
  layers.push(...highlights);
  // Labels last, so they sit above every shape; counties on top of townships etc.
  for (const layer of [...LAYERS].reverse()) {
    const label = LAYER_STYLES[layer].label;
    if (!label) continue;
    sources[labelSourceId(layer)] = { type: 'geojson', data: EMPTY as never };
    layers.push(labelLayer(layer));
  }
  return { version: 8, name: 'beatgrid offline', sources, layers };
}

function visibility(layer: LayerName): 'visible' | 'none' {
  return LAYER_STYLES[layer].visibleByDefault ? 'visible' : 'none';
}

function drawLayers(layer: LayerName): LayerSpecification[] {
  const s = LAYER_STYLES[layer];
  const layout = { visibility: visibility(layer) };
  const out: LayerSpecification[] = [];
  const zoom = s.minzoom !== undefined ? { minzoom: s.minzoom } : {};
  if (s.kind === 'fill') {
    const base = s.fillOpacity ?? 0.2;
    out.push({
      id: `${layer}-fill`, type: 'fill', source: layer, layout, ...zoom,
      paint: {
        'fill-color': ['case', selected, SELECT_COLOR, s.fill ?? s.color],
        'fill-opacity': ['case', selected, 0.3, hovered, Math.min(base + 0.25, 0.6), base],
      },
    });
    out.push({
      id: `${layer}-line`, type: 'line', source: layer, layout: { ...layout, 'line-join': 'round' }, ...zoom,
      paint: { 'line-color': s.color, 'line-width': zoomWidth(s.lineWidth), ...(s.dash ? { 'line-dasharray': s.dash } : {}) },
    });
  } else if (s.kind === 'outline') {
    out.push({
      id: `${layer}-hit`, type: 'line', source: layer, layout, ...zoom,
      paint: { 'line-color': s.color, 'line-width': 8, 'line-opacity': ['case', hovered, 0.18, 0] },
    });
    out.push({
      id: `${layer}-line`, type: 'line', source: layer, layout: { ...layout, 'line-join': 'round' }, ...zoom,
      paint: { 'line-color': s.color, 'line-width': zoomWidth(s.lineWidth), ...(s.dash ? { 'line-dasharray': s.dash } : {}) },
    });
  } else {
    const status = ['coalesce', ['get', 'status'], 'planned'] as ExpressionSpecification;
    out.push({
      id: `${layer}-circle`, type: 'circle', source: layer, layout, ...zoom,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.4, 10, (s.radius ?? 5) * 0.55, 14, s.radius ?? 5, 18, (s.radius ?? 5) * 1.5],
        'circle-color': ['match', status, 'staffed', STATUS_COLORS.staffed, 'built', STATUS_COLORS.built, STATUS_COLORS.planned],
        'circle-stroke-color': ['case', selected, SELECT_COLOR, s.color],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, ['case', selected, 2.5, 0.6], 11, ['case', selected, 3, s.lineWidth]],
      },
    });
    return out;
  }
  out.push({
    id: `${layer}-selected`, type: 'line', source: layer, layout: { ...layout, 'line-join': 'round' },
    paint: { 'line-color': SELECT_COLOR, 'line-width': 3.2, 'line-opacity': ['case', selected, 1, 0] },
  });
  return out;
}

function labelLayer(layer: LayerName): LayerSpecification {
  const s = LAYER_STYLES[layer];
  const label = s.label!;
  const isAdmin = layer === 'counties' || layer === 'townships';
  return {
    id: `${layer}-label`, type: 'symbol', source: labelSourceId(layer), minzoom: label.minzoom,
    ...(label.maxzoom !== undefined ? { maxzoom: label.maxzoom } : {}),
    layout: {
      visibility: visibility(layer),
      'text-field': ['get', label.field],
      'text-font': MAP_FONT_STACK,
      'text-size': label.size,
      'text-max-width': 8,
      'text-padding': 4,
    },
    paint: {
      'text-color': isAdmin ? '#2b3442' : layer === 'stations' ? s.color : '#33506e',
      'text-halo-color': 'rgba(255,255,255,0.92)',
      'text-halo-width': 1.6,
    },
  };
}

/** Id of the optional raster basemap layer (present only when /api/config names a basemap). */
export const BASEMAP_LAYER_ID = 'basemap';
