import { create } from 'zustand';
import { errorMessage } from '../../api/client.ts';
import type { NoticeDetail, NoticeList, NoticeSummary } from '../../editing/api-types.ts';
import { editApi } from '../../editing/edit-api.ts';

/** Which notices the inbox lists. */
export type NoticeScope = { kind: 'all' } | { kind: 'station'; stationId: number } | { kind: 'caused' };

export interface NoticesState {
  scope: NoticeScope;
  notices: NoticeSummary[];
  counts: NoticeList['counts'] | null;
  loading: boolean;
  error: string | null;
  /** the notice opened on the map */
  openId: number | null;
  detail: NoticeDetail | null;
  setScope: (scope: NoticeScope) => void;
  load: () => Promise<void>;
  open: (id: number | null) => Promise<void>;
  ack: (id: number, note?: string) => Promise<void>;
  resolve: (id: number, note?: string) => Promise<void>;
}

function queryOf(scope: NoticeScope) {
  if (scope.kind === 'station') return { station: scope.stationId };
  if (scope.kind === 'caused') return { causedBy: 'me' };
  return {};
}

/** The 告知 inbox: the list for the chosen scope, its counts (badge) and the opened notice. */
export const useNotices = create<NoticesState>((set, get) => ({
  scope: { kind: 'all' },
  notices: [],
  counts: null,
  loading: false,
  error: null,
  openId: null,
  detail: null,
  setScope: (scope) => {
    set({ scope, openId: null, detail: null });
    void get().load();
  },
  load: async () => {
    set({ loading: true, error: null });
    try {
      const r = await editApi.notices(queryOf(get().scope));
      set({ notices: r.notices, counts: r.counts, loading: false });
    } catch (err) {
      set({ loading: false, error: errorMessage(err) });
    }
  },
  open: async (id) => {
    if (id === null) return set({ openId: null, detail: null });
    set({ openId: id, error: null });
    try {
      const detail = await editApi.notice(id);
      if (get().openId === id) set({ detail });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  ack: async (id, note) => {
    await act(set, get, () => editApi.ackNotice(id, note));
  },
  resolve: async (id, note) => {
    await act(set, get, () => editApi.resolveNotice(id, note));
  },
}));

async function act(
  set: (p: Partial<NoticesState>) => void,
  get: () => NoticesState,
  call: () => Promise<{ notice: NoticeSummary; events: NoticeDetail['events'] }>,
): Promise<void> {
  try {
    const r = await call();
    const d = get().detail;
    if (d && d.notice.id === r.notice.id) set({ detail: { ...d, notice: r.notice, events: r.events } });
    await get().load();
  } catch (err) {
    set({ error: errorMessage(err) });
  }
}
