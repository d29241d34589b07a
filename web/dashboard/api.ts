import { getJson } from '../api/client.ts';
import type { CoverageRow, CoverageSettings, GridDistance, Overload, Vacancy } from '../../server/coverage/types.ts';
import type { CountyFiling, TrendPoint } from '../../server/reports/status.ts';

export type { CoverageRow, CountyFiling, TrendPoint };

/** `GET /api/coverage?level=…` */
export interface CoverageAnswer {
  level: string;
  county: string | null;
  generatedAt: string;
  hasAlignment: boolean;
  hasNotices: boolean;
  settings: CoverageSettings;
  rows: CoverageRow[];
}

/** `GET /api/reports/status` */
export interface FilingStatus {
  month: string;
  dueDate: string;
  pastDue: boolean;
  current: boolean;
  counties: CountyFiling[];
}

/** `GET /api/reports/trend` */
export interface TrendAnswer {
  months: string[];
  series: { code: string; name: string; points: TrendPoint[] }[];
}

/** `GET /api/coverage/distance` (JSON form) */
export interface DistanceAnswer {
  county: string | null;
  reach: { areaM2: number; ofM2: number; share: number | null } | null;
  settings: CoverageSettings;
  grids: GridDistance[];
}

/** The coverage and report endpoints the dashboard and the coverage panel use. */
export const coverageApi = {
  coverage: (level: 'city' | 'county' | 'township' | 'community' | 'grid', county?: string) =>
    getJson<CoverageAnswer>(`/api/coverage?level=${level}${county ? `&county=${encodeURIComponent(county)}` : ''}`),
  status: (month?: string) => getJson<FilingStatus>(`/api/reports/status${month ? `?month=${month}` : ''}`),
  trend: () => getJson<TrendAnswer>('/api/reports/trend'),
  distance: (county?: string) => getJson<DistanceAnswer>(`/api/coverage/distance${county ? `?county=${encodeURIComponent(county)}` : ''}`),
  vacancies: (county?: string) =>
    getJson<{ vacancies: Vacancy[]; overloads: Overload[] }>(`/api/coverage/vacancies${county ? `?county=${encodeURIComponent(county)}` : ''}`),
  /** Files the county's report for the month (a frozen snapshot). */
  file: (county: string, month: string) =>
    getJson<{ id: number }>('/api/reports/monthly/file', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ county, month }),
    }),
  reportUrl: (county: string, month: string, format: 'html' | 'xlsx') =>
    `/api/reports/monthly?county=${encodeURIComponent(county)}&month=${month}&format=${format}`,
};
