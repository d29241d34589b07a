import { create } from 'zustand';
import { api, errorMessage, type AppConfig } from '../api/client.ts';

export interface ConfigState {
  config: AppConfig | null;
  error: string | null;
  load: () => Promise<AppConfig>;
}

/** Installation settings from `/api/config` (read once at start-up). */
export const useConfig = create<ConfigState>((set) => ({
  config: null,
  error: null,
  load: async () => {
    try {
      const config = await api.config();
      set({ config, error: null });
      return config;
    } catch (err) {
      // The page still works without config: no basemap.
      const fallback: AppConfig = { basemapUrl: null };
      set({ config: fallback, error: errorMessage(err) });
      return fallback;
    }
  },
}));
