/** Tab icon of 阵地: a map pin (a police room or post on the map). */
export function FacilitiesIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" width={14} height={14} aria-hidden>
      <path d="M8 14.5s-4.5-4.3-4.5-7.7a4.5 4.5 0 0 1 9 0c0 3.4-4.5 7.7-4.5 7.7z" />
      <circle cx="8" cy="6.8" r="1.6" />
    </svg>
  );
}
