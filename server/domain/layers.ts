/**
 * The map's layers, with the one code name per concept from GLOSSARY.md.
 * API paths use the layer name (`/api/layers/aux-grids`); the database stores it in
 * `features.layer`.
 */
export const LAYERS = [
  'counties',
  'townships',
  'communities',
  'grids',
  'stations',
  'beats',
  'aux-grids',
  'police-rooms',
  'police-posts',
] as const;

export type LayerName = (typeof LAYERS)[number];

/** Layers whose features are polygons (the rest are points). */
export const POLYGON_LAYERS: ReadonlySet<LayerName> = new Set([
  'counties',
  'townships',
  'communities',
  'grids',
  'stations',
  'beats',
  'aux-grids',
]);

/** Point layers: facilities. */
export const POINT_LAYERS: ReadonlySet<LayerName> = new Set(['police-rooms', 'police-posts']);

/** The parent layer of each layer in the administrative / ownership hierarchy. */
export const PARENT_LAYER: Partial<Record<LayerName, LayerName>> = {
  townships: 'counties',
  communities: 'townships',
  grids: 'communities',
  stations: 'counties',
  'police-rooms': 'communities',
  'police-posts': 'grids',
};

/** Layers owned by a police station (features.station_id). */
export const STATION_OWNED: ReadonlySet<LayerName> = new Set(['beats', 'aux-grids', 'police-posts', 'police-rooms']);

/** Police zone layers that must align with grids. */
export const POLICE_ZONE_LAYERS = ['beats', 'aux-grids'] as const;
export type PoliceZoneLayer = (typeof POLICE_ZONE_LAYERS)[number];

/** Facility status, in order of progress. */
export const FACILITY_STATUS = ['planned', 'built', 'staffed'] as const;
export type FacilityStatus = (typeof FACILITY_STATUS)[number];

export function isLayerName(s: string): s is LayerName {
  return (LAYERS as readonly string[]).includes(s);
}
