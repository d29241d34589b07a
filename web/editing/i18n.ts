import i18n from '../i18n/index.ts';
import zhCN from './i18n/zh-CN.json';
import en from './i18n/en.json';

/**
 * Adds the editing, history and notices strings (edit.*, history.*, notices.*) to the page's
 * i18n resources. Keys already in the page's own files win (deep merge, no overwrite).
 */
export function registerEditingStrings(): void {
  i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}

registerEditingStrings();
