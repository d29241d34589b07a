import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import { PARENT_LAYER, POINT_LAYERS, STATION_OWNED, type LayerName } from '../domain/layers.ts';
import { LAYER_NOUN } from '../auth/scope.ts';
import { checkFeatureWrite } from '../auth/write-rules.ts';
import { changedFeatureFields } from '../auth/commit-guard.ts';
import { assertFeatureCount } from '../auth/limits.ts';
import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import { diagnoseCoordinates, projFromPrj, reprojectToWgs84, toWgs84 } from '../io/crs.ts';
import type { ParsedSource, SourceCrs, SourceFeature } from '../io/types.ts';
import type { FeatureImage } from '../store/features.ts';
import { buildDiff, type DiffPair } from './diff.ts';
import { checkGeometry, type GeometryFinding } from './geometry-check.ts';
import { applyMapping, guessMapping, unknownMappedFields } from './mapping.ts';
import type { ImportOptions, ImportPlan, PlannedFeature } from './plan.ts';
import { RefLookup, checkFacilityProps, parentByLocation } from './references.ts';
import { baseLayers, layersBase, replacedFeatures, resolveImportScope } from './scope.ts';
import { keptNeighbourChecks, spatialChecks, type SpatialItem } from './spatial-check.ts';
import type { FieldMapping, ImportMode, ImportProblem, PreviewStatus } from './types.ts';

/**
 * THE validation of an import: coordinates (diagnosis, .prj reprojection, datum), attribute
 * mapping, per-feature geometry checks and repairs, references (parent, station), codes
 * (missing, duplicate in the file or on the map), the user's scope, spatial checks (overlap,
 * outside the parent) and, in replace mode, the difference against the current layer. Reads
 * the database only; the result is a plan that apply turns into one commit.
 */

/** What one validation is asked to do. */
export interface ValidateRequest {
  layer: LayerName;
  fileName: string;
  parsed: ParsedSource;
  crs: SourceCrs;
  mode: ImportMode;
  /** null: guess from the field names */
  mapping: FieldMapping | null;
  station: string | null;
  county: string | null;
  lonField: string | null;
  latField: string | null;
}

/** How many source rows the report samples for the mapping form. */
const SAMPLE_ROWS = 5;
/** Features of one import at most (413 above): a whole county's grids fit; a city's beat map too. */
export const IMPORT_MAX_FEATURES = 20_000;

/** Coordinates to WGS84: a projected .prj is unprojected; otherwise the chosen datum is converted. 422 when they are not lon/lat. */
function toLonLat(parsed: ParsedSource, crs: SourceCrs, warnings: string[]) {
  let features: SourceFeature[] = parsed.features;
  let reprojectedFrom: string | null = null;
  const proj = parsed.prj ? projFromPrj(parsed.prj) : null;
  if (proj) {
    features = features.map((f) => ({ ...f, geometry: reprojectToWgs84(f.geometry, proj.proj4) }));
    reprojectedFrom = proj.label;
    if (proj.warning) warnings.push(proj.warning);
    if (crs === 'gcj02' || crs === 'bd09') warnings.push(`The .prj names ${proj.label}; the chosen ${crs} was ignored`);
  }
  const coordinates = diagnoseCoordinates(features);
  if (!coordinates.ok && coordinates.kind !== 'empty') {
    throw new UnprocessableError(
      `${coordinates.message}${parsed.prj && !proj ? ' (the .prj was not a Gauss-Krüger projection we can read)' : ''}`,
      { coordinates },
      'coordinates_not_lonlat',
    );
  }
  if (!proj && crs !== 'wgs84' && crs !== 'cgcs2000') features = features.map((f) => ({ ...f, geometry: toWgs84(f.geometry, crs) }));
  return { features, coordinates, reprojectedFrom };
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Same geometry up to ~1 cm (export rounds coordinates; a round trip must not look like a change). */
export function sameGeometry(a: unknown, b: unknown, eps = 1e-7): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= eps;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameGeometry(x, b[i], eps));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => k !== 'bbox');
    const kb = Object.keys(b).filter((k) => k !== 'bbox');
    return ka.length === kb.length && ka.every((k) => sameGeometry((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], eps));
  }
  return a === b;
}

