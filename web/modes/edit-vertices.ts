import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ModeContext } from './context.ts';
import { renderPoint, snapIndicator, snappedPosition } from './context.ts';
import { edgesOf, samePosition, verticesOf } from './rings.ts';
import { distance } from './snap-index.ts';
import type { GeometrySet } from './topology.ts';
import { changedIds, deleteSharedVertex, insertOnSharedEdge, moveSharedVertex } from './topology.ts';
import type { AreaFeature, FeatureId, KeyInput, LngLat, Mode, PointerInput, RenderFeature } from './types.ts';

/** Callbacks of the vertex-edit mode. */
export interface EditVerticesEvents {
  /** after every step: the geometries that now differ from the originals (target and neighbours) */
  onChange(changed: GeometrySet): void;
  /** a step was refused (e.g. deleting a vertex of a triangle) */
  onRefused?(message: string): void;
}

/** Pixel distance within which a press grabs a vertex or a midpoint handle. */
const HANDLE_TOLERANCE_PX = 8;

/**
 * Edits one feature vertex by vertex: drag a vertex to move it (snapped when snapping is on),
 * click an edge's midpoint handle to insert a vertex there, right-click a vertex (or select it
 * and press Delete) to remove it. Topological: the same vertex in same-layer neighbours moves
 * (and is inserted or deleted) with it. Every step can be undone and redone locally until saved.
 */
export class EditVerticesMode implements Mode {
  readonly name = 'edit-vertices' as const;
  private readonly original: GeometrySet;
  private steps: GeometrySet[];
  private stepIndex = 0;
  private live: GeometrySet;
  private dragFrom: Position | null = null;
  private dragSnap: ReturnType<typeof snappedPosition>['snap'] = null;
  private active: Position | null = null;
  private snapShown: RenderFeature[] = [];

  /**
   * @param target the feature being edited
   * @param neighbours same-layer features near it; those sharing vertices or edges with the target follow its edits
   */
  constructor(
    private readonly ctx: ModeContext,
    readonly target: AreaFeature,
    neighbours: AreaFeature[],
    private readonly events: EditVerticesEvents,
  ) {
    this.original = new Map([[target.id, target.geometry], ...neighbours.filter((n) => n.id !== target.id).map((n) => [n.id, n.geometry] as const)]);
    this.steps = [this.original];
    this.live = this.original;
  }

  /** The current geometries of the target and its neighbours. */
  get current(): GeometrySet {
    return this.live;
  }

  /** The current geometry of the target. */
  get targetGeometry(): Polygon | MultiPolygon {
    return this.live.get(this.target.id)!;
  }

  /** Geometries that differ from what was loaded. */
  changed(): GeometrySet {
    const ids = changedIds(this.original, this.live);
    return new Map(ids.map((id) => [id, this.live.get(id)!]));
  }

  get canUndo(): boolean {
    return this.stepIndex > 0;
  }

  get canRedo(): boolean {
    return this.stepIndex < this.steps.length - 1;
  }

  /** Steps back one local edit. */
  undo(): boolean {
    if (!this.canUndo) return false;
    this.stepIndex--;
    this.live = this.steps[this.stepIndex];
    this.afterStep();
    return true;
  }

  /** Re-applies one undone local edit. */
  redo(): boolean {
    if (!this.canRedo) return false;
    this.stepIndex++;
    this.live = this.steps[this.stepIndex];
    this.afterStep();
    return true;
  }

  /** Replaces the target's geometry as one step (e.g. re-applying an edit after a conflict). */
  replaceTarget(geometry: Polygon | MultiPolygon): void {
    const next = new Map(this.live);
    next.set(this.target.id, geometry);
    this.commit(next);
  }

  start(): void {
    this.draw();
  }

  stop(): void {
    this.ctx.adapter.setCursor('');
    this.ctx.adapter.render([]);
  }

  onPointerMove(e: PointerInput): void {
    const over = this.vertexNear(e) ?? this.midpointNear(e);
    this.ctx.adapter.setCursor(over ? 'move' : '');
  }

  onPointerDown(e: PointerInput): boolean {
    if (e.button !== 'left') return false;
    const v = this.vertexNear(e);
    if (!v) return false;
    this.dragFrom = v;
    this.active = v;
    return true;
  }

  onDrag(e: PointerInput): void {
    if (!this.dragFrom) return;
    const from = this.dragFrom;
    const { lngLat, snap } = snappedPosition(this.ctx, e, {
      ignoreVertex: (p) => samePosition(p, from),
      ignoreEdge: (a, b) => samePosition(a, from) || samePosition(b, from),
    });
    this.dragSnap = snap;
    this.snapShown = snapIndicator(snap);
    this.live = moveSharedVertex(this.steps[this.stepIndex], from, lngLat);
    this.draw();
  }

