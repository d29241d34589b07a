/**
 * Writes the `in.geojson` of the merge and split golden fixtures from lattice constructions
 * (run once: `node --import tsx test/edits/make-fixtures.ts`). Coordinates are lattice points
 * P(i, j) = [125.93 + i·0.001, 41.72 + j·0.001] rounded to 6 decimals, so neighbours share
 * vertices bit-for-bit. Each file carries `expect` (a foreign member): the expected result in
 * lattice cells (planar area / 0.001²), parts and holes, or the expected error code.
 * The `out.geojson` files are written by the golden test with UPDATE_GOLDEN=1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type P = [number, number];
const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const P = (i: number, j: number): P => [Number((125.93 + i * 0.001).toFixed(6)), Number((41.72 + j * 0.001).toFixed(6))];
/** Closed ring through lattice points. */
const ring = (...ij: [number, number][]): P[] => [...ij.map(([i, j]) => P(i, j)), P(ij[0][0], ij[0][1])];
/** Axis-aligned rectangle of lattice cells [i0, i1) × [j0, j1) with every lattice vertex on its boundary. */
function rect(i0: number, j0: number, i1: number, j1: number): P[] {
  const pts: [number, number][] = [];
  for (let i = i0; i < i1; i++) pts.push([i, j0]);
  for (let j = j0; j < j1; j++) pts.push([i1, j]);
  for (let i = i1; i > i0; i--) pts.push([i, j1]);
  for (let j = j1; j > j0; j--) pts.push([i0, j]);
  return ring(...pts);
}
const poly = (...rings: P[][]) => ({ type: 'Polygon', coordinates: rings });
const multi = (...polys: P[][][]) => ({ type: 'MultiPolygon', coordinates: polys });
const feat = (id: string, geometry: unknown, props: Record<string, unknown> = {}) => ({ type: 'Feature', id, properties: { code: id, ...props }, geometry });
const line = (...ij: [number, number][]) => ({ type: 'LineString', coordinates: ij.map(([i, j]) => P(i, j)) });

function write(op: string, name: string, features: unknown[], expect: unknown, description: string): void {
  const dir = join(FIX, op, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'in.geojson'), JSON.stringify({ type: 'FeatureCollection', description, expect, features }, null, 1) + '\n');
}

// ---- merge ----
write('merge', 'two-squares', [feat('A', poly(rect(0, 0, 1, 1))), feat('B', poly(rect(1, 0, 2, 1)))], { cells: 2, parts: 1, holes: 0, method: 'dissolve' }, 'Two unit cells side by side become a 2×1 rectangle (shared vertices kept).');
write('merge', 'l-shape', [feat('A', poly(rect(0, 0, 2, 1))), feat('B', poly(rect(0, 1, 1, 3)))], { cells: 4, parts: 1, holes: 0, method: 'dissolve' }, 'A 2×1 bar and a 1×2 column make an L.');
write(
  'merge',
  'ring-makes-hole',
  [
    feat('S', poly(rect(0, 0, 3, 1))),
    feat('N', poly(rect(0, 2, 3, 3))),
    feat('W', poly(rect(0, 1, 1, 2))),
    feat('E', poly(rect(2, 1, 3, 2))),
  ],
  { cells: 8, parts: 1, holes: 1, method: 'dissolve' },
  'Four grids around an empty cell: the union has a hole where the gap is.',
);
write(
  'merge',
  'input-with-hole',
  [feat('H', poly(rect(0, 0, 3, 3), rect(1, 1, 2, 2).reverse())), feat('B', poly(rect(3, 0, 4, 3)))],
  { cells: 11, parts: 1, holes: 1, method: 'dissolve' },
  'A 3×3 grid with a hole and a 1×3 neighbour: the hole survives.',
);
write(
  'merge',
  'multipolygon-bridged',
  [feat('M', multi([rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)])), feat('B', poly(rect(1, 0, 2, 1)))],
  { cells: 3, parts: 1, holes: 0, method: 'dissolve' },
  'A two-part grid and the cell between its parts become one polygon.',
);
write(
  'merge',
  'corner-touch',
  [feat('A', poly(rect(0, 0, 1, 1))), feat('B', poly(rect(1, 1, 2, 2)))],
  { cells: 2, parts: 2, holes: 0, method: 'dissolve', adjacent: false },
  'Two cells touching at one corner: the union is a MultiPolygon (and they are not adjacent for merging).',
);
write(
  'merge',
  't-junction',
  [feat('BIG', poly(ring([0, 0], [2, 0], [2, 1], [0, 1]))), feat('L', poly(rect(0, 1, 1, 2))), feat('R', poly(rect(1, 1, 2, 2)))],
  { cells: 4, parts: 1, holes: 0, method: 'polyclip' },
  'A 2×1 grid without a middle vertex under two 1×1 grids: no shared edges, the polyclip fallback unions them.',
);
write(
  'merge',
  'hole-filled',
  [feat('H', poly(rect(0, 0, 3, 3), rect(1, 1, 2, 2).reverse())), feat('C', poly(rect(1, 1, 2, 2)))],
  { cells: 9, parts: 1, holes: 0, method: 'dissolve' },
  'A grid with a hole and the grid that fills the hole: a solid 3×3 square.',
);
write(
  'merge',
  'hole-touching-shell',
  [0, 1, 2].flatMap((i) => [0, 1, 2].filter((j) => !(i === 1 && j === 1) && !(i === 0 && j === 0)).map((j) => feat(`C${i}${j}`, poly(rect(i, j, i + 1, j + 1))))),
  { cells: 7, parts: 1, holes: 1, method: 'dissolve' },
  'Seven cells of a 3×3 block (the centre and a corner missing): the hole touches the outer ring at one vertex; the rings are split there (valid OGC: a hole may touch its shell at a point).',
);

