import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import { meQueryKey } from '../features/auth/me.api';

/**
 * Server state lives in TanStack Query. Two answers matter to every page:
 * - 401 `unauthenticated`: the session is gone; forgetting the user sends them to sign-in.
 * - 403 `mfa_enrollment_required` or `csrf_failed`: reload "me" (new CSRF token, enrolment state).
 *
 * Requests that carry credentials of their own (an anonymous reporter's follow-up secret) say so
 * with `meta: { ownCredentials: true }`: their 401 is about that secret, not the session.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: Error, meta: Record<string, unknown> | undefined) => {
    if (!(error instanceof ApiError)) return;
    if (error.code === 'unauthenticated') {
      if (meta?.ownCredentials === true) return;
      queryClient.setQueryData(meQueryKey, null);
    } else if (error.code === 'mfa_enrollment_required' || error.code === 'csrf_failed') {
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    }
  };

  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        onError(error, query.meta);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        onError(error, mutation.meta);
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; network trouble and 5xx get one more try.
        retry: (failureCount, error) =>
          failureCount < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
  return queryClient;
}
