import { useTranslation } from 'react-i18next';
import type { Problem } from '../../editing/api-types.ts';
import { currentEditor } from '../../editing/editor-instance.ts';

/** The validation problems of the pending edit; "show" flies the map to the red marker. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  if (!problems.length) return null;
  const fly = (p: Problem) => {
    const map = currentEditor()?.map;
    if (map && p.location) map.flyTo({ center: p.location, zoom: Math.max(map.getZoom(), 16), duration: 500 });
  };
  return (
    <section className="panel-section edit-problems" data-testid="edit-problems" role="alert">
      <h3 className="section-title">{t('edit.problems.title')}</h3>
      <ul>
        {problems.map((p, i) => (
          <li key={i} data-testid="edit-problem" data-code={p.code}>
            <strong>{t(`edit.problem.${p.code}`, { defaultValue: p.code })}</strong>
            <span className="muted small"> {p.message}</span>
            {p.location && (
              <button type="button" className="edit-link" onClick={() => fly(p)}>
                {t('edit.problems.show')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
