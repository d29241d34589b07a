import { useTranslation } from 'react-i18next';
import { PARENT_LAYER, STATION_OWNED, type LayerName } from '../../../server/domain/layers.ts';
import type { FieldMapping } from './data-api.ts';

/** The mapping targets a layer has: code and name always, parent and station when the layer has them. */
export function mappingKeys(layer: LayerName): (keyof FieldMapping)[] {
  const keys: (keyof FieldMapping)[] = ['code', 'name'];
  if (PARENT_LAYER[layer]) keys.push('parent');
  if (STATION_OWNED.has(layer)) keys.push('station');
  return keys;
}

/** A sample value of a source field (first rows), to tell the user what the column holds. */
function sampleOf(sample: Record<string, unknown>[], field: string | null): string {
  if (!field) return '';
  const values = new Set(sample.map((r) => r[field]).filter((v) => v !== null && v !== undefined && v !== '').map(String));
  return [...values].slice(0, 2).join(', ');
}

/**
 * 字段对应: which source attribute feeds code, name, parent (and station) — pre-filled with the
 * server's guess; every change is validated again by the server (`onChange`).
 */
export function MappingForm({ layer, fields, sample, mapping, disabled, onChange }: {
  layer: LayerName;
  fields: string[];
  sample: Record<string, unknown>[];
  mapping: FieldMapping;
  disabled: boolean;
  onChange: (m: FieldMapping) => void;
}) {
  const { t } = useTranslation();
  const parent = PARENT_LAYER[layer];
  return (
    <div className="data-form" data-testid="import-mapping">
      {mappingKeys(layer).map((key) => (
        <label key={key}>
          <span>{key === 'parent' && parent ? t('data.mapping.parentOf', { layer: t(`layers.${parent}`) }) : t(`data.mapping.${key}`)}</span>
          <span className="data-field">
            <select
              value={mapping[key] ?? ''}
              disabled={disabled}
              onChange={(e) => onChange({ ...mapping, [key]: e.target.value || null })}
              data-testid={`import-map-${key}`}
            >
              <option value="">{t('data.mapping.none')}</option>
              {fields.map((f) => (
                <option key={f} value={f}>{f}</option>
              ))}
            </select>
            {mapping[key] && <span className="muted small data-sample" data-testid={`import-map-${key}-sample`}>{t('data.mapping.sample', { values: sampleOf(sample, mapping[key]) || '—' })}</span>}
          </span>
        </label>
      ))}
    </div>
  );
}
