import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { AuditQuery } from '@clearinghouse/shared';
import { SelectField, TextField } from '../../components/form-fields';

/**
 * Filters by action, actor and organization, in one row. The organization is chosen by name;
 * the actor is an account ID (shown under each actor's email in the log). Remount it (key) when
 * the URL's filters change.
 */
export function AuditFilters({
  initial,
  organizations,
  organizationsLoading,
  onApply,
}: {
  initial: AuditQuery;
  /** The organizations whose events the reader may see, by name. */
  organizations: readonly { id: string; name: string }[];
  organizationsLoading: boolean;
  onApply: (filters: AuditQuery) => void;
}) {
  const [action, setAction] = useState(initial.action ?? '');
  const [actorUserId, setActorUserId] = useState(initial.actorUserId ?? '');
  const [organizationId, setOrganizationId] = useState(initial.organizationId ?? '');
  const filtered = Object.values(initial).some(Boolean);

  // An organization from the address that is not among the choices stays selectable, by its ID.
  const choices =
    initial.organizationId && !organizations.some((o) => o.id === initial.organizationId)
      ? [...organizations, { id: initial.organizationId, name: initial.organizationId }]
      : organizations;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({
      action: action.trim() || undefined,
      actorUserId: actorUserId.trim() || undefined,
      organizationId: organizationId || undefined,
    });
  };

  return (
    <Form onSubmit={submit} className="filter-form audit-filters" aria-label="Audit log filters">
      <div className="filter-row">
        <div className="filter-field">
          <TextField
            id="audit-action"
            label="Action"
            hint="For example org.created"
            value={action}
            maxLength={100}
            spellCheck={false}
            onChange={(event) => {
              setAction(event.target.value);
            }}
          />
        </div>
        <div className="filter-field">
          <TextField
            id="audit-actor"
            label="Actor user ID"
            hint="An account ID (usr_…). Or select an actor in the log."
            value={actorUserId}
            maxLength={64}
            spellCheck={false}
            onChange={(event) => {
              setActorUserId(event.target.value);
            }}
          />
        </div>
        <div className="filter-field filter-field--wide">
          <SelectField
            id="audit-org"
            label="Organization"
            hint={organizationsLoading ? 'Loading organizations…' : undefined}
            value={organizationId}
            onChange={(event) => {
              setOrganizationId(event.target.value);
            }}
          >
            <option value="">All organizations</option>
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="filter-actions">
          <Button type="submit">Apply filters</Button>
          {filtered && (
            <Link className="usa-link" to="/audit">
              Clear filters
            </Link>
          )}
        </div>
      </div>
    </Form>
  );
}
