import type { ImportFormat } from './types.ts';

/**
 * Static facts about the formats (no reader/writer code, so the page may import it for the
 * file picker's `accept` and labels without pulling exceljs & co. into the bundle).
 */
export interface FormatInfo {
  id: ImportFormat;
  label: string;
  /** lower-case extensions without the dot; the first is used for exports */
  extensions: string[];
  contentType: string;
  /** true when the user must choose the lon/lat columns (CSV, XLSX) */
  needsLonLatFields: boolean;
  readable: boolean;
  writable: boolean;
}

export const FORMAT_INFO: readonly FormatInfo[] = [
  { id: 'geojson', label: 'GeoJSON', extensions: ['geojson', 'json'], contentType: 'application/geo+json', needsLonLatFields: false, readable: true, writable: true },
  { id: 'shapefile', label: 'Shapefile (zip)', extensions: ['zip'], contentType: 'application/zip', needsLonLatFields: false, readable: true, writable: true },
  { id: 'kml', label: 'KML', extensions: ['kml'], contentType: 'application/vnd.google-earth.kml+xml', needsLonLatFields: false, readable: true, writable: true },
  { id: 'kmz', label: 'KMZ', extensions: ['kmz'], contentType: 'application/vnd.google-earth.kmz', needsLonLatFields: false, readable: true, writable: false },
  { id: 'csv', label: 'CSV', extensions: ['csv', 'txt'], contentType: 'text/csv; charset=utf-8', needsLonLatFields: true, readable: true, writable: true },
  { id: 'xlsx', label: 'Excel (xlsx)', extensions: ['xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', needsLonLatFields: true, readable: true, writable: true },
];

/** ".geojson,.json,.zip,..." for <input type="file" accept>. */
export const ACCEPT_EXTENSIONS = FORMAT_INFO.filter((f) => f.readable).flatMap((f) => f.extensions.map((e) => `.${e}`));
