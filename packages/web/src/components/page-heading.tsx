import { useEffect, type ReactNode } from 'react';

/**
 * The page's one h1. It can take focus (tabIndex -1) so that the layout moves focus here
 * after each route change, and it names the document for screen readers and tabs.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} | Clearinghouse`;
  }, [title]);

  return (
    <h1 tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}
