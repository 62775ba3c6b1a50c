import { Label, Select } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import { useCurrentOrg } from './current-org';

/**
 * The header's "current organization", kept across visits: a choice when the user belongs to
 * several, otherwise just the name (a link to it). Long names are cut with an ellipsis and given
 * in full as a tooltip.
 */
export function OrgSwitcher() {
  const { current, memberships, select } = useCurrentOrg();
  if (!current) return null;
  const name = current.organization.name;

  if (memberships.length === 1) {
    return (
      <p className="org-current" title={name}>
        <span className="text-bold">Organization:</span>{' '}
        <Link className="usa-link" to={`/orgs/${current.organization.id}`} data-testid="current-organization">
          {name}
        </Link>
      </p>
    );
  }
  return (
    <div className="org-switcher">
      <Label htmlFor="current-organization" className="margin-top-0">
        Organization
      </Label>
      <Select
        id="current-organization"
        name="current-organization"
        title={name}
        value={current.organization.id}
        onChange={(event) => {
          select(event.target.value);
        }}
      >
        {memberships.map((m) => (
          <option key={m.organization.id} value={m.organization.id} title={m.organization.name}>
            {m.organization.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
