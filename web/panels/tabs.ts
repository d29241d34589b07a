import type { ComponentType } from 'react';
import { LayerPanel } from './LayerPanel.tsx';
import { LayersIcon } from './icons.tsx';

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
];
