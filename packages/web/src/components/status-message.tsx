import { Alert, AlertText } from '@trussworks/react-uswds';
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

/** A short confirmation, such as "Your changes have been saved." */
export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <Alert type="success" slim className="margin-bottom-2">
      <AlertText>{children}</AlertText>
    </Alert>
  );
}

/** A table caption for screen readers, where a visible heading already names the table. */
export function HiddenCaption({ children }: { children: ReactNode }) {
  return <span className="usa-sr-only">{children}</span>;
}
