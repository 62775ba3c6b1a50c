import { Table } from '@trussworks/react-uswds';
import { Link, useSearchParams } from 'react-router';
import { ORGANIZATION_KINDS, OrganizationKind } from '@clearinghouse/shared';
import { useOrgList } from './orgs.api';
import { formatDate, formatSectors, ORGANIZATION_KIND_LABELS } from '../../app/format';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { filterOptions, SearchForm, type SearchFilter } from '../../components/search-form';
import { HiddenCaption } from '../../components/status-message';

const KIND_FILTER: SearchFilter = {
  id: 'org-kind-filter',
  label: 'Kind',
  anyLabel: 'All kinds',
  options: filterOptions(ORGANIZATION_KINDS, ORGANIZATION_KIND_LABELS),
};

export function OrgsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kindParsed = OrganizationKind.safeParse(params.get('kind'));
  const kind = kindParsed.success ? kindParsed.data : undefined;
  const list = useOrgList({ q: q || undefined, kind });
  const orgs = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== '' || kind !== undefined;

  const search = (nextQ: string, nextKind: string) => {
    const next = new URLSearchParams();
    if (nextQ) next.set('q', nextQ);
    if (nextKind) next.set('kind', nextKind);
    setParams(next);
  };

  return (
    <>
      <div className="page-title-row">
        <PageHeading title="Organizations" />
        <Link className="usa-button" to="/orgs/new">
          Create organization
        </Link>
      </div>
      <p className="usa-intro">
        Vendors, operators, AI developers, researchers and agencies that take part in coordinated disclosure
        through this clearinghouse.
      </p>
      <SearchForm
        key={params.toString()}
        name="Organizations"
        search={{ id: 'org-search', label: 'Search organizations' }}
        filter={KIND_FILTER}
        initialQuery={q}
        initialFilter={kind ?? ''}
        onSearch={search}
      />

      <ResultCount
        query={list}
        count={orgs.length}
        singular="organization"
        plural="organizations"
        searched={filtered}
      />

      <QueryStates
        query={list}
        loadingLabel="Loading organizations…"
        errorHeading="Could not load organizations"
        isEmpty={orgs.length === 0}
        emptyTitle={filtered ? 'No organizations match your search.' : 'No organizations yet.'}
        emptyText={
          <p>
            {filtered ? 'Try other words or another kind, or ' : 'You can '}
            <Link className="usa-link" to="/orgs/new">
              create an organization
            </Link>
            .
          </p>
        }
      >
        <Table bordered fullWidth caption={<HiddenCaption>Organizations</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Sectors</th>
              <th scope="col">Verified</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((org) => (
              <tr key={org.id}>
                <th scope="row">
                  <Link className="usa-link" to={`/orgs/${org.id}`}>
                    {org.name}
                  </Link>
                </th>
                <td>{ORGANIZATION_KIND_LABELS[org.kind]}</td>
                <td>{formatSectors(org.sectors)}</td>
                <td>{org.verifiedAt ? `Yes, ${formatDate(org.verifiedAt)}` : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}
