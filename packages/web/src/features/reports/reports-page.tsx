import { Table, Tag } from '@trussworks/react-uswds';
import { Link, useSearchParams } from 'react-router';
import { DiscoveryMethod, ReportStatus, type ReportSummary } from '@clearinghouse/shared';
import { ReportFilters, type QueueFilters } from './report-filters';
import { DISCOVERY_METHOD_LABELS, formatAge } from './report-labels';
import { ExploitedTag, OverdueTags, StatusTag, TlpTag } from './report-tags';
import { useReportList, type ReportFilters as ListFilters } from './reports.api';
import { formatDate, formatDateTime } from '../../app/format';
import { isTriageStaff, useSession } from '../auth/session';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

/** The queue's filters from the address: anything not understood is left out. */
function filtersFrom(params: URLSearchParams): QueueFilters {
  const statuses = (params.get('status') ?? '').split(',').flatMap((value) => {
    const parsed = ReportStatus.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
  const assignee = params.get('assignee') ?? '';
  const method = DiscoveryMethod.safeParse(params.get('discoveryMethod'));
  return {
    statuses,
    overdue: params.get('overdue') === 'true',
    assignee: assignee === 'me' || assignee === 'none' ? assignee : '',
    discoveryMethod: method.success ? method.data : '',
    q: params.get('q') ?? '',
  };
}

function paramsFrom(filters: QueueFilters): URLSearchParams {
  const next = new URLSearchParams();
  if (filters.q) next.set('q', filters.q);
  if (filters.statuses.length > 0) next.set('status', filters.statuses.join(','));
  if (filters.overdue) next.set('overdue', 'true');
  if (filters.assignee) next.set('assignee', filters.assignee);
  if (filters.discoveryMethod) next.set('discoveryMethod', filters.discoveryMethod);
  return next;
}

function toListFilters(filters: QueueFilters): ListFilters {
  const method = DiscoveryMethod.safeParse(filters.discoveryMethod);
  return {
    status: filters.statuses.length > 0 ? filters.statuses.join(',') : undefined,
    overdue: filters.overdue || undefined,
    assignee: filters.assignee || undefined,
    discoveryMethod: method.success ? method.data : undefined,
    q: filters.q || undefined,
  };
}

function ReportLink({ report }: { report: ReportSummary }) {
  return (
    <Link className="usa-link" to={`/reports/${report.id}`}>
      {report.ref}
    </Link>
  );
}

/** A TLP:RED report the reader is not named on: its reference, status and dates only. */
function RestrictedTitle() {
  return (
    <>
      <Tag className="restricted-tag">Restricted</Tag>{' '}
      <span className="text-base">TLP:RED, only for the people named on it</span>
    </>
  );
}

function QueueTable({ reports }: { reports: ReportSummary[] }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Reports</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">TLP</th>
          <th scope="col">Discovery</th>
          <th scope="col">Assignee</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((report) => (
          <tr key={report.id} className={report.restricted ? 'report-row--restricted' : undefined}>
            <th scope="row" className="text-no-wrap">
              {report.restricted ? report.ref : <ReportLink report={report} />}
            </th>
            <td className="report-title-cell">
              {report.restricted ? <RestrictedTitle /> : report.title}
              {(report.responseTimes.firstResponseOverdue ||
                report.responseTimes.triageOverdue ||
                report.exploitedInWild) && (
                <span className="report-attention">
                  <OverdueTags times={report.responseTimes} />
                  {report.exploitedInWild && <ExploitedTag />}
                </span>
              )}
            </td>
            <td>
              <StatusTag status={report.status} />
            </td>
            <td>
              <TlpTag tlp={report.tlp} />
            </td>
            <td className="wrap-cell">{DISCOVERY_METHOD_LABELS[report.discoveryMethod]}</td>
            <td className="wrap-cell">{report.assignee?.name ?? 'Unassigned'}</td>
            <td className="text-no-wrap">
              <span title={formatDateTime(report.createdAt)}>{formatAge(report.createdAt)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function MyReportsTable({ reports }: { reports: ReportSummary[] }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Your reports</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">TLP</th>
          <th scope="col">Submitted</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((report) => (
          <tr key={report.id}>
            <th scope="row" className="text-no-wrap">
              <ReportLink report={report} />
            </th>
            <td className="report-title-cell">{report.title}</td>
            <td>
              <StatusTag status={report.status} />
            </td>
            <td>
              <TlpTag tlp={report.tlp} />
            </td>
            <td>{formatDate(report.createdAt)}</td>
            <td>{formatDateTime(report.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function NewReportLink({ children = 'Report a vulnerability' }: { children?: string }) {
  return (
    <Link className="usa-link" to="/reports/new">
      {children}
    </Link>
  );
}

/** Clearinghouse staff: every report, filtered. */
function TriageQueue() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const list = useReportList(toListFilters(filters));
  const reports = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = paramsFrom(filters).toString() !== '';

  return (
    <>
      <div className="page-title-row">
        <PageHeading title="Triage queue" />
        <Link className="usa-button usa-button--outline" to="/reports/new">
          Report a vulnerability
        </Link>
      </div>
      <p className="usa-intro">
        Every vulnerability report, newest first. Decide on each one: ask for what is missing, validate it, or
        close it with a reason.
      </p>
      <ReportFilters
        key={params.toString()}
        initial={filters}
        onApply={(next) => {
          setParams(paramsFrom(next));
        }}
      />
      <ResultCount
        query={list}
        count={reports.length}
        singular="report"
        plural="reports"
        searched={filtered}
      />
      <QueryStates
        query={list}
        loadingLabel="Loading reports…"
        errorHeading="Could not load the reports"
        isEmpty={reports.length === 0}
        emptyTitle={filtered ? 'No reports match these filters.' : 'No reports yet.'}
        emptyText={
          <p>
            {filtered ? (
              <>
                <Link className="usa-link" to="/reports">
                  Clear the filters
                </Link>{' '}
                to see every report, or <NewReportLink>report a vulnerability</NewReportLink>.
              </>
            ) : (
              <>
                Reports appear here as they arrive. You can also{' '}
                <NewReportLink>report a vulnerability</NewReportLink> yourself.
              </>
            )}
          </p>
        }
      >
        <QueueTable reports={reports} />
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}

/** Everyone else: the reports they submitted. */
function MyReports() {
  const list = useReportList({ mine: true });
  const reports = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="page-title-row">
        <PageHeading title="Your reports" />
        <Link className="usa-button" to="/reports/new">
          Report a vulnerability
        </Link>
      </div>
      <p className="usa-intro">
        The vulnerabilities you reported while signed in, and where each one stands. Open one to read our
        messages and answer them.
      </p>
      <ResultCount query={list} count={reports.length} singular="report" plural="reports" />
      <QueryStates
        query={list}
        loadingLabel="Loading your reports…"
        errorHeading="Could not load your reports"
        isEmpty={reports.length === 0}
        emptyTitle="You have not reported any vulnerabilities yet."
        emptyText={
          <p>
            Found one? <NewReportLink>Report a vulnerability</NewReportLink>: you can follow it here.
          </p>
        }
      >
        <MyReportsTable reports={reports} />
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}

export function ReportsPage() {
  const me = useSession();
  return isTriageStaff(me) ? <TriageQueue /> : <MyReports />;
}
