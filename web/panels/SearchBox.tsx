import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearch } from '../state/search.ts';
import { useSelection } from '../state/selection.ts';
import type { SearchHit } from '../api/client.ts';
import { Swatch } from './Swatch.tsx';
import { CloseIcon, SearchIcon } from './icons.tsx';

/** Search by code or name; choosing a result flies to it and selects it. */
export function SearchBox() {
  const { t } = useTranslation();
  const { query, results, loading, error, setQuery, clear } = useSearch();
  const selectAndFly = useSelection((s) => s.selectAndFly);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => setActive(0), [results]);
  useEffect(() => {
    const close = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const choose = (hit: SearchHit) => {
    selectAndFly({ layer: hit.layer, id: hit.id }, hit.bbox ?? null);
    setOpen(false);
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') { setActive((a) => Math.min(a + 1, results.length - 1)); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { setActive((a) => Math.max(a - 1, 0)); e.preventDefault(); }
    else if (e.key === 'Enter' && results[active]) choose(results[active]);
    else if (e.key === 'Escape') { setOpen(false); (e.target as HTMLInputElement).blur(); }
  };

  const showList = open && query.trim().length > 0;
  return (
    <div className="search" ref={box} data-testid="search">
      <span className="search-icon" aria-hidden><SearchIcon /></span>
      <input
        type="search"
        value={query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        data-testid="search-input"
        onChange={(e) => { setQuery(e.target.value); setOpen(true); }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
      />
      {query && <button className="search-clear" aria-label={t('search.clear')} onClick={clear}><CloseIcon /></button>}
      {showList && (
        <ul className="search-results" role="listbox" data-testid="search-results">
          {loading && <li className="muted">{t('common.loading')}</li>}
          {!loading && error && <li className="error-text">{error}</li>}
          {!loading && !error && results.length === 0 && <li className="muted">{t('search.noResults')}</li>}
          {!loading && results.map((hit, i) => (
            <li
              key={`${hit.layer}:${hit.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'hit active' : 'hit'}
              data-testid="search-result"
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => { e.preventDefault(); choose(hit); }}
            >
              <Swatch layer={hit.layer} />
              <span className="hit-name">{hit.name}</span>
              <span className="hit-code">{hit.code}</span>
              <span className="hit-layer">{t(`layers.${hit.layer}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
