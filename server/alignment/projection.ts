/**
 * Ellipsoidal Lambert Azimuthal Equal-Area (LAEA) projection on WGS84, the same formulas as
 * PROJ's `+proj=laea +datum=WGS84` (Snyder 1987) and as the benchmark harness
 * (scripts/bench/lib/geo.mjs). LAEA is equal-area on the ellipsoid, so planar areas in this
 * plane are ellipsoidal areas (to ~1e-8 for city-sized polygons).
 */

const A = 6378137.0;
const F = 1 / 298.257223563;
export const E2 = F * (2 - F);
export const E = Math.sqrt(E2);
export const D2R = Math.PI / 180;

function qfn(sinphi: number): number {
  const es = E * sinphi;
  return (1 - E2) * (sinphi / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}
export const QP = qfn(1);
export const RQ = A * Math.sqrt(QP / 2);

/**
 * Coefficients of sin β = (sin φ / QP) · q(φ) as a power series in t = e² sin² φ:
 *   q = (1 − e²) sin φ Σ_k (2k+2)/(2k+1) t^k
 * (sin φ / (1 − t) plus atanh(e sin φ) / e, both expanded). t ≤ e² ≈ 0.0067, so 9 terms reach
 * full double precision at every latitude, without the logarithm and the division of qfn.
 */
export const AUTHALIC_SERIES: readonly number[] = Array.from({ length: 9 }, (_, k) => ((1 - E2) / QP) * ((2 * k + 2) / (2 * k + 1)));

/** sin of the authalic latitude β from sin φ (series form of qfn(sinphi) / QP). */
export function authalicSin(sinphi: number): number {
  const c = AUTHALIC_SERIES;
  const t = E2 * sinphi * sinphi;
  return sinphi * (c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * (c[5] + t * (c[6] + t * (c[7] + t * c[8]))))))));
}

/** sin β by the closed formula (Snyder's q), the reference for authalicSin. */
export function authalicSinExact(sinphi: number): number {
  return qfn(sinphi) / QP;
}

/** A LAEA projection centred on (lon0, lat0), forward and inverse. */
export interface Projection {
  readonly lon0: number;
  readonly lat0: number;
  /** Project lon/lat degrees; writes x,y metres into out[o], out[o+1]. */
  forward(lon: number, lat: number, out: Float64Array | number[], o: number): void;
  /** Inverse: x,y metres to [lon, lat] degrees. */
  inverse(x: number, y: number): [number, number];
  /** PROJ string of this projection (for documentation and reference scripts). */
  readonly proj4: string;
  /** Constants of the oblique aspect, for loops that inline the forward formula. */
  readonly sinb1: number;
  readonly cosb1: number;
  readonly dd: number;
}

/** Create the ellipsoidal LAEA projection centred on (lon0, lat0) degrees. */
export function createLaea(lon0: number, lat0: number): Projection {
  const sinphi1 = Math.sin(lat0 * D2R);
  const cosphi1 = Math.cos(lat0 * D2R);
  const sinb1 = qfn(sinphi1) / QP;
  const cosb1 = Math.sqrt(1 - sinb1 * sinb1);
  const m1 = cosphi1 / Math.sqrt(1 - E2 * sinphi1 * sinphi1);
  const dd = (A * m1) / (RQ * cosb1);
  return {
    lon0,
    lat0,
    sinb1,
    cosb1,
    dd,
    proj4: `+proj=laea +lat_0=${lat0} +lon_0=${lon0} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`,
    forward(lon, lat, out, o) {
      const lam = (lon - lon0) * D2R;
      const sinb = authalicSin(Math.sin(lat * D2R));
      const cosb = Math.sqrt(1 - sinb * sinb);
      const coslam = Math.cos(lam);
      const b = RQ * Math.sqrt(2 / (1 + sinb1 * sinb + cosb1 * cosb * coslam));
      out[o] = b * dd * cosb * Math.sin(lam);
      out[o + 1] = (b / dd) * (cosb1 * sinb - sinb1 * cosb * coslam);
    },
    inverse(x, y) {
      const xx = x / dd;
      const yy = y * dd;
      const rho = Math.hypot(xx, yy);
      if (rho < 1e-12) return [lon0, lat0];
      const sce = 2 * Math.asin(rho / (2 * RQ));
      const cosz = Math.cos(sce);
      const sinz = Math.sin(sce);
      const sinb = cosz * sinb1 + (yy * sinz * cosb1) / rho;
      const lam = Math.atan2(xx * sinz, rho * cosb1 * cosz - yy * sinb1 * sinz);
      // authalic latitude -> geodetic latitude: Newton iteration on q(phi) = sinb * QP
      const q = sinb * QP;
      let phi = Math.asin(sinb);
      for (let i = 0; i < 12; i++) {
        const s = Math.sin(phi);
        const es2 = E2 * s * s;
        const dphi = ((1 - es2) * (1 - es2) / (2 * Math.cos(phi))) * (q / (1 - E2) - s / (1 - es2) + (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
        phi += dphi;
        if (Math.abs(dphi) < 1e-15) break;
      }
      return [lon0 + lam / D2R, phi / D2R];
    },
  };
}
