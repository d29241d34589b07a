import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import type { ModeContext } from '../../web/modes/context.ts';
import { EditVerticesMode } from '../../web/modes/edit-vertices.ts';
import { FeatureIndex } from '../../web/modes/feature-index.ts';
import { SelectFeaturesMode } from '../../web/modes/select-features.ts';
import { SnapIndex } from '../../web/modes/snap-index.ts';
import type { GeometrySet } from '../../web/modes/topology.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

/** Two grids sharing the edge x = 100, a third one apart at x 300–400. */
function setup(snapOn = true) {
  const adapter = new FakeAdapter();
  const a = squareFeature(adapter, 1, 0, 0, 100, 100);
  const b = squareFeature(adapter, 2, 100, 0, 200, 100);
  const far = squareFeature(adapter, 3, 300, 0, 400, 100);
  const settings = { enabled: snapOn, tolerancePx: 10, index: new SnapIndex([a, b, far]) };
  const ctx: ModeContext = { adapter, snapping: () => settings };
  const changes: GeometrySet[] = [];
  const refused: string[] = [];
  const mode = new EditVerticesMode(ctx, a, [b, far], { onChange: (c) => changes.push(c), onRefused: (m) => refused.push(m) });
  mode.start();
  return { adapter, a, b, far, mode, changes, refused };
}

const px = (adapter: FakeAdapter, p: Position) => adapter.project(p as [number, number]);
const ringPx = (adapter: FakeAdapter, g: Polygon) => g.coordinates[0].map((p) => { const q = px(adapter, p); return [Math.round(q.x), Math.round(q.y)]; });

describe('EditVerticesMode', () => {
  it('dragging a shared vertex moves it in both neighbours, identically', () => {
    const { adapter, mode, changes } = setup(false);
    expect(mode.onPointerDown(adapter.at(101, 1))).toBe(true); // grabs (100, 0)
    mode.onDrag(adapter.at(120, -10));
    mode.onDragEnd(adapter.at(130, -20));
    const changed = changes.at(-1)!;
    expect([...changed.keys()].sort()).toEqual([1, 2]);
    const a = changed.get(1) as Polygon;
    const b = changed.get(2) as Polygon;
    const movedA = a.coordinates[0].find((p) => Math.round(px(adapter, p).x) === 130)!;
    const movedB = b.coordinates[0].find((p) => Math.round(px(adapter, p).x) === 130)!;
    expect(movedA).toEqual(movedB);
    expect(Math.round(px(adapter, movedA).y)).toBe(-20);
  });

  it('a press away from any vertex is not captured (the map pans)', () => {
    const { adapter, mode } = setup();
    expect(mode.onPointerDown(adapter.at(50, 50))).toBe(false);
  });

  it('a dragged vertex snaps to another feature\'s vertex exactly', () => {
    const { adapter, mode, far } = setup();
    mode.onPointerDown(adapter.at(0, 0));
    mode.onDragEnd(adapter.at(295, 4)); // near far's (300, 0)
    const target = far.geometry.coordinates[0].find((p) => Math.round(px(adapter, p).x) === 300 && Math.round(px(adapter, p).y) === 0)!;
    expect(mode.targetGeometry.coordinates[0] as Position[]).toContainEqual(target);
  });

  it('a vertex dropped on a neighbour\'s edge is inserted into that edge too', () => {
    const { adapter, mode } = setup();
    // move a's (0, 100) corner onto b's bottom edge? b's edges are at x 100–200; drop at (150, 103) → b's edge y = 100
    mode.onPointerDown(adapter.at(0, 100));
    mode.onDragEnd(adapter.at(150, 104));
    const changed = mode.changed();
    const b = changed.get(2) as Polygon;
    expect(b).toBeDefined();
    expect(ringPx(adapter, b)).toContainEqual([150, 100]);
    expect(b.coordinates[0]).toHaveLength(6);
  });

  it('clicking a midpoint inserts a vertex in both features of a shared edge', () => {
    const { adapter, mode } = setup(false);
    mode.onClick(adapter.at(100, 50)); // midpoint of the shared edge
    const changed = mode.changed();
    expect((changed.get(1) as Polygon).coordinates[0]).toHaveLength(6);
    expect((changed.get(2) as Polygon).coordinates[0]).toHaveLength(6);
    expect(ringPx(adapter, changed.get(2) as Polygon)).toContainEqual([100, 50]);
  });

  it('right-click deletes a vertex (in every feature sharing it); a triangle refuses', () => {
    const { adapter, mode, refused } = setup(false);
    mode.onClick(adapter.at(100, 50)); // insert shared vertex
    mode.onClick(adapter.at(100, 50, { button: 'right' }));
    expect(mode.changed().size).toBe(0);
    mode.onClick(adapter.at(0, 0, { button: 'right' }));
    expect((mode.targetGeometry as Polygon).coordinates[0]).toHaveLength(4);
    mode.onClick(adapter.at(0, 100, { button: 'right' }));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/fewer than 3/);
  });

  it('Delete removes the selected vertex; the closing position follows vertex 0', () => {
    const { adapter, mode } = setup(false);
    mode.onClick(adapter.at(0, 100)); // vertex 0 of a
    expect(mode.onKey({ key: 'Delete', shiftKey: false, ctrlKey: false })).toBe(true);
    const ring = (mode.targetGeometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
  });

  it('undo and redo step through local edits', () => {
    const { adapter, mode, a } = setup(false);
    mode.onPointerDown(adapter.at(0, 0));
    mode.onDragEnd(adapter.at(-20, -20));
    mode.onClick(adapter.at(50, 100));
    expect(mode.canUndo).toBe(true);
    mode.undo();
    mode.undo();
    expect(mode.canUndo).toBe(false);
    expect(mode.targetGeometry).toEqual(a.geometry);
    mode.redo();
    expect(ringPx(adapter, mode.targetGeometry as Polygon)).toContainEqual([-20, -20]);
    expect(mode.canRedo).toBe(true);
  });

  it('renders the target, its vertices and midpoints', () => {
    const { adapter } = setup();
    expect(adapter.role('draft-polygon')).toHaveLength(1);
    expect(adapter.role('vertex')).toHaveLength(4);
    expect(adapter.role('midpoint')).toHaveLength(4);
  });
});

