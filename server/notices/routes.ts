/**
 * /api/notices: the station inbox and civil affairs' view of the notices it caused.
 *   GET  /               ?station=ID&status=open,acknowledged&overdue=1&causedBy=me|name&limit&offset
 *   GET  /:id            notice + timeline + before/after map
 *   POST /:id/ack        {note?}  open → acknowledged
 *   POST /:id/resolve    {note?}  open|acknowledged → resolved
 * A police-station user only sees and handles its own station's notices (403 otherwise).
 * A county-scoped reader (civil affairs, leadership of one county) sees the notices of its
 * county: addressed to one of its stations or caused by a change to one of its features.
 */
import type { Feature } from 'geojson';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../http/errors.ts';
import { parseJsonText } from '../http/input.ts';
import { idParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import type { User } from '../http/user.ts';
import { getFeatureRow } from '../store/features.ts';
import { readCounty } from '../auth/read-scope.ts';
import { getNotice, listNotices, noticeEvents, noticeInCounty, transitionNotice, type NoticeStatus } from './repo.ts';

const STATUSES: NoticeStatus[] = ['open', 'acknowledged', 'resolved'];
const noteSchema = z.object({ note: z.string().trim().max(2000).optional() }).optional();

/** The station a police-station user is scoped to (null for other roles). */
function ownStation(user: User): number | null {
  if (user.role !== 'police-station') return null;
  const n = Number(user.scope);
  return Number.isInteger(n) && n > 0 ? n : -1;
}

const now = () => new Date().toISOString();

function intQuery(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new BadRequestError(`${name} must be a non-negative integer (got "${raw}")`, { [name]: raw }, 'bad_query');
  return Number(raw);
}

function noticeFor(c: Context<AppEnv>, full = false) {
  const id = idParam(c);
  const n = getNotice(c.get('deps').db, id, now(), full);
  if (!n) throw new NotFoundError(`No notice with id ${id}`, { id });
  const own = ownStation(c.get('user'));
  if (own !== null && own !== n.stationId) throw new ForbiddenError(`Notice ${id} is addressed to another police station`, { id });
  // a county-scoped reader: another county's notice answers like an absent one
  const county = readCounty(c.get('user'));
  if (county !== null && !noticeInCounty(c.get('deps').db, id, county)) throw new NotFoundError(`No notice with id ${id}`, { id });
  return n;
}

async function readNote(c: Context): Promise<string | null> {
  const text = await c.req.text();
  if (!text.trim()) return null;
  return noteSchema.parse(parseJsonText(text))?.note || null;
}

function transition(to: 'acknowledged' | 'resolved') {
  return async (c: Context<AppEnv>) => {
    const n = noticeFor(c);
    const note = await readNote(c);
    const db = c.get('deps').db;
    const ok = transitionNotice(db, n.id, to, c.get('user').username, now(), note);
    if (!ok) {
      const allowed = to === 'acknowledged' ? 'open' : 'open or acknowledged';
      throw new ConflictError(`Notice ${n.id} is ${getNotice(db, n.id, now())!.status}; only an ${allowed} notice can be ${to}`, {
        id: n.id,
        status: getNotice(db, n.id, now())!.status,
      }, 'notice_state');
    }
    return c.json({ notice: getNotice(db, n.id, now()), events: noticeEvents(db, n.id) });
  };
}

/** /api/notices */
export const noticeRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const user = c.get('user');
    const own = ownStation(user);
    let stationId = intQuery(c, 'station');
    if (own !== null) {
      if (stationId !== undefined && stationId !== own) throw new ForbiddenError('A police station sees only its own notices', { station: stationId });
      stationId = own;
    }
    const statusRaw = c.req.query('status');
    const statuses = statusRaw ? statusRaw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const bad = statuses?.find((s) => !STATUSES.includes(s as NoticeStatus));
    if (bad) throw new BadRequestError(`status must be open, acknowledged or resolved (got "${bad}")`, { status: statusRaw }, 'bad_query');
    const causedRaw = c.req.query('causedBy');
    const causedBy = causedRaw === 'me' ? user.username : causedRaw || undefined;
    const limit = Math.min(intQuery(c, 'limit') ?? 100, 500);
    const r = listNotices(
      c.get('deps').db,
      { stationId, county: readCounty(user) ?? undefined, statuses: statuses as NoticeStatus[] | undefined, overdueOnly: ['1', 'true'].includes(c.req.query('overdue') ?? ''), causedBy, limit, offset: intQuery(c, 'offset') ?? 0 },
      now(),
    );
    return c.json(r);
  })
  .get('/:id', (c) => {
    const n = noticeFor(c, true);
    const db = c.get('deps').db;
    const { summaryFull, ...notice } = n;
    const map: Feature[] = [];
    for (const g of summaryFull!.grids) {
      if (g.before) map.push({ type: 'Feature', properties: { role: 'before', layer: 'grids', featureId: g.id, code: g.code, how: g.how }, geometry: g.before });
      if (g.after) map.push({ type: 'Feature', properties: { role: 'after', layer: 'grids', featureId: g.id, code: g.code, how: g.how }, geometry: g.after });
    }
    for (const z of summaryFull!.zones) {
      const row = getFeatureRow(db, z.id);
      if (!row || row.retired_at) continue;
      map.push({ type: 'Feature', properties: { role: 'zone', layer: z.layer, featureId: z.id, code: z.code, misaligned: z.misaligned }, geometry: JSON.parse(row.geometry) });
    }
    return c.json({ notice, events: noticeEvents(db, n.id), map: { type: 'FeatureCollection', features: map } });
  })
  .post('/:id/ack', transition('acknowledged'))
  .post('/:id/resolve', transition('resolved'));
