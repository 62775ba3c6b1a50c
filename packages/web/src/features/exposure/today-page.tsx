import { Button, ButtonGroup, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EXPOSURE_STATUSES, type Exposure, type ExposureStatus, type Inventory } from '@clearinghouse/shared';
import './exposure.css';
import { useExposureList, useInventories, useTriageExposure, type ExposureFilters } from './exposure.api';
import { componentLabel, EXPOSURE_STATUS_LABELS } from './exposure-labels';
import { ExposureTable } from './exposure-list';
import { useCurrentOrg } from '../../app/current-org';
import { SelectField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { ResultCount } from '../../components/paged-list';
import { ErrorAlert } from '../../components/error-alert';
import { MutationOutcome } from '../../components/query-states';
import { EmptyState, Loading } from '../../components/status-message';

/** Status filter choices: the server's default (open and acknowledged), each status, or all. */
const ALL_STATUSES = EXPOSURE_STATUSES.join(',');

function parseStatuses(value: string): ExposureStatus[] | undefined {
  if (!value) return undefined;
  const statuses = value
    .split(',')
    .filter((s): s is ExposureStatus => (EXPOSURE_STATUSES as readonly string[]).includes(s));
  return statuses.length > 0 ? statuses : undefined;
}

/** Inventory and status, applied together; remount it (key) when the address holds new filters. */
function ExposureFilterForm({
  inventories,
  initialInventoryId,
  initialStatus,
  onApply,
}: {
  inventories: readonly Inventory[];
  initialInventoryId: string;
  initialStatus: string;
  onApply: (inventoryId: string, status: string) => void;
}) {
  const [inventoryId, setInventoryId] = useState(initialInventoryId);
  const [status, setStatus] = useState(initialStatus);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(inventoryId, status);
  };
  return (
    <Form onSubmit={submit} className="filter-form" role="search" aria-label="Exposures">
      <div className="filter-row">
        <div className="filter-field">
          <SelectField
            id="exposure-inventory"
            label="Inventory"
            value={inventoryId}
            onChange={(event) => {
              setInventoryId(event.target.value);
            }}
          >
            <option value="">All inventories</option>
            {inventories.map((inv) => (
              <option key={inv.id} value={inv.id}>
                {inv.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="filter-field">
          <SelectField
            id="exposure-status"
            label="Status"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
            }}
          >
            <option value="">Open and acknowledged</option>
            {EXPOSURE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {EXPOSURE_STATUS_LABELS[s]}
              </option>
            ))}
            <option value={ALL_STATUSES}>Any status</option>
          </SelectField>
        </div>
        <div className="filter-actions">
          <Button type="submit">Apply</Button>
        </div>
      </div>
    </Form>
  );
}

/** Nothing listed yet, or nothing to do: each said plainly, with the next step. */
function NothingToDo({
  inventories,
  review,
  filtered,
}: {
  inventories: readonly Inventory[];
  review: boolean;
  filtered: boolean;
}) {
  if (inventories.length === 0) {
    return (
      <EmptyState title="You have not told us what you run yet.">
        <p>
          Matching works from your inventory: the software, devices and AI models your organization runs.{' '}
          <Link className="usa-link" to="/inventories">
            Create an inventory and upload an SBOM or a spreadsheet
          </Link>{' '}
          and we will tell you here which published vulnerabilities affect you and what to do.
        </p>
      </EmptyState>
    );
  }
  if (review) {
    return (
      <EmptyState title="Nothing needs your review.">
        <p>There are no uncertain matches to check. Matches we are sure of are on the “To do” list.</p>
      </EmptyState>
    );
  }
  if (filtered) return <EmptyState title="No exposures match these filters." />;
  const components = inventories.reduce((sum, inv) => sum + inv.componentCount, 0);
  return (
    <EmptyState title="You are all caught up: nothing to do today.">
      <p>
        None of the {components} {components === 1 ? 'component' : 'components'} in your{' '}
        {inventories.length === 1 ? 'inventory' : 'inventories'} is affected by an open, known vulnerability.
        We will tell you as soon as that changes.
      </p>
    </EmptyState>
  );
}

/**
 * `/today`: what an operator should do, most urgent first (known exploited, then SSVC Act and
 * Attend, then CVSS), and the uncertain matches to review.
 */
