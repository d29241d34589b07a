import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';

interface Issue {
  path?: unknown;
  message?: string;
}
interface GeometryProblem {
  code?: string;
  reason?: string;
  problems?: { message?: string }[];
}

/** Readable lines from an error's details: zod issues, geometry problems, or other key/values. */
export function detailLines(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const d = details as Record<string, unknown>;
  if (Array.isArray(d.issues)) {
    return (d.issues as Issue[]).map((i) => {
      const path = Array.isArray(i.path) ? i.path.join('.') : typeof i.path === 'string' ? i.path : '';
      return path ? `${path}: ${i.message ?? ''}` : String(i.message ?? '');
    });
  }
  if (Array.isArray(d.features)) {
    return (d.features as GeometryProblem[]).flatMap((f) => (f.problems?.length ? f.problems.map((p) => `${f.code ?? ''} ${p.message ?? ''}`.trim()) : [f.reason ?? '']));
  }
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
}

/**
 * An error from a write, shown readably: the server's message, then what its details say
 * (which field, which value), with a hint for the HTTP status (409 stale, 403 not allowed, 422
 * invalid). `onReload` adds a reload button for a 409.
 */
export function ProblemDetails({ error, onReload, testId = 'problem' }: { error: unknown; onReload?: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  const lines = api ? detailLines(api.details).slice(0, 12) : [];
  const hint = api?.status === 409 ? t('facilities.problem.conflict') : api?.status === 403 ? t('facilities.problem.forbidden') : api?.status === 422 ? t('facilities.problem.invalid') : null;
  return (
    <div className="fac-problem" role="alert" data-testid={testId} data-status={api?.status ?? 0}>
      {hint && <p className="fac-problem-hint">{hint}</p>}
      <p className="fac-problem-message">{message}</p>
      {lines.length > 0 && (
        <ul className="fac-problem-details">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
      {api?.status === 409 && onReload && (
        <button type="button" className="fac-btn" data-testid={`${testId}-reload`} onClick={onReload}>
          {t('facilities.problem.reload')}
        </button>
      )}
    </div>
  );
}
