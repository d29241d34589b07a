import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import { formatByExtension, formatById, READABLE_EXTENSIONS, type FormatEntry } from './formats.ts';
import { readShapefileLayers } from './shapefile-read.ts';
import type { ParsedSource, ParseOptions, UploadedFile } from './types.ts';
import { extensionOf, isZip, unzip } from './zip.ts';

/**
 * Reading an upload: the format is chosen by the file's magic bytes where they are telling
 * (zip archives are looked into: a .shp means Shapefile, a .kml KMZ, xl/workbook.xml XLSX),
 * otherwise by its extension, and then by sniffing text ("{" → GeoJSON, "<" → KML).
 */

function sniff(file: UploadedFile): FormatEntry | 'zip' | undefined {
  if (isZip(file.bytes)) return 'zip';
  const byExt = formatByExtension(extensionOf(file.name));
  if (byExt) return byExt;
  const head = new TextDecoder().decode(file.bytes.subarray(0, 512)).replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('{')) return formatById('geojson');
  if (head.startsWith('<')) return formatById('kml');
  return undefined;
}

/**
 * Parses an uploaded file into raw source features (see ParsedSource). Throws
 * BadRequestError / UnprocessableError naming the file and what is wrong when it cannot be
 * read at all; per-feature problems (malformed geometry, non-numeric coordinates) are left in
 * the features for the import's validation table.
 */
export async function parseUpload(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  if (file.bytes.length === 0) throw new BadRequestError(`${file.name} is empty`, { file: file.name }, 'unreadable_file');
  const kind = sniff(file);
  if (kind === 'zip') {
    const ext = extensionOf(file.name);
    if (ext === 'kmz') return formatById('kmz').read!(file, opts);
    if (ext === 'xlsx') return formatById('xlsx').read!(file, opts);
    const entries = unzip(file.bytes, file.name);
    if (entries.some((e) => e.path === 'xl/workbook.xml')) return formatById('xlsx').read!(file, opts);
    if (entries.some((e) => extensionOf(e.path) === 'shp')) return readShapefileLayers(entries, file.name, opts);
    if (entries.some((e) => extensionOf(e.path) === 'kml')) return formatById('kmz').read!(file, opts);
    // a zip of one GeoJSON/CSV: read that file
    const inner = entries.filter((e) => ['geojson', 'json', 'csv'].includes(extensionOf(e.path)));
    if (inner.length === 1) return parseUpload({ name: `${file.name}/${inner[0].path}`, bytes: inner[0].bytes }, opts);
    const found = entries.map((e) => e.path).slice(0, 10).join(', ') || 'nothing';
    throw new UnprocessableError(`${file.name} contains no Shapefile (.shp), KML or single GeoJSON/CSV file; found: ${found}`, { file: file.name }, 'unreadable_file');
  }
  if (!kind?.read) {
    throw new UnprocessableError(`${file.name}: unsupported file type; upload one of ${READABLE_EXTENSIONS.join(', ')} (a Shapefile as a .zip with its .shp, .shx, .dbf, .prj and .cpg)`, { file: file.name }, 'unsupported_format');
  }
  if (kind.id === 'shapefile' || kind.id === 'kmz' || kind.id === 'xlsx') {
    throw new BadRequestError(`${file.name} is not a readable zip archive (truncated or corrupt)`, { file: file.name }, 'unreadable_file');
  }
  return kind.read(file, opts);
}
