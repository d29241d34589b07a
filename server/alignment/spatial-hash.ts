/**
 * A mutable uniform-grid index of bounding boxes (insert / remove / query), used instead of a
 * static R-tree so the incremental index can move features cheaply.
 */
export class SpatialHash {
  private readonly cells = new Map<number, number[]>();
  private readonly boxes = new Map<number, [number, number, number, number]>();
  private stamp = new Uint32Array(0);
  private epoch = 0;

  /** @param cellSize cell edge in metres (about the size of a typical zone works well). */
  constructor(private readonly cellSize: number) {}

  private key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  private range(b: [number, number, number, number]): [number, number, number, number] {
    const s = this.cellSize;
    return [Math.floor(b[0] / s), Math.floor(b[1] / s), Math.floor(b[2] / s), Math.floor(b[3] / s)];
  }

  /** Insert item `id` (a non-negative integer) with bounding box b. */
  insert(id: number, b: [number, number, number, number]): void {
    this.boxes.set(id, b);
    const [x0, y0, x1, y1] = this.range(b);
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) {
      const k = this.key(cx, cy);
      const c = this.cells.get(k);
      if (c) c.push(id); else this.cells.set(k, [id]);
    }
  }

  /** Remove item `id` (no-op when absent). */
  remove(id: number): void {
    const b = this.boxes.get(id);
    if (!b) return;
    this.boxes.delete(id);
    const [x0, y0, x1, y1] = this.range(b);
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) {
      const c = this.cells.get(this.key(cx, cy));
      if (!c) continue;
      const i = c.indexOf(id);
      if (i >= 0) { c[i] = c[c.length - 1]; c.pop(); }
    }
  }

  /** Ids whose boxes intersect b (closed boxes), each once, in no particular order. */
  query(b: [number, number, number, number]): number[] {
    const [x0, y0, x1, y1] = this.range(b);
    const out: number[] = [];
    if (++this.epoch === 0xffffffff) { this.stamp.fill(0); this.epoch = 1; }
    const e = this.epoch;
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) {
      const c = this.cells.get(this.key(cx, cy));
      if (!c) continue;
      for (const id of c) {
        if (id >= this.stamp.length) {
          const s = new Uint32Array(Math.max(id + 1, this.stamp.length * 2, 1024));
          s.set(this.stamp);
          this.stamp = s;
        }
        if (this.stamp[id] === e) continue;
        this.stamp[id] = e;
        const q = this.boxes.get(id)!;
        if (q[0] <= b[2] && q[2] >= b[0] && q[1] <= b[3] && q[3] >= b[1]) out.push(id);
      }
    }
    return out;
  }
}
