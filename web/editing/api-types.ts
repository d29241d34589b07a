import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import type { FeatureProps } from '../api/client.ts';

/** Shapes of the editing API (docs/EDITING-API.md), as the page uses them. */

export type ServerFeature = Feature<Geometry, FeatureProps> & { id: number };

/** One validation finding from the server (422 details.problems) or the page's own checks. */
export interface Problem {
  code: string;
  message: string;
  location: [number, number] | null;
  featureId?: number;
  ring?: number;
  part?: number;
  area?: number;
}

export interface ValidationResult {
  valid: boolean;
  reason: string | null;
  location: [number, number] | null;
  problems: Problem[];
}

export interface ChangeInfo {
  id: number;
  kind: string;
  actor: string;
  reason: string;
  at: string;
}

export interface RevisionInfo {
  id: number;
  entityId: number;
  layer: string;
  op: 'create' | 'update' | 'retire' | 'restore';
  version: number;
}

export interface NoticeSummary {
  id: number;
  stationId: number;
  stationCode: string;
  stationName: string;
  changeId: number;
  changeKind: string;
  causedBy: string;
  kind: 'gridMerge' | 'gridSplit' | 'gridAdjust';
  status: 'open' | 'acknowledged' | 'resolved';
  deadline: string;
  overdue: boolean;
  createdAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveNote: string | null;
  summary: {
    grids: { id: number; code: string; name: string; how: string; areaMovedM2: number }[];
    zones: { id: number; layer: 'beats' | 'aux-grids'; code: string; name: string; touchedM2: number }[];
  };
}

export interface NoticeEvent {
  id: number;
  at: string;
  actor: string;
  kind: 'created' | 'acknowledged' | 'resolved';
  note: string | null;
}

export interface NoticeList {
  notices: NoticeSummary[];
  total: number;
  counts: { open: number; acknowledged: number; resolved: number; overdue: number; unresolved: number };
}

export interface NoticeDetail {
  notice: NoticeSummary;
  events: NoticeEvent[];
  map: FeatureCollection;
}

/** Every commit answers with at least this. */
export interface CommitResult {
  change: ChangeInfo;
  revision: number;
  revisions: RevisionInfo[];
  notices: NoticeSummary[];
}

export interface RetiredRef {
  id: number;
  code: string;
  version: number;
}

export type MergeResult = CommitResult & { feature: ServerFeature; retired: RetiredRef[]; lineage: { fromId: number; toId: number }[] };
export type SplitResult = CommitResult & { features: [ServerFeature, ServerFeature]; retired: RetiredRef[] };
export type MoveVertexResult = CommitResult & { features: ServerFeature[] };
export type ZoneResult = CommitResult & { feature: ServerFeature };
export type ChangeRevertResult = CommitResult & { features: ServerFeature[]; retired: RetiredRef[] };

/** A feature as answered by PUT/POST /api/layers (the change rides along as a foreign member). */
export type WrittenFeature = ServerFeature & { change: { id: number; revisionId: number } };

/** One entry of GET /api/features/:layer/:id/history (newest first). */
export interface HistoryEntry {
  revisionId: number;
  changeId: number;
  kind: string;
  actor: string;
  reason: string;
  at: string;
  op: string;
  version: number;
  before: { geometry?: Geometry; [key: string]: unknown } | null;
  after: { geometry?: Geometry; [key: string]: unknown } | null;
}

export interface LineageLink {
  kind: 'merge' | 'split';
  changeId: number;
  fromId: number;
  toId: number;
  at: string;
}

export interface FeatureHistory {
  feature: { id: number; layer: string; code: string; name: string; version: number; retiredAt: string | null };
  revisions: HistoryEntry[];
  lineage: { from: LineageLink[]; to: LineageLink[] };
}

export interface SplitRequest {
  line: LineString;
  reason: string;
  baseVersion?: number;
}
