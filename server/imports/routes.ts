import { Hono } from 'hono';
import { z } from 'zod';
import type { LayerName } from '../domain/layers.ts';
import { BadRequestError, ConflictError, HttpError } from '../http/errors.ts';
import { parseJsonText, parseWith, readJson } from '../http/input.ts';
import { layerParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import type { User } from '../http/user.ts';
import type { Db } from '../db/connection.ts';
import { parseUpload } from '../io/read.ts';
import type { ParsedSource, UploadedFile } from '../io/types.ts';
import { applyPlan } from './apply.ts';
import { exportLayer, parseExportQuery } from './export.ts';
import type { ImportPlan } from './plan.ts';
import { previewStore, type Preview } from './previews.ts';
import { baseLayers, layersBase } from './scope.ts';
import type { FieldMapping, ImportReport } from './types.ts';
import { validateImport } from './validate.ts';

/**
 * Import and export routes, mounted under /api/layers before the layer routes (whose
 * GET /:layer/:id would otherwise take /:layer/export). Wire types: ./types.ts; the flow and
 * examples: docs/IMPORT-EXPORT.md.
 */

const crsSchema = z.enum(['wgs84', 'cgcs2000', 'gcj02', 'bd09']);
const modeSchema = z.enum(['add', 'replace']);
const field = z.string().trim().min(1).max(200).nullable().optional().transform((v) => v ?? null);
const mappingSchema = z.object({ code: field, name: field, parent: field, station: field }).strict();
const code = z.string().trim().min(1).max(64);

/** The multipart fields of an upload (all text; the file apart). */
const uploadSchema = z.object({
  crs: crsSchema.default('wgs84'),
  mode: modeSchema.default('add'),
  mapping: z.string().optional(),
  station: code.optional(),
  county: code.optional(),
  lonField: z.string().trim().min(1).max(200).optional(),
  latField: z.string().trim().min(1).max(200).optional(),
  sheet: z.string().trim().min(1).max(200).optional(),
  encoding: z.string().trim().min(1).max(40).optional(),
});

/** The JSON body of a re-validation: any choice may change; absent = as before. */
const revalidateSchema = z.object({
  crs: crsSchema.optional(),
  mode: modeSchema.optional(),
  /** null: guess the mapping again from the field names */
  mapping: mappingSchema.nullable().optional(),
  station: code.nullable().optional(),
  county: code.nullable().optional(),
  lonField: z.string().trim().min(1).max(200).nullable().optional(),
  latField: z.string().trim().min(1).max(200).nullable().optional(),
});

const applySchema = z.object({
  onInvalid: z.enum(['repair', 'skip']).default('repair'),
  reason: z.string().max(2000).optional(),
});

function parseMapping(text: string | undefined): FieldMapping | null {
  if (text === undefined || text.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`mapping must be JSON {"code", "name", "parent", "station"}: ${(err as Error).message}`, null, 'bad_mapping');
  }
  return parseWith(mappingSchema, json, 'mapping') as FieldMapping;
}

/** Reads the upload with server/io; a file it cannot read is the client's 400, with the reader's reason. */
async function readUpload(file: UploadedFile, opts: { lonField: string | null; latField: string | null; sheet?: string; encoding?: string }): Promise<ParsedSource> {
  try {
    return await parseUpload(file, { lonField: opts.lonField ?? undefined, latField: opts.latField ?? undefined, sheet: opts.sheet, encoding: opts.encoding });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new BadRequestError(`Cannot read ${file.name}: ${(err as Error).message}`, { fileName: file.name }, 'unreadable_file');
  }
}

/** Rough memory of a preview: the file and its parsed features. */
function previewBytes(file: UploadedFile, parsed: ParsedSource): number {
  return file.bytes.byteLength + JSON.stringify(parsed.features).length * 2;
}

function reportOf(p: Preview): ImportReport {
  return { previewId: p.id, ...p.plan.report, expiresAt: new Date(p.expiresAt).toISOString() };
}

function store(c: { get(k: 'deps'): AppEnv['Variables']['deps'] }) {
  return previewStore(c.get('deps').db);
}

interface Upload {
  file: UploadedFile;
  parsed: ParsedSource;
  lonField: string | null;
  latField: string | null;
  readOptions: { sheet?: string; encoding?: string };
}

function save(db: Db, user: User, layer: LayerName, u: Upload, plan: ImportPlan, id?: string): Preview {
  return previewStore(db).put({ id, username: user.username, layer, ...u, plan, bytes: previewBytes(u.file, u.parsed) });
}

