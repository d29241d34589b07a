import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Feature, Geometry, Position } from 'geojson';
import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import { fieldsOf } from './geojson.ts';
import { decodeText } from './text.ts';
import type { ParsedSource, ParseOptions, SourceFeature, UploadedFile } from './types.ts';
import { extensionOf, unzip } from './zip.ts';

/**
 * KML and KMZ (Google Earth, 奥维互动地图). Reading: @tmcw/togeojson on an @xmldom/xmldom DOM;
 * ExtendedData (Data and SimpleData) become properties, Placemarks without geometry come out
 * with a null geometry (the import reports them per feature). Writing: one Placemark per
 * feature with a typed Schema/SimpleData table, which Google Earth, GDAL (LIBKML) and
 * togeojson all read as attributes.
 */

/** Properties togeojson adds from styling, not data: dropped so the field mapping lists real attributes. */
const STYLE_PROPS = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-scale', 'icon-opacity', 'icon-color', 'label-scale', 'label-opacity', 'label-color', 'visibility', 'icon-offset', 'icon-offset-units', 'icon-heading']);

function parseXml(text: string, name: string): Document {
  const problems: string[] = [];
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message.split('\n')[0]);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    problems.push((err as Error).message.split('\n')[0]);
  }
  if (problems.length > 0 || !doc) throw new BadRequestError(`${name} is not well-formed XML: ${problems[0] ?? 'no document'}`, { file: name }, 'unreadable_file');
  return doc as unknown as Document;
}

const isNetworkLink = (p: Record<string, unknown> | null) => p?.['@geometry-type'] === 'networklink';

/** Placemarks of one KML document as GeoJSON features (network links included, marked by togeojson). */
function kmlFeatures(text: string, name: string) {
  const doc = parseXml(text, name);
  const root = doc.documentElement?.nodeName ?? '';
  if (!/(^|:)kml$/i.test(root)) throw new UnprocessableError(`${name} is XML but not KML: the root element is <${root}>`, { file: name }, 'unreadable_file');
  return kmlToGeoJson(doc).features;
}

/**
 * KML has no MultiPolygon: a <MultiGeometry> of polygons is how it writes one (togeojson returns
 * a GeometryCollection), and one of a single point is a point. Those are read as MultiPolygon /
 * Point; any other mix stays a collection (the import reports it as the wrong geometry type).
 */
function fromMultiGeometry(g: unknown): unknown {
  const c = g as { type?: unknown; geometries?: unknown } | null;
  if (!c || c.type !== 'GeometryCollection' || !Array.isArray(c.geometries) || c.geometries.length === 0) return g;
  const members = c.geometries as { type?: unknown; coordinates?: unknown }[];
  if (!members.every((m) => m && typeof m === 'object')) return g;
  if (members.length === 1 && members[0].type === 'Point') return members[0];
  if (!members.every((m) => m.type === 'Polygon' || m.type === 'MultiPolygon')) return g;
  const polys = members.flatMap((m) => (m.type === 'Polygon' ? [m.coordinates] : Array.isArray(m.coordinates) ? (m.coordinates as unknown[]) : [m.coordinates]));
  return { type: 'MultiPolygon', coordinates: polys };
}

function toParsed(raw: ReturnType<typeof kmlFeatures>, format: 'kml' | 'kmz', encoding: string, warnings: string[]): ParsedSource {
  const features: SourceFeature[] = raw.map((f, index) => {
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) if (!STYLE_PROPS.has(k)) properties[k] = v;
    return { index, geometry: fromMultiGeometry(f.geometry ?? null), properties };
  });
  const empty = features.filter((f) => f.geometry === null).length;
  if (empty > 0) warnings.push(`${empty} placemark${empty > 1 ? 's' : ''} without geometry.`);
  return { format, features, fields: fieldsOf(features), encoding, warnings };
}

/** Reads a .kml file (encoding from a BOM, else UTF-8, else GBK). Network links are not followed. */
export async function readKml(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  const { text, encoding } = decodeText(file.bytes, opts.encoding);
  const all = kmlFeatures(text, file.name);
  const links = all.filter((f) => isNetworkLink(f.properties));
  const warnings = links.length ? [`${file.name}: ${links.length} network link(s) to other files were not followed (upload the linked KML or a KMZ).`] : [];
  return toParsed(all.filter((f) => !isNetworkLink(f.properties)), 'kml', encoding, warnings);
}

