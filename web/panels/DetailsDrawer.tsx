import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSelection } from '../state/selection.ts';
import { HIDDEN_PROPS, attrLabel, formatValue } from './format.ts';
import { RelatedSections } from './RelatedSections.tsx';
import { Swatch } from './Swatch.tsx';
import { CloseIcon, LocateIcon } from './icons.tsx';

/** The right-hand drawer: the selected feature's attributes and its related records. */
export function DetailsDrawer() {
  const { t, i18n } = useTranslation();
  const { selected, feature, related, loading, error, select, flyTo } = useSelection();
  useEffect(() => {
    // Escape closes the drawer (unless the user is typing, or a tool handled the key already).
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (e.key === 'Escape' && !typing && !e.defaultPrevented) select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);
  if (!selected) return null;
  const props = feature?.properties ?? null;
  const rows = props ? Object.entries(props).filter(([k, v]) => !HIDDEN_PROPS.has(k) && typeof v !== 'object') : [];
  const objects = props ? Object.entries(props).filter(([k, v]) => !HIDDEN_PROPS.has(k) && v !== null && typeof v === 'object') : [];
  return (
    <aside className="drawer" data-testid="details" aria-live="polite">
      <header className="drawer-head">
        <div className="drawer-kicker">
          <Swatch layer={selected.layer} />
          <span data-testid="details-layer">{t(`layers.${selected.layer}`)}</span>
        </div>
        <h2 className="drawer-title" data-testid="details-name">{props?.name ?? (loading ? t('common.loading') : '—')}</h2>
        {props?.code && <div className="drawer-code" data-testid="details-code">{props.code}</div>}
        <div className="drawer-actions">
          <button className="icon-button" title={t('details.zoomTo')} aria-label={t('details.zoomTo')} data-testid="details-zoom" onClick={() => flyTo(selected)}><LocateIcon /></button>
          <button className="icon-button" title={t('common.close')} aria-label={t('common.close')} data-testid="details-close" onClick={() => select(null)}><CloseIcon /></button>
        </div>
      </header>
      <div className="drawer-body">
        {error && <div className="error-box" role="alert" data-testid="details-error">{error}</div>}
        {loading && !props && <div className="skeleton" />}
        {props && (
          <section className="panel-section">
            <h3 className="section-title">{t('details.attributes')}</h3>
            <dl className="kv" data-testid="details-attributes">
              {rows.map(([k, v]) => (
                <div className="kv-row" key={k}>
                  <dt>{attrLabel(t, k)}</dt>
                  <dd>{formatValue(t, k, v, i18n.language)}</dd>
                </div>
              ))}
              {objects.map(([k, v]) => (
                <div className="kv-row" key={k}>
                  <dt>{attrLabel(t, k)}</dt>
                  <dd className="mono small">{formatValue(t, k, v, i18n.language)}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {related && <RelatedSections related={related} />}
        {loading && props && !related && <div className="muted small">{t('common.loading')}</div>}
      </div>
    </aside>
  );
}
