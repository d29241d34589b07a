import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/index.ts';

/** 中文 / English switch; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')} data-testid="lang-switch">
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          className={i18n.language === lang ? 'active' : ''}
          aria-pressed={i18n.language === lang}
          data-testid={`lang-${lang}`}
          onClick={() => setLanguage(lang)}
        >
          {t(`language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
