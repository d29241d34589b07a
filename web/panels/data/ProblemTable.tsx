import { useTranslation } from 'react-i18next';
import type { ImportProblem } from './data-api.ts';
import { formatWhere, problemWords } from './format.ts';

/** Rows shown at most (the summary still counts them all). */
const SHOWN = 300;

/**
 * The validation table: feature #, code, the problem in words, where (polygon / ring / vertex).
 * Clicking a row calls `onPick` (the panel flies the map there and highlights the feature).
 */
export function ProblemTable({ problems, picked, onPick }: { problems: ImportProblem[]; picked: number | null; onPick: (p: ImportProblem, row: number) => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  if (!problems.length) return <p className="data-ok small" data-testid="import-no-problems">{t('data.import.noProblems')}</p>;
  return (
    <>
      <div className="data-table-wrap">
        <table className="data-table" data-testid="import-problems">
          <thead>
            <tr>
              <th>{t('data.table.index')}</th>
              <th>{t('data.table.code')}</th>
              <th>{t('data.table.problem')}</th>
              <th>{t('data.table.where')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.slice(0, SHOWN).map((p, row) => (
              <tr
                key={row}
                className={`${p.severity === 'error' ? (p.repairable ? 'repairable' : 'error') : 'warning'}${picked === row ? ' picked' : ''}`}
                onClick={() => onPick(p, row)}
                title={p.message}
                data-testid="import-problem-row"
                data-index={p.index}
                data-problem={p.problem}
                data-severity={p.severity}
                data-repairable={p.repairable ? '1' : '0'}
              >
                <td className="num">{p.index + 1}</td>
                <td className="mono">{p.code ?? '—'}</td>
                <td>
                  <span className={`data-sev ${p.severity === 'error' ? (p.repairable ? 'repairable' : 'error') : 'warning'}`}>
                    {p.severity === 'warning' ? t('data.severity.warning') : p.repairable ? t('data.severity.repairable') : t('data.severity.error')}
                  </span>{' '}
                  {problemWords(p, t)}
                  {english && p.message && <span className="muted data-block">{p.message}</span>}
                </td>
                <td>{formatWhere(p.where, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > SHOWN && <p className="muted small">{t('data.import.moreProblems', { n: problems.length - SHOWN })}</p>}
      <p className="muted small">{t('data.import.rowHint')}</p>
    </>
  );
}
