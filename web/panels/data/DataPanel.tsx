import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './data.css';
import { ExportSection } from './ExportSection.tsx';
import { ImportWizard } from './ImportWizard.tsx';

type View = 'import' | 'export';

/**
 * 导入导出 tab (issue 7): import a GeoJSON / Shapefile / KML / CSV / XLSX file into a layer
 * through a checked preview, or export a layer, the selection or a county. Two views keep the
 * long import wizard and the short export form apart.
 */
export function DataPanel() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('import');
  return (
    <div className="data-panel" data-testid="data-panel">
      <div className="data-views" role="tablist">
        {(['import', 'export'] as View[]).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'data-view active' : 'data-view'} onClick={() => setView(v)} data-testid={`data-view-${v}`}>
            {t(`data.views.${v}`)}
          </button>
        ))}
      </div>
      {/* both stay mounted: peeking at the export form keeps an import's preview */}
      <div hidden={view !== 'import'}>
        <ImportWizard />
      </div>
      <div hidden={view !== 'export'}>
        <ExportSection />
      </div>
    </div>
  );
}
