/**
 * Transitive lineage of merges and splits: what a feature came from (becameFrom) and what it
 * became (became), following the lineage rows through any number of changes.
 */
import type { Db } from '../db/connection.ts';

/** One feature on a lineage chain. */
export interface LineageNode {
  id: number;
  code: string;
  name: string;
  layer: string;
  kind: 'merge' | 'split';
  changeId: number;
  at: string;
  /** 1 = directly linked to the asked feature */
  depth: number;
  retiredAt: string | null;
  /** the feature on the chain this one is linked to (the asked feature at depth 1) */
  via: number;
}

const MAX_DEPTH = 50;

function walk(db: Db, start: number, direction: 'forward' | 'backward'): LineageNode[] {
  const [near, far] = direction === 'forward' ? ['from_id', 'to_id'] : ['to_id', 'from_id'];
  const rows = db
    .prepare(
      `WITH RECURSIVE chain(id, via, kind, change_id, at, depth) AS (
         SELECT l.${far}, l.${near}, l.kind, l.change_id, l.at, 1 FROM lineage l WHERE l.${near} = ?
         UNION
         SELECT l.${far}, l.${near}, l.kind, l.change_id, l.at, c.depth + 1
           FROM lineage l JOIN chain c ON l.${near} = c.id WHERE c.depth < ${MAX_DEPTH}
       )
       SELECT c.id, f.code, f.name, f.layer, c.kind, c.change_id AS changeId, c.at, min(c.depth) AS depth,
              f.retired_at AS retiredAt, c.via
         FROM chain c JOIN features f ON f.id = c.id
        WHERE c.id <> ?
        GROUP BY c.id ORDER BY depth, c.at, c.id`,
    )
    .all(start, start) as LineageNode[];
  return rows;
}

/** {becameFrom, became} of a feature, transitively. */
export function lineageOf(db: Db, id: number): { becameFrom: LineageNode[]; became: LineageNode[] } {
  return { becameFrom: walk(db, id, 'backward'), became: walk(db, id, 'forward') };
}
