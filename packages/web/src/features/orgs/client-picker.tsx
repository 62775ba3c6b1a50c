import { Checkbox, Fieldset } from '@trussworks/react-uswds';
import type { Organization, OrganizationRef } from '@clearinghouse/shared';
import { useOrgOptions } from './orgs.api';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/status-message';

/** Declared clients, chosen from the clearinghouse's organizations. */
export function ClientPicker({
  org,
  value,
  onChange,
}: {
  org: Organization;
  value: readonly string[];
  onChange: (clientIds: string[]) => void;
}) {
  const options = useOrgOptions();

  // Current clients stay listed even if they are beyond the first page of options.
  const byId = new Map<string, OrganizationRef>(org.clients.map((c) => [c.id, c]));
  for (const o of options.data?.items ?? []) byId.set(o.id, o);
  byId.delete(org.id);
  const choices = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));

  const toggle = (id: string, checked: boolean) => {
    onChange(checked ? [...value, id] : value.filter((v) => v !== id));
  };

  return (
    <Fieldset
      legend="Declared clients"
      id="org-edit-clients"
      className="margin-top-3"
      aria-describedby="org-edit-clients-hint"
    >
      <span className="usa-hint" id="org-edit-clients-hint">
        Organizations you serve. They may receive TLP:AMBER information that is shared with you.
      </span>
      {options.isPending && <Loading label="Loading organizations…" />}
      {options.isError && (
        <ErrorAlert error={options.error} heading="Could not load organizations" headingLevel="h3" />
      )}
      {!options.isPending && choices.length === 0 && <p>There are no other organizations yet.</p>}
      <div className="client-list">
        {choices.map((choice) => (
          <Checkbox
            key={choice.id}
            id={`org-edit-client-${choice.id}`}
            name="clientIds"
            value={choice.id}
            label={choice.name}
            checked={value.includes(choice.id)}
            onChange={(event) => {
              toggle(choice.id, event.target.checked);
            }}
          />
        ))}
      </div>
    </Fieldset>
  );
}
