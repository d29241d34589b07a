import { create } from 'zustand';
import { api, errorMessage, type AppConfig } from '../api/client.ts';

export interface ConfigState {
  config: AppConfig | null;
  error: string | null;
  load: () => Promise<AppConfig>;
}

let inFlight: Promise<AppConfig> | null = null;

/** Installation settings from `/api/config` (read when the map opens; concurrent loads share one request). */
export const useConfig = create<ConfigState>((set) => ({
  config: null,
  error: null,
  load: () => {
    inFlight ??= api.config().then(
      (config) => {
        set({ config, error: null });
        return config;
      },
      (err: unknown) => {
        // The page still works without config: no basemap.
        const fallback: AppConfig = { basemapUrl: null };
        set({ config: fallback, error: errorMessage(err) });
        return fallback;
      },
    ).finally(() => { inFlight = null; });
    return inFlight;
  },
}));
