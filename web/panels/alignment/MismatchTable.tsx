import { useTranslation } from 'react-i18next';
import type { MismatchCollection } from './api.ts';
import { area } from './format.ts';
import { KIND_COLORS } from './overlays.ts';

/** Rows shown at most (the map shows all). */
export const MAX_ROWS = 150;

/** The mismatch polygons, largest first; a click zooms to one and selects its grid / zone. */
export function MismatchTable({ fc, picked, onPick }: { fc: MismatchCollection; picked: string | null; onPick: (key: string) => void }) {
  const { t } = useTranslation();
  const rows = fc.features.slice(0, MAX_ROWS);
  if (fc.features.length === 0) return <p className="muted small">{t('alignment.none')}</p>;
  return (
    <>
      <table className="align-table" data-testid="alignment-mismatch-table">
        <thead>
          <tr><th>{t('alignment.colKind')}</th><th>{t('alignment.colArea')}</th><th>{t('alignment.colWhere')}</th></tr>
        </thead>
        <tbody>
          {rows.map((f) => {
            const p = f.properties;
            return (
              <tr key={p.key} data-key={p.key} className={`clickable${picked === p.key ? ' picked' : ''}`} onClick={() => onPick(p.key)}>
                <td><span className="align-kind" style={{ background: KIND_COLORS[p.kind] }} aria-hidden />{t(`alignment.kindShort.${p.kind}`)}</td>
                <td className="mono">{area(p.areaM2)}</td>
                <td className="mono small align-where">{[p.gridCode, ...p.zoneCodes].filter(Boolean).join(' · ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {fc.features.length > MAX_ROWS && <p className="muted small">{t('alignment.more', { count: fc.features.length - MAX_ROWS })}</p>}
    </>
  );
}
