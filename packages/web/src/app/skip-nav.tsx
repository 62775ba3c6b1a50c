import type { MouseEvent } from 'react';

export const MAIN_CONTENT_ID = 'main-content';

/** USWDS skip link: the first stop for keyboard users, straight to the page's content. */
export function SkipNav() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
  };
  return (
    <a className="usa-skipnav" href={`#${MAIN_CONTENT_ID}`} onClick={skip}>
      Skip to main content
    </a>
  );
}
