import type { Db } from '../db/connection.ts';
import type { CoverageSettings } from './types.ts';

/** Defaults: 一村（格）一警 allows an officer up to 10 grids; 1 km reach in the city (东昌区 220502), 5 km elsewhere. */
export const DEFAULT_COVERAGE_SETTINGS: CoverageSettings = {
  maxGridsPerOfficer: 10,
  urbanReachM: 1000,
  ruralReachM: 5000,
  urbanCountyCodes: ['220502'],
};

/** The `settings` keys that override the defaults (values are JSON). */
export const COVERAGE_SETTING_KEYS = {
  maxGridsPerOfficer: 'coverage.maxGridsPerOfficer',
  urbanReachM: 'coverage.urbanReachM',
  ruralReachM: 'coverage.ruralReachM',
  urbanCountyCodes: 'coverage.urbanCountyCodes',
} as const satisfies Record<keyof CoverageSettings, string>;

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Reads the coverage settings from the `settings` table; a missing or malformed value falls
 * back to its default (a malformed one is logged once per read, naming the key).
 */
export function readCoverageSettings(db: Db): CoverageSettings {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'coverage.%'").all() as { key: string; value: string }[];
  const raw = new Map<string, unknown>();
  for (const r of rows) {
    try {
      raw.set(r.key, JSON.parse(r.value));
    } catch {
      console.warn(`[beatgrid] setting ${r.key} is not JSON (${r.value}); using the default`);
    }
  }
  const codes = raw.get(COVERAGE_SETTING_KEYS.urbanCountyCodes);
  return {
    maxGridsPerOfficer: positive(raw.get(COVERAGE_SETTING_KEYS.maxGridsPerOfficer)) ?? DEFAULT_COVERAGE_SETTINGS.maxGridsPerOfficer,
    urbanReachM: positive(raw.get(COVERAGE_SETTING_KEYS.urbanReachM)) ?? DEFAULT_COVERAGE_SETTINGS.urbanReachM,
    ruralReachM: positive(raw.get(COVERAGE_SETTING_KEYS.ruralReachM)) ?? DEFAULT_COVERAGE_SETTINGS.ruralReachM,
    urbanCountyCodes:
      Array.isArray(codes) && codes.every((c) => typeof c === 'string') ? (codes as string[]) : DEFAULT_COVERAGE_SETTINGS.urbanCountyCodes,
  };
}
