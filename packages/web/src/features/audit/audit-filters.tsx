import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import type { AuditQuery } from '@clearinghouse/shared';
import { TextField } from '../../components/form-fields';

/** Filters by action, actor and organization. Remount it (key) when the URL's filters change. */
export function AuditFilters({
  initial,
  onApply,
}: {
  initial: AuditQuery;
  onApply: (filters: AuditQuery) => void;
}) {
  const [action, setAction] = useState(initial.action ?? '');
  const [actorUserId, setActorUserId] = useState(initial.actorUserId ?? '');
  const [organizationId, setOrganizationId] = useState(initial.organizationId ?? '');

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({
      action: action.trim() || undefined,
      actorUserId: actorUserId.trim() || undefined,
      organizationId: organizationId.trim() || undefined,
    });
  };

  return (
    <Form onSubmit={submit} large className="audit-filters" aria-label="Audit log filters">
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-4">
          <TextField
            id="audit-action"
            label="Action"
            hint="For example org.created"
            value={action}
            maxLength={100}
            onChange={(event) => {
              setAction(event.target.value);
            }}
          />
        </div>
        <div className="tablet:grid-col-4">
          <TextField
            id="audit-actor"
            label="Actor user ID"
            hint="usr_…"
            value={actorUserId}
            maxLength={64}
            spellCheck={false}
            onChange={(event) => {
              setActorUserId(event.target.value);
            }}
          />
        </div>
        <div className="tablet:grid-col-4">
          <TextField
            id="audit-org"
            label="Organization ID"
            hint="org_…"
            value={organizationId}
            maxLength={64}
            spellCheck={false}
            onChange={(event) => {
              setOrganizationId(event.target.value);
            }}
          />
        </div>
      </div>
      <Button type="submit">Apply filters</Button>
    </Form>
  );
}
