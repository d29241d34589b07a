import { create } from 'zustand';
import { useUi } from '../../state/ui.ts';

/** How the gap choropleth colours grids (or hexagons). */
export type GapMode = 'off' | 'status' | 'distance' | 'hex';

export interface CoverageMapState {
  /** county code filter (null = whole city); `?county=CODE` in the URL sets it on load */
  county: string | null;
  heatmap: boolean;
  gaps: GapMode;
  setCounty: (county: string | null) => void;
  setHeatmap: (on: boolean) => void;
  setGaps: (mode: GapMode) => void;
}

function countyFromUrl(): string | null {
  try {
    const c = new URLSearchParams(window.location.search).get('county');
    return c && /^[0-9A-Za-z_-]{1,32}$/.test(c) ? c : null;
  } catch {
    return null;
  }
}

const initialCounty = countyFromUrl();
// a link to `/?county=CODE` (the dashboard's click-through) opens the 覆盖 tab on that county
if (initialCounty) useUi.getState().setTab('coverage');

/** State of the coverage tab's map overlays (density heatmap, gap choropleth, county filter). */
export const useCoverageMap = create<CoverageMapState>((set) => ({
  county: initialCounty,
  heatmap: false,
  gaps: 'off',
  setCounty: (county) => set({ county }),
  setHeatmap: (heatmap) => set({ heatmap }),
  setGaps: (gaps) => set({ gaps }),
}));
