import type { CoverageRow, Ratio } from '../coverage/types.ts';

/** One percentage indicator of the report (target 100 %, the notice's target). */
export interface ShareIndicator {
  key: 'room' | 'post' | 'officer' | 'directorAssistant' | 'partTimeGridWorker' | 'aligned' | 'reach';
  zh: string;
  en: string;
  get: (r: CoverageRow) => Ratio | null;
}

/** One count indicator of the report (fewer is better except the unit counts). */
export interface CountIndicator {
  key: 'communities' | 'grids' | 'roomPlannedOnly' | 'postPlannedOnly' | 'vacantGrids' | 'vacantCommunities' | 'overloadedOfficers' | 'partyMemberAssistants' | 'noticesOpen' | 'noticesOverdue';
  zh: string;
  en: string;
  get: (r: CoverageRow) => number | null;
}

/** The percentage indicators in report order. */
export const SHARE_INDICATORS: ShareIndicator[] = [
  { key: 'room', zh: '社区警务室覆盖率', en: 'Communities with a police room', get: (r) => r.room },
  { key: 'post', zh: '网格警务站（岗）覆盖率', en: 'Grids with a police post', get: (r) => r.post },
  { key: 'officer', zh: '一村（格）一警配备率', en: 'Grids with an officer', get: (r) => r.officer },
  { key: 'directorAssistant', zh: '民警兼任社区主任助理率', en: 'Communities with a director assistant', get: (r) => r.directorAssistant },
  { key: 'partTimeGridWorker', zh: '民警辅警兼任网格员率', en: 'Officers serving as part-time grid workers', get: (r) => r.partTimeGridWorker },
  { key: 'aligned', zh: '警格网格边界一致率', en: 'Grids aligned with their beat', get: (r) => r.aligned },
  {
    key: 'reach',
    zh: '服务半径内网格面积占比',
    en: 'Grid area within reach of a room or post',
    get: (r) => (r.reach ? { n: r.reach.areaM2, of: r.reach.ofM2, share: r.reach.share } : null),
  },
];

/** The count indicators in report order. */
export const COUNT_INDICATORS: CountIndicator[] = [
  { key: 'communities', zh: '社区（村）数', en: 'Communities', get: (r) => r.communities },
  { key: 'grids', zh: '网格数', en: 'Grids', get: (r) => r.grids },
  { key: 'roomPlannedOnly', zh: '警务室仅规划', en: 'Rooms planned only', get: (r) => r.roomPlannedOnly },
  { key: 'postPlannedOnly', zh: '警务站仅规划', en: 'Posts planned only', get: (r) => r.postPlannedOnly },
  { key: 'vacantGrids', zh: '无民警网格', en: 'Grids without an officer', get: (r) => r.vacantGrids },
  { key: 'vacantCommunities', zh: '无主任助理社区', en: 'Communities without an assistant', get: (r) => r.vacantCommunities },
  { key: 'overloadedOfficers', zh: '超负荷民警', en: 'Overloaded officers', get: (r) => r.overloadedOfficers },
  { key: 'partyMemberAssistants', zh: '党员民警任主任助理', en: 'Party-member assistants', get: (r) => r.partyMemberAssistants },
  { key: 'noticesOpen', zh: '未办结告知', en: 'Open notices', get: (r) => r.noticesOpen },
  { key: 'noticesOverdue', zh: '逾期告知', en: 'Overdue notices', get: (r) => r.noticesOverdue },
];

/** A share as "87.5%" (one decimal), or "—" when unknown. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** Vacancy kinds in Chinese. */
export const VACANCY_ZH: Record<string, string> = {
  'grid-without-officer': '网格无民警',
  'community-without-assistant': '社区无主任助理',
  'community-without-room': '社区无警务室',
  'grid-without-post': '网格无警务站',
};
