import { Alert, AlertHeading, AlertText, Table } from '@trussworks/react-uswds';
import { Fragment } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AuditEvent, AuditQuery, Me } from '@clearinghouse/shared';
import { AuditFilters } from './audit-filters';
import { useAuditEvents } from './audit.api';
import { isApiError, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { canReadAudit, isGlobalAdmin, useSession } from '../auth/session';
import { useOrgOptions } from '../orgs/orgs.api';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

const FILTER_KEYS = ['action', 'actorUserId', 'organizationId'] as const;

/** An ID under a label people read: still there to copy into a filter or a support request. */
function SecondaryId({ children }: { children: string }) {
  return <span className="secondary-id">{children}</span>;
}

/** `org.invitation_accepted` may wrap after its dots and underscores, never mid-word. */
function ActionName({ action }: { action: string }) {
  const parts = action.split(/(?<=[._])/);
  return (
    <code>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

/** A name in the log that narrows the log to its events; the ID it stands for is its tooltip. */
function FilterLink({ to, id, children }: { to: string; id: string; children: string }) {
  return (
    <Link className="usa-link" to={to} title={`${id}: show only these events`}>
      {children}
    </Link>
  );
}

/** Who acted: the account's email (its ID as a tooltip), else the system process, else "anonymous". */
function Actor({ event }: { event: AuditEvent }) {
  if (event.actorUserId) {
    return (
      <>
        <FilterLink to={withQuery('/audit', { actorUserId: event.actorUserId })} id={event.actorUserId}>
          {event.actorEmail ?? event.actorUserId}
        </FilterLink>
        {event.actorTokenId && (
          <span className="secondary-id" title={event.actorTokenId}>
            with an API token
          </span>
        )}
      </>
    );
  }
  const system: unknown = event.data.system;
  if (system) {
    return (
      <>
        system
        {typeof system === 'string' && <SecondaryId>{system}</SecondaryId>}
      </>
    );
  }
  return (
    <>
      anonymous
      {event.actorIp && <SecondaryId>{event.actorIp}</SecondaryId>}
    </>
  );
}

function OrganizationCell({ event }: { event: AuditEvent }) {
  if (!event.organizationId) return <>—</>;
  return (
    <FilterLink to={withQuery('/audit', { organizationId: event.organizationId })} id={event.organizationId}>
      {event.organizationName ?? event.organizationId}
    </FilterLink>
  );
}

function Target({ event }: { event: AuditEvent }) {
  if (!event.targetType && !event.targetId) return <>—</>;
  return (
    <>
      {event.targetType ?? 'target'}
      {event.targetId && <SecondaryId>{event.targetId}</SecondaryId>}
    </>
  );
}

function Forbidden() {
  return (
    <Alert type="error" role="alert">
      <AlertHeading level="h2">You do not have access to the audit log</AlertHeading>
      <AlertText>
        The audit log is open to clearinghouse administrators and to administrators of an organization (for
        their organization&apos;s events). (403 Forbidden)
      </AlertText>
    </Alert>
  );
}

/**
 * The organizations whose events the reader may filter by: every one for clearinghouse admins,
 * otherwise those the reader administers.
 */
function useFilterOrganizations(me: Me, enabled: boolean) {
  const globalAdmin = isGlobalAdmin(me);
  const options = useOrgOptions(enabled && globalAdmin);
  const organizations = globalAdmin
    ? (options.data?.items ?? [])
    : me.memberships.filter((m) => m.role === 'admin').map((m) => m.organization);
  return {
    organizations: [...organizations].sort((a, b) => a.name.localeCompare(b.name)),
    loading: globalAdmin && options.isPending,
  };
}

export function AuditPage() {
  const me = useSession();
  const allowed = canReadAudit(me);
  const [params, setParams] = useSearchParams();
  const filters: AuditQuery = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const events = useAuditEvents(filters, allowed);
  const filterOrganizations = useFilterOrganizations(me, allowed);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  const apply = (next: AuditQuery) => {
    const search = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = next[key];
      if (value) search.set(key, value);
    }
    setParams(search);
  };

  if (!allowed || isApiError(events.error, 'forbidden')) {
    return (
      <>
        <PageHeading title="Audit log" />
        <Forbidden />
      </>
    );
  }

  return (
    <>
      <PageHeading title="Audit log" />
      <p className="usa-intro">
        Every change in the clearinghouse is recorded here, in order, each event chained to the one before it
        by a hash.
      </p>
      <AuditFilters
        key={params.toString()}
        initial={filters}
        organizations={filterOrganizations.organizations}
        organizationsLoading={filterOrganizations.loading}
        onApply={apply}
      />
      <ResultCount query={events} count={items.length} singular="event" plural="events" />
      <QueryStates
        query={events}
        loadingLabel="Loading audit events…"
        errorHeading="Could not load the audit log"
        isEmpty={items.length === 0}
        emptyTitle={filtered ? 'No events match these filters.' : 'No events recorded yet.'}
      >
        <Table
          bordered
          fullWidth
          compact
          stackedStyle="default"
          className="audit-table"
          caption={<HiddenCaption>Audit events</HiddenCaption>}
        >
          <thead>
            <tr>
              <th scope="col" className="audit-col-time">
                Time
              </th>
              <th scope="col" className="audit-col-action">
                Action
              </th>
              <th scope="col">Actor</th>
              <th scope="col">Organization</th>
              <th scope="col" className="audit-col-target">
                Target
              </th>
              <th scope="col" className="audit-col-hash">
                Hash
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.id}>
                <td data-label="Time">
                  <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                </td>
                <th scope="row" data-label="Action">
                  <ActionName action={event.action} />
                </th>
                <td data-label="Actor">
                  <Actor event={event} />
                </td>
                <td data-label="Organization">
                  <OrganizationCell event={event} />
                </td>
                <td data-label="Target">
                  <Target event={event} />
                </td>
                <td data-label="Hash">
                  <code title={event.hash}>{event.hash.slice(0, 8)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore query={events} />
      </QueryStates>
    </>
  );
}
