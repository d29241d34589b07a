import { useEffect } from 'react';
import { MapView } from '../map/MapView.tsx';
import { useConfig } from '../state/config.ts';
import { Sidebar } from '../panels/Sidebar.tsx';
import { DetailsDrawer } from '../panels/DetailsDrawer.tsx';
import { StatusBar } from '../panels/StatusBar.tsx';

/** 一张图: sidebar with tabs, the map, and the details drawer on the right. */
export function MapPage() {
  const { config, error, load } = useConfig();
  // Read the installation's config when the map first opens (again if an earlier try failed,
  // e.g. before login); the map is created once it is known.
  useEffect(() => { if (!config || error) void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="map-page">
      <Sidebar />
      <section className="map-area">
        <MapView />
        <DetailsDrawer />
        <StatusBar />
      </section>
    </div>
  );
}
