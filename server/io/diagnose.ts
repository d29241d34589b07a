import proj4 from 'proj4';
import { eachPosition } from './positions.ts';
import type { CoordinateDiagnosis, SourceFeature } from './types.ts';

/**
 * Tells what the coordinates of an upload look like, so that projected metres, swapped axes
 * or garbage are explained to the user instead of being imported somewhere off Africa.
 * Only the numbers are looked at (a .prj is handled separately by prj.ts).
 *
 * Ranges: China lies within lon 73–136°E, lat 3–54°N. Gauss-Krüger northings there run from
 * about 0.3 to 6.0 million metres; eastings are 500 000 m ± 350 km around the central
 * meridian, prefixed by the zone number (× 1 000 000) when the "zone in the false easting"
 * variant is used: 3-degree zones 25–45 (CM = 3 × zone), 6-degree zones 13–23 (CM = 6 × zone − 3).
 */

const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };
const WM_MAX = 20037508.342789244;
const NORTHING = { min: 200_000, max: 6_200_000 };

const inChina = (lon: number, lat: number) => lon >= CHINA.minLon && lon <= CHINA.maxLon && lat >= CHINA.minLat && lat <= CHINA.maxLat;
const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const where = (lon: number, lat: number) => `${lon.toFixed(2)}°E ${lat.toFixed(2)}°N`;

interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function result(kind: CoordinateDiagnosis['kind'], message: string, messageZh: string, zone?: number): CoordinateDiagnosis {
  const d: CoordinateDiagnosis = { kind, ok: kind === 'lonlat', message, messageZh };
  if (zone !== undefined) d.zone = zone;
  return d;
}

/** Gauss-Krüger reading of a box whose x is the easting; null if it does not fit. */
function gaussKruger(b: Box, swapped: boolean): CoordinateDiagnosis | null {
  if (b.minY < NORTHING.min || b.maxY > NORTHING.max) return null;
  const zone = Math.floor(b.minX / 1e6);
  if (Math.floor(b.maxX / 1e6) !== zone) return null;
  const axes = swapped ? ' with X (north) and Y (east) swapped — surveyors write northing first' : '';
  const axesZh = swapped ? '，且X（北）与Y（东）坐标顺序颠倒（测量习惯北坐标在前）' : '';
  const cx = (b.minX + b.maxX) / 2 - zone * 1e6;
  const cy = (b.minY + b.maxY) / 2;
  const centre = (cm: number) => {
    const [lon, lat] = proj4(`+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`, 'WGS84', [cx, cy]);
    return where(lon, lat);
  };
  const advice = 'Upload the Shapefile with its .prj (it is reprojected automatically) or convert to WGS84 lon/lat first.';
  const adviceZh = '请连同 .prj 文件一起上传 Shapefile（将自动转换），或先转换为WGS84经纬度。';
  if (zone >= 25 && zone <= 45) {
    const cm = zone * 3;
    return result(
      'gauss-kruger-3deg',
      `Coordinates look like CGCS2000 3-degree Gauss-Krüger metres, zone ${zone} (CM ${cm}°E)${axes} (or Xian 1980 / Beijing 1954 on the same grid), around ${centre(cm)}, not lon/lat. ${advice}`,
      `坐标看起来是CGCS2000 3度带高斯-克吕格投影米制坐标，第${zone}带（中央经线${cm}°E）${axesZh}（也可能是西安80/北京54），位置约在${centre(cm)}，不是经纬度。${adviceZh}`,
      zone,
    );
  }
  if (zone >= 13 && zone <= 23) {
    const cm = zone * 6 - 3;
    return result(
      'gauss-kruger-6deg',
      `Coordinates look like CGCS2000 6-degree Gauss-Krüger metres, zone ${zone} (CM ${cm}°E)${axes} (or Xian 1980 / Beijing 1954 on the same grid), around ${centre(cm)}, not lon/lat. ${advice}`,
      `坐标看起来是CGCS2000 6度带高斯-克吕格投影米制坐标，第${zone}带（中央经线${cm}°E）${axesZh}（也可能是西安80/北京54），位置约在${centre(cm)}，不是经纬度。${adviceZh}`,
      zone,
    );
  }
  if (zone === 0 && b.minX >= 100_000 && b.maxX <= 900_000) {
    return result(
      'gauss-kruger-3deg',
      `Coordinates look like Gauss-Krüger metres without the zone number (eastings ${fmt(b.minX)}–${fmt(b.maxX)} m around the 500,000 m false easting)${axes}: most likely CGCS2000 3-degree Gauss-Krüger, but the central meridian cannot be told from the numbers alone (6-degree or UTM look the same). ${advice}`,
      `坐标看起来是不带带号的高斯-克吕格投影米制坐标（东坐标${fmt(b.minX)}–${fmt(b.maxX)}米，假东500000米）${axesZh}：很可能是CGCS2000 3度带，但仅凭数值无法确定中央经线（6度带或UTM也相同）。${adviceZh}`,
    );
  }
  return null;
}

/**
 * Looks at every coordinate of the features and says whether they are lon/lat (importable),
 * swapped lat/lon, Gauss-Krüger metres (3- or 6-degree, with or without the zone number in
 * the false easting, also with northing first), web-mercator metres, other projected metres
 * or out of range, with one sentence in English and Chinese.
 */
