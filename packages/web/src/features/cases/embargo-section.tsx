import { Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import type { Case, Embargo, EmbargoResponse, Me } from '@clearinghouse/shared';
import { EmbargoStatusTag } from './case-tags';
import { ActionProblems, FocusedOutcome, myVendorParticipations } from './case-ui';
import { useAnswerEmbargo } from './cases.api';
import { EmbargoForm } from './embargo-form';
import { formatInstant } from '../../app/format';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../../components/confirm-button';
import { Instant } from '../../components/instant';
import { EmptyState } from '../../components/status-message';

const CLEARINGHOUSE = 'clearinghouse';

/** For whom the reader may answer a proposal: the clearinghouse (coordinators), or their organizations. */
function answerableFor(e: Embargo, c: Case, me: Me): { organizationId: string | undefined; name: string }[] {
  if (e.status !== 'proposed') return [];
  if (c.canCoordinate && e.awaiting.some((a) => a.id === CLEARINGHOUSE))
    return [{ organizationId: undefined, name: 'the clearinghouse' }];
  return e.awaiting
    .filter((a) => me.memberships.some((m) => m.organization.id === a.id))
    .map((a) => ({ organizationId: a.id, name: a.name }));
}

function ActiveEmbargo({ embargo }: { embargo: Embargo | null }) {
  if (!embargo)
    return (
      <div className="usa-summary-box embargo-box" role="region" aria-labelledby="embargo-current-heading">
        <div className="usa-summary-box__body">
          <h3 className="usa-summary-box__heading" id="embargo-current-heading">
            No embargo is agreed
          </h3>
          <p className="margin-bottom-0">Propose one below; it holds once the other side accepts it.</p>
        </div>
      </div>
    );
  return (
    <div
      className="usa-summary-box embargo-box embargo-box--active"
      role="region"
      aria-labelledby="embargo-current-heading"
    >
      <div className="usa-summary-box__body">
        <h3 className="usa-summary-box__heading" id="embargo-current-heading">
          Embargoed until <Instant iso={embargo.endsAt} />
        </h3>
        <p>Nothing about this case may be published before then.</p>
        {embargo.reason && <p className="pre-wrap">Reason: {embargo.reason}</p>}
        <p className="margin-bottom-0 text-base">
          Proposed by {embargo.proposedBy.name}
          {embargo.proposedByOrganization ? ` (${embargo.proposedByOrganization.name})` : ' (clearinghouse)'}
          {embargo.decidedAt && (
            <>
              ; agreed <Instant iso={embargo.decidedAt} />
            </>
          )}
          .
        </p>
      </div>
    </div>
  );
}

/**
 * The embargo: the one that holds, prominently; every proposal with its answers and whose answer
 * it awaits; accepting, rejecting and withdrawing where the reader may; and a new proposal.
 */
export function EmbargoSection({ c, routeId }: { c: Case; routeId: string }) {
  const me = useSession();
  const answer = useAnswerEmbargo(routeId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const canPropose = c.canCoordinate || myVendorParticipations(c, me).some((p) => p.status === 'active');

  const respond = (e: Embargo, request: EmbargoResponse) => {
    setOutcome(null);
    answer.mutate(
      { embargoId: e.id, ...request },
      {
        onSuccess: (updated) => {
          const now = updated.embargoes.find((x) => x.id === e.id);
          const until = formatInstant(e.endsAt);
          setOutcome(
            request.response === 'withdraw'
              ? `The proposal to end the embargo ${until} is withdrawn.`
              : request.response === 'reject'
                ? `You rejected the proposal to end the embargo ${until}.`
                : now?.status === 'active'
                  ? `The embargo until ${until} now holds.`
                  : `You accepted the proposal to end the embargo ${until}. It still awaits ${
                      now?.awaiting.map((a) => a.name).join(', ') ?? 'other answers'
                    }.`,
          );
        },
      },
    );
  };
  const busy = (e: Embargo) => answer.isPending && answer.variables.embargoId === e.id;

  return (
    <section aria-labelledby="embargo-heading" id="embargo" className="case-section">
      <h2 id="embargo-heading">Embargo</h2>
      <ActiveEmbargo embargo={c.embargo} />
      <FocusedOutcome message={outcome} />
      <ActionProblems
        error={answer.error}
        heading="Your answer was not recorded"
        headingLevel="h3"
        fields={{ organizationId: { label: 'Organization', id: 'embargo-heading' } }}
      />
      <h3>Proposals</h3>
      {c.embargoes.length === 0 ? (
        <EmptyState title="No embargo has been proposed yet." />
      ) : (
        <ol className="statement-list" aria-label="Embargo proposals, newest first">
          {c.embargoes.map((e) => {
            const parties = answerableFor(e, c, me);
            const canWithdraw = e.status === 'proposed' && (e.proposedBy.id === me.id || c.canCoordinate);
            const until = formatInstant(e.endsAt);
            return (
              <li key={e.id} className={`statement-card embargo-card embargo-card--${e.status}`}>
                <article aria-labelledby={`embargo-${e.id}-heading`}>
                  <header className="statement-card__header">
                    <h4 id={`embargo-${e.id}-heading`} className="margin-0">
                      Until <Instant iso={e.endsAt} />
                    </h4>
                    <EmbargoStatusTag status={e.status} />
                  </header>
                  <dl className="details-list">
                    <dt>Proposed by</dt>
                    <dd>
                      {e.proposedBy.name}
                      {e.proposedByOrganization
                        ? ` (${e.proposedByOrganization.name})`
                        : ' (clearinghouse)'}, <Instant iso={e.createdAt} />
                    </dd>
                    {e.reason && (
                      <>
                        <dt>Reason</dt>
                        <dd className="pre-wrap">{e.reason}</dd>
                      </>
                    )}
                    {e.responses.length > 0 && (
                      <>
                        <dt>Answers</dt>
                        <dd>
                          <ul className="usa-list usa-list--unstyled">
                            {e.responses.map((r) => (
                              <li key={r.organization.id}>
                                {r.organization.name}: {r.response === 'accepted' ? 'accepted' : 'rejected'},{' '}
                                <Instant iso={r.at} />
                              </li>
                            ))}
                          </ul>
                        </dd>
                      </>
                    )}
                    {e.awaiting.length > 0 && (
                      <>
                        <dt>Awaiting</dt>
                        <dd>{e.awaiting.map((a) => a.name).join(', ')}</dd>
                      </>
                    )}
                    {e.decidedAt && (
                      <>
                        <dt>Decided</dt>
                        <dd>
                          <Instant iso={e.decidedAt} />
                        </dd>
                      </>
                    )}
                  </dl>
                  {(parties.length > 0 || canWithdraw) && (
                    <div className="button-row">
                      {parties.map((party) => (
                        <span key={party.organizationId ?? CLEARINGHOUSE} className="button-row">
                          <Button
                            type="button"
                            disabled={busy(e)}
                            aria-label={`Accept the embargo until ${until} for ${party.name}`}
                            onClick={() => {
                              respond(e, { response: 'accept', organizationId: party.organizationId });
                            }}
                          >
                            {parties.length > 1 ? `Accept for ${party.name}` : 'Accept'}
                          </Button>
                          <ConfirmButton
                            label={parties.length > 1 ? `Reject for ${party.name}` : 'Reject'}
                            accessibleName={`Reject the embargo until ${until} for ${party.name}`}
                            question="Reject this proposal?"
                            confirmLabel="Yes, reject"
                            busy={busy(e)}
                            onConfirm={() => {
                              respond(e, { response: 'reject', organizationId: party.organizationId });
                            }}
                          />
                        </span>
                      ))}
                      {canWithdraw && (
                        <ConfirmButton
                          label="Withdraw"
                          accessibleName={`Withdraw the proposal to end the embargo ${until}`}
                          question="Withdraw this proposal?"
                          confirmLabel="Yes, withdraw"
                          busy={busy(e)}
                          onConfirm={() => {
                            respond(e, { response: 'withdraw' });
                          }}
                        />
                      )}
                    </div>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      )}
      {canPropose && (
        <>
          <h3>Propose an embargo</h3>
          <p>
            {c.canCoordinate
              ? 'A coordinator’s proposal holds once every vendor taking part accepts it.'
              : 'Your proposal holds once a clearinghouse coordinator accepts it.'}{' '}
            The one agreed last replaces any earlier embargo.
          </p>
          <EmbargoForm routeId={routeId} coordinator={c.canCoordinate} onProposed={setOutcome} />
        </>
      )}
    </section>
  );
}
