import fc from 'fast-check';

/**
 * Hostile values for the fuzz test of every write endpoint (issue 8). A value is either plain
 * JSON or a {@link Raw} fragment of JSON *text*: `1e999`, `NaN`, `Infinity`, `-0`, lone
 * surrogate escapes and deep nesting cannot survive `JSON.stringify`, so they are spliced into
 * the body text after serialisation.
 */

/** A piece of request-body text put in verbatim (may be invalid JSON on purpose). */
export class Raw {
  constructor(readonly text: string) {}
}

/** A hostile value: plain JSON, or raw text. */
export type Hostile = Raw | null | boolean | number | string | Hostile[] | { [k: string]: Hostile };

const raw = (text: string) => new Raw(text);

/** Serialises a body that may hold {@link Raw} fragments. */
export function bodyText(value: Hostile | undefined): string {
  if (value === undefined) return '';
  const pieces: string[] = [];
  const json = JSON.stringify(value, (_k, v) => {
    if (v instanceof Raw) {
      pieces.push(v.text);
      return `\u0000RAW${pieces.length - 1}\u0000`;
    }
    return v;
  });
  return json.replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i) => pieces[Number(i)]);
}

/** `[[[[…]]]]` nested `depth` deep (valid JSON; a recursive walker would overflow). */
export const deepArray = (depth: number): Raw => raw('['.repeat(depth) + ']'.repeat(depth));
/** `{"a":{"a":…}}` nested `depth` deep. */
export const deepObject = (depth: number): Raw => raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

// ---------------------------------------------------------------- numbers and scalars

/** Number tokens JSON.parse rejects (NaN, Infinity, hex…) or turns into non-finite / unsafe values. */
export const NUMBER_TOKENS: Raw[] = [
  raw('NaN'), raw('Infinity'), raw('-Infinity'), raw('1e999'), raw('-1e999'), raw('0x10'), raw('01'), raw('+1'), raw('.5'), raw('1.'),
  raw('9007199254740993'), raw('1e308'), raw('-1e308'), raw('5e-324'), raw('-0'), raw('undefined'),
];

/** Scalars of the wrong JSON type for most fields. */
export const WRONG_SCALARS: Hostile[] = [null, true, false, '', ' ', '1', 'null', [], {}, [1], { $gt: 0 }, raw('{"__proto__":{"admin":true}}')];

/** Strings no well-formed id, code or enum value looks like. */
export const NASTY_STRINGS: string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE features; --",
  '../../etc/passwd',
  '\u0000',
  '\u202eevil\u202c',
  '𠜎𠜱𠝹', '👮‍♀️🏳️‍🌈',
  'ẞ'.repeat(3),
  '%00%0d%0a',
  '${7*7}{{7*7}}',
  'constructor', '__proto__',
];

/** Lone surrogates and other escapes only JSON text can carry. */
export const STRING_TOKENS: Raw[] = [raw('"\\ud800"'), raw('"\\udfff\\ud800"'), raw('"\\u0000"'), raw("'single'"), raw('"unterminated'), raw('"tab\there"')];

/** Invalid values for a positive integer id / version. */
export const badPositiveInt = (): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.constantFrom<Hostile>(0, -1, 1.5, 2 ** 53, 1e21, -(2 ** 31), ...NUMBER_TOKENS, ...WRONG_SCALARS.filter((v) => v !== null)),
    fc.double({ noInteger: true }).filter(Number.isFinite),
    fc.integer({ max: 0 }),
    fc.constantFrom<Hostile>(...NASTY_STRINGS),
  );

/** Invalid values for a string field of at most `max` characters (required, min 1 after trim when `nonEmpty`). */
export const badString = (max: number, nonEmpty = true): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.constantFrom<Hostile>(0, 1, -1, true, false, [], {}, ['a'], { a: 'b' }, ...NUMBER_TOKENS.slice(0, 6), raw("'single'"), raw('"unterminated')),
    fc.constant<Hostile>('x'.repeat(max + 1)),
    fc.constant<Hostile>('界'.repeat(max + 1)),
    ...(nonEmpty ? [fc.constantFrom<Hostile>('', '   ', '\t\n')] : []),
  );

/** Invalid values for an enum field. */
export const badEnum = (allowed: readonly string[]): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.string({ maxLength: 20 }).filter((s) => !allowed.includes(s)),
    fc.constantFrom<Hostile>(...allowed.map((a) => a.toUpperCase()).filter((a) => !allowed.includes(a)), ...allowed.map((a) => ` ${a} `)),
    fc.constantFrom<Hostile>(null, 1, true, [], {}, [allowed[0]], ...NASTY_STRINGS),
  );

