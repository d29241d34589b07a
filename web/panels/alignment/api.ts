import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { getJson } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';

/** The police layers aligned against the grids. */
export type AlignLayer = 'beats' | 'aux-grids';
export type MismatchKind = 'sliver' | 'gap' | 'overhang' | 'overlap';

/** CLI-shaped summary (issue 3). */
export interface AlignSummary {
  grids: { count: number; aligned: number; split: number; partial: number; uncovered: number };
  police: { count: number; aligned: number; overhangM2: number; overlapM2: number };
  mismatch: { count: number; areaM2: number };
  score: number;
}

/** Score of one group (station / township / county / city). */
export interface AlignScore {
  code: string;
  name: string;
  id?: number;
  grids: number;
  aligned: number;
  split: number;
  partial: number;
  uncovered: number;
  score: number;
}

/** GET /api/alignment */
export interface AlignOverview {
  layer: AlignLayer;
  summary: AlignSummary;
  scores: { city: AlignScore[]; county: AlignScore[]; township: AlignScore[]; station: AlignScore[] };
  changeId: number;
  computedMs: number;
}

/** Properties of a mismatch polygon as served. */
export interface MismatchProps {
  kind: MismatchKind;
  areaM2: number;
  gridId: number | null;
  zoneIds: number[];
  layer: AlignLayer;
  key: string;
  gridCode: string | null;
  zoneCodes: string[];
  bbox: [number, number, number, number];
}

export type MismatchCollection = FeatureCollection<Polygon, MismatchProps>;

export interface GridRef { id: number; code: string }

/** One zone of a realign proposal. */
export interface ZoneProposal {
  id: number;
  code: string;
  name: string;
  version: number;
  action: 'update' | 'none' | 'retire';
  grids: GridRef[];
  added: GridRef[];
  removed: GridRef[];
  areaBeforeM2: number;
  areaAfterM2: number;
  areaMovedM2: number;
  geometry: Polygon | MultiPolygon | null;
}

/** GET /api/alignment/realign */
export interface StationProposal {
  layer: AlignLayer;
  station: { id: number; code: string; name: string };
  zones: ZoneProposal[];
  ties: { grid: GridRef; zoneIds: number[]; provisionalZoneId: number }[];
  uncovered: GridRef[];
  foreign: { grid: GridRef; zoneIds: number[]; zoneCodes: string[] }[];
  totals: { zonesChanged: number; gridsReassigned: number; areaMovedM2: number };
  before: AlignSummary;
}

/** POST /api/alignment/realign answer. */
export interface RealignApplied {
  change: { id: number; kind: 'realign'; at: string; actor: string; reason: string };
  zones: { id: number; code: string; action: 'update' | 'retire'; version: number }[];
  after: AlignSummary;
}

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
