/** Tab icon of the alignment view: two offset outlines (a zone over a grid). */
export function AlignmentIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" width={14} height={14} aria-hidden>
      <rect x="2" y="2" width="8.5" height="8.5" />
      <rect x="5.5" y="5.5" width="8.5" height="8.5" strokeDasharray="2 1.6" />
    </svg>
  );
}
