import { create } from 'zustand';
import { api, errorMessage, type SearchHit } from '../api/client.ts';

export interface SearchState {
  query: string;
  results: SearchHit[];
  loading: boolean;
  error: string | null;
  setQuery: (q: string) => void;
  clear: () => void;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let controller: AbortController | undefined;

/** Search by code or name, debounced; only the newest query's answer is kept. */
export const useSearch = create<SearchState>((set) => ({
  query: '',
  results: [],
  loading: false,
  error: null,
  setQuery: (query) => {
    set({ query });
    clearTimeout(timer);
    controller?.abort();
    const q = query.trim();
    if (!q) {
      set({ results: [], loading: false, error: null });
      return;
    }
    set({ loading: true });
    timer = setTimeout(() => {
      const mine = (controller = new AbortController());
      api.search(q, 20, mine.signal).then(
        (results) => { if (mine === controller) set({ results, loading: false, error: null }); },
        (err) => { if (mine === controller && !mine.signal.aborted) set({ results: [], loading: false, error: errorMessage(err) }); },
      );
    }, 200);
  },
  clear: () => {
    clearTimeout(timer);
    controller?.abort();
    set({ query: '', results: [], loading: false, error: null });
  },
}));
