/** Score aggregation: share of grids aligned per arbitrary grouping (station, township, county, city). */
import type { FeatureId, GridStatus } from './types.ts';

/** Score of one group. */
export interface GroupScore {
  group: string;
  grids: number;
  aligned: number;
  split: number;
  partial: number;
  uncovered: number;
  /** aligned / grids (0 for an empty group). */
  score: number;
}

/**
 * Aggregate grid statuses per group, for several grouping levels at once.
 * @param rows grid rows (only `id` and `status` are read)
 * @param levels level name → (grid id → group name); a grid missing from a map lands in group "(none)"
 * @returns level name → scores sorted by ascending score then group name, plus `city` (all grids)
 */
export function scoreByGroups(
  rows: readonly { id: FeatureId; status: GridStatus }[],
  levels: Record<string, ReadonlyMap<FeatureId, string> | Readonly<Record<string, string>>>,
): Record<string, GroupScore[]> & { city: GroupScore[] } {
  const out: Record<string, GroupScore[]> = {};
  const tally = (lookup: (id: FeatureId) => string): GroupScore[] => {
    const groups = new Map<string, GroupScore>();
    for (const r of rows) {
      const name = lookup(r.id);
      let gs = groups.get(name);
      if (!gs) { gs = { group: name, grids: 0, aligned: 0, split: 0, partial: 0, uncovered: 0, score: 0 }; groups.set(name, gs); }
      gs.grids++;
      gs[r.status]++;
    }
    const list = [...groups.values()];
    for (const g of list) g.score = g.grids ? g.aligned / g.grids : 0;
    return list.sort((a, b) => a.score - b.score || a.group.localeCompare(b.group));
  };
  for (const [level, map] of Object.entries(levels)) {
    const get = map instanceof Map ? (id: FeatureId) => map.get(id) : (id: FeatureId) => (map as Record<string, string>)[String(id)];
    out[level] = tally((id) => get(id) ?? '(none)');
  }
  return Object.assign(out, { city: tally(() => 'city') });
}
