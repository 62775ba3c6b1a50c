import { Button, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  OrganizationKind,
  ORGANIZATION_KINDS,
  type Case,
  type CaseParticipant,
  type ParticipantAdd,
  type ParticipantDecision,
} from '@clearinghouse/shared';
import { PARTICIPANT_ROLE_LABELS, PARTICIPANT_STATUS_LABELS, SUGGESTION_MATCH_LABELS } from './case-labels';
import { ActionProblems, FocusedOutcome, isLive, myVendorParticipations, participantName } from './case-ui';
import { useAddParticipant, useDecideParticipant, useVendorSuggestions } from './cases.api';
import { ORGANIZATION_KIND_LABELS } from '../../app/format';
import { useSession } from '../auth/session';
import { useOrgList } from '../orgs/orgs.api';
import { ConfirmButton } from '../../components/confirm-button';
import { SelectField } from '../../components/form-fields';
import { LoadMore } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { filterOptions, SearchForm } from '../../components/search-form';
import { HiddenCaption } from '../../components/status-message';

type AddMutation = ReturnType<typeof useAddParticipant>;
type Decision = ParticipantDecision['decision'];

const DECISION_OUTCOMES: Record<Decision, (name: string) => string> = {
  approve: (name) => `${name} is invited: its members are told in the app and by e-mail.`,
  reject: (name) => `The proposal to add ${name} is rejected.`,
  accept: (name) => `${name} now takes part in the case.`,
  decline: (name) => `${name} declined the invitation.`,
  remove: (name) => `${name} is removed from the case.`,
};

/** Organizations already in the case (proposed, invited or taking part) are not offered again. */
function takenOrgIds(c: Case): Set<string> {
  return new Set(
    c.participants.flatMap((p) =>
      p.organization && (p.status === 'proposed' || isLive(p)) ? [p.organization.id] : [],
    ),
  );
}

function ParticipantActions({
  participant,
  busy,
  onDecide,
}: {
  participant: CaseParticipant;
  busy: boolean;
  onDecide: (decision: Decision) => void;
}) {
  const name = participantName(participant);
  const removable =
    participant.role !== 'coordinator' && (participant.status === 'proposed' || isLive(participant));
  return (
    <div className="button-row">
      {participant.status === 'proposed' && (
        <>
          <Button
            type="button"
            outline
            disabled={busy}
            aria-label={`Approve the proposal to invite ${name}`}
            onClick={() => {
              onDecide('approve');
            }}
          >
            Approve
          </Button>
          <ConfirmButton
            label="Reject"
            accessibleName={`Reject the proposal to invite ${name}`}
            question={`Reject the proposal to invite ${name}?`}
            confirmLabel="Yes, reject"
            busy={busy}
            onConfirm={() => {
              onDecide('reject');
            }}
          />
        </>
      )}
      {removable && participant.status !== 'proposed' && (
        <ConfirmButton
          label="Remove"
          accessibleName={`Remove ${name} from the case`}
          question={`Remove ${name}? It will no longer see the case.`}
          confirmLabel="Yes, remove"
          busy={busy}
          onConfirm={() => {
            onDecide('remove');
          }}
        />
      )}
    </div>
  );
}

