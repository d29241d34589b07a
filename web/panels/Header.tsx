import { useTranslation } from 'react-i18next';
import { SearchBox } from './SearchBox.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ROUTES } from '../routes.tsx';
import { navigate, usePath } from '../router.ts';
import { UserBadge } from '../auth/UserBadge.tsx';

/** The header: product title, page links, search, language switch and the user slot. */
export function Header() {
  const { t } = useTranslation();
  const path = usePath();
  const links = ROUTES.filter((r) => r.labelKey);
  return (
    <header className="app-header" data-testid="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden />
        <div className="brand-text">
          <h1 data-testid="app-title">{t('app.title')}</h1>
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
      </div>
      {links.length > 1 && (
        <nav className="header-nav">
          {links.map((r) => (
            <a
              key={r.path}
              href={r.path}
              className={r.path === path ? 'active' : ''}
              onClick={(e) => { e.preventDefault(); navigate(r.path); }}
            >
              {t(r.labelKey!)}
            </a>
          ))}
        </nav>
      )}
      <SearchBox />
      <div className="header-tools">
        <LanguageSwitch />
        {/* Slot for the logged-in user (accounts arrive with issue 6). */}
        <div className="header-user" data-testid="user-slot"><UserBadge /></div>
      </div>
    </header>
  );
}
