import { create } from 'zustand';
import type { LayerName } from '../map/layerConfig.ts';
import { api, errorMessage, type BeatgridFeature, type RelatedRecords } from '../api/client.ts';

/** A reference to one feature of one layer. */
export interface FeatureRef {
  layer: LayerName;
  id: number;
}

export interface SelectionState {
  selected: FeatureRef | null;
  feature: BeatgridFeature | null;
  related: RelatedRecords | null;
  loading: boolean;
  error: string | null;
  /** Bumped when the map should fly to the selected feature (search, related links). */
  flyRequest: { ref: FeatureRef; bbox?: [number, number, number, number] | null; seq: number } | null;
  select: (ref: FeatureRef | null) => void;
  /** Selects and asks the map to bring the feature into view. */
  selectAndFly: (ref: FeatureRef, bbox?: [number, number, number, number] | null) => void;
  /** Asks the map to bring a feature into view without changing the selection. */
  flyTo: (ref: FeatureRef, bbox?: [number, number, number, number] | null) => void;
}

let requestSeq = 0;

/**
 * The selected feature and its details. Selecting fetches the feature and its related
 * records; answers to older selections are dropped.
 */
export const useSelection = create<SelectionState>((set, get) => ({
  selected: null,
  feature: null,
  related: null,
  loading: false,
  error: null,
  flyRequest: null,
  select: (ref) => {
    const seq = ++requestSeq;
    if (!ref) {
      set({ selected: null, feature: null, related: null, loading: false, error: null });
      return;
    }
    set({ selected: ref, feature: null, related: null, loading: true, error: null });
    void Promise.allSettled([api.feature(ref.layer, ref.id), api.related(ref.layer, ref.id)]).then(([f, r]) => {
      if (seq !== requestSeq) return;
      set({
        feature: f.status === 'fulfilled' ? f.value : null,
        related: r.status === 'fulfilled' ? r.value : null,
        loading: false,
        error: f.status === 'rejected' ? errorMessage(f.reason) : r.status === 'rejected' ? errorMessage(r.reason) : null,
      });
    });
  },
  selectAndFly: (ref, bbox) => {
    get().select(ref);
    set({ flyRequest: { ref, bbox, seq: requestSeq } });
  },
  flyTo: (ref, bbox) => set({ flyRequest: { ref, bbox, seq: requestSeq } }),
}));