/** Invalid values for a boolean. */
export const badBool = (): fc.Arbitrary<Hostile> => fc.constantFrom<Hostile>('true', 'false', 1, 0, null, [], {}, 'yes', raw('True'), raw('tru'));

/** Invalid values for a YYYY-MM-DD date (wrong form, or a calendar date that does not exist). */
export const badDate = (): fc.Arbitrary<Hostile> =>
  fc.constantFrom<Hostile>('2026-13-01', '2026-02-30', '2026-00-10', '9999-99-99', '2026-1-1', '26-11-28', '2026/11/28', '', 20261128, null, '2026-11-28T00:00:00Z', ...NASTY_STRINGS.slice(0, 4));

/** Invalid values for a YYYY-MM month. */
export const badMonth = (): fc.Arbitrary<Hostile> =>
  fc.constantFrom<Hostile>('2026-13', '2026-00', '2026-1', '26-11', '2026/11', '', 202611, null, '9999-99', '2026-11-01', ...NASTY_STRINGS.slice(0, 4));

/** Invalid id arrays: empty, one, duplicates, wrong types, non-existent ids, oversized. */
export const badIdArray = (existing: number[], maxLen: number, minLen: number): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.constant<Hostile>([]),
    ...(minLen > 1 ? [fc.constantFrom<Hostile>(...existing.map((i) => [i]))] : []),
    fc.constantFrom<Hostile>(...existing.map((i) => [i, i]), existing.length > 1 ? [existing[0], existing[1], existing[0]] : [existing[0], existing[0]]),
    fc.constant<Hostile>([existing[0], 0]),
    fc.constant<Hostile>([existing[0], -3]),
    fc.constant<Hostile>([String(existing[0]), String(existing[1] ?? existing[0])]),
    fc.constant<Hostile>([existing[0], raw('1e999')]),
    fc.constant<Hostile>([existing[0], 1.5]),
    fc.constant<Hostile>(Array.from({ length: maxLen + 1 }, (_, i) => i + 1)),
    fc.constant<Hostile>(Array.from({ length: 10_000 }, () => existing[0])), // 10^5+ ids: see the merge hang in hostile-misc.test.ts
    fc.constantFrom<Hostile>(null, existing[0], String(existing[0]), {}, deepArray(50_000)),
  );

/** Invalid `{ "<id>": version }` maps. */
export const badVersionMap = (): fc.Arbitrary<Hostile> =>
  fc.constantFrom<Hostile>([], 'x', 1, { abc: 1 }, { '5': 0 }, { '5': '1' }, { '5': 1.5 }, { '-5': 1 }, { '5': raw('1e999') }, { '5': null }, { '': 1 }, deepObject(20_000));

// ---------------------------------------------------------------- geometry

type Pos = number[];
const ring = (pts: Pos[]): Pos[] => [...pts, pts[0]];

/** A random box inside the valid lon/lat range. */
const box = fc
  .record({ x: fc.double({ min: -170, max: 170, noNaN: true }), y: fc.double({ min: -80, max: 80, noNaN: true }), w: fc.double({ min: 1e-6, max: 5, noNaN: true }), h: fc.double({ min: 1e-6, max: 5, noNaN: true }) })
  .map(({ x, y, w, h }) => ({ x0: x, y0: y, x1: x + w, y1: y + h }));

/** Named invalid polygons: each must be refused, with a message naming the ring or position. */
export interface BadPolygon {
  why: string;
  geometry: Hostile;
  /** words the error message should contain (lower-case), when the problem has a location */
  mentions?: string[];
}

