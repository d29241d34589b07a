import { useTranslation } from 'react-i18next';
import type { RelatedRecords } from '../api/client.ts';
import { useSelection } from '../state/selection.ts';
import { attrLabel, formatValue, humanize, isLayerName } from './format.ts';
import { Swatch } from './Swatch.tsx';
import type { LayerName } from '../map/layerConfig.ts';

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A record that names a feature we can select: `{layer, id, ...}` or `{feature: {...}}`. */
function featureRef(v: Rec): { layer: LayerName; id: number; code?: string; name?: string } | null {
  const f = isRecord(v.feature) ? v.feature : v;
  const props = isRecord(f.properties) ? f.properties : f;
  const layer = f.layer ?? props.layer;
  const id = typeof f.id === 'number' ? f.id : Number(f.id);
  if (!isLayerName(layer) || !Number.isFinite(id)) return null;
  return { layer, id, code: props.code as string | undefined, name: props.name as string | undefined };
}

/** Scalar fields of a record other than the ones already shown in a row's title. */
const EXTRA_SKIP = new Set(['share', 'staffId', 'layer', 'id', 'code', 'name', 'feature', 'properties', 'geometry', 'bbox', 'type', 'parentId', 'stationId', 'version']);

/**
 * Renders `/related` generically: each top-level key becomes a section (`related.<key>`);
 * records naming a feature become links that select it and fly to it; other records become
 * labelled rows.
 */
/** Keys of `/related` in the order they are shown; other keys follow in their own order. */
const SECTION_ORDER = ['ancestors', 'station', 'officers', 'beats', 'auxGrids', 'posts', 'policeRooms', 'directorAssistants', 'staff', 'grids', 'children'];
/** Sections shown even when empty: an empty one is a vacancy or a coverage gap worth seeing. */
const SHOW_WHEN_EMPTY = new Set(['beats', 'auxGrids', 'posts', 'policeRooms', 'directorAssistants', 'officers']);
/** Keys not shown: `feature` is the selected feature itself. */
const SKIP_KEYS = new Set(['feature']);
/** Long lists (a county's townships, a station's zones) are cut to this many rows. */
const MAX_ROWS = 40;

/**
 * Renders `/related` generically: each top-level key becomes a section (`related.<key>`);
 * records naming a feature become links that select it and fly to it; other records become
 * labelled rows.
 */