export function TodayPage() {
  const { current } = useCurrentOrg();
  const orgId = current?.organization.id;
  const [params, setParams] = useSearchParams();
  const review = params.get('view') === 'review';
  const inventoryId = params.get('inventoryId') ?? '';
  const status = params.get('status') ?? '';
  const filters: ExposureFilters = {
    orgId,
    inventoryId: inventoryId || undefined,
    statuses: parseStatuses(status),
    alerting: review ? 'false' : 'true',
  };
  const inventories = useInventories(orgId);
  const list = useExposureList(filters, Boolean(orgId));
  const triage = useTriageExposure();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const invs = inventories.data?.items ?? [];

  const setParam = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  if (!current) {
    return (
      <>
        <PageHeading title="What to do today" />
        <EmptyState title="You are not part of any organization yet.">
          <p>Exposures belong to an organization. Ask your organization’s administrator to invite you.</p>
        </EmptyState>
      </>
    );
  }

  const onTriage = (exposure: Exposure, decision: 'promoted' | 'dismissed') => {
    triage.mutate({ id: exposure.id, triage: decision });
  };
  const triaged = triage.variables;
  const triagedItem = triaged ? items.find((e) => e.id === triaged.id) : undefined;

  return (
    <>
      <PageHeading title="What to do today" />
      <p className="usa-intro">
        The published vulnerabilities that affect what {current.organization.name} runs, most urgent first:
        known exploited, then those to act on, then those to attend to.
      </p>
      <p>
        <Link className="usa-link" to="/inventories">
          Your inventories
        </Link>
        {' · '}
        <Link className="usa-link" to="/settings/notifications">
          Notification settings
        </Link>
      </p>

      <ButtonGroup type="segmented" aria-label="Which exposures" className="exposure-tabs">
        <Button
          type="button"
          outline={review}
          aria-pressed={!review}
          onClick={() => {
            setParam({ view: '' });
          }}
        >
          To do
        </Button>
        <Button
          type="button"
          outline={!review}
          aria-pressed={review}
          onClick={() => {
            setParam({ view: 'review' });
          }}
        >
          Needs review
        </Button>
      </ButtonGroup>
      {review && (
        <p>
          These matches are uncertain: only the product name looks alike, or the version could not be
          compared. Promote one to add it to your “To do” list and alerts, or dismiss it if it is not the
          product you run.
        </p>
      )}

      {inventories.isPending ? (
        <Loading label="Loading your inventories…" />
      ) : (
        <>
          {invs.length > 0 && (
            <ExposureFilterForm
              key={`${inventoryId}|${status}`}
              inventories={invs}
              initialInventoryId={inventoryId}
              initialStatus={status}
              onApply={(inv, st) => {
                setParam({ inventoryId: inv, status: st });
              }}
            />
          )}
          <MutationOutcome
            mutation={triage}
            successMessage={
              triaged && triagedItem
                ? `${triaged.triage === 'promoted' ? 'Promoted' : 'Dismissed'} ${triagedItem.vulnerability.key} in ${componentLabel(triagedItem.component)}.`
                : 'Done.'
            }
            errorHeading="That did not work"
            headingLevel="h2"
          />
          <ResultCount
            query={list}
            count={items.length}
            singular={review ? 'match to review' : 'exposure'}
            plural={review ? 'matches to review' : 'exposures'}
          />
          {list.isPending ? (
            <Loading label="Loading your exposures…" />
          ) : list.isError ? (
            <ErrorAlert error={list.error} heading="Could not load your exposures" />
          ) : items.length === 0 ? (
            <NothingToDo inventories={invs} review={review} filtered={Boolean(inventoryId || status)} />
          ) : (
            <>
              <ExposureTable
                items={items}
                caption={review ? 'Matches to review' : 'Exposures, most urgent first'}
                review={review ? { onTriage, busyId: triage.isPending ? triaged?.id : undefined } : undefined}
              />
              {list.hasNextPage && (
                <Button
                  type="button"
                  outline
                  disabled={list.isFetchingNextPage}
                  onClick={() => {
                    void list.fetchNextPage();
                  }}
                >
                  {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
                </Button>
              )}
            </>
          )}
        </>
      )}
    </>
  );
}