/** Polygons that are structurally valid JSON but invalid geometry, built around a random box. */
export const badPolygon = (): fc.Arbitrary<BadPolygon> =>
  fc.oneof(
    box.map(({ x0, y0, x1, y1 }) => ({ why: 'bow-tie (self-intersecting)', geometry: { type: 'Polygon', coordinates: [ring([[x0, y0], [x1, y1], [x1, y0], [x0, y1]])] }, mentions: ['self-intersect'] })),
    box.map(({ x0, y0, x1, y1 }) => ({ why: 'zero area (collinear)', geometry: { type: 'Polygon', coordinates: [ring([[x0, y0], [x1, y1], [(x0 + x1) / 2, (y0 + y1) / 2]])] }, mentions: ['ring'] })),
    box.map(({ x0, y0, x1, y1 }) => ({ why: 'not closed', geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]] }, mentions: ['ring 0', 'not closed'] })),
    box.map(({ x0, y0, x1 }) => ({ why: 'too few positions', geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x0, y0]]] }, mentions: ['ring 0'] })),
    box.map(({ x0, y0, x1, y1 }) => ({ why: 'repeated positions only', geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0, y0], [x1, y1], [x1, y1], [x0, y0]]] }, mentions: ['ring 0'] })),
    box.map(({ x0, y0, x1, y1 }) => ({
      why: 'hole outside its shell',
      geometry: { type: 'Polygon', coordinates: [ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), ring([[x1 + 1, y0], [x1 + 1, y1], [x1 + 2, y1], [x1 + 2, y0]]).reverse()] },
      mentions: ['ring 1'],
    })),
    box.map(({ x0, y0, x1, y1 }) => ({
      why: 'hole crossing its shell',
      geometry: { type: 'Polygon', coordinates: [ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), ring([[(x0 + x1) / 2, (y0 + y1) / 2], [x1 + 1, y0 + (y1 - y0) / 3], [x1 + 1, y1 - (y1 - y0) / 3]])] },
    })),
    box.map(({ x0, y0, x1, y1 }) => ({
      why: 'MultiPolygon with a bad second part',
      geometry: { type: 'MultiPolygon', coordinates: [[ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])], [ring([[x0, y0], [x1, y1], [x1, y0], [x0, y1]])]] },
      mentions: ['polygon 1'],
    })),
    fc.record({ b: box, lon: fc.constantFrom(180.0001, -181, 1e300, 360), lat: fc.constantFrom(90.5, -91, 1e300) }).map(({ b, lon, lat }) => ({
      why: 'out of lon/lat range',
      geometry: { type: 'Polygon', coordinates: [ring([[b.x0, b.y0], [lon, b.y0], [lon, lat], [b.x0, b.y1]])] },
      mentions: ['ring 0', 'position'],
    })),
    fc.record({ b: box, tok: fc.constantFrom(...NUMBER_TOKENS.slice(0, 5)) }).map(({ b, tok }) => ({
      why: `non-finite coordinate ${tok.text}`,
      geometry: { type: 'Polygon', coordinates: [[[b.x0, b.y0], [tok, b.y0], [b.x1, b.y1], [b.x0, b.y1], [b.x0, b.y0]]] },
    })),
    fc.record({ b: box, v: fc.constantFrom<Hostile>('125.9', null, true, [], {}, [1, 2, 3, 4]) }).map(({ b, v }) => ({
      why: `coordinate of wrong type ${JSON.stringify(v)}`,
      geometry: { type: 'Polygon', coordinates: [[[b.x0, b.y0], [b.x1, b.y0], v, [b.x0, b.y1], [b.x0, b.y0]]] },
      mentions: ['ring 0', 'position 2'],
    })),
    fc.constantFrom<BadPolygon>(
      { why: 'empty coordinates', geometry: { type: 'Polygon', coordinates: [] } },
      { why: 'empty ring', geometry: { type: 'Polygon', coordinates: [[]] } },
      { why: 'coordinates one level too shallow', geometry: { type: 'Polygon', coordinates: [[0, 0], [1, 0], [1, 1], [0, 0]] } },
      { why: 'coordinates one level too deep', geometry: { type: 'Polygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] } },
      { why: 'coordinates a string', geometry: { type: 'Polygon', coordinates: '0,0 1,0 1,1 0,0' } },
      { why: 'coordinates null', geometry: { type: 'Polygon', coordinates: null } },
      { why: 'deeply nested coordinates', geometry: { type: 'Polygon', coordinates: deepArray(100_000) } },
      { why: 'deeply nested geometry object', geometry: deepObject(100_000) },
      { why: 'wrong type Point', geometry: { type: 'Point', coordinates: [125.9, 41.7] } },
      { why: 'wrong type LineString', geometry: { type: 'LineString', coordinates: [[125.9, 41.7], [125.91, 41.71]] } },
      { why: 'GeometryCollection', geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }] } },
      { why: 'type missing', geometry: { coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
      { why: 'type lower case', geometry: { type: 'polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
      { why: 'a Feature instead of a geometry', geometry: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } } },
      { why: 'empty MultiPolygon', geometry: { type: 'MultiPolygon', coordinates: [] } },
      { why: 'geometry a string', geometry: 'POLYGON((0 0, 1 0, 1 1, 0 0))' },
      { why: 'geometry an array', geometry: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      { why: 'geometry a number', geometry: raw('1e999') },
    ),
  );

/** A ring of `n` positions on a circle (closed), as compact JSON text. */
export function circleRingText(n: number, cx = 125.92, cy = 41.71, r = 0.005): string {
  const parts: string[] = [];
  for (let i = 0; i < n - 1; i++) {
    const a = (2 * Math.PI * i) / (n - 1);
    parts.push(`[${(cx + r * Math.cos(a)).toFixed(7)},${(cy + r * Math.sin(a)).toFixed(7)}]`);
  }
  parts.push(parts[0]);
  return `[${parts.join(',')}]`;
}

/** A valid-looking polygon with `n` vertices (raw text, so a million of them stays cheap to build). */
export const manyVertexPolygon = (n: number): Raw => raw(`{"type":"Polygon","coordinates":[${circleRingText(n)}]}`);

/** Invalid points for a point layer. */
export const badPoint = (): fc.Arbitrary<Hostile> =>
  fc.constantFrom<Hostile>(
    { type: 'Point', coordinates: [] },
    { type: 'Point', coordinates: [125.9] },
    { type: 'Point', coordinates: [125.9, 41.7, 1, 2] },
    { type: 'Point', coordinates: [200, 41.7] },
    { type: 'Point', coordinates: [125.9, -91] },
    { type: 'Point', coordinates: [raw('NaN'), 41.7] },
    { type: 'Point', coordinates: [raw('1e999'), 41.7] },
    { type: 'Point', coordinates: ['125.9', '41.7'] },
    { type: 'Point', coordinates: null },
    { type: 'Point', coordinates: deepArray(50_000) },
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
    { type: 'MultiPoint', coordinates: [[125.9, 41.7]] },
    null,
    'POINT(125.9 41.7)',
  );

/** Invalid positions `[lon, lat]`. */
export const badPosition = (): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.constantFrom<Hostile>([], [1], [1, 2, 3], ['1', '2'], [null, null], [raw('NaN'), 1], [raw('1e999'), 1], [1, raw('-1e999')], 'x', null, {}, [[1, 2]], deepArray(50_000)),
    fc.tuple(fc.constantFrom(1e300, -1e300, 181, -180.5, 1e308), fc.double({ min: -90, max: 90, noNaN: true })).map(([x, y]) => [x, y]),
    fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(91, -90.5, 1e300)).map(([x, y]) => [x, y]),
  );

