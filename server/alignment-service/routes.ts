/**
 * /api/alignment: the alignment engine on the live database (issue 3, "Fixing").
 *   GET  /api/alignment?layer=beats|aux-grids[&county=CODE|&station=ID]   summary + scores
 *   GET  /api/alignment/grids?layer=…[&status=…][&county|&station]        per-grid rows
 *   GET  /api/alignment/zones?layer=…[&county|&station]                   per-zone rows
 *   GET  /api/alignment/mismatches?layer=…[&bbox=][&county|&station]      mismatch polygons, largest first
 *   GET  /api/alignment/one-to-one[?layer=aux-grids]                      警格 ↔ grid pairs and failures
 *   GET  /api/alignment/realign?layer=…&station=ID                        realign proposal
 *   POST /api/alignment/realign {layer, station, reason, assignments?, versions?}  apply as ONE change
 * Shapes: docs/ALIGNMENT-API.md. Who may call them: the auth policy table (server/auth/policy.ts).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { BadRequestError } from '../http/errors.ts';
import { parseWith, readBody } from '../http/input.ts';
import { bboxQuery } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { installAlignmentHook } from './hook.ts';
import { isAlignmentLayer } from './load.ts';
import { applyStationRealign, proposeStationRealign } from './realign.ts';
import { readCounty } from '../auth/read-scope.ts';
import { alignmentView, scopeFilter, scopedMismatches, scopedScores, scopedSummary, type Scope } from './view.ts';

installAlignmentHook();

const STATUSES = ['aligned', 'split', 'partial', 'uncovered'] as const;

function layerOf(c: Context<AppEnv>, fallback?: PoliceZoneLayer): PoliceZoneLayer {
  const l = c.req.query('layer') ?? fallback;
  if (!isAlignmentLayer(l)) throw new BadRequestError(`layer must be beats or aux-grids (got ${JSON.stringify(l ?? null)})`, { layer: l ?? null }, 'bad_layer');
  return l;
}

/**
 * The scope of a request: `?county=` or `?station=`; a county-scoped reader (leadership,
 * civil affairs) defaults to its county (another county or a station outside it is refused
 * by the policy rule).
 */
function scopeOf(c: Context<AppEnv>): Scope {
  const own = readCounty(c.get('user'));
  const county = c.req.query('county') ?? (own !== null && c.req.query('station') === undefined ? own : undefined);
  const station = c.req.query('station');
  if (county !== undefined && station !== undefined) throw new BadRequestError('Give county or station, not both', { county, station }, 'bad_scope');
  if (station !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(station)) throw new BadRequestError(`station must be a station id (got "${station}")`, { station }, 'bad_station');
    return { station: Number(station) };
  }
  if (county !== undefined) {
    if (!/^\d{6}$/.test(county)) throw new BadRequestError(`county must be a 6-digit county code (got "${county}")`, { county }, 'bad_county');
    return { county };
  }
  return {};
}

const realignBody = z.object({
  layer: z.enum(['beats', 'aux-grids']),
  station: z.number().int().positive(),
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
  assignments: z.record(z.string().regex(/^\d+$/), z.number().int().positive()).optional(),
  versions: z.record(z.string().regex(/^\d+$/), z.number().int().positive()).optional(),
});

const assignmentsQuery = z.record(z.string().regex(/^\d+$/), z.number().int().positive());

