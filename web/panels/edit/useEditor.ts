import { useEffect, useState } from 'react';
import type { Editor } from '../../editing/editor.ts';
import { currentEditor, getEditor } from '../../editing/editor-instance.ts';
import '../../editing/i18n.ts';

/** The page's Editor once the map is ready (null until then). Creating it is idempotent. */
export function useEditor(): Editor | null {
  const [editor, setEditor] = useState<Editor | null>(currentEditor());
  useEffect(() => {
    let live = true;
    void getEditor().then((e) => live && setEditor(e));
    return () => {
      live = false;
    };
  }, []);
  return editor;
}
