import { Alert, AlertHeading, AlertText, Table } from '@trussworks/react-uswds';
import { useSearchParams } from 'react-router';
import type { AuditEvent, AuditQuery } from '@clearinghouse/shared';
import { AuditFilters } from './audit-filters';
import { useAuditEvents } from './audit.api';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { canReadAudit, useSession } from '../auth/session';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

const FILTER_KEYS = ['action', 'actorUserId', 'organizationId'] as const;

function actorOf(event: AuditEvent): string {
  if (event.actorUserId) return event.actorUserId;
  if (event.actorTokenId) return `token ${event.actorTokenId}`;
  return 'system';
}

function targetOf(event: AuditEvent): string {
  return [event.targetType, event.targetId].filter(Boolean).join(' ') || '—';
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
      <AuditFilters key={params.toString()} initial={filters} onApply={apply} />
      <ResultCount query={events} count={items.length} singular="event" plural="events" />
      <QueryStates
        query={events}
        loadingLabel="Loading audit events…"
        errorHeading="Could not load the audit log"
        isEmpty={items.length === 0}
        emptyTitle={filtered ? 'No events match these filters.' : 'No events recorded yet.'}
      >
        <Table bordered fullWidth caption={<HiddenCaption>Audit events</HiddenCaption>} scrollable compact>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Organization</th>
              <th scope="col">Target</th>
              <th scope="col">Hash</th>
            </tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                </td>
                <th scope="row">
                  <code>{event.action}</code>
                </th>
                <td>
                  <code>{actorOf(event)}</code>
                </td>
                <td>{event.organizationId ? <code>{event.organizationId}</code> : '—'}</td>
                <td>{targetOf(event)}</td>
                <td>
                  <code title={event.hash}>{event.hash.slice(0, 12)}</code>
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