/** /api/alignment routes (see the module comment). */
export const alignmentRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const layer = layerOf(c);
    const scope = scopeOf(c);
    const t0 = performance.now();
    const v = alignmentView(c.get('deps').db, layer);
    return c.json({
      layer,
      scope,
      summary: scopedSummary(v, scope),
      scores: scopedScores(v, scope),
      computedMs: Math.round((performance.now() - t0) * 10) / 10,
      changeId: v.w.changeId,
    });
  })
  .get('/grids', (c) => {
    const layer = layerOf(c);
    const scope = scopeOf(c);
    const status = c.req.query('status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new BadRequestError(`status must be one of ${STATUSES.join(', ')} (got "${status}")`, { status }, 'bad_status');
    }
    const v = alignmentView(c.get('deps').db, layer);
    const f = scopeFilter(v, scope);
    const code = (z: number) => v.meta.zones.get(z)?.code ?? String(z);
    const rows = v.grids
      .filter((r) => f.grid(r.id) && (status === undefined || r.status === status))
      .map((r) => {
        const m = v.meta.grids.get(Number(r.id));
        return {
          id: r.id, code: m?.code ?? null, name: m?.name ?? null, status: r.status,
          areaM2: r.areaM2, coveredShare: r.coveredShare,
          zones: r.zones.map((z) => ({ id: z.zoneId, code: code(Number(z.zoneId)), share: z.share, areaM2: z.areaM2 })),
          dominantZoneId: r.dominantZoneId, stationId: v.gridStation.get(r.id) ?? null,
          townshipCode: m?.townshipCode ?? null, countyCode: m?.countyCode ?? null,
        };
      });
    return c.json({ layer, scope, count: rows.length, rows });
  })
  .get('/zones', (c) => {
    const layer = layerOf(c);
    const scope = scopeOf(c);
    const v = alignmentView(c.get('deps').db, layer);
    const f = scopeFilter(v, scope);
    const rows = v.zones.filter((r) => f.zone(r.id)).map((r) => {
      const m = v.meta.zones.get(Number(r.id));
      return { ...r, code: m?.code ?? null, name: m?.name ?? null, stationId: m?.stationId ?? null, version: m?.version ?? null };
    });
    return c.json({ layer, scope, count: rows.length, rows });
  })
  .get('/mismatches', (c) => {
    const layer = layerOf(c);
    const scope = scopeOf(c);
    const bbox = bboxQuery(c);
    const fc = scopedMismatches(alignmentView(c.get('deps').db, layer), scope, bbox);
    return c.json(fc);
  })
  .get('/one-to-one', (c) => {
    const layer = layerOf(c, 'aux-grids');
    const scope = scopeOf(c);
    const v = alignmentView(c.get('deps').db, layer);
    const f = scopeFilter(v, scope);
    const r = v.w.ix.result().oneToOne;
    const gcode = (id: unknown) => v.meta.grids.get(Number(id))?.code ?? String(id);
    const zcode = (id: unknown) => v.meta.zones.get(Number(id))?.code ?? String(id);
    const pairs = r.pairs.filter((p) => f.grid(p.gridId) || f.zone(p.zoneId)).map((p) => ({ ...p, gridCode: gcode(p.gridId), zoneCode: zcode(p.zoneId) }));
    const failures = r.failures
      .filter((x) => (x.layer === 'grids' ? f.grid(x.id) : f.zone(x.id)))
      .map((x) => ({ ...x, code: x.layer === 'grids' ? gcode(x.id) : zcode(x.id), best: x.best && { ...x.best, code: x.layer === 'grids' ? zcode(x.best.id) : gcode(x.best.id) } }));
    return c.json({ layer, scope, pairs, failures, ok: failures.length === 0 });
  })
  .get('/realign', (c) => {
    const layer = layerOf(c);
    const scope = scopeOf(c);
    if (scope.station === undefined) throw new BadRequestError('station=ID is required', null, 'bad_station');
    const raw = c.req.query('assignments');
    let assignments: Record<string, number> = {};
    if (raw !== undefined) {
      let parsed: unknown;
      try { parsed = JSON.parse(raw); } catch { throw new BadRequestError('assignments must be a JSON object {gridId: zoneId}', { assignments: raw }, 'bad_assignments'); }
      assignments = parseWith(assignmentsQuery, parsed, 'assignments');
    }
    return c.json(proposeStationRealign(c.get('deps').db, layer, scope.station, assignments));
  })
  .post('/realign', async (c) => {
    const b = await readBody(c, realignBody);
    const out = applyStationRealign(c.get('deps').db, { ...b, actor: c.get('user').username });
    return c.json(out, 201);
  });