/** POST/DELETE /api/layers/:layer/import…, GET /api/layers/:layer/export. */
export const importRoutes = new Hono<AppEnv>()
  .post('/:layer/import', async (c) => {
    const layer = layerParam(c);
    const db = c.get('deps').db;
    const user = c.get('user');
    const form = await c.req.parseBody().catch((err: Error) => {
      throw new BadRequestError(`Expected a multipart/form-data upload with a "file" field: ${err.message}`, null, 'bad_upload');
    });
    const f = form.file;
    if (!(f instanceof File)) throw new BadRequestError('The upload has no "file" field (multipart/form-data)', { fields: Object.keys(form) }, 'bad_upload');
    const texts = Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'file' && typeof v === 'string' && v.trim() !== ''));
    const o = parseWith(uploadSchema, texts, 'upload fields');
    const file: UploadedFile = { name: f.name || 'upload', bytes: new Uint8Array(await f.arrayBuffer()) };
    const lon = o.lonField ?? null;
    const lat = o.latField ?? null;
    const readOptions = { sheet: o.sheet, encoding: o.encoding };
    const parsed = await readUpload(file, { lonField: lon, latField: lat, ...readOptions });
    const plan = validateImport(db, user, {
      layer,
      fileName: file.name,
      parsed,
      crs: o.crs,
      mode: o.mode,
      mapping: parseMapping(o.mapping),
      station: o.station ?? null,
      county: o.county ?? null,
      lonField: lon,
      latField: lat,
    });
    return c.json(reportOf(save(db, user, layer, { file, parsed, lonField: lon, latField: lat, readOptions }, plan)), 201);
  })
  .post('/:layer/import/:previewId', async (c) => {
    const layer = layerParam(c);
    const db = c.get('deps').db;
    const user = c.get('user');
    const p = store(c).get(c.req.param('previewId'), user.username, layer);
    const b = parseWith(revalidateSchema, await readJson(c), 'request body');
    const prev = p.plan.options;
    const lon = b.lonField === undefined ? p.lonField : b.lonField;
    const lat = b.latField === undefined ? p.latField : b.latField;
    const parsed = lon !== p.lonField || lat !== p.latField ? await readUpload(p.file, { lonField: lon, latField: lat, ...p.readOptions }) : p.parsed;
    const plan = validateImport(db, user, {
      layer,
      fileName: p.file.name,
      parsed,
      crs: b.crs ?? prev.crs,
      mode: b.mode ?? prev.mode,
      mapping: b.mapping === undefined ? prev.mapping : (b.mapping as FieldMapping | null),
      station: b.station === undefined ? prev.station : b.station,
      county: b.county === undefined ? prev.county : b.county,
      lonField: lon,
      latField: lat,
    });
    return c.json(reportOf(save(db, user, layer, { file: p.file, parsed, lonField: lon, latField: lat, readOptions: p.readOptions }, plan, p.id)));
  })
  .post('/:layer/import/:previewId/apply', async (c) => {
    const layer = layerParam(c);
    const db = c.get('deps').db;
    const user = c.get('user');
    const p = store(c).get(c.req.param('previewId'), user.username, layer);
    const text = await c.req.text();
    const b = parseWith(applySchema, text.trim() ? parseJsonText(text) : {}, 'request body');
    const now = layersBase(db, baseLayers(layer));
    if (now !== p.plan.base) {
      throw new ConflictError(
        `The map changed since this preview was validated (${layer} or the layers it refers to were edited in change ${now}); validate again`,
        { previewId: p.id, validatedAt: p.plan.base, current: now },
        'stale_preview',
      );
    }
    const applied = applyPlan(db, user, layer, p.plan, { onInvalid: b.onInvalid, reason: b.reason?.trim() ?? '' });
    store(c).delete(p.id);
    return c.json(applied);
  })
  .delete('/:layer/import/:previewId', (c) => {
    const layer = layerParam(c);
    const p = store(c).get(c.req.param('previewId'), c.get('user').username, layer);
    store(c).delete(p.id);
    return c.json({ previewId: p.id, cancelled: true });
  })
  .get('/:layer/export', async (c) => {
    const layer = layerParam(c);
    const q = parseExportQuery((n) => c.req.query(n));
    const file = await exportLayer(c.get('deps').db, c.get('user'), layer, q);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'no-store',
      // the page shows "N features saved" (the file formats do not all say it cheaply)
      'X-Feature-Count': String(file.count),
    });
  });
