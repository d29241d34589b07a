import i18n from 'i18next';
import zhCN from '../i18n/coverage.zh-CN.json';
import en from '../i18n/coverage.en.json';

/**
 * Adds the dashboard and coverage-panel strings (`coverage.*`) to the app's 'translation'
 * namespace. Runs once, when the dashboard or the coverage panel module is first imported,
 * so web/i18n/zh-CN.json and en.json stay the page's own files.
 */
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

export {};
