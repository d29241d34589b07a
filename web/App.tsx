import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePath } from './router.ts';
import { matchRoute } from './routes.tsx';
import { Header } from './panels/Header.tsx';

/** The page frame: header on top, the routed page below. */
export function App() {
  const path = usePath();
  const Page = matchRoute(path).component;
  const { t, i18n } = useTranslation();
  useEffect(() => { document.title = t('app.title'); }, [t, i18n.language]);
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <Page />
      </main>
    </div>
  );
}
