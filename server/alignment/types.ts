/** Shared types of the alignment engine (pure: no database, no HTTP). */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';

/** Feature id as found in the input (`idField` property, `id` property, feature.id, or index). */
export type FeatureId = string | number;

/** Grid status, per issue 3: checked in this order: uncovered, aligned, split, partial. */
export type GridStatus = 'aligned' | 'split' | 'partial' | 'uncovered';

/** Options of the analysis; every threshold is a share of the grid's area. */
export interface AlignmentOptions {
  /** Property holding the feature id (default: `id` property, then feature.id, then index). */
  idField?: string;
  /** One zone covering at least this share of a grid makes it aligned (default 0.995). */
  alignedShare?: number;
  /** All zones together covering less than this share make a grid uncovered (default 0.005). */
  uncoveredShare?: number;
  /** A zone counts as touching a grid (for split) from this share on (default 0.005). */
  splitShare?: number;
  /** Pieces (intersections, mismatch polygons) at or below this area in m² are dust (default 0.01). */
  dustM2?: number;
  /** Intersection over union from which an aux-grid (警格) matches a grid one to one (default 0.995). */
  oneToOneIou?: number;
  /** Build mismatch polygons (default true). Areas and counts of rows never need them. */
  mismatchGeometries?: boolean;
  /**
   * Drop mismatch polygons thinner than this on average (2·area/perimeter, metres; default 0 =
   * keep all above dust). 0.5 hides the decimetre slivers of a separately digitised layer.
   */
  minMismatchWidthM?: number;
  /** Projection centre [lon, lat] (default: centre of the bounding box of both layers). */
  centre?: [number, number];
}

/** Fully resolved options. */
export type ResolvedOptions = Required<Omit<AlignmentOptions, 'idField' | 'centre'>> & Pick<AlignmentOptions, 'idField' | 'centre'>;

/** One zone's share of a grid. */
export interface ZoneShare {
  zoneId: FeatureId;
  /** Area of grid ∩ zone, m². */
  areaM2: number;
  /** areaM2 / grid area. */
  share: number;
}

/** Per-grid result row. */
export interface GridRow {
  id: FeatureId;
  areaM2: number;
  /** Sum of the zone pieces in m², capped at the grid's area (where zones overlap inside the grid, each zone counts). */
  coveredM2: number;
  coveredShare: number;
  /** Zones with a piece above the dust area, by descending share. */
  zones: ZoneShare[];
  status: GridStatus;
  /** Zone holding most of the grid (null when no piece). */
  dominantZoneId: FeatureId | null;
}

/** Per-zone result row. */
export interface ZoneRow {
  id: FeatureId;
  areaM2: number;
  /** Grids this zone covers by ≥ alignedShare (held whole). */
  wholeGrids: FeatureId[];
  /** Grids this zone holds a piece of (≥ splitShare of the grid) without holding them whole. */
  cutGrids: FeatureId[];
  /** Area of the zone outside every grid, m². */
  overhangM2: number;
  /** Overlaps with other zones of the same layer. */
  overlaps: { zoneId: FeatureId; areaM2: number }[];
  /** An exact union of whole grids within the tolerance. */
  aligned: boolean;
}

export type MismatchKind = 'sliver' | 'gap' | 'overhang' | 'overlap';

/** Properties of one mismatch polygon. */
export interface MismatchProps {
  kind: MismatchKind;
  areaM2: number;
  gridId: FeatureId | null;
  zoneIds: FeatureId[];
}

export type MismatchFeature = Feature<Polygon, MismatchProps>;

/** A problem found in (and possibly repaired in) one input feature. */
export interface InputWarning {
  layer: 'grids' | 'zones';
  id: FeatureId;
  index: number;
  /** winding | duplicate-vertices | degenerate-ring | self-intersection | overlapping-parts | bad-geometry | bad-coordinates */
  problem: string;
  detail: string;
  /** true when the feature was repaired, false when it was skipped. */
  repaired: boolean;
}

/** One-to-one (aux-grid 警格 ↔ grid) check. */
export interface OneToOneResult {
  pairs: { gridId: FeatureId; zoneId: FeatureId; iou: number }[];
  failures: { layer: 'grids' | 'zones'; id: FeatureId; why: string; best: { id: FeatureId; iou: number } | null }[];
}

/** CLI summary, exact shape fixed by issue 3. */
export interface AlignmentSummary {
  grids: { count: number; aligned: number; split: number; partial: number; uncovered: number };
  police: { count: number; aligned: number; overhangM2: number; overlapM2: number };
  mismatch: { count: number; areaM2: number };
  score: number;
}

/** Everything analyzeAlignment returns. */
export interface AlignmentResult {
  summary: AlignmentSummary;
  grids: GridRow[];
  zones: ZoneRow[];
  mismatches: FeatureCollection<Polygon, MismatchProps>;
  oneToOne: OneToOneResult;
  warnings: InputWarning[];
  /** The projection used for areas. */
  projection: { proj4: string; centre: [number, number] };
}

export type PolygonalGeometry = Polygon | MultiPolygon;
export type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;
