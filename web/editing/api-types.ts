import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { FeatureProps } from '../api/client.ts';
import type { BuildZoneResponse } from '../../server/edits/build-zone.ts';
import type { MergeResponse } from '../../server/edits/merge.ts';
import type { SplitResponse } from '../../server/edits/split.ts';
import type { MoveVertexResponse } from '../../server/edits/topology.ts';
import type { Problem as ServerProblem, ValidationResult as ServerValidationResult } from '../../server/edits/validate-edit.ts';
import type { HistoryEntry as ServerHistoryEntry, LineageLink } from '../../server/features/history.ts';
import type { ChangeRevertResponse } from '../../server/grids/change-revert.ts';
import type { EditResponse } from '../../server/grids/respond.ts';
import type { NoticeEvent, NoticeView, listNotices } from '../../server/notices/repo.ts';
import type { FeatureImage } from '../../server/store/features.ts';

/**
 * Shapes of the editing API (docs/EDITING-API.md). The wire formats are the server's own types
 * (imported, type-only); what is declared here are the page's narrower views of them (features
 * with our served properties, problem codes the page adds itself).
 */

export type { LineageLink, NoticeEvent };

/** A feature as the layer API serves it (numeric id, our properties). */
export type ServerFeature = Feature<Geometry, FeatureProps> & { id: number };

/**
 * One validation finding: the server's (422 details.problems), or the page's own checks and the
 * merge / split refusals, whose codes the validator's union does not list.
 */
export type Problem = Omit<ServerProblem, 'code'> & { code: ServerProblem['code'] | (string & {}) };

export type ValidationResult = Omit<ServerValidationResult, 'problems'> & { problems: Problem[] };

/** A notice as served (summary without geometries). */
export type NoticeSummary = NoticeView;

/** GET /api/notices: the page relies on the badge counts the repository computes. */
export type NoticeList = Omit<ReturnType<typeof listNotices>, 'counts'> & {
  counts: { open: number; acknowledged: number; resolved: number; overdue: number; unresolved: number };
};

/** GET /api/notices/:id. */
export interface NoticeDetail {
  notice: NoticeSummary;
  events: NoticeEvent[];
  map: FeatureCollection;
}

/** Every commit answers with at least this. */
export type CommitResult = EditResponse;

export type MergeResult = Omit<MergeResponse, 'feature'> & { feature: ServerFeature };
export type SplitResult = Omit<SplitResponse, 'features'> & { features: [ServerFeature, ServerFeature] };
export type MoveVertexResult = Omit<MoveVertexResponse, 'features'> & { features: ServerFeature[] };
export type ZoneResult = Omit<BuildZoneResponse, 'feature'> & { feature: ServerFeature };
export type ChangeRevertResult = Omit<ChangeRevertResponse, 'features'> & { features: ServerFeature[] };

/** A feature as answered by PUT/POST /api/layers (the change rides along as a foreign member). */
export type WrittenFeature = ServerFeature & { change: { id: number; revisionId: number } };

/** One entry of GET /api/features/:layer/:id/history (newest first): the stored feature images. */
export type HistoryEntry = Omit<ServerHistoryEntry, 'before' | 'after'> & { before: FeatureImage | null; after: FeatureImage | null };

/** GET /api/features/:layer/:id/history. */
export interface FeatureHistory {
  feature: { id: number; layer: string; code: string; name: string; version: number; retiredAt: string | null };
  revisions: HistoryEntry[];
  lineage: { from: LineageLink[]; to: LineageLink[] };
}
