import { Table } from '@trussworks/react-uswds';
import { Link, useSearchParams } from 'react-router';
import { OrganizationKind } from '@clearinghouse/shared';
import { OrgSearchForm } from './org-search-form';
import { useOrgList } from './orgs.api';
import { formatDate, formatSectors, ORGANIZATION_KIND_LABELS } from '../../app/format';
import { ErrorAlert } from '../../components/error-alert';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { EmptyState, HiddenCaption, LiveRegion, Loading } from '../../components/status-message';

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
      <OrgSearchForm key={params.toString()} initialQuery={q} initialKind={kind ?? ''} onSearch={search} />

      <LiveRegion>
        {list.isSuccess && (
          <p className="margin-bottom-0">
            {orgs.length === 1 ? '1 organization' : `${orgs.length} organizations`}
            {list.hasNextPage ? ' shown (more available)' : ''}
            {filtered ? ' match your search.' : '.'}
          </p>
        )}
      </LiveRegion>

      {list.isPending ? (
        <Loading label="Loading organizations…" />
      ) : list.isError ? (
        <ErrorAlert error={list.error} heading="Could not load organizations" />
      ) : orgs.length === 0 ? (
        <EmptyState title={filtered ? 'No organizations match your search.' : 'No organizations yet.'}>
          <p>
            {filtered ? 'Try other words or another kind, or ' : 'You can '}
            <Link className="usa-link" to="/orgs/new">
              create an organization
            </Link>
            .
          </p>
        </EmptyState>
      ) : (
        <>
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
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => {
              void list.fetchNextPage();
            }}
          />
        </>
      )}
    </>
  );
}
