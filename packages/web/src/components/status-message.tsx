import type { ReactNode } from 'react';

/** A polite live region: it is always in the page, so screen readers announce what appears in it. */
export function LiveRegion({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <div aria-live="polite" aria-atomic="true" className={className}>
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="loading">
      {label}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="text-bold margin-bottom-05">{title}</p>
      {children}
    </div>
  );
}
