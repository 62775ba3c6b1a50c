import type { HeadingLevel } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';
import { EmptyState, LiveRegion, Loading, SuccessMessage } from './status-message';

/**
 * A list fetched with TanStack Query: "Loading…" while it loads, the error if it failed, the empty
 * state when there is nothing to show, and otherwise the list itself (`children`).
 */
export function QueryStates({
  query,
  loadingLabel,
  errorHeading,
  headingLevel,
  isEmpty,
  emptyTitle,
  emptyText,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  loadingLabel: string;
  errorHeading: string;
  /** Of the error's heading. */
  headingLevel?: HeadingLevel;
  isEmpty: boolean;
  emptyTitle: string;
  /** More about the empty state, below its title. */
  emptyText?: ReactNode;
  children: ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError) {
    return <ErrorAlert error={query.error} heading={errorHeading} headingLevel={headingLevel} />;
  }
  if (isEmpty) return <EmptyState title={emptyTitle}>{emptyText}</EmptyState>;
  return children;
}

/** What became of an action on a list's row (such as revoking): a polite confirmation, or the error. */
export function MutationOutcome({
  mutation,
  successMessage,
  errorHeading,
  headingLevel,
}: {
  mutation: { isSuccess: boolean; isError: boolean; error: unknown };
  successMessage: string;
  errorHeading: string;
  headingLevel: HeadingLevel;
}) {
  return (
    <>
      <LiveRegion>{mutation.isSuccess && <SuccessMessage>{successMessage}</SuccessMessage>}</LiveRegion>
      {mutation.isError && (
        <ErrorAlert error={mutation.error} heading={errorHeading} headingLevel={headingLevel} />
      )}
    </>
  );
}
