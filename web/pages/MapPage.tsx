import { MapView } from '../map/MapView.tsx';
import { Sidebar } from '../panels/Sidebar.tsx';
import { DetailsDrawer } from '../panels/DetailsDrawer.tsx';
import { StatusBar } from '../panels/StatusBar.tsx';

/** 一张图: sidebar with tabs, the map, and the details drawer on the right. */
export function MapPage() {
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
