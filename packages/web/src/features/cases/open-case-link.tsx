import { Link } from 'react-router';
import type { Me, ReportStatus } from '@clearinghouse/shared';
import { useSession } from '../auth/session';

/** Who opens and coordinates cases: clearinghouse coordinators and admins. */
export function canOpenCases(me: Me): boolean {
  return me.globalRoles.some((role) => role === 'coordinator' || role === 'admin');
}

/** "Open a case" on a valid report, for coordinators; nothing for anyone else. */
export function OpenCaseLink({ report }: { report: { id: string; status: ReportStatus } }) {
  const me = useSession();
  if (report.status !== 'valid' || !canOpenCases(me)) return null;
  return (
    <Link className="usa-button" to={`/cases/new?report=${encodeURIComponent(report.id)}`}>
      Open a case
    </Link>
  );
}
