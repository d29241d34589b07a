/**
 * Recognises the projected coordinate systems Chinese surveying data come in, from a
 * Shapefile's .prj (ESRI WKT1 as written by ArcGIS/GDAL, OGC WKT1, or WKT2): Gauss-Krüger /
 * transverse Mercator on CGCS2000, Xian 1980 or Beijing 1954 (and WGS84 UTM). We parse the WKT
 * ourselves and build an explicit proj4 string, so that what proj4 computes is exactly what
 * the label says (no hidden datum shifts picked up from a name).
 *
 * Datum shifts: CGCS2000 and WGS84 agree to centimetres at this scale (treated as identical).
 * The Xian 1980 and Beijing 1954 → WGS84 transformation parameters are not published, so the
 * coordinates are unprojected on their own ellipsoid and the resulting lon/lat are taken as
 * WGS84 with no shift: expect errors of up to about 100 m, which the warning says.
 */

/** A WKT node: KEYWORD[arg, arg, ...]. */
interface WktNode {
  key: string;
  args: WktValue[];
}
type WktValue = string | number | WktNode;

/** Parses WKT (either bracket style) into a tree; throws on malformed text. */
function parseWkt(text: string): WktNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const ident = () => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw new Error(`WKT: keyword expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const value = (): WktValue => {
    ws();
    const ch = text[i];
    if (ch === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('WKT: unterminated string');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          return s;
        }
        s += text[i++];
      }
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    const key = ident();
    ws();
    if (text[i] !== '[' && text[i] !== '(') return key;
    return node(key);
  };
  const node = (key: string): WktNode => {
    const close = text[i] === '[' ? ']' : ')';
    i++;
    const args: WktValue[] = [];
    ws();
    if (text[i] === close) {
      i++;
      return { key, args };
    }
    for (;;) {
      args.push(value());
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return { key, args };
      }
      throw new Error(`WKT: "," or "${close}" expected at ${i}`);
    }
  };
  ws();
  const key = ident();
  ws();
  if (text[i] !== '[' && text[i] !== '(') throw new Error('WKT: "[" expected after the root keyword');
  return node(key);
}

const children = (n: WktNode): WktNode[] => n.args.filter((a): a is WktNode => typeof a === 'object');
/** Depth-first search for the first node with one of the keys. */
function find(n: WktNode, keys: string[]): WktNode | undefined {
  for (const c of children(n)) {
    if (keys.includes(c.key.toUpperCase())) return c;
    const deeper = find(c, keys);
    if (deeper) return deeper;
  }
  return undefined;
}

/** What projFromPrj recognised. */
export interface PrjProjection {
  /** explicit proj4 definition (no datum shift: see the module comment) */
  proj4: string;
  /** e.g. "CGCS2000 / 3-degree Gauss-Krüger zone 42 (CM 126°E)" */
  label: string;
  labelZh: string;
  datum: 'cgcs2000' | 'xian80' | 'beijing54' | 'wgs84';
  /** set for Xian 1980 / Beijing 1954 (no public datum shift, ~100 m error) */
  warning?: string;
  warningZh?: string;
}

const DATUMS = {
  cgcs2000: { en: 'CGCS2000', zh: 'CGCS2000（2000国家大地坐标系）', a: 6378137, rf: 298.257222101 },
  xian80: { en: 'Xian 1980', zh: '西安80', a: 6378140, rf: 298.257 },
  beijing54: { en: 'Beijing 1954', zh: '北京54', a: 6378245, rf: 298.3 },
  wgs84: { en: 'WGS84', zh: 'WGS84', a: 6378137, rf: 298.257223563 },
} as const;

function whichDatum(names: string, a: number | undefined, rf: number | undefined): PrjProjection['datum'] | null {
  if (/CGCS|China[_ ]?(Geodetic|2000)|2000国家/i.test(names)) return 'cgcs2000';
  if (/Xi'?an|1980|西安/i.test(names)) return 'xian80';
  if (/Beijing|1954|北京/i.test(names)) return 'beijing54';
  if (/WGS[_ ]?(19)?84/i.test(names)) return 'wgs84';
  // nameless datum: fall back to the ellipsoid (GRS80 ≈ CGCS2000 ellipsoid, IAG-75, Krasovsky)
  for (const [k, d] of Object.entries(DATUMS)) if (a !== undefined && Math.abs(a - d.a) < 0.5 && rf !== undefined && Math.abs(rf - d.rf) < 1e-3) return k as PrjProjection['datum'];
  return null;
}

/**
 * Recognises a projected Gauss-Krüger / transverse Mercator .prj on CGCS2000, Xian 1980,
 * Beijing 1954 (or WGS84) and returns an explicit proj4 definition and a label for the user.
 * Returns null for anything else (geographic .prj, other projections or datums, unreadable WKT).
 */
export function projFromPrj(wkt: string): PrjProjection | null {
  let root: WktNode;
  try {
    root = parseWkt(wkt.trim());
  } catch {
    return null;
  }
  const rootKey = root.key.toUpperCase();
  if (rootKey !== 'PROJCS' && rootKey !== 'PROJCRS' && rootKey !== 'PROJECTEDCRS') return null;
  const method = find(root, ['PROJECTION', 'METHOD']);
  const methodName = method ? String(method.args[0]) : '';
  if (!/transverse.?mercator|gauss.?kr(u|ü)ger|tmerc/i.test(methodName)) return null;

  const ell = find(root, ['SPHEROID', 'ELLIPSOID']);
  const a = ell && typeof ell.args[1] === 'number' ? ell.args[1] : undefined;
  const rf = ell && typeof ell.args[2] === 'number' ? ell.args[2] : undefined;
  const datumNode = find(root, ['DATUM', 'GEODETICDATUM', 'TRF']);
  const geog = find(root, ['GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS']);
  const names = [root.args[0], datumNode?.args[0], geog?.args[0], ell?.args[0]].filter((s) => typeof s === 'string').join(' ');
  const datum = whichDatum(names, a, rf);
  if (!datum) return null;

  const params = new Map<string, number>();
  const collect = (n: WktNode) => {
    for (const c of children(n)) {
      if (c.key.toUpperCase() === 'PARAMETER' && typeof c.args[0] === 'string' && typeof c.args[1] === 'number') {
        params.set(c.args[0].toLowerCase().replace(/[^a-z]/g, ''), c.args[1]);
      }
      if (c.key.toUpperCase() === 'CONVERSION') collect(c);
    }
  };
  collect(root);
  const p = (...keys: string[]) => keys.map((k) => params.get(k)).find((v) => v !== undefined);
  const lon0 = p('centralmeridian', 'longitudeofnaturalorigin', 'longitudeoforigin', 'longitudeofcenter');
  if (lon0 === undefined) return null;
  const lat0 = p('latitudeoforigin', 'latitudeofnaturalorigin') ?? 0;
  const k = p('scalefactor', 'scalefactoratnaturalorigin') ?? 1;
  const x0 = p('falseeasting') ?? 0;
  const y0 = p('falsenorthing') ?? 0;
  // WKT1: the PROJCS's own UNIT (metres per unit); WKT2 units sit inside each PARAMETER, where
  // GDAL writes metres anyway
  const unit = children(root).find((c) => c.key.toUpperCase() === 'UNIT');
  const toMeter = unit && typeof unit.args[1] === 'number' ? unit.args[1] : 1;

  const d = DATUMS[datum];
  const ellps = datum === 'cgcs2000' ? '+ellps=GRS80' : datum === 'wgs84' ? '+ellps=WGS84' : `+a=${d.a} +rf=${d.rf}`;
  const def = `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} +x_0=${x0} +y_0=${y0} ${ellps} ${toMeter === 1 ? '+units=m' : `+to_meter=${toMeter}`} +no_defs`;

  const zone = Math.floor(x0 / 1e6);
  const name = String(root.args[0] ?? '');
  let band: '3' | '6' | null = /3[_ ]?deg|3度/i.test(name) ? '3' : /6[_ ]?deg|6度/i.test(name) ? '6' : null;
  if (!band && zone >= 25 && zone <= 45 && zone * 3 === lon0) band = '3';
  if (!band && zone >= 13 && zone <= 23 && zone * 6 - 3 === lon0) band = '6';
  // no zone in the easting: a CM that is a multiple of 3 but not of the 6n-3 form is 3-degree
  if (!band && zone === 0 && lon0 % 3 === 0 && lon0 % 6 !== 3) band = '3';
  const isUtm = /UTM/i.test(name);
  const kind = isUtm ? 'UTM' : 'Gauss-Krüger';
  const kindZh = isUtm ? 'UTM' : '高斯-克吕格';
  const zonePart = zone > 0 ? ` zone ${zone}` : '';
  const label = `${d.en} / ${band ? `${band}-degree ` : ''}${kind}${zonePart} (CM ${lon0}°E)`;
  const labelZh = `${d.zh} ${band ? `${band}度带` : ''}${kindZh}投影${zone > 0 ? ` 第${zone}带` : ''}（中央经线 ${lon0}°E）`;
  const out: PrjProjection = { proj4: def, label, labelZh, datum };
  if (datum === 'xian80' || datum === 'beijing54') {
    out.warning = `${d.en} → WGS84 datum-shift parameters are not public: converted on the ${d.en} ellipsoid with no shift, so positions may be off by up to about 100 m.`;
    out.warningZh = `${d.zh}到WGS84的转换参数未公开：按${d.zh}椭球投影反算、未做基准转换，位置误差可达约100米。`;
    out.label += ' (no datum shift, ±100 m)';
    out.labelZh += '（未做基准转换，误差约±100米）';
  }
  return out;
}
