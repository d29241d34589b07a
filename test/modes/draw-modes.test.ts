import { describe, expect, it } from 'vitest';
import type { LineString, Polygon } from 'geojson';
import { booleanClockwise } from '@turf/turf';
import type { ModeContext } from '../../web/modes/context.ts';
import { DrawLineMode } from '../../web/modes/draw-line.ts';
import { DrawPolygonMode } from '../../web/modes/draw-polygon.ts';
import { SnapIndex } from '../../web/modes/snap-index.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

function setup(snapOn = true) {
  const adapter = new FakeAdapter();
  const neighbour = squareFeature(adapter, 1, 0, 0, 100, 100);
  const settings = { enabled: snapOn, tolerancePx: 10, index: new SnapIndex([neighbour]) };
  const ctx: ModeContext = { adapter, snapping: () => settings };
  return { adapter, neighbour, settings, ctx };
}

describe('DrawPolygonMode', () => {
  it('snaps a click near a neighbour vertex to that exact vertex', () => {
    const { adapter, neighbour, ctx } = setup();
    let done: Polygon | null = null;
    const mode = new DrawPolygonMode(ctx, { onFinish: (p) => (done = p) });
    mode.start();
    mode.onClick(adapter.at(104, 3)); // 5 px from the neighbour's corner (100, 0)
    mode.onClick(adapter.at(200, 0));
    mode.onClick(adapter.at(200, 100));
    mode.onClick(adapter.at(96, 103)); // near (100, 100)
    mode.onKey({ key: 'Enter', shiftKey: false, ctrlKey: false });
    expect(done).not.toBeNull();
    const ring = done!.coordinates[0];
    const corners = neighbour.geometry.coordinates[0];
    expect(corners).toContainEqual(ring.find((p) => p[0] === corners[2][0] && p[1] === corners[2][1]));
    // both snapped vertices are exactly the neighbour's numbers
    const shared = ring.filter((p) => corners.some((c) => c[0] === p[0] && c[1] === p[1]));
    expect(new Set(shared.map((p) => p.join(','))).size).toBe(2);
  });

  it('does not snap when snapping is off', () => {
    const { adapter, neighbour, ctx, settings } = setup();
    settings.enabled = false;
    const mode = new DrawPolygonMode(ctx, { onFinish: () => {} });
    mode.onClick(adapter.at(104, 3));
    const corners = neighbour.geometry.coordinates[0];
    expect(corners.some((c) => c[0] === mode.vertices[0][0] && c[1] === mode.vertices[0][1])).toBe(false);
  });

  it('shows the snap target while moving', () => {
    const { adapter, ctx } = setup();
    const mode = new DrawPolygonMode(ctx, { onFinish: () => {} });
    mode.onPointerMove(adapter.at(50, 95));
    expect(adapter.role('snap-edge')).toHaveLength(1);
    mode.onPointerMove(adapter.at(98, 2));
    expect(adapter.role('snap-vertex')).toHaveLength(1);
    mode.onPointerMove(adapter.at(300, 300));
    expect(adapter.role('snap-vertex')).toHaveLength(0);
  });

  it('closes on a click at the first vertex, as a counter-clockwise closed ring', () => {
    const { adapter, ctx } = setup(false);
    let done: Polygon | null = null;
    const mode = new DrawPolygonMode(ctx, { onFinish: (p) => (done = p) });
    mode.onClick(adapter.at(300, 300));
    mode.onClick(adapter.at(300, 400)); // clockwise on screen order below → rewound
    mode.onClick(adapter.at(400, 400));
    mode.onClick(adapter.at(302, 301));
    const ring = done!.coordinates[0];
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
    expect(booleanClockwise(ring)).toBe(false);
  });

  it('Backspace removes the last vertex, Escape cancels, and too few vertices do not finish', () => {
    const { adapter, ctx } = setup(false);
    let finished = 0;
    let cancelled = 0;
    const mode = new DrawPolygonMode(ctx, { onFinish: () => finished++, onCancel: () => cancelled++ });
    mode.onClick(adapter.at(300, 300));
    mode.onClick(adapter.at(300, 400));
    mode.onKey({ key: 'Backspace', shiftKey: false, ctrlKey: false });
    expect(mode.vertices).toHaveLength(1);
    mode.onDoubleClick();
    expect(finished).toBe(0);
    mode.onKey({ key: 'Escape', shiftKey: false, ctrlKey: false });
    expect(mode.vertices).toHaveLength(0);
    expect(cancelled).toBe(1);
  });

  it('a double-click (two clicks at one place, then dblclick) finishes without a duplicate vertex', () => {
    const { adapter, ctx } = setup(false);
    let done: Polygon | null = null;
    const mode = new DrawPolygonMode(ctx, { onFinish: (p) => (done = p) });
    mode.onClick(adapter.at(300, 300));
    mode.onClick(adapter.at(400, 300));
    mode.onClick(adapter.at(400, 400));
    mode.onClick(adapter.at(400, 400));
    mode.onDoubleClick();
    expect(done!.coordinates[0]).toHaveLength(4);
  });
});

describe('DrawLineMode', () => {
  it('draws a snapped line and finishes on Enter', () => {
    const { adapter, neighbour, ctx } = setup();
    let line: LineString | null = null;
    const mode = new DrawLineMode(ctx, { onFinish: (l) => (line = l) });
    mode.onClick(adapter.at(50, -8)); // onto the top edge (y = 0)
    mode.onKey({ key: 'Enter', shiftKey: false, ctrlKey: false });
    expect(line).toBeNull();
    mode.onClick(adapter.at(50, 108));
    mode.onKey({ key: 'Enter', shiftKey: false, ctrlKey: false });
    expect(line!.coordinates).toHaveLength(2);
    expect(adapter.project(line!.coordinates[0] as [number, number]).y).toBeCloseTo(0, 6);
    expect(adapter.project(line!.coordinates[1] as [number, number]).y).toBeCloseTo(100, 6);
    expect(neighbour.id).toBe(1);
  });
});
