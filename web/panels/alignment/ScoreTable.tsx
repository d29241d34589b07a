import { useTranslation } from 'react-i18next';
import type { AlignScore } from './api.ts';
import { pct, scoreColor } from './format.ts';

/** A table of units with their score bar against the 100 % target (worst first). */
export function ScoreTable({ rows, testId, onPick, pickedId }: { rows: AlignScore[]; testId: string; onPick?: (row: AlignScore) => void; pickedId?: number | null }) {
  const { t } = useTranslation();
  return (
    <table className="align-table" data-testid={testId}>
      <thead>
        <tr><th>{t('alignment.colName')}</th><th>{t('alignment.colGrids')}</th><th>{t('alignment.colScore')}</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.code}
            data-code={r.code}
            className={(onPick ? 'clickable' : '') + (pickedId !== undefined && r.id === pickedId ? ' picked' : '')}
            onClick={onPick ? () => onPick(r) : undefined}
          >
            <td className="align-name" title={r.code}>{r.name}</td>
            <td className="mono">{r.grids}</td>
            <td>
              <span className="align-bar" aria-hidden><span style={{ width: `${Math.round(r.score * 100)}%`, background: scoreColor(r.score) }} /></span>
              <span className="align-score mono" style={{ color: scoreColor(r.score) }} data-score={r.score}>{pct(r.score)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