export function diagnoseCoordinates(features: SourceFeature[]): CoordinateDiagnosis {
  const b: Box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  let n = 0;
  let world = 0;
  let china = 0;
  let swappedWorld = 0;
  let swappedChina = 0;
  let firstBad: { feature: number; x: number; y: number } | null = null;
  for (const f of features) {
    eachPosition(f.geometry, (x, y) => {
      n++;
      b.minX = Math.min(b.minX, x);
      b.maxX = Math.max(b.maxX, x);
      b.minY = Math.min(b.minY, y);
      b.maxY = Math.max(b.maxY, y);
      const okWorld = Math.abs(x) <= 180 && Math.abs(y) <= 90;
      if (okWorld) world++;
      else if (!firstBad) firstBad = { feature: f.index, x, y };
      if (inChina(x, y)) china++;
      if (Math.abs(y) <= 180 && Math.abs(x) <= 90) swappedWorld++;
      if (inChina(y, x)) swappedChina++;
    });
  }
  const dec = Math.max(Math.abs(b.minX), Math.abs(b.maxX), Math.abs(b.minY), Math.abs(b.maxY)) > 1000 ? 0 : 6;
  const range = `x ${fmt(b.minX, dec)}…${fmt(b.maxX, dec)}, y ${fmt(b.minY, dec)}…${fmt(b.maxY, dec)}`;
  if (n === 0) return result('empty', 'The file has no coordinates.', '文件中没有坐标。');

  if (world === n) {
    // lat/lon pairs of western China (lon < 90) still fit lon/lat ranges: only the China box can tell
    if (china === 0 && swappedChina === n) {
      return result(
        'latlon-swapped',
        `Coordinates look like latitude/longitude in the wrong order (${range}): swapped they would lie in China. Swap the columns (longitude first) and upload again.`,
        `坐标的经纬度顺序颠倒了（${range}）：交换后位于中国境内。请将经度放在前面后重新上传。`,
      );
    }
    const span = `lon ${fmt(b.minX, 4)}…${fmt(b.maxX, 4)}, lat ${fmt(b.minY, 4)}…${fmt(b.maxY, 4)}`;
    if (china === n) return result('lonlat', `Coordinates are longitude/latitude degrees (${span}), within China.`, `坐标为经纬度（经度${fmt(b.minX, 4)}…${fmt(b.maxX, 4)}，纬度${fmt(b.minY, 4)}…${fmt(b.maxY, 4)}），位于中国境内。`);
    return result(
      'lonlat',
      `Coordinates are longitude/latitude degrees (${span}), but ${n - china} of ${n} lie outside China: check the data.`,
      `坐标为经纬度（经度${fmt(b.minX, 4)}…${fmt(b.maxX, 4)}，纬度${fmt(b.minY, 4)}…${fmt(b.maxY, 4)}），但${n}个中有${n - china}个位于中国境外，请检查数据。`,
    );
  }
  if (swappedWorld === n) {
    return result(
      'latlon-swapped',
      `Coordinates look like latitude/longitude in the wrong order (${range}): the second number exceeds 90, which no latitude can. Swap the columns (longitude first) and upload again.`,
      `坐标的经纬度顺序颠倒了（${range}）：第二个数超过90，不可能是纬度。请将经度放在前面后重新上传。`,
    );
  }
  if (world > 0) {
    const fb = firstBad as { feature: number; x: number; y: number } | null;
    const at = fb ? ` (first: feature ${fb.feature + 1}, ${fb.x}, ${fb.y})` : '';
    const atZh = fb ? `（第一个：第${fb.feature + 1}个要素，${fb.x}, ${fb.y}）` : '';
    return result(
      'out-of-range',
      `${n - world} of ${n} coordinates are outside longitude −180…180 / latitude −90…90${at}, while the rest are lon/lat: the file mixes coordinate systems or has broken values.`,
      `${n}个坐标中有${n - world}个超出经度−180…180、纬度−90…90范围${atZh}，其余为经纬度：文件混用了坐标系或有错误数值。`,
    );
  }
  const gk = gaussKruger(b, false) ?? gaussKruger({ minX: b.minY, maxX: b.maxY, minY: b.minX, maxY: b.maxX }, true);
  // Web-mercator eastings of eastern China (lon 117–136°) overlap Gauss-Krüger 6-degree zones
  // 13–15 (far western China); for this product web tools in eastern China are the likelier source.
  const wmLon = (x: number) => (x / WM_MAX) * 180;
  const wmLat = (y: number) => (Math.atan(Math.sinh((y / WM_MAX) * Math.PI)) * 180) / Math.PI;
  const wmChina = Math.abs(b.minX) <= WM_MAX && Math.abs(b.maxY) <= WM_MAX && inChina(wmLon(b.minX), wmLat(b.minY)) && inChina(wmLon(b.maxX), wmLat(b.maxY));
  if (wmChina && (!gk || gk.kind === 'gauss-kruger-6deg')) {
    const c = where(wmLon((b.minX + b.maxX) / 2), wmLat((b.minY + b.maxY) / 2));
    return result(
      'web-mercator',
      `Coordinates look like Web Mercator metres (EPSG:3857, ${range}), around ${c}, not lon/lat. Convert to WGS84 lon/lat (EPSG:4326) and upload again.`,
      `坐标看起来是Web墨卡托米制坐标（EPSG:3857，${range}），位置约在${c}，不是经纬度。请转换为WGS84经纬度（EPSG:4326）后重新上传。`,
    );
  }
  if (gk) return gk;
  if (Math.max(Math.abs(b.minX), Math.abs(b.maxX), Math.abs(b.minY), Math.abs(b.maxY)) <= 1e8) {
    return result(
      'projected-metres',
      `Coordinates look like projected metres in an unknown projection (${range}), not lon/lat. Upload the Shapefile with its .prj, or convert to WGS84 lon/lat first.`,
      `坐标看起来是未知投影的米制坐标（${range}），不是经纬度。请连同 .prj 文件上传 Shapefile，或先转换为WGS84经纬度。`,
    );
  }
  return result('out-of-range', `Coordinates are out of any plausible range (${range}).`, `坐标超出任何合理范围（${range}）。`);
}
