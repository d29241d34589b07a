import type { ComponentType } from 'react';
import { LayerPanel } from './LayerPanel.tsx';

/**
 * Sidebar tabs. Adding one (边界核查 alignment, 编辑 editing, 告知 notices) is one line:
 * `{ id, labelKey, icon, component }`, with its label in both i18n files.
 */
export interface SidebarTab {
  id: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  /** A short glyph shown before the label. */
  icon: string;
  component: ComponentType;
}

export const SIDEBAR_TABS: SidebarTab[] = [
  { id: 'layers', labelKey: 'tabs.layers', icon: '◧', component: LayerPanel },
];
