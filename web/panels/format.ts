import type { TFunction } from 'i18next';
import { LAYERS, type LayerName } from '../map/layerConfig.ts';

/** Property keys that are shown elsewhere (title, header) or are bookkeeping. */
export const HIDDEN_PROPS = new Set(['name', 'code', 'layer', 'parentId', 'stationId', 'id']);

/** "directorAssistant" / "area_m2" → "Director assistant" / "Area m2": a readable fallback label. */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Human label of a property key (`attrs.<key>`), falling back to the humanized key. */
export function attrLabel(t: TFunction, key: string): string {
  return t(`attrs.${key}`, { defaultValue: humanize(key) });
}

export function isLayerName(v: unknown): v is LayerName {
  return typeof v === 'string' && (LAYERS as readonly string[]).includes(v);
}

/**
 * Formats a property value for display: statuses, roles, kinds and layers through i18n;
 * booleans as yes/no; areas in m² or km²; shares as percentages; nested values as JSON.
 */
export function formatValue(t: TFunction, key: string, value: unknown, lang: string): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') {
    const k = key.toLowerCase();
    if (k.includes('share') || k.includes('ratio') || k.endsWith('pct')) {
      const pct = value <= 1 ? value * 100 : value;
      return `${pct.toLocaleString(lang, { maximumFractionDigits: 1 })}%`;
    }
    if (k.endsWith('km2')) return `${value.toLocaleString(lang, { maximumFractionDigits: 3 })} km²`;
    if (k.endsWith('m2') || k === 'area') {
      return value >= 1e6
        ? `${(value / 1e6).toLocaleString(lang, { maximumFractionDigits: 2 })} km²`
        : `${Math.round(value).toLocaleString(lang)} m²`;
    }
    return value.toLocaleString(lang, { maximumFractionDigits: 6 });
  }
  if (typeof value === 'string') {
    if (key === 'layer' && isLayerName(value)) return t(`layers.${value}`);
    if (key === 'status' || key === 'role' || key === 'kind' || key === 'type') {
      return t(`values.${key}.${value}`, { defaultValue: value });
    }
    return value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join('、');
  return JSON.stringify(value);
}
