import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { EarlyRelease, type Advisory } from '@clearinghouse/shared';
import { useAdvisoryTransition, useReleaseAdvisory } from './advisories.api';
import { ADVISORY_STATUS_HINTS } from './advisory-labels';
import { describePath } from './advisory-paths';
import { AdvisoryStatusTag } from './advisory-tags';
import { ApiError } from '../../app/api';
import { FocusedOutcome } from '../cases/case-ui';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError } from '../../components/form-fields';
import { Instant } from '../../components/instant';

/** Why a step was refused: the message, and each failing test in words. */
function StepProblems({ error, heading }: { error: unknown; heading: string }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  if (details.length === 0) return <ErrorAlert error={error} heading={heading} headingLevel="h3" />;
  return (
    <Alert type="error" role="alert" className="margin-bottom-2">
      <AlertHeading level="h3">{heading}</AlertHeading>
      <AlertText>{error instanceof Error ? error.message : ''}</AlertText>
      <ul className="usa-list">
        {details.map((d, i) => (
          <li key={i}>
            {d.code && <code>{d.code}</code>} {describePath(d.path)}: {d.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** When the case's embargo ends, if it has one that is still ahead (the server tells editors). */
function embargoEndAhead(a: Advisory): string | null {
  const endsAt = a.embargoEndsAt;
  return endsAt && Date.parse(endsAt) > Date.now() ? endsAt : null;
}

function ReleaseNowForm({ routeId, embargoed }: { routeId: string; embargoed: boolean }) {
  const release = useReleaseAdvisory(routeId);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = 'release-reason';

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (embargoed && !EarlyRelease.safeParse({ reason }).success) {
      release.reset();
      setProblem(
        'Say why the embargo is broken, in at least 10 characters (for example, active exploitation).',
      );
      document.getElementById(id)?.focus();
      return;
    }
    setProblem(null);
    release.mutate(embargoed ? { reason: reason.trim() } : {});
  };

  return (
    <Form onSubmit={submit} noValidate className="margin-top-2">
      <StepProblems error={release.error} heading="The advisory was not released" />
      {embargoed && (
        <div className={problem ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
          <label className={problem ? 'usa-label usa-label--error' : 'usa-label'} htmlFor={id}>
            Reason to release before the embargo ends
          </label>
          <span className="usa-hint" id={`${id}-hint`}>
            The embargo still holds. Releasing now breaks it: the reason is recorded and shown with the
            advisory.
          </span>
          {problem && <FieldError id={`${id}-error`}>{problem}</FieldError>}
          <textarea
            id={id}
            name={id}
            rows={3}
            className={problem ? 'usa-textarea usa-input--error' : 'usa-textarea'}
            value={reason}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </div>
      )}
      <Button type="submit" secondary={embargoed} className="margin-top-2" disabled={release.isPending}>
        {release.isPending ? 'Releasing…' : 'Release now'}
      </Button>
    </Form>
  );
}

/**
 * The advisory's step and the next ones: share for review → approve (released by itself at the
 * embargo end) → release now. Steps wait while the editor has unsaved changes.
 */
export function WorkflowBar({ a, routeId, dirty }: { a: Advisory; routeId: string; dirty: boolean }) {
  const transition = useAdvisoryTransition(routeId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const embargoEnd = embargoEndAhead(a);
  const releaseAtAhead = a.releaseAt !== null && Date.parse(a.releaseAt) > Date.now();

  const step = (action: 'share' | 'approve' | 'reopen', done: string) => {
    setOutcome(null);
    transition.mutate(
      { action, revision: a.revision },
      {
        onSuccess: () => {
          setOutcome(done);
        },
      },
    );
  };

  return (
    <section aria-labelledby="workflow-heading" className="workflow-bar">
      <h2 id="workflow-heading" className="margin-top-0">
        Status: <AdvisoryStatusTag status={a.status} />
      </h2>
      <p className="margin-top-1">{ADVISORY_STATUS_HINTS[a.status]}</p>
      <FocusedOutcome message={outcome} />
      <StepProblems
        error={transition.error}
        heading={
          transition.variables?.action === 'approve'
            ? 'The advisory was not approved'
            : 'That step did not work'
        }
      />
      {dirty && a.status !== 'released' && (
        <p className="text-bold">Save your changes before sharing, approving or releasing.</p>
      )}
      {(a.status === 'draft' || a.status === 'review') && (
        <>
          <p>
            {embargoEnd ? (
              <>
                Once approved, it will be released at <Instant iso={embargoEnd} />, when the embargo ends.
              </>
            ) : (
              'There is no embargo: once approved, it is released right away.'
            )}
          </p>
          <div className="button-row">
            {a.status === 'draft' && (
              <Button
                type="button"
                outline
                disabled={dirty || transition.isPending}
                onClick={() => {
                  step('share', 'Shared for review with the organizations taking part in the case.');
                }}
              >
                Share for review
              </Button>
            )}
            <Button
              type="button"
              disabled={dirty || transition.isPending}
              onClick={() => {
                step('approve', 'Approved.');
              }}
            >
              Approve
            </Button>
            {a.status === 'review' && (
              <Button
                type="button"
                unstyled
                disabled={dirty || transition.isPending}
                onClick={() => {
                  step('reopen', 'Back to draft.');
                }}
              >
                Back to draft
              </Button>
            )}
          </div>
        </>
      )}
      {a.status === 'approved' && (
        <>
          <p>
            {a.releaseAt ? (
              <>
                Will be released at <Instant iso={a.releaseAt} />.
              </>
            ) : (
              'Will be released when the embargo ends.'
            )}
          </p>
          {!dirty && <ReleaseNowForm routeId={routeId} embargoed={releaseAtAhead || embargoEnd !== null} />}
          <Button
            type="button"
            unstyled
            className="margin-top-2"
            disabled={transition.isPending}
            onClick={() => {
              step('reopen', 'Back to draft: it will not be released until it is approved again.');
            }}
          >
            Back to draft
          </Button>
        </>
      )}
      {a.status === 'released' && (
        <p>
          {a.releasedAt && (
            <>
              Released <Instant iso={a.releasedAt} />.{' '}
            </>
          )}
          <Link className="usa-link" to={`/advisories/${a.ref}`}>
            See the published advisory
          </Link>
        </p>
      )}
    </section>
  );
}
