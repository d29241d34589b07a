import { create } from 'zustand';

export interface UiState {
  /** Id of the open sidebar tab (see panels/tabs.ts). */
  tab: string;
  setTab: (tab: string) => void;
  /** Pointer position on the map, for the status bar. */
  pointer: [number, number] | null;
  setPointer: (p: [number, number] | null) => void;
  zoom: number;
  setZoom: (z: number) => void;
  /** The feature under the pointer, for the status bar. */
  hovered: { layer: string; code: string; name: string } | null;
  setHovered: (h: { layer: string; code: string; name: string } | null) => void;
}

/** Page layout state that is not about data. */
export const useUi = create<UiState>((set) => ({
  tab: 'layers',
  setTab: (tab) => set({ tab }),
  pointer: null,
  setPointer: (pointer) => set({ pointer }),
  zoom: 0,
  setZoom: (zoom) => set({ zoom }),
  hovered: null,
  setHovered: (hovered) => set({ hovered }),
}));
