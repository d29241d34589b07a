import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { commit } from '../edits/commit.ts';
import { BadRequestError, PayloadTooLargeError, UnprocessableError } from '../http/errors.ts';
import { parseWith } from '../http/input.ts';
import { changeReason } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { checkFacilityRows } from './import-rows.ts';
import { dbFacilityLookup } from './lookup.ts';

/** Largest CSV accepted (bytes) and most data rows. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;

const importQuery = z.object({
  /** all (default): any bad row → nothing is imported (422); valid: import the good rows, report the bad */
  mode: z.enum(['all', 'valid'], { error: 'mode must be "all" (all-or-nothing) or "valid" (import valid rows only)' }).default('all'),
  /** 1: check only, write nothing */
  dryRun: z.enum(['0', '1']).default('0'),
  reason: z.string().optional(),
});

/** The CSV text of the request: a raw text/csv body, or the `file` field of a multipart form. */
async function csvText(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header('Content-Type') ?? '';
  const length = Number(c.req.header('Content-Length') ?? 0);
  if (length > MAX_CSV_BYTES) throw new PayloadTooLargeError(`The CSV is larger than ${MAX_CSV_BYTES} bytes`);
  let text: string;
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw new BadRequestError('The form needs a "file" field holding the CSV', null, 'missing_file');
    text = await file.text();
  } else text = await c.req.text();
  if (text.length > MAX_CSV_BYTES) throw new PayloadTooLargeError(`The CSV is larger than ${MAX_CSV_BYTES} bytes`);
  if (text.trim() === '') throw new BadRequestError('The request body is empty; expected CSV with a header line (lon,lat,code,name,type,status,...)', null, 'empty_csv');
  return text;
}

/**
 * /api/facilities: CSV import of police rooms and posts. Every row is checked; the answer lists
 * each bad row (line, column, value, message). With mode=all any error imports nothing (422);
 * with mode=valid the good rows are imported as ONE change (kind `import`) through commit().
 */
export const facilityRoutes = new Hono<AppEnv>().post('/import', async (c) => {
  const q = parseWith(importQuery, c.req.query(), 'query');
  const text = await csvText(c);
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new BadRequestError(err.message, { line: err.line }, 'bad_csv');
    throw err;
  }
  if (records.length - 1 > MAX_CSV_ROWS) throw new PayloadTooLargeError(`The CSV has ${records.length - 1} rows; at most ${MAX_CSV_ROWS} are accepted`);
  const db = c.get('deps').db;
  const { rows, errors } = checkFacilityRows(records, dbFacilityLookup(db));
  const report = { mode: q.mode, dryRun: q.dryRun === '1', total: Math.max(0, records.length - 1), valid: rows.length, errors };
  if (errors.length && (q.mode === 'all' || rows.length === 0)) {
    throw new UnprocessableError(
      `${errors.length} problem(s) in the CSV, nothing imported${q.mode === 'all' ? ' (mode=all: fix them, or use mode=valid to import the valid rows only)' : ''}; first: line ${errors[0].row}: ${errors[0].message}`,
      { ...report, imported: 0 },
      'import_rejected',
    );
  }
  if (q.dryRun === '1' || rows.length === 0) return c.json({ ...report, imported: 0, created: [] });
  const result = commit(db, {
    kind: 'import',
    actor: c.get('user').username,
    reason: changeReason(c, q.reason) || `CSV import of ${rows.length} facilities`,
    ops: rows.map((r) => ({
      entity: 'feature' as const,
      op: 'create' as const,
      layer: r.layer,
      code: r.code,
      name: r.name,
      parentId: r.parentId,
      stationId: r.stationId,
      props: r.props,
      geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
    })),
  });
  const created = result.revisions.map((rev, i) => ({ row: rows[i].row, id: rev.id, layer: rows[i].layer, code: rows[i].code }));
  return c.json({ ...report, imported: created.length, created, change: { id: result.changeId, hooks: result.hookResults } }, 201);
});
