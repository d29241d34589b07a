import { create } from 'zustand';
import { errorMessage } from '../api/client.ts';
import { coverageApi, type CoverageRow, type FilingStatus, type TrendAnswer } from './api.ts';
import { COUNT_KEYS, SHARE_KEYS, shareOf, type CountKey, type ShareKey } from './format.ts';

export type SortKey = 'name' | 'communities' | 'grids' | ShareKey | CountKey | 'filing';

export interface DashboardState {
  counties: CoverageRow[];
  city: CoverageRow | null;
  status: FilingStatus | null;
  trend: TrendAnswer | null;
  loading: boolean;
  error: string | null;
  /** time the data took to arrive (ms) */
  loadMs: number | null;
  sort: { key: SortKey; dir: 1 | -1 };
  indicator: ShareKey;
  filing: string | null;
  load: () => Promise<void>;
  setSort: (key: SortKey) => void;
  setIndicator: (key: ShareKey) => void;
  file: (county: string) => Promise<void>;
}

/** The dashboard's data: county rows, the city total, this month's filing status and the trend. */
export const useDashboard = create<DashboardState>((set, get) => ({
  counties: [],
  city: null,
  status: null,
  trend: null,
  loading: false,
  error: null,
  loadMs: null,
  sort: { key: 'name', dir: 1 },
  indicator: 'room',
  filing: null,
  load: async () => {
    const started = performance.now();
    set({ loading: true, error: null });
    try {
      const [county, city, status, trend] = await Promise.all([
        coverageApi.coverage('county'),
        coverageApi.coverage('city'),
        coverageApi.status(),
        coverageApi.trend(),
      ]);
      set({ counties: county.rows, city: city.rows[0] ?? null, status, trend, loading: false, loadMs: Math.round(performance.now() - started) });
    } catch (err) {
      set({ loading: false, error: errorMessage(err) });
    }
  },
  setSort: (key) => set((s) => ({ sort: { key, dir: s.sort.key === key ? (-s.sort.dir as 1 | -1) : key === 'name' ? 1 : -1 } })),
  setIndicator: (indicator) => set({ indicator }),
  file: async (county) => {
    const month = get().status?.month;
    if (!month) return;
    set({ filing: county, error: null });
    try {
      await coverageApi.file(county, month);
      const status = await coverageApi.status(month);
      const trend = await coverageApi.trend();
      set({ status, trend, filing: null });
    } catch (err) {
      set({ filing: null, error: errorMessage(err) });
    }
  },
}));

/** Rows sorted by the chosen column (unknown values last). */
export function sortRows(rows: CoverageRow[], sort: DashboardState['sort'], status: FilingStatus | null): CoverageRow[] {
  const filed = new Map(status?.counties.map((c) => [c.code, c.filed ? 2 : c.missing ? 0 : 1]) ?? []);
  const value = (r: CoverageRow): number | string | null => {
    if (sort.key === 'name') return r.code;
    if (sort.key === 'communities' || sort.key === 'grids') return r[sort.key];
    if (sort.key === 'filing') return filed.get(r.code) ?? null;
    if ((SHARE_KEYS as readonly string[]).includes(sort.key)) return shareOf(r, sort.key as ShareKey);
    if ((COUNT_KEYS as readonly string[]).includes(sort.key)) return r[sort.key as CountKey];
    return null;
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    return (va < vb ? -1 : va > vb ? 1 : 0) * sort.dir;
  });
}
