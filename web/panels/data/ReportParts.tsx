import { useTranslation } from 'react-i18next';
import { CHANGE_COLORS, PREVIEW_COLORS, type PreviewChange } from '../../map/import-preview.ts';
import type { CoordinateDiagnosis, ImportDiff, ImportReport, PreviewStatus } from './data-api.ts';
import { codeList, formatArea } from './format.ts';
import { changeCounts } from './replace-preview.ts';

const STATUSES: PreviewStatus[] = ['ok', 'repaired', 'warning', 'invalid'];
const CHANGES: PreviewChange[] = ['added', 'changed', 'unchanged', 'removed'];

/** The diagnosis sentence in the page's language. */
export function diagnosisText(d: CoordinateDiagnosis, language: string): string {
  return language.startsWith('zh') ? d.messageZh || d.message : d.message || d.messageZh;
}

/**
 * The red box of a rejected upload: what the coordinates look like (projected metres, swapped
 * axes, out of range) and what to do about it.
 */
export function DiagnosisError({ diagnosis }: { diagnosis: CoordinateDiagnosis }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="data-problem" role="alert" data-testid="import-diagnosis-error" data-kind={diagnosis.kind}>
      <p className="data-problem-title">{t('data.diagnosis.rejected')}</p>
      <p>{diagnosisText(diagnosis, i18n.language)}</p>
      {/* the server's sentence already says what to do; only swapped axes have a page-side remedy */}
      {diagnosis.kind === 'latlon-swapped' && <p className="small">{t('data.diagnosis.swappedHint')}</p>}
    </div>
  );
}

/** How the coordinates were read (accepted uploads): the diagnosis, a .prj reprojection, reader notes. */
export function CoordinateNote({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="data-note small" data-testid="import-coordinates" data-kind={report.coordinates.kind}>
      <p className={report.coordinates.ok ? 'data-ok' : 'data-warn'}>{diagnosisText(report.coordinates, i18n.language)}</p>
      {report.reprojectedFrom && <p>{t('data.diagnosis.reprojected', { from: report.reprojectedFrom })}</p>}
      {report.warnings.map((w, i) => (
        <p key={i} className="data-warn">{w}</p>
      ))}
    </div>
  );
}

/** Totals of the validation: total, ok, repairable, invalid, warnings. */
export function Summary({ summary }: { summary: ImportReport['summary'] }) {
  const { t } = useTranslation();
  const cells: [keyof ImportReport['summary'], string][] = [
    ['total', ''],
    ['ok', 'ok'],
    ['repairable', 'repaired'],
    ['invalid', 'invalid'],
    ['warnings', 'warning'],
  ];
  return (
    <dl
      className="data-summary"
      data-testid="import-summary"
      data-total={summary.total}
      data-ok={summary.ok}
      data-repairable={summary.repairable}
      data-invalid={summary.invalid}
      data-warnings={summary.warnings}
    >
      {cells.map(([key, tone]) => (
        <div key={key} className={`data-stat ${tone}`}>
          <dt>{t(`data.summary.${key}`)}</dt>
          <dd>{summary[key]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One legend entry: a swatch as the map draws it (filled or dashed outline), a label, a count. */
function LegendItem({ color, dashed, faint, label, n, ...data }: { color: string; dashed?: boolean; faint?: boolean; label: string; n: number } & Record<`data-${string}`, string | number>) {
  return (
    <li {...data}>
      <span className={`data-swatch${dashed ? ' dashed' : ''}`} style={{ borderColor: color, background: dashed ? 'transparent' : `${color}${faint ? '18' : '38'}` }} />
      {label} <b>{n}</b>
    </li>
  );
}

/**
 * The map legend of the preview, with how many features have each colour: by validation status
 * when adding; by what the import does (added / changed / unchanged / removed, invalid apart)
 * when replacing.
 */
export function PreviewLegend({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const counts: Record<PreviewStatus, number> = { ok: 0, repaired: 0, warning: 0, invalid: 0 };
  for (const f of report.preview.features) counts[f.properties.status] = (counts[f.properties.status] ?? 0) + 1;
  if (report.diff) {
    const changes = changeCounts(report);
    return (
      <ul className="data-legend" data-testid="import-legend" data-kind="change">
        {CHANGES.map((c) => (
          <LegendItem key={c} data-change={c} data-count={changes[c]} color={CHANGE_COLORS[c]} dashed={c === 'removed'} faint={c === 'unchanged'} label={t(`data.diff.${c}`)} n={changes[c]} />
        ))}
        <LegendItem data-status="invalid" data-count={counts.invalid} color={PREVIEW_COLORS.invalid} dashed label={t('data.status.invalidNotWritten')} n={counts.invalid} />
      </ul>
    );
  }
  return (
    <ul className="data-legend" data-testid="import-legend" data-kind="status">
      {STATUSES.map((s) => (
        <LegendItem key={s} data-status={s} data-count={counts[s]} color={PREVIEW_COLORS[s]} dashed={s === 'invalid'} label={t(`data.status.${s}`)} n={counts[s]} />
      ))}
    </ul>
  );
}

/** Replace mode: what the new version changes against the current layer. */
export function DiffView({ diff }: { diff: ImportDiff }) {
  const { t } = useTranslation();
  const rows: ['added' | 'removed' | 'changed', string[]][] = [
    ['added', diff.added],
    ['removed', diff.removed],
    ['changed', diff.changed],
  ];
  return (
    <div className="data-diff" data-testid="import-diff" data-added={diff.added.length} data-removed={diff.removed.length} data-changed={diff.changed.length}>
      <dl className="data-summary">
        {rows.map(([key, codes]) => (
          <div key={key} className={`data-stat ${key}`}>
            <dt>{t(`data.diff.${key}`)}</dt>
            <dd>{codes.length}</dd>
          </div>
        ))}
        <div className="data-stat">
          <dt>{t('data.diff.unchanged')}</dt>
          <dd>{diff.unchanged}</dd>
        </div>
      </dl>
      <p className="small" data-testid="import-diff-area">{t('data.diff.areaMoved', { area: formatArea(diff.areaMovedM2, t) })}</p>
      {rows.map(([key, codes]) =>
        codes.length ? (
          <p key={key} className="small data-codes" data-testid={`import-diff-${key}`}>
            <span className="muted">{t(`data.diff.${key}`)}:</span> <span className="mono">{codeList(codes)}</span>
          </p>
        ) : null,
      )}
      {diff.removed.length > 0 && <p className="data-warn small">{t('data.diff.removedHint', { n: diff.removed.length })}</p>}
    </div>
  );
}
