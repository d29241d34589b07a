import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, errorMessage } from '../api/client.ts';
import { usePermissions } from './session.ts';
import type { AuditRecord } from '../../server/audit/log.ts';

/** GET /api/audit rows are the server's own record type. */
type AuditEntry = AuditRecord;

interface Filters {
  user: string;
  entity: string;
  action: string;
  from: string;
  to: string;
}

function query(f: Filters, before?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim()) p.set(k, v.trim());
  if (before) p.set('before', String(before));
  p.set('limit', '100');
  return `/api/audit?${p}`;
}

/** The audit log page (admin, leadership): filter by user, entity, action and dates. */
export function AuditPage() {
  const { t } = useTranslation();
  const perms = usePermissions();
  const [filters, setFilters] = useState<Filters>({ user: '', entity: '', action: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (before?: number) => {
      try {
        const r = await getJson<{ entries: AuditEntry[]; nextBefore: number | null }>(query(filters, before));
        setEntries((old) => (before ? [...old, ...r.entries] : r.entries));
        setNext(r.nextBefore);
        setError(null);
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [filters],
  );
  useEffect(() => {
    if (perms.readAudit) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [perms.readAudit]);
  if (!perms.readAudit) return <div className="auth-page">{t('auth.auditPage.denied')}</div>;
  const field = (k: keyof Filters, type = 'text') => (
    <label>
      {t(`auth.auditPage.${k}`)}
      <input type={type} value={filters[k]} data-testid={`audit-${k}`} onChange={(e) => setFilters({ ...filters, [k]: e.target.value })} />
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  return (
    <div className="auth-page" data-testid="audit-page">
      <h2>{t('auth.auditPage.title')}</h2>
      <form className="auth-filters" onSubmit={submit}>
        {field('user')}
        {field('entity')}
        {field('action')}
        {field('from', 'date')}
        {field('to', 'date')}
        <button type="submit">{t('auth.auditPage.filter')}</button>
      </form>
      {error && <p className="auth-error">{error}</p>}
      {entries.length === 0 && !error ? (
        <p>{t('auth.auditPage.empty')}</p>
      ) : (
        <table className="auth-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('auth.auditPage.at')}</th>
              <th>{t('auth.auditPage.user')}</th>
              <th>{t('auth.auditPage.ip')}</th>
              <th>{t('auth.auditPage.action')}</th>
              <th>{t('auth.auditPage.entity')}</th>
              <th>{t('auth.auditPage.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor}</td>
                <td>{e.ip ?? ''}</td>
                <td>{e.action}</td>
                <td>{e.entity ? `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}` : ''}</td>
                <td className="mono">{JSON.stringify(e.summary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <button type="button" onClick={() => void load(next)}>
          {t('auth.auditPage.more')}
        </button>
      )}
    </div>
  );
}
