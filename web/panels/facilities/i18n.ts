import i18n from 'i18next';
import zhCN from '../../i18n/facilities.zh-CN.json';
import en from '../../i18n/facilities.en.json';

/**
 * Adds the 阵地 and 人员 strings (`facilities.*`, `staff.*`) to the app's 'translation'
 * namespace, once, when either panel module is first imported.
 */
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

export {};
