import type { Geometry, LineString } from 'geojson';
import { getJson } from '../api/client.ts';
import type { LayerName } from '../../server/domain/layers.ts';
import type {
  ChangeRevertResult,
  FeatureHistory,
  MergeResult,
  MoveVertexResult,
  NoticeDetail,
  NoticeList,
  SplitResult,
  ValidationResult,
  WrittenFeature,
  ZoneResult,
} from './api-types.ts';

/** JSON request options for the shared fetch client (so auth/CSRF headers are added in one place). */
function send(method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/** The editing API of docs/EDITING-API.md and the generic layer CRUD, typed. */
export const editApi = {
  /** Creates a feature in a layer (POST /api/layers/:layer). */
  create: (layer: LayerName, geometry: Geometry, properties: Record<string, unknown>, reason: string) =>
    getJson<WrittenFeature>(`/api/layers/${layer}`, send('POST', { type: 'Feature', geometry, properties, reason })),

  /** Replaces a feature's geometry (PUT with If-Match = the version it is based on). */
  updateGeometry: (layer: LayerName, id: number, version: number, geometry: Geometry, reason: string) =>
    getJson<WrittenFeature>(`/api/layers/${layer}/${id}`, send('PUT', { geometry, reason }, { 'If-Match': `"${version}"` })),

  /** Moves one vertex in every grid (and zone) sharing it, as one commit. */
  moveVertex: (id: number, body: { from: [number, number]; to: [number, number]; baseVersion: number; reason: string; versions?: Record<number, number> }) =>
    getJson<MoveVertexResult>(`/api/grids/${id}/move-vertex`, send('POST', body)),

  /** Merges adjacent grids of one community. */
  merge: (ids: number[], reason: string, versions?: Record<number, number>) =>
    getJson<MergeResult>('/api/grids/merge', send('POST', { ids, reason, versions })),

  /** Splits a grid by a line into two. */
  split: (id: number, line: LineString, reason: string, baseVersion?: number) =>
    getJson<SplitResult>(`/api/grids/${id}/split`, send('POST', { line, reason, baseVersion })),

  /** Builds (or replaces) a beat or aux-grid as the exact union of grids. */
  zoneFromGrids: (body: { layer: 'beats' | 'aux-grids'; stationId: number; gridIds: number[]; code?: string; name?: string; replaceId?: number; baseVersion?: number; reason: string }) =>
    getJson<ZoneResult>('/api/zones/from-grids', send('POST', body)),

  /** Server-side validation without writing. */
  validate: (body: { layer: LayerName; geometry: Geometry; id?: number; parentId?: number | null }) =>
    getJson<ValidationResult>('/api/edits/validate', send('POST', body)),

  /** Inverts a whole change (undo of any saved edit); reverting the revert redoes it. */
  revertChange: (changeId: number, reason: string) =>
    getJson<ChangeRevertResult>(`/api/changes/${changeId}/revert`, send('POST', { reason })),

  /** A feature's revisions (newest first) and lineage. */
  history: (layer: LayerName, id: number) => getJson<FeatureHistory>(`/api/features/${layer}/${id}/history`),

  /** Reverts one feature to a past revision (a new revision). */
  revertFeature: (layer: LayerName, id: number, revision: number, reason: string, version?: number) =>
    getJson<{ feature: WrittenFeature | null; retired: boolean; change: { id: number; revisionId: number; version: number } }>(
      `/api/features/${layer}/${id}/revert`,
      send('POST', { revision, reason, version }, version ? { 'If-Match': `"${version}"` } : {}),
    ),

  /** Notices, optionally for one station / only those the user caused. */
  notices: (query: { station?: number; status?: string; causedBy?: string } = {}) => {
    const q = new URLSearchParams();
    if (query.station !== undefined) q.set('station', String(query.station));
    if (query.status) q.set('status', query.status);
    if (query.causedBy) q.set('causedBy', query.causedBy);
    const s = q.toString();
    return getJson<NoticeList>(`/api/notices${s ? `?${s}` : ''}`);
  },
  notice: (id: number) => getJson<NoticeDetail>(`/api/notices/${id}`),
  ackNotice: (id: number, note?: string) => getJson<Omit<NoticeDetail, 'map'>>(`/api/notices/${id}/ack`, send('POST', { note })),
  resolveNotice: (id: number, note?: string) => getJson<Omit<NoticeDetail, 'map'>>(`/api/notices/${id}/resolve`, send('POST', { note })),
};
