import { Button, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import type { Case, CaseVulnerability, Me, VendorStatement } from '@clearinghouse/shared';
import { VEX_JUSTIFICATION_LABELS } from './case-labels';
import { StatementStatusTag } from './case-tags';
import { ActionProblems, FocusedOutcome, myVendorParticipations, useFormToggle } from './case-ui';
import { useApproveStatement } from './cases.api';
import { StatementForm } from './statement-form';
import { useSession } from '../auth/session';
import { Instant } from '../../components/instant';
import { isSafeUrl } from '../../components/markdown';
import { EmptyState } from '../../components/status-message';

function mine(me: Me, s: VendorStatement): boolean {
  return me.memberships.some((m) => m.organization.id === s.organization.id);
}

function ApprovalState({ s }: { s: VendorStatement }) {
  if (s.approvedAt)
    return (
      <>
        <Tag className="approval-tag approval-tag--approved">Approved</Tag> by{' '}
        {s.approvedBy?.name ?? 'a coordinator'}, <Instant iso={s.approvedAt} />
      </>
    );
  return <Tag className="approval-tag approval-tag--pending">Awaiting a coordinator’s approval</Tag>;
}

function StatementCard({
  s,
  own,
  canApprove,
  approving,
  onApprove,
  onEdit,
  editRef,
}: {
  s: VendorStatement;
  own: boolean;
  canApprove: boolean;
  approving: boolean;
  onApprove: () => void;
  onEdit: (() => void) | undefined;
  editRef: (element: HTMLButtonElement | null) => void;
}) {
  const patches = s.patches.filter((p) => isSafeUrl(p.url));
  return (
    <li className="statement-card">
      <article aria-labelledby={`statement-${s.id}-title`}>
        <header className="statement-card__header">
          <h4 id={`statement-${s.id}-title`} className="margin-0">
            {s.organization.name}: {s.product}
          </h4>
          <StatementStatusTag status={s.status} />
        </header>
        <dl className="details-list">
          {s.purl && (
            <>
              <dt>Package URL</dt>
              <dd>
                <code className="vector">{s.purl}</code>
              </dd>
            </>
          )}
          {s.justification && (
            <>
              <dt>Justification</dt>
              <dd>{VEX_JUSTIFICATION_LABELS[s.justification]}</dd>
            </>
          )}
          {s.affectedVersions && (
            <>
              <dt>Affected versions</dt>
              <dd>{s.affectedVersions}</dd>
            </>
          )}
          {s.fixedVersions.length > 0 && (
            <>
              <dt>Fixed versions</dt>
              <dd>{s.fixedVersions.join(', ')}</dd>
            </>
          )}
          {patches.length > 0 && (
            <>
              <dt>Patches</dt>
              <dd>
                <ul className="usa-list usa-list--unstyled">
                  {patches.map((p, index) => (
                    <li key={index}>
                      <a className="usa-link" href={p.url} rel="noopener noreferrer nofollow">
                        {p.url}
                      </a>
                      {p.sha256 && (
                        <span className="display-block">
                          SHA-256 <code className="hash">{p.sha256}</code>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {s.statement && (
            <>
              <dt>Statement</dt>
              <dd className="pre-wrap">{s.statement}</dd>
            </>
          )}
          <dt>Sharing</dt>
          <dd>
            {s.shared
              ? s.approvedAt
                ? 'Shared with the other participants'
                : 'To be shared with the other participants once approved'
              : `Not shared: only ${s.organization.name} and the clearinghouse see it`}
          </dd>
          <dt>Approval</dt>
          <dd>
            <ApprovalState s={s} />
          </dd>
          <dt>Last change</dt>
          <dd>
            <Instant iso={s.updatedAt} />
          </dd>
        </dl>
        {(canApprove || (own && onEdit)) && (
          <div className="button-row">
            {canApprove && !s.approvedAt && (
              <Button
                type="button"
                disabled={approving}
                aria-label={`Approve the statement of ${s.organization.name} on ${s.product}`}
                onClick={onApprove}
              >
                {approving ? 'Approving…' : 'Approve'}
              </Button>
            )}
            {own && onEdit && (
              <Button
                ref={editRef}
                type="button"
                outline
                aria-label={`Revise your statement on ${s.product}`}
                onClick={onEdit}
              >
                Revise
              </Button>
            )}
          </div>
        )}
      </article>
    </li>
  );
}

/**
 * Vendors' statements per vulnerability, as far as the reader may see them: vendors state theirs
 * (one form per vulnerability); coordinators approve them, which lets shared ones reach the
 * other participants.
 */
export function StatementsSection({ c, routeId }: { c: Case; routeId: string }) {
  const me = useSession();
  const approve = useApproveStatement(routeId);
  const form = useFormToggle();
  const [outcome, setOutcome] = useState<string | null>(null);
  const participations = myVendorParticipations(c, me);
  const vendor = participations.length > 0;

  const open = (key: string) => {
    setOutcome(null);
    approve.reset();
    form.show(key);
  };
  const saved = (message: string) => {
    form.done();
    setOutcome(message);
  };

  const renderVulnerability = (v: CaseVulnerability) => {
    const statements = c.statements.filter((s) => s.vulnerabilityId === v.id);
    const editing = statements.find((s) => s.id === form.openKey);
    const newKey = `new-${v.id}`;
    return (
      <section key={v.id} aria-labelledby={`statements-${v.id}-heading`} className="margin-top-3">
        <h3 id={`statements-${v.id}-heading`}>
          #{v.ordinal} {v.cveId ? `${v.cveId}: ` : ''}
          {v.title}
        </h3>
        {statements.length === 0 ? (
          <EmptyState title="No statements you can see yet." />
        ) : (
          <ul className="statement-list">
            {statements.map((s) => (
              <StatementCard
                key={s.id}
                s={s}
                own={mine(me, s)}
                canApprove={c.canCoordinate}
                approving={approve.isPending && approve.variables === s.id}
                onApprove={() => {
                  setOutcome(null);
                  approve.mutate(s.id, {
                    onSuccess: () => {
                      setOutcome(`The statement of ${s.organization.name} on ${s.product} is approved.`);
                    },
                  });
                }}
                onEdit={
                  vendor
                    ? () => {
                        open(s.id);
                      }
                    : undefined
                }
                editRef={form.opener(s.id)}
              />
            ))}
          </ul>
        )}
        {vendor && editing && (
          <StatementForm
            key={editing.id}
            c={c}
            routeId={routeId}
            vulnerability={v}
            participations={participations}
            statement={editing}
            onSaved={saved}
            onCancel={form.cancel}
          />
        )}
        {vendor &&
          (form.openKey === newKey ? (
            <StatementForm
              c={c}
              routeId={routeId}
              vulnerability={v}
              participations={participations}
              onSaved={saved}
              onCancel={form.cancel}
            />
          ) : (
            <Button
              ref={form.opener(newKey)}
              type="button"
              outline
              className="margin-top-1"
              onClick={() => {
                open(newKey);
              }}
            >
              Add a statement for vulnerability {v.ordinal}
            </Button>
          ))}
      </section>
    );
  };

  return (
    <section aria-labelledby="statements-heading" id="statements" className="case-section">
      <h2 id="statements-heading">Vendor statements</h2>
      <p>
        {vendor
          ? 'State, for each vulnerability, whether each of your products is affected. Shared statements reach the other participants once a coordinator approves them.'
          : c.canCoordinate
            ? 'Statements by the vendors taking part. Approve them so that shared ones reach the other participants; a changed statement needs approving again.'
            : 'Statements the vendors shared, once the clearinghouse approved them.'}
      </p>
      <FocusedOutcome message={outcome} />
      <ActionProblems error={approve.error} heading="The statement was not approved" headingLevel="h3" />
      {c.vulnerabilities.length === 0 ? (
        <EmptyState title="No vulnerabilities to state anything about yet." />
      ) : (
        c.vulnerabilities.map(renderVulnerability)
      )}
    </section>
  );
}