export function RelatedSections({ related }: { related: RelatedRecords }) {
  const { t, i18n } = useTranslation();
  const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  const entries = Object.entries(withoutRepeats(related)).filter(([k, v]) => !SKIP_KEYS.has(k) && (!isEmpty(v) || SHOW_WHEN_EMPTY.has(k)));
  const rank = (k: string) => { const i = SECTION_ORDER.indexOf(k); return i < 0 ? SECTION_ORDER.length : i; };
  entries.sort((a, b) => rank(a[0]) - rank(b[0]));
  const scalars = entries.filter(([, v]) => v !== null && typeof v !== 'object');
  const sections = entries.filter(([, v]) => v === null || typeof v === 'object');
  return (
    <div data-testid="details-related">
      {sections.map(([key, value]) => {
        const items: unknown[] = value === null ? [] : Array.isArray(value) ? value
          : isRecord(value) && !featureRef(value) && !looksLikeRecord(value) ? Object.values(value) : [value];
        const title = t(`related.${key}`, { defaultValue: humanize(key) });
        const hidden = items.length - MAX_ROWS;
        return (
          <section className="panel-section" key={key} data-testid={`related-${key}`}>
            <h3 className="section-title">{title}{items.length > 1 && <span className="count">{items.length}</span>}</h3>
            {items.length === 0 ? (
              <p className="vacant small" data-testid={`vacant-${key}`}>{t('details.vacant')}</p>
            ) : (
              <ul className="related-list">
                {items.slice(0, MAX_ROWS).map((item, i) => <RelatedItem key={i} item={item} />)}
                {hidden > 0 && <li className="muted small">{t('details.more', { count: hidden })}</li>}
              </ul>
            )}
          </section>
        );
      })}
      {scalars.length > 0 && (
        <section className="panel-section">
          <dl className="kv">
            {scalars.map(([k, v]) => (
              <div className="kv-row" key={k}><dt>{attrLabel(t, k)}</dt><dd>{formatValue(t, k, v, i18n.language)}</dd></div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

/**
 * `staff` lists everyone assigned to the feature; sections such as `officers` or
 * `directorAssistants` repeat some of them. Those are dropped from `staff` (and `staff`
 * itself when nobody is left).
 */
function withoutRepeats(related: RelatedRecords): RelatedRecords {
  const staff = related.staff;
  if (!Array.isArray(staff)) return related;
  const key = (s: unknown) => (isRecord(s) ? `${String(s.staffId ?? s.code)}:${String(s.role)}` : '');
  const shown = new Set<string>();
  for (const [k, v] of Object.entries(related)) {
    if (k !== 'staff' && Array.isArray(v)) v.forEach((s) => { if (isRecord(s) && 'staffId' in s) shown.add(key(s)); });
  }
  const rest = staff.filter((s) => !shown.has(key(s)));
  const out: RelatedRecords = { ...related, staff: rest };
  if (!rest.length && shown.size) delete out.staff;
  return out;
}

/** A map of keys to records (e.g. `{community:{…}, township:{…}}`) is shown as a list of those records. */
function looksLikeRecord(v: Rec): boolean {
  return Object.values(v).some((x) => x === null || typeof x !== 'object');
}

function RelatedItem({ item }: { item: unknown }) {
  const { t, i18n } = useTranslation();
  const selectAndFly = useSelection((s) => s.selectAndFly);
  if (!isRecord(item)) return <li className="related-item">{formatValue(t, '', item, i18n.language)}</li>;
  const ref = featureRef(item);
  const extras = Object.entries(item).filter(([k, v]) => !EXTRA_SKIP.has(k) && (v === null || typeof v !== 'object'));
  const nested = Object.entries(item).filter(([k, v]) => !EXTRA_SKIP.has(k) && isRecord(v) && featureRef(v));
  const extraText = extras.map(([k, v]) => (
    <span className="extra" key={k}><span className="extra-key">{attrLabel(t, k)}</span>{formatValue(t, k, v, i18n.language)}</span>
  ));
  if (ref) {
    return (
      <li className="related-item">
        <button className="related-link" data-testid={`related-link-${ref.layer}`} onClick={() => selectAndFly({ layer: ref.layer, id: ref.id })}>
          <Swatch layer={ref.layer} />
          <span className="related-layer">{t(`layers.${ref.layer}`)}</span>
          <span className="related-name">{ref.name ?? ref.code ?? `#${ref.id}`}</span>
          {ref.code && ref.name && <span className="related-code">{ref.code}</span>}
          {typeof item.share === 'number' && (
            <span className={item.share < 0.995 ? 'share partial' : 'share'} title={attrLabel(t, 'share')} data-testid="related-share">
              {formatValue(t, 'share', item.share, i18n.language)}
            </span>
          )}
        </button>
        {extraText.length > 0 && <div className="extras">{extraText}</div>}
      </li>
    );
  }
  const title = (item.name ?? item.code) as string | undefined;
  return (
    <li className="related-item plain">
      {title && <div className="related-title">{title}{item.code && item.name ? <span className="related-code">{String(item.code)}</span> : null}</div>}
      {extraText.length > 0 && <div className="extras">{extraText}</div>}
      {nested.map(([k, v]) => {
        const r = featureRef(v as Rec)!;
        return (
          <button key={k} className="related-link small" onClick={() => selectAndFly({ layer: r.layer, id: r.id })}>
            <Swatch layer={r.layer} />
            <span className="related-layer">{attrLabel(t, k)}</span>
            <span className="related-name">{r.name ?? r.code}</span>
          </button>
        );
      })}
    </li>
  );
}
