import { Link } from 'react-router';
import { OVERDUE_COUNT_LIMIT, useOverdueReports } from './reports.api';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/status-message';

/** "3 reports are overdue", up to the count the home page asks for. */
function OverdueCount({ count, more }: { count: number; more: boolean }) {
  if (count === 0) return <p>No report is overdue for a first response or triage.</p>;
  const number = more ? `${OVERDUE_COUNT_LIMIT} or more` : String(count);
  return (
    <p>
      <strong>
        {number} {count === 1 && !more ? 'report is' : 'reports are'} overdue
      </strong>{' '}
      for a first response or triage.{' '}
      <Link className="usa-link" to="/reports?overdue=true">
        See the overdue reports
      </Link>
    </p>
  );
}

/** The home page's way to reports: submit one; for staff, the queue and what is overdue in it. */
export function ReportsCard({ staff }: { staff: boolean }) {
  const overdue = useOverdueReports(staff);
  return (
    <section aria-labelledby="reports-card-heading" className="home-card">
      <h2 id="reports-card-heading">Vulnerability reports</h2>
      <p>
        Found a vulnerability in a product or an AI system, or did an AI system find one?{' '}
        <Link className="usa-link" to="/reports/new">
          Report a vulnerability
        </Link>
        .
      </p>
      {staff ? (
        <>
          <p>
            <Link className="usa-link" to="/reports">
              Open the triage queue
            </Link>
          </p>
          {overdue.isPending && <Loading label="Counting overdue reports…" />}
          {overdue.isError && (
            <ErrorAlert error={overdue.error} heading="Could not count overdue reports" headingLevel="h3" />
          )}
          {overdue.isSuccess && <OverdueCount count={overdue.data.count} more={overdue.data.more} />}
        </>
      ) : (
        <p>
          <Link className="usa-link" to="/reports">
            Follow your reports
          </Link>
        </p>
      )}
    </section>
  );
}