function ParticipantsTable({
  c,
  busyId,
  onDecide,
}: {
  c: Case;
  busyId: string | null;
  onDecide: (participant: CaseParticipant, decision: Decision) => void;
}) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Participants</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Participant</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Proposed by</th>
          {c.canCoordinate && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {c.participants.map((p) => (
          <tr key={p.id}>
            <th scope="row" className="wrap-cell">
              {p.organization ? (
                <Link className="usa-link" to={`/orgs/${p.organization.id}`}>
                  {p.organization.name}
                </Link>
              ) : (
                (p.user?.name ?? 'Unknown')
              )}
              {p.organization && p.user && <span className="display-block text-base">{p.user.name}</span>}
            </th>
            <td>{PARTICIPANT_ROLE_LABELS[p.role]}</td>
            <td className="wrap-cell">{PARTICIPANT_STATUS_LABELS[p.status]}</td>
            <td className="wrap-cell">{p.proposedBy?.name ?? '—'}</td>
            {c.canCoordinate && (
              <td className="member-actions">
                <ParticipantActions
                  participant={p}
                  busy={busyId === p.id}
                  onDecide={(decision) => {
                    onDecide(p, decision);
                  }}
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Vendors whose product lists match the case's products: why each, and a one-click invitation. */
function VendorSuggestions({
  routeId,
  add,
  onInvite,
}: {
  routeId: string;
  add: AddMutation;
  onInvite: (request: ParticipantAdd, name: string) => void;
}) {
  const suggestions = useVendorSuggestions(routeId, true);
  const items = suggestions.data?.items ?? [];
  return (
    <>
      <h3>Suggested vendors</h3>
      <QueryStates
        query={suggestions}
        loadingLabel="Looking for vendors whose products match…"
        errorHeading="Could not look for vendors"
        headingLevel="h4"
        isEmpty={items.length === 0}
        emptyTitle="No other vendor’s product list matches this case."
        emptyText={<p>Search the directory below to invite a vendor yourself.</p>}
      >
        <ul className="usa-list usa-list--unstyled suggestion-list">
          {items.map((s) => (
            <li key={s.organization.id} className="suggestion">
              <div>
                <strong>{s.organization.name}</strong>
                <ul className="usa-list">
                  {s.matches.map((m, index) => (
                    <li key={index}>
                      The case’s product “{m.caseProduct}” matches{' '}
                      {m.on === 'name' ? 'the vendor' : 'their product'} “{m.vendorProduct}” by{' '}
                      {SUGGESTION_MATCH_LABELS[m.on]}.
                    </li>
                  ))}
                </ul>
              </div>
              <Button
                type="button"
                outline
                disabled={add.isPending}
                aria-label={`Invite ${s.organization.name} as a vendor`}
                onClick={() => {
                  onInvite({ organizationId: s.organization.id, role: 'vendor' }, s.organization.name);
                }}
              >
                Invite
              </Button>
            </li>
          ))}
        </ul>
      </QueryStates>
    </>
  );
}

/** The kinds of organization the directory search offers: all but the clearinghouse. */
const DIRECTORY_KINDS = ORGANIZATION_KINDS.filter((k) => k !== 'clearinghouse');

/**
 * Find an organization in the directory and invite it (coordinators, as vendor or observer) or
 * propose it (vendors taking part, as vendor).
 */
function OrgDirectoryPicker({
  c,
  mode,
  add,
  onAdd,
}: {
  c: Case;
  mode: 'invite' | 'propose';
  add: AddMutation;
  onAdd: (request: ParticipantAdd, name: string) => void;
}) {
  const prefix = `participant-${mode}`;
  const [role, setRole] = useState<ParticipantAdd['role']>('vendor');
  const [filters, setFilters] = useState<{ q: string; kind: string }>({ q: '', kind: 'vendor' });
  const kindParsed = OrganizationKind.safeParse(mode === 'propose' ? 'vendor' : filters.kind);
  const list = useOrgList({
    q: filters.q || undefined,
    kind: kindParsed.success ? kindParsed.data : undefined,
  });
  const taken = takenOrgIds(c);
  const orgs = (list.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (o) => o.kind !== 'clearinghouse',
  );

  return (
    <>
      <SearchForm
        name="Organization directory"
        search={{ id: `${prefix}-search`, label: 'Search the organization directory', maxLength: 200 }}
        filter={
          mode === 'invite'
            ? {
                id: `${prefix}-kind`,
                label: 'Kind',
                anyLabel: 'All kinds',
                options: filterOptions(DIRECTORY_KINDS, ORGANIZATION_KIND_LABELS),
              }
            : undefined
        }
        initialFilter="vendor"
        onSearch={(q, kind) => {
          setFilters({ q, kind });
        }}
      />
      {mode === 'invite' && (
        <SelectField
          id={`${prefix}-role`}
          label="Invite as"
          hint="Vendors state the status of their products and answer embargo proposals; observers follow the case."
          value={role}
          onChange={(event) => {
            setRole(event.target.value === 'observer' ? 'observer' : 'vendor');
          }}
        >
          <option value="vendor">{PARTICIPANT_ROLE_LABELS.vendor}</option>
          <option value="observer">{PARTICIPANT_ROLE_LABELS.observer}</option>
        </SelectField>
      )}
      <QueryStates
        query={list}
        loadingLabel="Searching the directory…"
        errorHeading="Could not search the directory"
        headingLevel="h4"
        isEmpty={orgs.length === 0}
        emptyTitle="No organization matches."
      >
        <Table
          bordered
          fullWidth
          compact
          caption={<HiddenCaption>Organizations found</HiddenCaption>}
          scrollable
        >
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Kind</th>
              <th scope="col">Verified</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((org) => (
              <tr key={org.id}>
                <th scope="row">{org.name}</th>
                <td>{ORGANIZATION_KIND_LABELS[org.kind]}</td>
                <td>{org.verifiedAt ? 'Yes' : 'No'}</td>
                <td>
                  {taken.has(org.id) ? (
                    <span className="text-base">Already in the case</span>
                  ) : (
                    <Button
                      type="button"
                      outline
                      disabled={add.isPending}
                      aria-label={
                        mode === 'invite'
                          ? `Invite ${org.name} as ${role === 'vendor' ? 'a vendor' : 'an observer'}`
                          : `Propose ${org.name}`
                      }
                      onClick={() => {
                        onAdd(
                          { organizationId: org.id, role: mode === 'invite' ? role : 'vendor' },
                          org.name,
                        );
                      }}
                    >
                      {mode === 'invite' ? 'Invite' : 'Propose'}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}

/**
 * Who takes part: coordinators invite (from suggestions or the directory), decide on vendors'
 * proposals and remove; vendors taking part propose other vendors.
 */
export function ParticipantsSection({ c, routeId }: { c: Case; routeId: string }) {
  const me = useSession();
  const add = useAddParticipant(routeId);
  const decide = useDecideParticipant(routeId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const canPropose = !c.canCoordinate && myVendorParticipations(c, me).some((p) => p.status === 'active');

  const onAdd = (request: ParticipantAdd, name: string) => {
    setOutcome(null);
    decide.reset();
    add.mutate(request, {
      onSuccess: () => {
        setOutcome(
          c.canCoordinate
            ? `${name} is invited: its members are told in the app and by e-mail.`
            : `${name} is proposed. A coordinator decides whether to invite it.`,
        );
      },
    });
  };
  const onDecide = (participant: CaseParticipant, decision: Decision) => {
    setOutcome(null);
    add.reset();
    decide.mutate(
      { participantId: participant.id, decision },
      {
        onSuccess: () => {
          setOutcome(DECISION_OUTCOMES[decision](participantName(participant)));
        },
      },
    );
  };

  return (
    <section aria-labelledby="participants-heading" id="participants" className="case-section">
      <h2 id="participants-heading">Participants</h2>
      <FocusedOutcome message={outcome} />
      <ActionProblems error={decide.error} heading="That decision was not made" headingLevel="h3" />
      <ActionProblems
        error={add.error}
        heading={c.canCoordinate ? 'The organization was not invited' : 'The vendor was not proposed'}
        headingLevel="h3"
        fields={{
          organizationId: {
            label: 'Organization',
            id: c.canCoordinate ? 'participant-invite-search' : 'participant-propose-search',
          },
          role: { label: 'Invite as', id: 'participant-invite-role' },
        }}
      />
      <ParticipantsTable
        c={c}
        busyId={decide.isPending ? decide.variables.participantId : null}
        onDecide={onDecide}
      />
      {c.canCoordinate && (
        <>
          <VendorSuggestions routeId={routeId} add={add} onInvite={onAdd} />
          <h3>Invite an organization</h3>
          <OrgDirectoryPicker c={c} mode="invite" add={add} onAdd={onAdd} />
        </>
      )}
      {canPropose && (
        <>
          <h3>Propose another vendor</h3>
          <p>
            Know another vendor whose products are affected? Propose it: a clearinghouse coordinator decides
            whether to invite it.
          </p>
          <OrgDirectoryPicker c={c} mode="propose" add={add} onAdd={onAdd} />
        </>
      )}
    </section>
  );
}
