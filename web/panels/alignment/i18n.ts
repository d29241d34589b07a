import i18n from 'i18next';
import zhCN from './i18n/zh-CN.json';
import en from './i18n/en.json';

/**
 * Adds the alignment view's strings (`alignment.*`) to the app's 'translation' namespace, once,
 * when the panel module is first imported (the page's own i18n files stay H4's).
 */
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

export {};
