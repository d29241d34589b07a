import type { FeatureCollection, Polygon } from 'geojson';
import type { AlignmentSummary, MismatchKind } from '../../../server/alignment/types.ts';
import type { GridRef, RealignApplied, StationProposal, ZoneProposal } from '../../../server/alignment-service/realign.ts';
import type { NamedScore, Scope, scopedMismatches, scopedScores } from '../../../server/alignment-service/view.ts';
import type { PoliceZoneLayer } from '../../../server/domain/layers.ts';
import { getJson } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';

/** The police layers aligned against the grids. */
export type AlignLayer = PoliceZoneLayer;
export type { MismatchKind };
/** CLI-shaped summary (issue 3). */
export type AlignSummary = AlignmentSummary;
/** Score of one group (station / township / county / city), with its code and name. */
export type AlignScore = NamedScore;
export type { GridRef, ZoneProposal, StationProposal, RealignApplied };

/** GET /api/alignment (server/alignment-service/routes.ts). */
export interface AlignOverview {
  layer: AlignLayer;
  scope: Scope;
  summary: AlignSummary;
  scores: ReturnType<typeof scopedScores>;
  changeId: number;
  computedMs: number;
}

type ServedMismatchProps = ReturnType<typeof scopedMismatches>['features'][number]['properties'];

/**
 * Properties of a mismatch polygon as served; the live service's ids are database ids
 * (numbers) and its bbox has four numbers, which the page relies on.
 */
export type MismatchProps = Omit<ServedMismatchProps, 'gridId' | 'zoneIds' | 'bbox'> & {
  gridId: number | null;
  zoneIds: number[];
  bbox: [number, number, number, number];
};

export type MismatchCollection = FeatureCollection<Polygon, MismatchProps>;

/** The session's CSRF token (loaded from /api/auth/me when the page has not yet). */
async function csrfToken(): Promise<string | null> {
  if (!useSession.getState().csrfToken) await useSession.getState().load();
  return useSession.getState().csrfToken;
}

/** A JSON POST carrying the CSRF token (the page's fetch wrapper adds it too; this does not depend on it). */
async function post(body: unknown): Promise<RequestInit> {
  const token = await csrfToken();
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) }, body: JSON.stringify(body) };
}

/** The alignment API (docs/ALIGNMENT-API.md). */
export const alignApi = {
  overview: (layer: AlignLayer) => getJson<AlignOverview>(`/api/alignment?layer=${layer}`),
  mismatches: (layer: AlignLayer) => getJson<MismatchCollection>(`/api/alignment/mismatches?layer=${layer}`),
  proposal: (layer: AlignLayer, station: number, assignments: Record<number, number> = {}) => {
    const a = Object.keys(assignments).length ? `&assignments=${encodeURIComponent(JSON.stringify(assignments))}` : '';
    return getJson<StationProposal>(`/api/alignment/realign?layer=${layer}&station=${station}${a}`);
  },
  /** Reverts a whole change (the realignment) as a new change: POST /api/changes/:id/revert. */
  revert: async (changeId: number, reason: string) => getJson<{ change: { id: number } }>(`/api/changes/${changeId}/revert`, await post({ reason })),
  apply: async (body: { layer: AlignLayer; station: number; reason: string; assignments?: Record<number, number>; versions?: Record<number, number> }) =>
    getJson<RealignApplied>('/api/alignment/realign', await post(body)),
};
