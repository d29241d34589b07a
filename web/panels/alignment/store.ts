import { create } from 'zustand';
import { errorMessage } from '../../api/client.ts';
import { alignApi, type AlignLayer, type AlignOverview, type MismatchCollection, type StationProposal } from './api.ts';

export interface AlignmentState {
  layer: AlignLayer;
  overview: AlignOverview | null;
  mismatches: MismatchCollection | null;
  /** key of the mismatch the user picked in the table */
  picked: string | null;
  /** bumped on every pick (the map frames the pick again even when it is the same) */
  pickSeq: number;
  /** mismatch polygons and the proposal drawn on the map (they stay while other tabs are open) */
  overlayOn: boolean;
  stationId: number | null;
  proposal: StationProposal | null;
  /** a human's choices for tied / uncovered grids: grid id → zone id */
  assignments: Record<number, number>;
  loading: boolean;
  proposing: boolean;
  applying: boolean;
  error: string | null;
  /** message after an apply: score of the station after the change */
  applied: { station: string; score: number; changeId: number } | null;
  setLayer: (layer: AlignLayer) => void;
  setPicked: (key: string | null) => void;
  setOverlayOn: (on: boolean) => void;
  setStation: (id: number | null) => void;
  assign: (gridId: number, zoneId: number) => void;
  /** Reloads scores and mismatch polygons (after any saved edit). */
  refresh: () => Promise<void>;
  propose: () => Promise<void>;
  apply: (reason: string) => Promise<boolean>;
  /** Reverts the realignment just applied (one new change); the map and scores follow. */
  undoApplied: (reason: string) => Promise<void>;
  /** set after an undo: the change that reverted the realignment */
  reverted: { changeId: number } | null;
}

let seq = 0;

/** The alignment view's data: scores, mismatch polygons, the station being realigned. */
export const useAlignment = create<AlignmentState>((set, get) => ({
  layer: 'beats',
  overview: null,
  mismatches: null,
  picked: null,
  pickSeq: 0,
  overlayOn: true,
  stationId: null,
  proposal: null,
  assignments: {},
  loading: false,
  proposing: false,
  applying: false,
  error: null,
  applied: null,
  reverted: null,
  setLayer: (layer) => {
    if (layer === get().layer) return;
    set({ layer, overview: null, mismatches: null, picked: null, proposal: null, assignments: {}, applied: null });
    void get().refresh();
  },
  setPicked: (picked) => set({ picked, pickSeq: get().pickSeq + 1 }),
  setOverlayOn: (overlayOn) => set({ overlayOn }),
  setStation: (stationId) => set({ stationId, proposal: null, assignments: {}, applied: null }),
  assign: (gridId, zoneId) => {
    set({ assignments: { ...get().assignments, [gridId]: zoneId } });
    void get().propose();
  },
  refresh: async () => {
    const mine = ++seq;
    const layer = get().layer;
    set({ loading: true, error: null });
    try {
      const [overview, mismatches] = await Promise.all([alignApi.overview(layer), alignApi.mismatches(layer)]);
      if (mine !== seq) return;
      set({ overview, mismatches, loading: false });
    } catch (err) {
      if (mine === seq) set({ loading: false, error: errorMessage(err) });
    }
  },
  propose: async () => {
    const { layer, stationId, assignments } = get();
    if (stationId === null) return;
    set({ proposing: true, error: null, applied: null });
    try {
      const proposal = await alignApi.proposal(layer, stationId, assignments);
      set({ proposal, proposing: false });
    } catch (err) {
      set({ proposing: false, error: errorMessage(err) });
    }
  },
  apply: async (reason) => {
    const { layer, proposal, assignments } = get();
    if (!proposal) return false;
    set({ applying: true, error: null });
    try {
      const versions = Object.fromEntries(proposal.zones.map((z) => [z.id, z.version]));
      const r = await alignApi.apply({ layer, station: proposal.station.id, reason, assignments, versions });
      set({ applying: false, proposal: null, assignments: {}, reverted: null, applied: { station: proposal.station.name, score: r.after.score, changeId: r.change.id } });
      await get().refresh();
      return true;
    } catch (err) {
      set({ applying: false, error: errorMessage(err) });
      return false;
    }
  },
  undoApplied: async (reason) => {
    const applied = get().applied;
    if (!applied) return;
    set({ applying: true, error: null });
    try {
      const r = await alignApi.revert(applied.changeId, reason);
      set({ applying: false, applied: null, reverted: { changeId: r.change.id } });
      await get().refresh();
    } catch (err) {
      set({ applying: false, error: errorMessage(err) });
    }
  },
}));
