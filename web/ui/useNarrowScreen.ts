import { useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint: phones, held upright. */
const QUERY = '(max-width: 767.98px)';

/**
 * True on phone-sized screens. Read synchronously (unlike antd's useBreakpoint, which starts
 * empty), so a phone never flashes the desktop layout on first paint.
 */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = window.matchMedia(QUERY);
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    () => window.matchMedia(QUERY).matches,
  );
}
