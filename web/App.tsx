import { useEffect } from 'react';
import { usePath } from './router.ts';
import { matchRoute } from './routes.tsx';
import { useConfig } from './state/config.ts';
import { Header } from './panels/Header.tsx';

/** The page frame: header on top, the routed page below. */
export function App() {
  const path = usePath();
  const Page = matchRoute(path).component;
  const loadConfig = useConfig((s) => s.load);
  useEffect(() => { void loadConfig(); }, [loadConfig]);
  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <Page />
      </main>
    </div>
  );
}
