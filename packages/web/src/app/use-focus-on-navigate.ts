import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After each route change (not the first load), move focus to the new page's h1 so screen
 * readers announce it and keyboard users start at the top of the content.
 */
export function useFocusHeadingOnNavigate(): void {
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      heading?.focus();
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [pathname]);
}
