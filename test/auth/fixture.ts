import type { DemoCity, DemoFeature } from '../../server/demo/types.ts';
import { miniCity, rect } from '../fixtures/mini-city.ts';

/**
 * The API fixture city (test/fixtures/mini-city.ts) plus what scope tests need: a second
 * police station in 东昌区 (PS-DC-02, owning BEAT-DC-03) and a second county 通化县 (220521)
 * with one township, community, grid, station (PS-TH-01) and beat (BEAT-TH-01).
 */
export const AUTH = {
  countyA: '220502',
  countyB: '220521',
  stationA: 'PS-DC-01',
  stationA2: 'PS-DC-02',
  stationB: 'PS-TH-01',
  beatA: 'BEAT-DC-01',
  beatA2: 'BEAT-DC-03',
  beatB: 'BEAT-TH-01',
  gridA: '220502001001001',
  gridB: '220521001001001',
  communityB: '220521001001',
};

const Y0 = 41.7;
const Y1 = 41.72;

function f(layer: DemoFeature['layer'], code: string, name: string, extra: Partial<DemoFeature>): DemoFeature {
  return { key: `${layer}:${code}`, layer, code, name, props: {}, geometry: rect(125.95, Y0, 125.97, Y1), ...extra };
}

/** A fresh copy of the fixture. */
export function authCity(): DemoCity {
  const city = miniCity();
  city.features.push(
    f('stations', AUTH.stationA2, '东站派出所', { parentKey: `counties:${AUTH.countyA}`, geometry: rect(125.935, Y0, 125.94, Y1) }),
    f('beats', AUTH.beatA2, '东站第一责任区', { stationKey: `stations:${AUTH.stationA2}`, geometry: rect(125.935, Y0, 125.94, Y1) }),
    f('counties', AUTH.countyB, '通化县', {}),
    f('townships', '220521001', '快大茂镇', { parentKey: `counties:${AUTH.countyB}` }),
    f('communities', AUTH.communityB, '快大茂社区', { parentKey: 'townships:220521001' }),
    f('grids', AUTH.gridB, '快大茂社区第一网格', { parentKey: `communities:${AUTH.communityB}` }),
    f('stations', AUTH.stationB, '快大茂派出所', { parentKey: `counties:${AUTH.countyB}` }),
    f('beats', AUTH.beatB, '快大茂第一责任区', { stationKey: `stations:${AUTH.stationB}` }),
  );
  city.staff.push({ key: 'staff:OF-TH-1', kind: 'officer', code: 'OF-TH-1', name: '周警官', unitKey: `stations:${AUTH.stationB}`, partyMember: true, phone: '0435-0000009' });
  return city;
}
