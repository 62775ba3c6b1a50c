import { Alert, AlertHeading, Button } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Case } from '@clearinghouse/shared';
import './cases.css';
import { MY_ROLE_LABELS } from './case-labels';
import { CaseStatusTag } from './case-tags';
import { CaseSummarySection } from './case-summary-section';
import { ActionProblems, FocusedOutcome, myInvitations } from './case-ui';
import { useCase, useDecideParticipant } from './cases.api';
import { DiscussionSection } from './discussion-section';
import { EmbargoSection } from './embargo-section';
import { FilesSection } from './files-section';
import { ParticipantsSection } from './participants-section';
import { StatementsSection } from './statements-section';
import { StatusMatrixSection } from './status-matrix-section';
import { TimelineSection } from './timeline-section';
import { VulnerabilitiesSection } from './vulnerabilities-section';
import { isApiError } from '../../app/api';
import { CaseAdvisoriesSection } from '../advisories/case-advisories';
import { isTriageStaff, useSession } from '../auth/session';
import { TlpTag } from '../reports/report-tags';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorAlert } from '../../components/error-alert';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';

const SECTIONS = [
  { id: 'summary', label: 'Summary' },
  { id: 'vulnerabilities', label: 'Vulnerabilities' },
  { id: 'status-matrix', label: 'Status matrix' },
  { id: 'participants', label: 'Participants' },
  { id: 'statements', label: 'Vendor statements' },
  { id: 'embargo', label: 'Embargo' },
  { id: 'discussion', label: 'Discussion' },
  { id: 'files', label: 'Files' },
  { id: 'timeline', label: 'Timeline' },
] as const;

function CaseNotFound() {
  return (
    <>
      <PageHeading title="Case not found" />
      <p className="usa-intro">
        There is no case at this address, or it is not visible to you. A case is visible only to the
        clearinghouse and the organizations taking part in it.
      </p>
      <p>
        <Link className="usa-link" to="/cases">
          Back to Cases
        </Link>
      </p>
    </>
  );
}

/** After declining: the case is no longer visible to the organization. */
function Declined({ c }: { c: Case }) {
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);
  return (
    <>
      <PageHeading title={`${c.ref}: invitation declined`} />
      <p className="usa-intro">
        You declined the invitation to take part in {c.ref}. Your organization no longer sees the case.
      </p>
      <p>
        <Link className="usa-link" to="/cases">
          Back to Cases
        </Link>
      </p>
    </>
  );
}

/** "Accept invitation / Decline" for each of the reader's organizations invited to the case. */
function InvitationBanner({ c, routeId }: { c: Case; routeId: string }) {
  const me = useSession();
  const decide = useDecideParticipant(routeId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const invitations = myInvitations(c, me);

  return (
    <>
      <FocusedOutcome message={outcome} />
      <ActionProblems error={decide.error} heading="Your answer was not recorded" headingLevel="h2" />
      {invitations.map((p) => {
        const name = p.organization?.name ?? 'Your organization';
        const busy = decide.isPending && decide.variables.participantId === p.id;
        return (
          <Alert key={p.id} type="info" className="margin-bottom-3 invitation-banner">
            <AlertHeading level="h2">{name} is invited to take part in this case</AlertHeading>
            <p>
              Accept to state the status of your products, answer embargo proposals and join the discussion.
              If it does not concern {name}, decline: the case then disappears for your organization.
            </p>
            <div className="button-row">
              <Button
                type="button"
                disabled={busy}
                onClick={() => {
                  setOutcome(null);
                  decide.mutate(
                    { participantId: p.id, decision: 'accept' },
                    {
                      onSuccess: () => {
                        setOutcome(`${name} now takes part in ${c.ref}.`);
                      },
                    },
                  );
                }}
              >
                Accept invitation
              </Button>
              <ConfirmButton
                label="Decline"
                accessibleName={`Decline the invitation for ${name}`}
                question={`Decline? ${name} will no longer see this case.`}
                confirmLabel="Yes, decline"
                busy={busy}
                onConfirm={() => {
                  setOutcome(null);
                  decide.mutate({ participantId: p.id, decision: 'decline' });
                }}
              />
            </div>
          </Alert>
        );
      })}
    </>
  );
}

/** The sections of the workspace, for moving around a long page. */
function SectionNav() {
  return (
    <nav aria-label="Case sections" className="case-nav">
      <ul className="usa-sidenav">
        {SECTIONS.map((s) => (
          <li key={s.id} className="usa-sidenav__item">
            <a href={`#${s.id}`}>{s.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `/cases/:id` (an id or a CH- reference): the case workspace. */
export function CasePage() {
  const { id = '' } = useParams();
  const me = useSession();
  const query = useCase(id);

  if (!query.data) {
    if (isApiError(query.error, 'not_found')) return <CaseNotFound />;
    return (
      <>
        <PageHeading title="Case" />
        {query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the case" />
        ) : (
          <Loading label="Loading the case…" />
        )}
      </>
    );
  }

  const c = query.data;
  if (c.myStatus === 'declined' && c.myRole === null && c.participants.length === 0)
    return <Declined c={c} />;
  const staff = isTriageStaff(me);
  return (
    <>
      <PageHeading title={`${c.ref}: ${c.title}`} />
      <p className="report-tags">
        <CaseStatusTag status={c.status} /> <TlpTag tlp={c.tlp} />{' '}
        <span className="case-header-fact">
          {c.embargo ? (
            <>
              Embargoed until <Instant iso={c.embargo.endsAt} />
            </>
          ) : (
            'No embargo agreed'
          )}
        </span>
        {c.myRole && <span className="case-header-fact">You take part as: {MY_ROLE_LABELS[c.myRole]}</span>}
      </p>
      <InvitationBanner c={c} routeId={id} />
      <CaseAdvisoriesSection c={c} />
      <div className="grid-row grid-gap-4">
        <div className="desktop:grid-col-2">
          <SectionNav />
        </div>
        <div className="desktop:grid-col-10 case-workspace">
          <CaseSummarySection c={c} routeId={id} staff={staff} />
          <VulnerabilitiesSection c={c} routeId={id} />
          <StatusMatrixSection c={c} />
          <ParticipantsSection c={c} routeId={id} />
          <StatementsSection c={c} routeId={id} />
          <EmbargoSection c={c} routeId={id} />
          <DiscussionSection c={c} routeId={id} />
          <FilesSection c={c} routeId={id} />
          <TimelineSection c={c} routeId={id} />
        </div>
      </div>
    </>
  );
}
