import { ApiError, getJson } from '../../api/client.ts';
import type { LayerName } from '../../../server/domain/layers.ts';
import type { FieldMapping, ImportApplied, ImportMode, ImportReport } from '../../../server/imports/types.ts';
import type { CoordinateDiagnosis, ExportFormat, SourceCrs } from '../../../server/io/types.ts';

export type { FieldMapping, ImportApplied, ImportMode, ImportReport, ImportProblem, ImportDiff, PreviewStatus } from '../../../server/imports/types.ts';
export type { CoordinateDiagnosis, ExportFormat, SourceCrs } from '../../../server/io/types.ts';

/** Formats offered for export, in the order of the select. */
export const EXPORT_FORMATS: ExportFormat[] = ['geojson', 'shapefile', 'kml', 'csv', 'xlsx'];

/** Source coordinate systems offered for import. CGCS2000 is the same choice as WGS84 (see docs/IMPORT-EXPORT.md). */
export const IMPORT_CRS: SourceCrs[] = ['wgs84', 'gcj02', 'bd09'];

/** What the file picker accepts (the server sniffs the real format). */
export const IMPORT_ACCEPT = '.geojson,.json,.zip,.kml,.kmz,.csv,.xlsx';

/** The upload's options besides the file. */
export interface UploadOptions {
  crs: SourceCrs;
  mode: ImportMode;
  mapping?: FieldMapping | null;
  /** station code (station-owned layers) */
  station?: string | null;
  /** county code: the part of the layer a replace covers (null: the whole layer within the user's scope) */
  county?: string | null;
  lonField?: string | null;
  latField?: string | null;
}

/** What a re-validation may change (the upload itself stays on the server under its preview id). */
export interface RevalidateOptions {
  crs?: SourceCrs;
  mode?: ImportMode;
  mapping?: FieldMapping;
  station?: string | null;
  county?: string | null;
  /** CSV/XLSX: other coordinate columns (the server reads the kept upload again) */
  lonField?: string | null;
  latField?: string | null;
}

/** Scope of an export: the whole layer (within the reader's scope), some ids, a county or a station. */
export interface ExportOptions {
  format: ExportFormat;
  gcj02: boolean;
  county?: string | null;
  station?: string | null;
  ids?: number[] | null;
}

const base = (layer: LayerName) => `/api/layers/${encodeURIComponent(layer)}`;

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The import/export API (server/imports/routes.ts). The page's fetch wrapper adds the CSRF
 * header to every POST/DELETE; errors arrive as {@link ApiError} with the server's message.
 */
export const dataApi = {
  /** Uploads a file (multipart) and returns the validation report with its preview id. Nothing is written. */
  upload: (layer: LayerName, file: File, o: UploadOptions) => {
    const form = new FormData();
    form.set('file', file, file.name);
    form.set('crs', o.crs);
    form.set('mode', o.mode);
    if (o.mapping) form.set('mapping', JSON.stringify(o.mapping));
    if (o.station) form.set('station', o.station);
    if (o.county) form.set('county', o.county);
    if (o.lonField) form.set('lonField', o.lonField);
    if (o.latField) form.set('latField', o.latField);
    // no Content-Type: the browser sets multipart/form-data with its boundary
    return getJson<ImportReport>(`${base(layer)}/import`, { method: 'POST', body: form });
  },
  /** Validates the same upload again with another mapping / CRS / mode / station. */
  revalidate: (layer: LayerName, previewId: string, o: RevalidateOptions) =>
    getJson<ImportReport>(`${base(layer)}/import/${encodeURIComponent(previewId)}`, json('POST', o)),
  /** Writes the preview in one transaction. */
  apply: (layer: LayerName, previewId: string, onInvalid: 'repair' | 'skip', reason: string) =>
    getJson<ImportApplied>(`${base(layer)}/import/${encodeURIComponent(previewId)}/apply`, json('POST', { onInvalid, reason })),
  /** Drops the preview on the server (nothing was written); failures do not matter (it also expires). */
  cancel: async (layer: LayerName, previewId: string): Promise<void> => {
    try {
      await fetch(`${base(layer)}/import/${encodeURIComponent(previewId)}`, { method: 'DELETE' });
    } catch {
      /* the preview expires on its own */
    }
  },
  /** The address of an export (the server sets Content-Disposition with the file name). */
  exportUrl: (layer: LayerName, o: ExportOptions): string => {
    const q = new URLSearchParams({ format: o.format });
    if (o.gcj02) q.set('crs', 'gcj02');
    if (o.county) q.set('county', o.county);
    if (o.station) q.set('station', o.station);
    if (o.ids?.length) q.set('ids', o.ids.join(','));
    return `${base(layer)}/export?${q}`;
  },
  /**
   * Fetches an export (through the page's fetch wrapper, with the session) so a refusal comes
   * back as an {@link ApiError} with the server's message instead of being saved as the file.
   */
  exportFile: async (url: string, signal?: AbortSignal): Promise<ExportedDownload> => {
    let res: Response;
    try {
      res = await fetch(url, { signal });
    } catch (err) {
      throw new ApiError(0, 'network', `${url}: ${(err as Error).message}`);
    }
    if (!res.ok) throw await errorOf(res);
    const blob = await res.blob();
    const count = res.headers.get('X-Feature-Count');
    return {
      blob,
      filename: fileNameOf(res.headers.get('Content-Disposition')) ?? 'export',
      bytes: blob.size,
      features: count !== null && /^\d+$/.test(count.trim()) ? Number(count) : null,
    };
  },
};

/** An export fetched by the page, ready to be saved. */
export interface ExportedDownload {
  blob: Blob;
  filename: string;
  bytes: number;
  /** the server's X-Feature-Count header, when it sends one */
  features: number | null;
}

/** The file name of a Content-Disposition header (RFC 6266 `filename*=UTF-8''…` first, then `filename="…"`). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall back to the plain name */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || null;
}

/** The ApiError of a failed non-JSON request: the server's `{error:{message}}` when it sent one. */
async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body?.error?.message) return new ApiError(res.status, body.error.code ?? String(res.status), body.error.message, body.error.details);
  } catch {
    /* not our error shape */
  }
  return new ApiError(res.status, String(res.status), `${res.status} ${res.statusText || 'error'}`);
}

/** Saves `blob` as a file named `filename` (a Blob URL clicked through a transient link). */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoke later: the download starts asynchronously and needs the URL until then
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

function isDiagnosis(x: unknown): x is CoordinateDiagnosis {
  return !!x && typeof x === 'object' && typeof (x as CoordinateDiagnosis).kind === 'string' && typeof (x as CoordinateDiagnosis).message === 'string';
}

/**
 * The coordinate diagnosis inside a 422 answer ("these look like Gauss-Krüger metres"), when
 * the error is one: the details may be the diagnosis itself, carry it as `coordinates` /
 * `diagnosis`, or be a whole report.
 */
export function diagnosisOf(err: unknown): CoordinateDiagnosis | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  const d = err.details as Record<string, unknown> | undefined;
  if (!d || typeof d !== 'object') return null;
  if (isDiagnosis(d)) return d;
  for (const key of ['coordinates', 'diagnosis']) if (isDiagnosis(d[key])) return d[key] as CoordinateDiagnosis;
  const report = d.report as Record<string, unknown> | undefined;
  if (report && isDiagnosis(report.coordinates)) return report.coordinates as CoordinateDiagnosis;
  return null;
}
