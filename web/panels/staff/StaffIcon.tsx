/** Tab icon of 人员: two people. */
export function StaffIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" width={14} height={14} aria-hidden>
      <circle cx="6" cy="5" r="2.3" />
      <path d="M1.8 13.5c0-2.4 1.9-4.2 4.2-4.2s4.2 1.8 4.2 4.2" />
      <circle cx="11.4" cy="5.6" r="1.8" />
      <path d="M11 9.4c1.9 0 3.3 1.5 3.3 3.6" />
    </svg>
  );
}
