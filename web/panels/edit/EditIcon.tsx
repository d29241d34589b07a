/** Tab icon of the editing tools: a pencil over a polygon corner. */
export function EditIcon() {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" width={14} height={14} aria-hidden>
      <path d="M2 14l1-3.5L10.5 3l2.5 2.5L5.5 13z" />
      <path d="M9 4.5L11.5 7" />
    </svg>
  );
}
