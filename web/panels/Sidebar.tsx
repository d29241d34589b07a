import { useTranslation } from 'react-i18next';
import { SIDEBAR_TABS } from './tabs.ts';
import { useTabAllowed } from '../auth/visibility.ts';
import { useUi } from '../state/ui.ts';

/** The left sidebar: a tab strip over the open tab's panel. */
export function Sidebar() {
  const { t } = useTranslation();
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const allowed = useTabAllowed(); // tools the user may not use are not offered (issue 6)
  const tabs = SIDEBAR_TABS.filter((x) => allowed(x.id));
  const active = tabs.find((x) => x.id === tab) ?? tabs[0];
  const Panel = active.component;
  return (
    <aside className="sidebar" data-testid="sidebar">
      <nav className="tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x.id}
            role="tab"
            aria-selected={x.id === active.id}
            className={x.id === active.id ? 'tab active' : 'tab'}
            data-testid={`tab-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            <span className="tab-icon" aria-hidden><x.icon /></span>
            {t(x.labelKey)}
          </button>
        ))}
      </nav>
      <div className="sidebar-body" role="tabpanel">
        <Panel />
      </div>
    </aside>
  );
}
