import { describe, expect, it } from 'vitest';
import type { ImportPlan } from '../../server/imports/plan.ts';
import { PREVIEW_MAX_COUNT, PREVIEW_MAX_PER_USER, PREVIEW_TTL_MS, PreviewStore } from '../../server/imports/previews.ts';

/** The in-memory preview store: bound to its user and layer, expiring, capped. */

const plan = {} as ImportPlan;
const put = (s: PreviewStore, username: string, bytes = 10) =>
  s.put({ username, layer: 'grids', file: { name: 'f', bytes: new Uint8Array(0) }, parsed: { format: 'geojson', features: [], fields: [], warnings: [] }, lonField: null, latField: null, readOptions: {}, plan, bytes });

describe('PreviewStore', () => {
  it('gives a preview only to its user and layer; expires after the TTL (sliding on re-validation)', () => {
    const s = new PreviewStore();
    let now = 1_000_000;
    s.now = () => now;
    const p = put(s, 'alice');
    expect(s.get(p.id, 'alice', 'grids').id).toBe(p.id);
    expect(s.get(p.id, 'ALICE', 'grids').id).toBe(p.id); // usernames are case-insensitive
    expect(() => s.get(p.id, 'bob', 'grids')).toThrow(/upload the file again/);
    expect(() => s.get(p.id, 'alice', 'beats')).toThrow(/No import preview/);
    now += PREVIEW_TTL_MS - 1;
    s.put({ ...p }); // re-validation keeps the id and restarts the clock
    now += PREVIEW_TTL_MS - 1;
    expect(s.get(p.id, 'alice', 'grids').id).toBe(p.id);
    now += 2;
    expect(() => s.get(p.id, 'alice', 'grids')).toThrow(/expired/);
    expect(s.size()).toBe(0);
  });

  it('keeps at most a few previews per user and a bounded total, dropping the oldest', () => {
    const s = new PreviewStore();
    const mine = Array.from({ length: PREVIEW_MAX_PER_USER + 2 }, () => put(s, 'alice'));
    expect(() => s.get(mine[0].id, 'alice', 'grids')).toThrow();
    expect(() => s.get(mine[1].id, 'alice', 'grids')).toThrow();
    expect(s.get(mine[2].id, 'alice', 'grids').id).toBe(mine[2].id);
    for (let i = 0; i < PREVIEW_MAX_COUNT + 5; i++) put(s, `user${i}`);
    expect(s.size()).toBe(PREVIEW_MAX_COUNT);
    const big = put(s, 'carol', 300 * 1024 * 1024); // over the byte cap alone: kept, everything else goes
    expect(s.get(big.id, 'carol', 'grids').id).toBe(big.id);
    expect(s.size()).toBe(1);
  });
});
