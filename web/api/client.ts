import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerName } from '../../server/domain/layers.ts';

/** An API failure with the server's JSON error body (`{error:{code,message,details}}`) unpacked. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Properties every feature served by `/api/layers` carries. */
export interface FeatureProps {
  code: string;
  name: string;
  layer?: LayerName;
  parentId?: number | null;
  stationId?: number | null;
  version?: number;
  [key: string]: unknown;
}

export type BeatgridFeature = Feature<Geometry, FeatureProps> & { id: number };
export type BeatgridCollection = FeatureCollection<Geometry, FeatureProps>;

/** One row of `GET /api/search`. */
export interface SearchHit {
  layer: LayerName;
  id: number;
  code: string;
  name: string;
  bbox?: [number, number, number, number] | null;
}

/** `GET /api/config`: what the page needs to know about this installation. */
export interface AppConfig {
  basemapUrl: string | null;
  basemapAttribution?: string | null;
  [key: string]: unknown;
}

/** `GET /api/features/:layer/:id/related`: rendered generically by the details panel. */
export type RelatedRecords = Record<string, unknown>;

/** Bytes and time of the last response per path, for the status bar and for measurements. */
export interface FetchStats {
  bytes: number;
  ms: number;
}

/**
 * Fetches JSON from the API. Non-2xx answers become an {@link ApiError} whose message is the
 * server's readable message (or the HTTP status text when the body is not our error shape).
 */
export async function getJson<T>(path: string, init?: RequestInit, stats?: (s: FetchStats) => void): Promise<T> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch (err) {
    throw new ApiError(0, 'network', `${path}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw toApiError(res, text);
  stats?.({ bytes: text.length, ms: performance.now() - started });
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'bad_json', `${path}: the server did not answer JSON`);
  }
}

function toApiError(res: Response, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body?.error?.message) {
      return new ApiError(res.status, body.error.code ?? String(res.status), body.error.message, body.error.details);
    }
  } catch {
    /* not JSON: fall through */
  }
  return new ApiError(res.status, String(res.status), `${res.status} ${res.statusText || 'error'} (${res.url})`);
}

/** A readable one-line message for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export const api = {
  /** Installation settings (basemap URL, ...). */
  config: () => getJson<AppConfig>('/api/config'),
  /** A whole layer as a FeatureCollection. */
  layer: (layer: LayerName, stats?: (s: FetchStats) => void) =>
    getJson<BeatgridCollection>(`/api/layers/${layer}`, undefined, stats),
  /** One feature. */
  feature: (layer: LayerName, id: number) => getJson<BeatgridFeature>(`/api/layers/${layer}/${id}`),
  /** The records related to a feature (ancestors, station, covering zones, staff...). */
  related: (layer: LayerName, id: number) => getJson<RelatedRecords>(`/api/features/${layer}/${id}/related`),
  /** Search features by code or name. */
  search: (q: string, limit = 20, signal?: AbortSignal) =>
    getJson<SearchHit[] | { results: SearchHit[] }>(`/api/search?q=${encodeURIComponent(q)}&limit=${limit}`, { signal }).then(
      (r) => (Array.isArray(r) ? r : r.results ?? []),
    ),
};
