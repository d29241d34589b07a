import { create } from 'zustand';
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import type { NoticeSummary, Problem, ServerFeature } from './api-types.ts';
import type { EditableLayer } from './layer-data.ts';

/** The editing tool in use. */
export type EditTool = 'idle' | 'draw' | 'vertices' | 'select' | 'split';

/** What is waiting to be saved. */
export type PendingChange =
  | { kind: 'draw'; geometry: Polygon }
  | { kind: 'vertices'; featureId: number; changedIds: number[] }
  | { kind: 'split'; featureId: number; line: LineString }
  | null;

/** A 409 the user must decide about: reload (drop the edit) or re-apply it on the current version. */
export interface ConflictState {
  message: string;
  featureId: number | null;
  currentVersion: number | null;
}

/** A message shown under the toolbar. */
export interface Flash {
  kind: 'info' | 'success' | 'error';
  key: string;
  params?: Record<string, unknown>;
  text?: string;
}

export interface EditSessionState {
  ready: boolean;
  layer: EditableLayer;
  tool: EditTool;
  snapEnabled: boolean;
  tolerancePx: number;
  /** ids picked with the select tool (merge, build zone) */
  selection: number[];
  /** the feature the vertex/split tools work on */
  targetId: number | null;
  pending: PendingChange;
  /** the geometry being edited, as it is now (for the panel's read-outs) */
  draftGeometry: Polygon | MultiPolygon | null;
  problems: Problem[];
  busy: boolean;
  conflict: ConflictState | null;
  flash: Flash | null;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  /** notices the last save created */
  lastNotices: NoticeSummary[];
  /** features the last save wrote */
  lastFeatures: ServerFeature[];
  set: (patch: Partial<EditSessionState>) => void;
}

/** UI state of the edit session; the Editor (editor.ts) is the only writer besides the panel's toggles. */
export const useEditSession = create<EditSessionState>((set) => ({
  ready: false,
  layer: 'grids',
  tool: 'idle',
  snapEnabled: true,
  tolerancePx: 10,
  selection: [],
  targetId: null,
  pending: null,
  draftGeometry: null,
  problems: [],
  busy: false,
  conflict: null,
  flash: null,
  canUndo: false,
  canRedo: false,
  undoLabel: null,
  redoLabel: null,
  lastNotices: [],
  lastFeatures: [],
  set: (patch) => set(patch),
}));
