/** Tab icon of the history timeline: a clock with a return arrow. */
export function HistoryIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" width={14} height={14} aria-hidden>
      <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" />
      <path d="M2 2.5v2.5h2.5" />
      <path d="M8 5v3l2 1.5" />
    </svg>
  );
}
