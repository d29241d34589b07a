import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/auth/limits.ts';
import { importApp } from './helpers.ts';

/**
 * An import upload may be larger than other request bodies (zipped Shapefiles): the larger
 * limit applies to POST /api/layers/:layer/import only.
 */
const t = importApp();
afterAll(() => t.close());

/** A valid GeoJSON FeatureCollection of one small polygon, padded with whitespace to `bytes`. */
function paddedGeoJson(bytes: number): string {
  const fc = JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { code: 'X-1', name: 'x' }, geometry: { type: 'Polygon', coordinates: [[[125.9, 41.7], [125.901, 41.7], [125.901, 41.701], [125.9, 41.7]]] } }],
  });
  return fc + ' '.repeat(bytes - fc.length);
}

describe('upload size limit', () => {
  it('an import upload larger than the general body limit is read (not 413)', async () => {
    const res = await t.upload('grids', { name: 'big.geojson', bytes: paddedGeoJson(LIMITS.bodyBytes + 1024 * 1024) });
    expect(res.status).not.toBe(413);
    expect(res.body.previewId ?? res.body.error?.code).toBeTruthy();
  });
  it('above the upload limit the import answers 413 body_too_large', async () => {
    const res = await t.upload('grids', { name: 'huge.geojson', bytes: paddedGeoJson(LIMITS.uploadBytes + 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });
  it('other routes keep the general limit', async () => {
    const res = await t.call('POST', '/api/layers/grids', { pad: 'x'.repeat(LIMITS.bodyBytes + 10) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });
});
