import { NoticeBadge } from './NoticeBadge.tsx';

/** Tab icon of the notices inbox: an envelope, with the count of unresolved notices as a badge. */
export function NoticesIcon() {
  return (
    <>
      <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" width={14} height={14} aria-hidden>
        <rect x="1.5" y="3.5" width="13" height="9" rx="1" />
        <path d="M2 4.5l6 4.5 6-4.5" />
      </svg>
      <NoticeBadge />
    </>
  );
}