// ---- split ----
const sq44 = poly(rect(0, 0, 4, 4));
write('split', 'square-vertical', [feat('G', sq44), feat('line', line([2, -1], [2, 5]))], { cells: [8, 8] }, 'A 4×4 grid cut by a vertical line through lattice vertices.');
write('split', 'square-oblique', [feat('G', sq44), feat('line', line([1, -1], [3, 5]))], { cells: [8, 8] }, 'An oblique line crossing two edges between vertices: computed crossing points shared by both pieces.');
write('split', 'square-diagonal', [feat('G', sq44), feat('line', line([-1, -1], [5, 5]))], { cells: [8, 8] }, 'The diagonal through two corners gives two triangles.');
write('split', 'polyline', [feat('G', sq44), feat('line', line([1, -1], [1, 3], [3, 3], [3, 5]))], { cells: [6, 10] }, 'A three-segment line with a step: left piece 6 cells, right piece 10.');
write(
  'split',
  'l-shape',
  [feat('G', poly(ring([0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]))), feat('line', line([-1, 2], [2, 2]))],
  { cells: [2, 5] },
  'An L cut across its vertical leg.',
);
write(
  'split',
  'through-hole',
  [feat('G', poly(rect(0, 0, 4, 4), rect(1, 1, 3, 3).reverse())), feat('line', line([2, -1], [2, 5]))],
  { cells: [6, 6] },
  'A line through the hole: two C-shaped pieces, no holes left.',
);
write(
  'split',
  'hole-kept',
  [feat('G', poly(rect(0, 0, 6, 4), rect(1, 1, 2, 2).reverse())), feat('line', line([4, -1], [4, 5]))],
  { cells: [15, 8], holes: [1, 0] },
  'A line away from the hole: the left piece keeps the hole.',
);
write(
  'split',
  'multipolygon',
  [feat('G', multi([rect(0, 0, 4, 4)], [rect(6, 0, 8, 2)], [rect(-3, 0, -2, 1)])), feat('line', line([2, -1], [2, 5]))],
  { cells: [9, 12], parts: [2, 2] },
  'A line cutting the first part of a 3-part grid: the far-left part joins the left piece, the far-right part the right piece.',
);
write('split', 'zigzag-three-pieces', [feat('G', sq44), feat('line', line([1, -1], [1, 5], [3, 5], [3, -1]))], { error: 'too_many_pieces' }, 'A U-shaped line entering twice: three pieces, refused.');
write('split', 'no-cross', [feat('G', sq44), feat('line', line([5, -1], [5, 5]))], { error: 'line_does_not_cross' }, 'A line beside the grid.');
write('split', 'ends-inside', [feat('G', sq44), feat('line', line([2, -1], [2, 2]))], { error: 'line_does_not_cross' }, 'A line that stops inside the grid.');
write(
  'split',
  'sliver',
  [feat('G', sq44), feat('line', line([0.01, -1], [0.01, 5]))],
  { error: 'sliver_piece' },
  'A cut 0.01 cells (≈0.8 m) from the edge leaves a sliver.',
);
write(
  'split',
  'only-into-hole',
  [feat('G', poly(rect(0, 0, 4, 4), rect(1, 1, 3, 3).reverse())), feat('line', line([2, -1], [2, 2]))],
  { error: 'line_does_not_cross' },
  'A line from outside into the hole does not divide the grid.',
);
write(
  'split',
  'crosses-two-parts',
  [feat('G', multi([rect(0, 0, 2, 2)], [rect(3, 0, 5, 2)])), feat('line', line([-1, 1], [6, 1]))],
  { error: 'crosses_several_parts' },
  'A line across both parts of a two-part grid.',
);
console.log('fixtures written under', FIX);
