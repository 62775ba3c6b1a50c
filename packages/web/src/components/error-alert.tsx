import { Alert, AlertHeading, AlertText, type HeadingLevel } from '@trussworks/react-uswds';
import { ApiError } from '../app/api';

/** Shows what went wrong and, for API errors, the request id to quote to support. */
export function ErrorAlert({
  error,
  heading = 'Something went wrong',
  headingLevel = 'h2',
}: {
  error: unknown;
  heading?: string;
  headingLevel?: HeadingLevel;
}) {
  const message = error instanceof Error ? error.message : 'An unexpected error occurred.';
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert type="error" role="alert">
      <AlertHeading level={headingLevel}>{heading}</AlertHeading>
      <AlertText>{message}</AlertText>
      {requestId && (
        <AlertText className="request-id">
          Request ID: <code>{requestId}</code>
        </AlertText>
      )}
    </Alert>
  );
}
