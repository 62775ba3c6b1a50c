import { Table } from '@trussworks/react-uswds';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATUSES, CaseStatus, type CaseSummary } from '@clearinghouse/shared';
import './cases.css';
import { CASE_STATUS_LABELS, MY_ROLE_LABELS, PARTICIPANT_STATUS_LABELS } from './case-labels';
import { CaseStatusTag } from './case-tags';
import { useCaseList } from './cases.api';
import { canOpenCases } from './open-case-link';
import { useSession } from '../auth/session';
import { TlpTag } from '../reports/report-tags';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { filterOptions, SearchForm, type SearchFilter } from '../../components/search-form';
import { HiddenCaption } from '../../components/status-message';

const STATUS_FILTER: SearchFilter = {
  id: 'case-status-filter',
  label: 'Status',
  anyLabel: 'Any status',
  options: filterOptions(CASE_STATUSES, CASE_STATUS_LABELS),
};

function MyPart({ summary }: { summary: CaseSummary }) {
  if (!summary.myRole) return <>—</>;
  return (
    <>
      {MY_ROLE_LABELS[summary.myRole]}
      {summary.myStatus && summary.myRole !== 'staff' && (
        <span className="display-block text-base">{PARTICIPANT_STATUS_LABELS[summary.myStatus]}</span>
      )}
    </>
  );
}

function CasesTable({ cases }: { cases: CaseSummary[] }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Cases</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">TLP</th>
          <th scope="col">Vulnerabilities</th>
          <th scope="col">Embargo ends</th>
          <th scope="col">Your part</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} className={c.myStatus === 'invited' ? 'case-row--invited' : undefined}>
            <th scope="row" className="text-no-wrap">
              <Link className="usa-link" to={`/cases/${c.id}`}>
                {c.ref}
              </Link>
            </th>
            <td className="report-title-cell">{c.title}</td>
            <td>
              <CaseStatusTag status={c.status} />
            </td>
            <td>
              <TlpTag tlp={c.tlp} />
            </td>
            <td className="text-right">{c.vulnerabilityCount}</td>
            <td className="wrap-cell">
              {c.embargoEndsAt ? <Instant iso={c.embargoEndsAt} /> : 'No embargo'}
            </td>
            <td className="wrap-cell">
              <MyPart summary={c} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** `/cases`: every case for clearinghouse staff; the ones they take part in for everyone else. */
export function CasesPage() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const statusParsed = CaseStatus.safeParse(params.get('status'));
  const status = statusParsed.success ? statusParsed.data : undefined;
  const list = useCaseList({ q: q || undefined, status });
  const cases = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== '' || status !== undefined;
  const coordinator = canOpenCases(me);

  const search = (nextQ: string, nextStatus: string) => {
    const next = new URLSearchParams();
    if (nextQ) next.set('q', nextQ);
    if (nextStatus) next.set('status', nextStatus);
    setParams(next);
  };

  return (
    <>
      <PageHeading title="Cases" />
      <p className="usa-intro">
        {coordinator
          ? 'Coordinated disclosure cases: the vulnerabilities, the vendors taking part, their statements and the embargo.'
          : 'The coordinated disclosure cases you or your organization take part in.'}
      </p>
      <SearchForm
        key={params.toString()}
        name="Cases"
        search={{
          id: 'case-search',
          label: 'Search',
          hint: 'Words in the title, or a reference such as CH-2026-0001',
          maxLength: 200,
        }}
        filter={STATUS_FILTER}
        initialQuery={q}
        initialFilter={status ?? ''}
        onSearch={search}
      />
      <ResultCount query={list} count={cases.length} singular="case" plural="cases" searched={filtered} />
      <QueryStates
        query={list}
        loadingLabel="Loading cases…"
        errorHeading="Could not load the cases"
        isEmpty={cases.length === 0}
        emptyTitle={filtered ? 'No cases match your search.' : 'No cases yet.'}
        emptyText={
          filtered ? (
            <p>
              <Link className="usa-link" to="/cases">
                Clear the search
              </Link>{' '}
              to see every case.
            </p>
          ) : coordinator ? (
            <p>
              A case opens from valid reports. Find a valid report in the{' '}
              <Link className="usa-link" to="/reports?status=valid">
                triage queue
              </Link>{' '}
              and choose “Open a case”.
            </p>
          ) : (
            <p>
              A clearinghouse coordinator opens a case from validated vulnerability reports and invites the
              vendors concerned. When your organization is invited to one, it appears here and you are told in
              your notifications.
            </p>
          )
        }
      >
        <CasesTable cases={cases} />
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}
