import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from './me.api';
import { SessionProvider } from './session';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/status-message';

export const TWO_FACTOR_PATH = '/account/two-factor';

/**
 * The gate in front of every signed-in page. Nobody signed in → /sign-in?next=…; a user whose
 * role requires two-factor and who has not set it up → the enrolment page, and nowhere else.
 */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (me.data === undefined) {
    // A failed background refresh keeps the user signed in; only a first load can fail here.
    return me.isError ? (
      <ErrorAlert error={me.error} heading="Could not load your session" headingLevel="h1" />
    ) : (
      <Loading label="Checking your session…" />
    );
  }
  if (me.data === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mfaEnrollmentRequired && location.pathname !== TWO_FACTOR_PATH) {
    return <Navigate to={TWO_FACTOR_PATH} replace />;
  }
  return (
    <SessionProvider me={me.data}>
      <Outlet />
    </SessionProvider>
  );
}

/** Only same-site paths are followed after sign-in: never `//evil.example` or a full URL. */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
