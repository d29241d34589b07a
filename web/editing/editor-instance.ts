import type { Map as MlMap } from 'maplibre-gl';
import { Editor } from './editor.ts';
import { useEditSession } from './session-store.ts';

let editor: Editor | null = null;
let starting: Promise<Editor> | null = null;

declare global {
  interface Window {
    /** The edit session, for browser tests and debugging. */
    beatgridEdit?: { editor: Editor; session: typeof useEditSession };
  }
}

/** Resolves with the page's MapLibre map once `window.beatgrid.map` exists. */
export function whenMap(): Promise<MlMap> {
  return new Promise((resolve) => {
    const look = () => {
      const map = window.beatgrid?.map;
      if (map && map.isStyleLoaded()) resolve(map);
      else setTimeout(look, 100);
    };
    look();
  });
}

/**
 * The page's one Editor, created and attached on first use (after the map has loaded); a new
 * map (the page rebuilt it) gets a new Editor.
 */
export function getEditor(): Promise<Editor> {
  if (editor && window.beatgrid?.map === editor.map) return Promise.resolve(editor);
  if (starting) return starting;
  starting = whenMap().then(async (map) => {
    editor?.detach();
    const e = new Editor(map);
    await e.attach();
    editor = e;
    window.beatgridEdit = { editor: e, session: useEditSession };
    starting = null;
    return e;
  });
  return starting;
}

/** The Editor if it exists yet (no waiting). */
export function currentEditor(): Editor | null {
  return editor;
}

/** True while an editing mode owns the map's clicks (the page's click-to-select should stand aside). */
export function editingActive(): boolean {
  return editor?.active ?? false;
}
