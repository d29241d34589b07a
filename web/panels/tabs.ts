import type { ComponentType } from 'react';
import { LayerPanel } from './LayerPanel.tsx';
import { LayersIcon } from './icons.tsx';
import { AlignmentPanel } from './alignment/AlignmentPanel.tsx';
import { AlignmentIcon } from './alignment/AlignmentIcon.tsx';
import { EditPanel } from './edit/EditPanel.tsx';
import { EditIcon } from './edit/EditIcon.tsx';
import { HistoryPanel } from './history/HistoryPanel.tsx';
import { HistoryIcon } from './history/HistoryIcon.tsx';
import { NoticesPanel } from './notices/NoticesPanel.tsx';
import { NoticesIcon } from './notices/NoticesIcon.tsx';
import { CoveragePanel } from './coverage/CoveragePanel.tsx';
import { CoverageIcon } from './coverage/CoverageIcon.tsx';
import { FacilitiesPanel } from './facilities/FacilitiesPanel.tsx';
import { FacilitiesIcon } from './facilities/FacilitiesIcon.tsx';
import { DataPanel } from './data/DataPanel.tsx';
import { DataIcon } from './data/DataIcon.tsx';

/**
 * Sidebar tabs. Adding one (边界核查 alignment, 编辑 editing, 告知 notices) is one line:
 * `{ id, labelKey, icon, component }`, with its label in both i18n files.
 */
export interface SidebarTab {
  id: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  /** An icon shown before the label. */
  icon: ComponentType;
  component: ComponentType;
}

export const SIDEBAR_TABS: SidebarTab[] = [
  { id: 'layers', labelKey: 'tabs.layers', icon: LayersIcon, component: LayerPanel },
  { id: 'alignment', labelKey: 'tabs.alignment', icon: AlignmentIcon, component: AlignmentPanel },
  { id: 'editing', labelKey: 'tabs.editing', icon: EditIcon, component: EditPanel },
  { id: 'history', labelKey: 'tabs.history', icon: HistoryIcon, component: HistoryPanel },
  { id: 'notices', labelKey: 'tabs.notices', icon: NoticesIcon, component: NoticesPanel },
  { id: 'coverage', labelKey: 'coverage.tab', icon: CoverageIcon, component: CoveragePanel },
  { id: 'facilities', labelKey: 'facilities.tab', icon: FacilitiesIcon, component: FacilitiesPanel },
  { id: 'data', labelKey: 'data.tab', icon: DataIcon, component: DataPanel },
];
