import Flatbush from 'flatbush';
import { area, bbox as turfBbox, bboxPolygon, booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, FeatureId, LngLat } from './types.ts';

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

/**
 * Hit-testing of polygon features by point and by box, with a Flatbush of their bboxes.
 * Used by the select mode (click / box) and to find the neighbours of an edited feature.
 */
export class FeatureIndex {
  private readonly tree: Flatbush | null;
  private readonly boxes: BBox[];
  private readonly areas: number[];
  private readonly byId = new Map<FeatureId, AreaFeature>();

  /** Indexes `features` (features without geometry are skipped). */
  constructor(readonly features: readonly AreaFeature[]) {
    const usable = features.filter((f) => f.geometry);
    this.features = usable;
    this.boxes = usable.map((f) => turfBbox(f) as BBox);
    this.areas = usable.map((f) => area(f));
    for (const f of usable) this.byId.set(f.id, f);
    this.tree = usable.length ? new Flatbush(usable.length) : null;
    if (this.tree) {
      for (const b of this.boxes) this.tree.add(b[0], b[1], b[2], b[3]);
      this.tree.finish();
    }
  }

  /** The feature with this id, if indexed. */
  get(id: FeatureId): AreaFeature | undefined {
    return this.byId.get(id);
  }

  /** Ids of the features containing the point, smallest area first (the one a click means). */
  at(lngLat: LngLat): FeatureId[] {
    if (!this.tree) return [];
    const hits = this.tree
      .search(lngLat[0], lngLat[1], lngLat[0], lngLat[1])
      .filter((i) => booleanPointInPolygon(lngLat, this.features[i]));
    hits.sort((a, b) => this.areas[a] - this.areas[b]);
    return hits.map((i) => this.features[i].id);
  }

  /** Ids of the features whose geometry intersects the box. */
  inBox(box: BBox): FeatureId[] {
    if (!this.tree) return [];
    const poly = bboxPolygon(box);
    return this.tree
      .search(box[0], box[1], box[2], box[3])
      .filter((i) => booleanIntersects(poly, this.features[i]))
      .map((i) => this.features[i].id);
  }

  /** Features whose bbox touches `box` (cheap candidates for neighbour checks), except `exclude`. */
  near(box: BBox, exclude?: FeatureId): AreaFeature[] {
    if (!this.tree) return [];
    return this.tree
      .search(box[0], box[1], box[2], box[3])
      .map((i) => this.features[i])
      .filter((f) => f.id !== exclude);
  }
}
