import { Label, Select } from '@trussworks/react-uswds';
import { useCurrentOrg } from './current-org';

/** The header's choice of "current organization", kept across visits. */
export function OrgSwitcher() {
  const { current, memberships, select } = useCurrentOrg();
  if (memberships.length === 0) return null;
  return (
    <div className="org-switcher">
      <Label htmlFor="current-organization" className="margin-top-0">
        Organization
      </Label>
      <Select
        id="current-organization"
        name="current-organization"
        value={current?.organization.id ?? ''}
        onChange={(event) => {
          select(event.target.value);
        }}
      >
        {memberships.map((m) => (
          <option key={m.organization.id} value={m.organization.id}>
            {m.organization.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