  onDragEnd(e: PointerInput): void {
    if (!this.dragFrom) return;
    this.onDrag(e);
    const from = this.dragFrom;
    let next = this.live;
    const to = next === this.steps[this.stepIndex] ? null : this.positionOf(from, next);
    // Dropped on a neighbour's edge: put the vertex into that edge too, so the boundary is shared.
    const snap = this.dragSnap;
    if (snap?.kind === 'edge' && snap.edge && to) next = insertOnSharedEdge(next, snap.edge[0], snap.edge[1], snap.lngLat);
    this.dragFrom = null;
    this.dragSnap = null;
    this.snapShown = [];
    this.active = to;
    if (samePositionOrNull(from, to)) {
      this.live = this.steps[this.stepIndex];
      this.draw();
      return;
    }
    this.commit(next);
  }

  onClick(e: PointerInput): void {
    const v = this.vertexNear(e);
    if (e.button === 'right') {
      if (v) this.deleteAt(v);
      return;
    }
    if (v) {
      this.active = v;
      this.draw();
      return;
    }
    const mid = this.midpointNear(e);
    if (mid) {
      this.commit(insertOnSharedEdge(this.live, mid.a, mid.b, mid.at));
      this.active = mid.at;
      this.draw();
    }
  }

  onKey(e: KeyInput): boolean {
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.active) {
      this.deleteAt(this.active);
      return true;
    }
    if (e.key === 'Escape' && this.active) {
      this.active = null;
      this.draw();
      return true;
    }
    return false;
  }

  private deleteAt(position: Position): void {
    try {
      this.commit(deleteSharedVertex(this.live, position));
      this.active = null;
      this.draw();
    } catch (err) {
      this.events.onRefused?.((err as Error).message);
    }
  }

  private commit(next: GeometrySet): void {
    this.steps = [...this.steps.slice(0, this.stepIndex + 1), next];
    this.stepIndex = this.steps.length - 1;
    this.live = next;
    this.afterStep();
  }

  private afterStep(): void {
    this.draw();
    this.events.onChange(this.changed());
  }

  /** The nearest target vertex within the handle tolerance. */
  private vertexNear(e: PointerInput): Position | null {
    let best: Position | null = null;
    let bestD = HANDLE_TOLERANCE_PX;
    for (const { position } of verticesOf(this.targetGeometry)) {
      const d = distance(this.ctx.adapter.project(position as LngLat), e.pixel);
      if (d <= bestD) {
        bestD = d;
        best = position;
      }
    }
    return best;
  }

  /** The nearest edge midpoint handle of the target within the handle tolerance. */
  private midpointNear(e: PointerInput): { a: Position; b: Position; at: LngLat } | null {
    let best: { a: Position; b: Position; at: LngLat } | null = null;
    let bestD = HANDLE_TOLERANCE_PX;
    for (const { a, b } of edgesOf(this.targetGeometry)) {
      const at: LngLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const d = distance(this.ctx.adapter.project(at), e.pixel);
      if (d <= bestD) {
        bestD = d;
        best = { a, b, at };
      }
    }
    return best;
  }

  /** Where the vertex that was at `from` is now (the target's vertex that moved). */
  private positionOf(from: Position, set: GeometrySet): Position | null {
    const before = verticesOf(this.steps[this.stepIndex].get(this.target.id)!);
    const after = verticesOf(set.get(this.target.id)!);
    const i = before.findIndex((v) => samePosition(v.position, from));
    return i >= 0 && after[i] ? after[i].position : null;
  }

  private draw(): void {
    const out: RenderFeature[] = [];
    const changed = new Set(changedIds(this.original, this.live));
    for (const [id, g] of this.live) {
      if (id === this.target.id || changed.has(id)) {
        out.push({ type: 'Feature', geometry: g, properties: { role: 'draft-polygon', id, neighbour: id !== this.target.id } });
      }
    }
    for (const { a, b } of edgesOf(this.targetGeometry)) out.push(renderPoint([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], 'midpoint'));
    for (const { position } of verticesOf(this.targetGeometry)) {
      const isActive = this.active !== null && samePosition(position, this.active);
      out.push(renderPoint(position as LngLat, isActive ? 'vertex-active' : 'vertex'));
    }
    out.push(...this.snapShown);
    this.ctx.adapter.render(out);
  }
}

function samePositionOrNull(a: Position, b: Position | null): boolean {
  return b !== null && samePosition(a, b);
}
