import type { Db } from '../db/connection.ts';

interface Node {
  id: number;
  layer: string;
  code: string;
  name: string;
  parent_id: number | null;
}

/**
 * Resolves any feature — live or retired — to the id of its county by walking parent_id
 * (grid → community → township → county; room → community; post → grid; station → county).
 * Features owned by a station without a parent (beats, aux-grids) resolve through the station.
 */
export class CountyResolver {
  private readonly nodes = new Map<number, Node & { station_id: number | null }>();
  private readonly memo = new Map<number, number | null>();

  constructor(db: Db) {
    const rows = db.prepare('SELECT id, layer, code, name, parent_id, station_id FROM features').all() as (Node & {
      station_id: number | null;
    })[];
    for (const r of rows) this.nodes.set(r.id, r);
  }

  /** The county id of a feature, or null. */
  countyOf(id: number): number | null {
    if (this.memo.has(id)) return this.memo.get(id)!;
    let cur = this.nodes.get(id);
    let found: number | null = null;
    for (let i = 0; cur && i < 10; i++) {
      if (cur.layer === 'counties') {
        found = cur.id;
        break;
      }
      const next = cur.parent_id ?? cur.station_id;
      cur = next !== null ? this.nodes.get(next) : undefined;
    }
    this.memo.set(id, found);
    return found;
  }

  /** Code and name of a feature (live or retired). */
  label(id: number): { code: string; name: string; layer: string } | undefined {
    const n = this.nodes.get(id);
    return n && { code: n.code, name: n.name, layer: n.layer };
  }
}
