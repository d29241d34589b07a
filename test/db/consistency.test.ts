/**
 * server/db/consistency.ts: the write-history invariants hold after every kind of edit the API
 * makes (create, update, retire, merge, split, whole-change revert), and each invariant catches
 * the half-applied write it is about.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../server/db/consistency.ts';
import { editingApp } from '../edits/helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

const line = (...cs: [number, number][]) => ({ type: 'LineString', coordinates: cs });

/** Edits of every kind through the HTTP API; returns the merge's change id and new grid. */
async function editEverything(): Promise<{ mergeChange: number; merged: number; splitChange: number }> {
  const merge = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: 'merge' } });
  expect(merge.status, merge.text).toBe(201);
  const split = await t.json('POST', `/api/grids/${t.grid('B2')}/split`, { body: { line: line([125.935, 41.69], [125.935, 41.73]), reason: 'split' } });
  expect(split.status, split.text).toBe(201);
  const undo = await t.json('POST', `/api/changes/${split.body.change.id}/revert`, { body: { reason: 'undo split' } });
  expect(undo.status, undo.text).toBe(200);
  const merged = Number(merge.body.feature.id);
  const rename = await t.json('PUT', `/api/layers/grids/${merged}`, {
    body: { properties: { name: '改名网格' } },
    headers: { 'If-Match': `"${merge.body.feature.properties.version}"` },
  });
  expect(rename.status, rename.text).toBe(200);
  const post = await t.db.prepare("SELECT id, version FROM features WHERE layer = 'police-posts' AND retired_at IS NULL LIMIT 1").get() as { id: number; version: number } | undefined;
  if (post) {
    const del = await t.json('DELETE', `/api/layers/police-posts/${post.id}`, { headers: { 'If-Match': `"${post.version}"` } });
    expect(del.status, del.text).toBe(200);
  }
  return { mergeChange: merge.body.change.id, merged, splitChange: split.body.change.id };
}

describe('checkConsistency', () => {
  it('holds after seed, create, update, retire, merge, split and a whole-change revert', async () => {
    expect(checkConsistency(t.db).problems).toEqual([]);
    await editEverything();
    const r = checkConsistency(t.db);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.counts.lineage).toBeGreaterThanOrEqual(4);
  });

  it('catches a feature version without its revision', async () => {
    const { merged } = await editEverything();
    t.db.prepare('UPDATE features SET version = version + 1 WHERE id = ?').run(merged);
    expect(checkConsistency(t.db).problems.join('\n')).toMatch(new RegExp(`feature ${merged} is at version 3 but its revisions carry versions 1\\.\\.2`));
  });

  it('catches a revision whose change is missing and a change without revisions', async () => {
    const { mergeChange } = await editEverything();
    t.db.pragma('foreign_keys = OFF'); // plant what the constraints would refuse
    t.db.prepare("INSERT INTO changes(kind, actor, reason, at) VALUES ('update', 'x', '', '2026-01-01')").run();
    t.db.prepare('DELETE FROM lineage WHERE change_id = ?').run(mergeChange);
    t.db.prepare('DELETE FROM changes WHERE id = ?').run(mergeChange);
    const problems = checkConsistency(t.db).problems.join('\n');
    expect(problems).toMatch(new RegExp(`revision \\d+ belongs to change ${mergeChange}, which does not exist`));
    expect(problems).toMatch(/change \d+ \(update\) has no revision/);
  });

  it('catches a merge without its lineage, and a split missing one lineage row', async () => {
    const { mergeChange, splitChange } = await editEverything();
    t.db.prepare('DELETE FROM lineage WHERE change_id = ?').run(mergeChange);
    t.db.prepare('DELETE FROM lineage WHERE id = (SELECT min(id) FROM lineage WHERE change_id = ?)').run(splitChange);
    const problems = checkConsistency(t.db).problems.join('\n');
    expect(problems).toContain(`merge change ${mergeChange} has no lineage rows`);
    expect(problems).toMatch(new RegExp(`split change ${splitChange} created grid \\d+ without a lineage row to it`));
    t.db.prepare('DELETE FROM lineage WHERE change_id = ?').run(splitChange);
    expect(checkConsistency(t.db).problems.join('\n')).toContain(`split change ${splitChange} has no lineage rows`);
  });

  it('catches a row that differs from its newest revision and a stale R*Tree', async () => {
    const { merged } = await editEverything();
    t.db.prepare("UPDATE features SET name = 'half-written' WHERE id = ?").run(merged);
    t.db.prepare('DELETE FROM features_rtree WHERE id = ?').run(merged);
    const problems = checkConsistency(t.db).problems.join('\n');
    expect(problems).toMatch(new RegExp(`feature grids/\\S+ \\(id ${merged}, version 2, live\\) does not match its newest revision \\(update, version 2, different code/name/geometry\\)`));
    expect(problems).toMatch(new RegExp(`live feature grids/\\S+ \\(id ${merged}\\) has no R\\*Tree box`));
  });

  it('catches a retired feature whose retirement has no revision (the half of a merge that never got written)', async () => {
    await editEverything();
    const live = t.db.prepare("SELECT id FROM features WHERE layer = 'grids' AND retired_at IS NULL LIMIT 1").get() as { id: number };
    t.db.prepare("UPDATE features SET retired_at = '2026-01-01', version = version + 1 WHERE id = ?").run(live.id);
    t.db.prepare('DELETE FROM features_rtree WHERE id = ?').run(live.id);
    const problems = checkConsistency(t.db).problems.join('\n');
    expect(problems).toMatch(new RegExp(`feature ${live.id} is at version \\d+ but its revisions`));
    expect(problems).toMatch(new RegExp(`\\(id ${live.id}, version \\d+, retired\\) does not match its newest revision`));
  });
});