/**
 * Reads a .kmz: its doc.kml (or the shallowest .kml), following network links to other KML
 * files inside the archive (GDAL's LIBKML driver writes doc.kml + layers/*.kml).
 */
export async function readKmz(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  const kmls = unzip(file.bytes, file.name).filter((e) => extensionOf(e.path) === 'kml');
  kmls.sort((a, b) => Number(b.path.toLowerCase().endsWith('doc.kml')) - Number(a.path.toLowerCase().endsWith('doc.kml')) || a.path.split('/').length - b.path.split('/').length);
  if (kmls.length === 0) throw new UnprocessableError(`${file.name} contains no .kml document`, { file: file.name }, 'unreadable_file');
  const warnings: string[] = [];
  let encoding = 'utf-8';
  const read = (path: string, bytes: Uint8Array, depth: number): ReturnType<typeof kmlFeatures> => {
    const decoded = decodeText(bytes, opts.encoding);
    encoding = decoded.encoding;
    const out: ReturnType<typeof kmlFeatures> = [];
    for (const f of kmlFeatures(decoded.text, `${file.name}/${path}`)) {
      if (!isNetworkLink(f.properties)) {
        out.push(f);
        continue;
      }
      const href = String(f.properties?.href ?? '');
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
      const target = kmls.find((k) => k.path === href || k.path === dir + href);
      if (target && depth < 3) out.push(...read(target.path, target.bytes, depth + 1));
      else warnings.push(`${file.name}: network link "${href}" is not inside the archive and was not followed.`);
    }
    return out;
  };
  const features = read(kmls[0].path, kmls[0].bytes, 0);
  return toParsed(features, 'kmz', encoding, warnings);
}

/** Escapes text for XML character data and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const coords = (ring: Position[]) => ring.map((p) => `${p[0]},${p[1]}`).join(' ');

function geometryKml(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${coords([g.coordinates])}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
    case 'Polygon':
      return `<Polygon>${g.coordinates
        .map((r, i) => (i === 0 ? `<outerBoundaryIs><LinearRing><coordinates>${coords(r)}</coordinates></LinearRing></outerBoundaryIs>` : `<innerBoundaryIs><LinearRing><coordinates>${coords(r)}</coordinates></LinearRing></innerBoundaryIs>`))
        .join('')}</Polygon>`;
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryKml({ type: 'Point', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryKml({ type: 'LineString', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryKml({ type: 'Polygon', coordinates: c })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(geometryKml).join('')}</MultiGeometry>`;
  }
}

/** A value as KML text: objects as JSON, null/undefined as empty. */
const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Writes a KML document: a Schema declaring every attribute (bool, int, double or string by
 * its values), then one Placemark per feature named by its `name` property, with the
 * attributes as SimpleData.
 */
export function writeKml(features: Feature<Geometry, Record<string, unknown>>[], title: string): Uint8Array {
  const fields: string[] = [];
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) if (!fields.includes(k)) fields.push(k);
  const typeOf = (k: string) => {
    const values = features.map((f) => f.properties?.[k]).filter((v) => v !== null && v !== undefined);
    if (values.length === 0) return 'string';
    if (values.every((v) => typeof v === 'boolean')) return 'bool';
    if (values.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31)) return 'int';
    if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'double';
    return 'string';
  };
  const schemaId = 'beatgrid';
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    `<Document id="root"><name>${xmlEscape(title)}</name>`,
    `<Schema name="${schemaId}" id="${schemaId}">${fields.map((k) => `<SimpleField name="${xmlEscape(k)}" type="${typeOf(k)}"></SimpleField>`).join('')}</Schema>`,
    `<Folder><name>${xmlEscape(title)}</name>`,
  ];
  for (const f of features) {
    const p = f.properties ?? {};
    // <name> only from a `name` property: togeojson reads <name> back as `name`, so a fallback would add an attribute
    const data = fields
      .filter((k) => p[k] !== null && p[k] !== undefined)
      .map((k) => `<SimpleData name="${xmlEscape(k)}">${xmlEscape(text(p[k]))}</SimpleData>`)
      .join('');
    out.push(
      `<Placemark>${p.name != null ? `<name>${xmlEscape(text(p.name))}</name>` : ''}<ExtendedData><SchemaData schemaUrl="#${schemaId}">${data}</SchemaData></ExtendedData>${f.geometry ? geometryKml(f.geometry) : ''}</Placemark>`,
    );
  }
  out.push('</Folder></Document></kml>');
  return new TextEncoder().encode(out.join('\n'));
}
