/** Tab icon of 导入导出: two arrows, in and out of a tray. */
export function DataIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" width={14} height={14} aria-hidden>
      <path d="M2 10.5v3h12v-3" />
      <path d="M5.5 2v7M3.5 7l2 2 2-2" />
      <path d="M10.5 9V2M8.5 4l2-2 2 2" />
    </svg>
  );
}
