import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n.ts';
import './facilities.css';
import type { BeatgridFeature } from '../../api/client.ts';
import { canEditLayer } from '../../auth/session.ts';
import { useSelection } from '../../state/selection.ts';
import { FACILITY_LAYERS, type FacilityLayer } from './facility-api.ts';
import { CreateFacility } from './CreateFacility.tsx';
import { SelectedFacility } from './SelectedFacility.tsx';
import { ImportSection } from './ImportSection.tsx';
import { usePageMap, useStations } from './useStations.ts';
import { StaffPanel } from '../staff/StaffPanel.tsx';

const isFacility = (layer: string | undefined): layer is FacilityLayer => FACILITY_LAYERS.includes(layer as FacilityLayer);

type View = 'facilities' | 'staff';

/**
 * 阵地 tab, in two views: 警务阵地 (create police rooms and posts on the map, edit / move /
 * delete the selected one, import them from CSV with a per-row error report) and 人员 (staff,
 * assignments, vacancies: {@link StaffPanel}). One tab keeps the sidebar's tab strip readable.
 */
export function FacilitiesPanel() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('facilities');
  return (
    <div className="fac-panel">
      <div className="fac-views" role="tablist">
        {(['facilities', 'staff'] as View[]).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'fac-view active' : 'fac-view'} onClick={() => setView(v)} data-testid={`facilities-view-${v}`}>
            {t(`facilities.views.${v}`)}
          </button>
        ))}
      </div>
      {view === 'facilities' ? <FacilitiesView /> : <StaffPanel />}
    </div>
  );
}

/** 警务阵地: create, edit, move, delete and import police rooms and posts. */
function FacilitiesView() {
  const { t } = useTranslation();
  const map = usePageMap();
  const stations = useStations();
  const selected = useSelection((s) => s.selected);
  const feature = useSelection((s) => s.feature);
  // keep showing the facility while its selection reloads (after a save, or during a move)
  const [current, setCurrent] = useState<{ layer: FacilityLayer; feature: BeatgridFeature } | null>(null);
  useEffect(() => {
    if (!selected || !isFacility(selected.layer)) setCurrent(null);
    else if (feature && feature.id === selected.id) setCurrent({ layer: selected.layer, feature });
  }, [selected, feature]);

  return (
    <div data-testid="facilities-panel">
      <section className="panel-section">
        <p className="muted small">{t('facilities.intro')}</p>
      </section>
      <CreateFacility map={map} stations={stations} />
      {current ? (
        <SelectedFacility key={`${current.layer}/${current.feature.id}`} map={map} layer={current.layer} feature={current.feature} stations={stations} />
      ) : (
        <section className="panel-section">
          <p className="muted small">{t('facilities.selectHint')}</p>
        </section>
      )}
      <ImportSection map={map} allowed={canEditLayer('police-rooms') || canEditLayer('police-posts')} />
    </div>
  );
}
