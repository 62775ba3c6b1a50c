import { Button, Table } from '@trussworks/react-uswds';
import { useLiftSuppression, useSuppressions } from './exposure.api';
import { Instant } from '../../components/instant';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';
import { FormProblems } from '../../app/form-errors';

/**
 * The organization's active suppressions, each liftable: its exposures are judged again at once
 * (and alert again if they should), as they would be when it expires.
 */
export function SuppressionsSection({ orgId }: { orgId: string }) {
  const list = useSuppressions(orgId);
  const lift = useLiftSuppression();
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="suppressions-heading" className="exposure-section">
      <h2 id="suppressions-heading">Suppressions</h2>
      <LiveRegion>
        {lift.isSuccess && <SuccessMessage>Lifted. Its exposures are back on your list.</SuccessMessage>}
      </LiveRegion>
      <FormProblems
        errors={{}}
        error={lift.error}
        fields={{}}
        heading="The suppression was not lifted"
        headingLevel="h3"
      />
      <QueryStates
        query={list}
        loadingLabel="Loading suppressions…"
        errorHeading="Could not load suppressions"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="Nothing is suppressed."
        emptyText={
          <p>Suppress a component from one of its exposures when a finding does not apply to you.</p>
        }
      >
        <Table bordered fullWidth caption={<HiddenCaption>Active suppressions</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Component (all versions)</th>
              <th scope="col">Vulnerability</th>
              <th scope="col">Reason</th>
              <th scope="col">Until</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="wrap-cell">
                  {s.label}
                </th>
                <td>{s.vulnerabilityKey ?? 'All'}</td>
                <td className="wrap-cell">{s.reason}</td>
                <td>
                  <Instant iso={s.expiresAt} />
                </td>
                <td>
                  <Button
                    type="button"
                    unstyled
                    disabled={lift.isPending}
                    onClick={() => {
                      lift.mutate(s.id);
                    }}
                  >
                    Lift<span className="usa-sr-only"> the suppression of {s.label}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryStates>
    </section>
  );
}