function statusOf(problems: GeometryFinding[]): PreviewStatus {
  if (problems.some((p) => p.severity === 'error' && !p.repairable)) return 'invalid';
  if (problems.some((p) => p.repairable)) return 'repaired';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return 'ok';
}

/** Validates an upload for a layer and returns the plan (and its report) without writing anything. */
export function validateImport(db: Db, user: User, req: ValidateRequest): ImportPlan {
  const { layer, parsed } = req;
  if (parsed.features.length === 0) {
    throw new UnprocessableError(`${req.fileName} has no features${parsed.warnings.length ? ` (${parsed.warnings.join('; ')})` : ''}`, { warnings: parsed.warnings }, 'empty_file');
  }
  assertFeatureCount(parsed.features.length, `features in ${req.fileName}`, IMPORT_MAX_FEATURES);
  const scope = resolveImportScope(db, user, layer, { station: req.station, county: req.county });
  const warnings = [...parsed.warnings];
  const { features: sources, coordinates, reprojectedFrom } = toLonLat(parsed, req.crs, warnings);
  const mapping = req.mapping ?? guessMapping(layer, parsed.fields);
  const unknown = unknownMappedFields(mapping, parsed.fields);
  if (unknown.length) {
    throw new BadRequestError(`The mapping names field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} that the file does not have (it has ${parsed.fields.join(', ') || 'no attributes'})`, { unknown, fields: parsed.fields }, 'bad_mapping');
  }
  if (mapping.code === null) warnings.push('No field is mapped to code: every feature needs a code');

  const noun = LAYER_NOUN[layer];
  const expect = POINT_LAYERS.has(layer) ? 'point' : 'polygon';
  const refs = new RefLookup(db);
  const replaced = req.mode === 'replace' ? replacedFeatures(db, layer, scope) : [];
  const replacedByCode = new Map(replaced.map((f) => [String(f.properties?.code), f] as const));
  const replacedIds = new Set(replaced.map((f) => Number(f.id)));
  const parentLayer = PARENT_LAYER[layer];
  let parentsByLocation = 0;

  const findings = new Map<number, GeometryFinding[]>();
  const planned: PlannedFeature[] = [];
  const firstByCode = new Map<string, number>();
  const targets = new Map<number, Feature>();
  const drawables = new Map<number, Geometry>();
  for (const src of sources) {
    const m = applyMapping(mapping, src.properties, [req.lonField, req.latField].filter((x): x is string => x !== null));
    const list: GeometryFinding[] = [];
    const check = checkGeometry(src.geometry, expect, noun);
    list.push(...check.problems);
    const code = m.code;
    let name = m.name;
    if (code === null) list.push({ problem: 'missing_code', severity: 'error', repairable: false, message: `no code${mapping.code ? ` (field ${mapping.code} is empty)` : ' (no field is mapped to code)'}` });
    if (name === null) {
      list.push({ problem: 'missing_name', severity: 'warning', repairable: false, message: `no name${mapping.name ? ` (field ${mapping.name} is empty)` : ''}: the code is used as the name` });
      name = code;
    }
    const props = { ...m.props };
    list.push(...checkFacilityProps(layer, props));

    let target: Feature | null = null;
    if (code !== null) {
      const first = firstByCode.get(code);
      if (first !== undefined) {
        list.push({ problem: 'duplicate_code', severity: 'error', repairable: false, message: `code ${code} is also used by feature ${first + 1} of the file` });
      } else {
        firstByCode.set(code, src.index);
        target = replacedByCode.get(code) ?? null;
        const live = target ? null : refs.byCode(layer, code);
        if (live) {
          const where = req.mode === 'replace' ? ' outside the part of the layer this import replaces' : '';
          list.push({ problem: 'duplicate_code', severity: 'error', repairable: false, message: `code ${code} is already used by live ${noun} #${live.id}${where}` });
        }
      }
    }

    let parentId: number | null = null;
    if (parentLayer) {
      if (m.parent !== null) {
        const p = refs.byCode(parentLayer, m.parent);
        if (p) parentId = p.id;
        else list.push({ problem: 'unknown_parent', severity: 'error', repairable: false, message: `no live ${LAYER_NOUN[parentLayer]} with code ${m.parent}` });
      } else if (check.geometry) {
        const p = parentByLocation(db, layer, check.geometry);
        if (p) {
          parentId = p.id;
          parentsByLocation++;
        } else {
          list.push({ problem: 'unknown_parent', severity: 'error', repairable: false, message: `no parent code, and no live ${LAYER_NOUN[parentLayer]} contains the ${noun}` });
        }
      }
    }

    let stationId: number | null = null;
    if (STATION_OWNED.has(layer)) {
      if (m.station !== null) {
        const s = refs.byCode('stations', m.station);
        if (!s) list.push({ problem: 'unknown_station', severity: 'error', repairable: false, message: `no live police station with code ${m.station}` });
        else if (scope.stationId !== null && s.id !== scope.stationId) {
          list.push({ problem: 'unknown_station', severity: 'error', repairable: false, message: `belongs to station ${m.station}, but this import is for station ${scope.stationCode}` });
        } else stationId = s.id;
      } else if (scope.stationId !== null) stationId = scope.stationId;
      else list.push({ problem: 'unknown_station', severity: 'error', repairable: false, message: 'no station: choose the police station of the import or map a station column' });
    }

    // the props a replaced feature keeps: the file's attributes are merged over the current ones
    const targetProps = target ? Object.fromEntries(Object.entries(target.properties ?? {}).filter(([k]) => !['code', 'name', 'layer', 'parentId', 'stationId', 'version', 'retiredAt'].includes(k))) : null;
    const mergedProps = targetProps ? { ...targetProps, ...props } : props;

    if (user.role !== 'admin') {
      const after = { layer, code: code ?? undefined, parentId, stationId };
      const before = target ? { id: Number(target.id), layer, code: String(target.properties?.code), parentId: (target.properties?.parentId as number | null) ?? null, stationId: (target.properties?.stationId as number | null) ?? null } : null;
      const changed = target ? changedFeatureFields(imageOf(target), { ...imageOf(target), code: code ?? '', name: name ?? '', parentId, stationId, props: mergedProps, geometry: check.geometry ?? target.geometry }) : undefined;
      const d = checkFeatureWrite(db, user, target ? 'update' : 'create', before, after, changed);
      if (!d.ok) list.push({ problem: 'out_of_scope', severity: 'error', repairable: false, message: d.why });
    }

    findings.set(src.index, list);
    if (check.drawable) drawables.set(src.index, check.drawable);
    if (target) targets.set(src.index, target);
    planned.push({ index: src.index, code, name, status: 'ok', geometry: check.geometry, parentId, stationId, props: mergedProps, target: null, repaired: false });
  }
  if (parentsByLocation > 0 && parentLayer) warnings.push(`${parentsByLocation} feature${parentsByLocation > 1 ? 's have' : ' has'} no parent code: the ${LAYER_NOUN[parentLayer]} containing it was taken`);

  // a replaced feature whose geometry the file keeps (up to the export's rounding) is checked
  // and kept as stored: rounding must not look like a change, nor move it over a shared border
  for (const p of planned) {
    const t = targets.get(p.index);
    if (t && p.geometry && sameGeometry(p.geometry, t.geometry)) p.geometry = t.geometry as Geometry;
  }
  const items: SpatialItem[] = planned
    .filter((p) => p.geometry !== null)
    .map((p) => ({ index: p.index, code: p.code, geometry: p.geometry!, parentId: p.parentId, target: targets.has(p.index) ? { id: Number(targets.get(p.index)!.id), geometry: targets.get(p.index)!.geometry } : null }));
  for (const [i, list] of spatialChecks(db, layer, items, replacedIds)) findings.get(i)!.push(...list);
  // replaced features whose new version is invalid stay live: the others must fit around them,
  // which may invalidate more of them (a few rounds at most in practice)
  const keptIds = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const kept = planned
      .filter((p) => targets.has(p.index) && statusOf(findings.get(p.index)!) === 'invalid' && !keptIds.has(Number(targets.get(p.index)!.id)))
      .map((p) => targets.get(p.index)!);
    if (kept.length === 0) break;
    for (const k of kept) keptIds.add(Number(k.id));
    const valid = items.filter((it) => statusOf(findings.get(it.index)!) !== 'invalid');
    const more = keptNeighbourChecks(layer, valid, kept.map((k) => ({ id: Number(k.id), code: String(k.properties?.code), geometry: k.geometry as Geometry })));
    for (const [i, list] of more) findings.get(i)!.push(...list);
  }

  const problems: ImportProblem[] = [];
  const pairs: DiffPair[] = [];
  const kept = new Set<number>();
  for (const p of planned) {
    const list = findings.get(p.index)!;
    p.status = statusOf(list);
    p.repaired = list.some((f) => f.repairable);
    if (p.status === 'invalid') p.geometry = null;
    for (const f of list) problems.push({ index: p.index, code: p.code, ...f });
    const t = targets.get(p.index);
    if (t) {
      kept.add(Number(t.id));
      const changed =
        p.status !== 'invalid' &&
        (!sameGeometry(p.geometry, t.geometry) ||
          p.name !== t.properties?.name ||
          p.parentId !== (t.properties?.parentId ?? null) ||
          p.stationId !== (t.properties?.stationId ?? null) ||
          stable(p.props) !== stable(imageOf(t).props));
      p.target = { id: Number(t.id), version: Number(t.properties?.version), changed };
      pairs.push({ code: p.code!, before: t, after: p.geometry ? { geometry: p.geometry, changed } : { geometry: t.geometry, changed: false } });
    } else if (req.mode === 'replace' && p.status !== 'invalid' && p.code !== null) {
      pairs.push({ code: p.code, before: null, after: { geometry: p.geometry!, changed: true } });
    }
  }
  // a code the file has but could not import (invalid) keeps its live feature: not removed
  const invalidCodes = new Set(planned.filter((p) => p.status === 'invalid' && p.code !== null).map((p) => p.code!));
  const retire = replaced
    .filter((f) => !kept.has(Number(f.id)) && !invalidCodes.has(String(f.properties?.code)))
    .map((f) => ({ id: Number(f.id), version: Number(f.properties?.version), code: String(f.properties?.code) }));
  for (const r of retire) pairs.push({ code: r.code, before: replaced.find((f) => Number(f.id) === r.id)!, after: null });

  const count = (s: PreviewStatus) => planned.filter((p) => p.status === s).length;
  const options: ImportOptions = { crs: req.crs, mode: req.mode, mapping, station: scope.stationCode, county: scope.county };
  return {
    options,
    features: planned,
    retire,
    base: layersBase(db, baseLayers(layer)),
    report: {
      layer,
      format: parsed.format,
      fileName: req.fileName,
      fields: parsed.fields,
      sample: parsed.features.slice(0, SAMPLE_ROWS).map((f) => f.properties),
      crs: req.crs,
      mode: req.mode,
      station: scope.stationCode,
      county: req.mode === 'replace' ? scope.county : null,
      lonField: req.lonField,
      latField: req.latField,
      mapping,
      coordinates,
      reprojectedFrom,
      warnings,
      problems,
      summary: { total: planned.length, ok: count('ok'), repairable: count('repaired'), invalid: count('invalid'), warnings: count('warning') },
      diff: req.mode === 'replace' ? buildDiff(pairs) : null,
      preview: {
        type: 'FeatureCollection',
        features: planned.flatMap((p) => {
          const g = p.geometry ?? drawables.get(p.index) ?? null;
          return g ? [{ type: 'Feature' as const, geometry: g, properties: { index: p.index, code: p.code, name: p.name, status: p.status } }] : [];
        }),
      },
    },
  };
}

/** A served live Feature as a revision-style image (for field comparisons). */
function imageOf(f: Feature): FeatureImage {
  const { code, name, layer, parentId, stationId, version, retiredAt, ...props } = (f.properties ?? {}) as Record<string, unknown>;
  return {
    id: Number(f.id),
    layer: layer as LayerName,
    code: String(code),
    name: String(name),
    parentId: (parentId as number | null) ?? null,
    stationId: (stationId as number | null) ?? null,
    props,
    geometry: f.geometry as Geometry,
    version: Number(version),
    retiredAt: (retiredAt as string | null) ?? null,
  };
}