describe('SelectFeaturesMode', () => {
  it('click toggles the feature under the pointer; Shift+drag adds a box; Escape clears', () => {
    const adapter = new FakeAdapter();
    const feats = [squareFeature(adapter, 1, 0, 0, 100, 100), squareFeature(adapter, 2, 100, 0, 200, 100), squareFeature(adapter, 3, 300, 0, 400, 100)];
    const index = new FeatureIndex(feats);
    const seen: (number | string)[][] = [];
    const mode = new SelectFeaturesMode(contextOf(adapter), () => index, { onChange: (ids) => seen.push(ids) });
    mode.onClick(adapter.at(50, 50));
    mode.onClick(adapter.at(150, 50));
    expect(mode.selection).toEqual([1, 2]);
    mode.onClick(adapter.at(50, 50));
    expect(mode.selection).toEqual([2]);
    mode.onClick(adapter.at(250, 50)); // nothing there
    expect(mode.selection).toEqual([2]);
    expect(mode.onPointerDown(adapter.at(10, 10))).toBe(false);
    expect(mode.onPointerDown(adapter.at(90, 10, { shiftKey: true }))).toBe(true);
    mode.onDrag(adapter.at(350, 90));
    expect(adapter.role('box')).toHaveLength(1);
    mode.onDragEnd(adapter.at(350, 90));
    expect(mode.selection).toEqual([2, 1, 3]);
    expect(adapter.role('selected')).toHaveLength(3);
    mode.onKey({ key: 'Escape', shiftKey: false, ctrlKey: false });
    expect(mode.selection).toEqual([]);
    expect(seen.length).toBe(5); // the click on nothing changes nothing
  });
});

function contextOf(adapter: FakeAdapter): ModeContext {
  return { adapter, snapping: () => ({ enabled: false, tolerancePx: 10, index: null }) };
}
