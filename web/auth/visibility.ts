import { useSession } from './session.ts';
import type { Permissions } from './types.ts';

/**
 * Which sidebar tabs / tools a user sees. The server refuses what is not allowed anyway;
 * this only keeps the page from offering it.
 */
export function isTabAllowed(id: string, p: Permissions | null): boolean {
  if (!p) return false;
  if (id === 'editing') return p.editLayers.length > 0 || p.linkOnlyLayers.length > 0;
  return true;
}

/** Hook: a predicate telling whether a sidebar tab id is shown to the logged-in user. */
export function useTabAllowed(): (id: string) => boolean {
  const p = useSession((s) => s.permissions);
  return (id: string) => isTabAllowed(id, p);
}