/** Invalid split lines (or lines the split must refuse). */
export const badLine = (): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc.constantFrom<Hostile>(
      { type: 'LineString', coordinates: [] },
      { type: 'LineString', coordinates: [[125.9, 41.71]] },
      { type: 'LineString', coordinates: [[125.905, 41.69], [125.905, 41.69]] },
      { type: 'LineString', coordinates: [[125.905, 41.69], [raw('NaN'), 41.73]] },
      { type: 'LineString', coordinates: [[125.905, 41.69], [raw('1e999'), 41.73]] },
      { type: 'LineString', coordinates: [[-1e300, 41.71], [1e300, 41.71]] },
      { type: 'LineString', coordinates: [[125.905, -1e308], [125.905, 1e308]] },
      { type: 'LineString', coordinates: [[200, 41.69], [200, 41.73]] },
      { type: 'LineString', coordinates: Array.from({ length: 10_001 }, (_, i) => [125.9 + i * 1e-6, 41.71]) },
      { type: 'LineString', coordinates: deepArray(50_000) },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      { type: 'Feature', geometry: null },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[125.9, 41.71]] } },
      { type: 'MultiLineString', coordinates: [[[125.905, 41.69], [125.905, 41.73]]] },
      null,
      'LINESTRING(0 0, 1 1)',
    ),
    // a line that stays outside the grid (cuts nothing)
    fc.tuple(fc.double({ min: -170, max: 100, noNaN: true }), fc.double({ min: -80, max: 30, noNaN: true })).map(([x, y]) => ({ type: 'LineString', coordinates: [[x, y], [x + 1, y + 1]] })),
  );

// ---------------------------------------------------------------- whole bodies

/** Request-body texts that are not JSON at all (or not a complete JSON value). */
export const brokenJsonText = (template: string): fc.Arbitrary<string> =>
  fc.oneof(
    // every proper prefix of an object's text lacks its closing brace
    fc.integer({ min: 1, max: Math.max(1, template.length - 1) }).map((n) => template.slice(0, n)).filter((s) => s.trim() !== ''),
    fc.constantFrom(
      '{', '}', '{"a":}', '{"a":1,}', "{'a':1}", '{a:1}', '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}', '{"a":undefined}', '{"a":1}{"b":2}',
      '{"a":1} trailing', '/* comment */ {}', '\uFEFF{', '[1,2', '"unterminated', 'nul', 'tru', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":01}',
      '{"a":\u0000}', '<?xml version="1.0"?><a/>', 'a=1&b=2', '--boundary\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--boundary--',
      '{"a":"' + 'x'.repeat(1000) + '}', '{'.repeat(100_000), '['.repeat(100_000),
    ),
    fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
      if (s.trim() === '') return false;
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );

/** JSON values that are not an object (every write body is an object). */
export const nonObjectJson = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('null', 'true', 'false', '0', '-1', '1e999', '-1e999', '""', '"{}"', '[]', '[{}]', '[null]', '1e308', '123456789012345678901234567890'),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 })).map((v) => JSON.stringify(v)),
    fc.constantFrom(deepArray(100_000).text, `[${deepObject(50_000).text}]`),
  );
