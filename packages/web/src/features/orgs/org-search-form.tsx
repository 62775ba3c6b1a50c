import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { ORGANIZATION_KINDS } from '@clearinghouse/shared';
import { ORGANIZATION_KIND_LABELS } from '../../app/format';
import { SelectField, TextField } from '../../components/form-fields';

/** Search box and kind filter, side by side. Remount it (key) when the URL's filters change. */
export function OrgSearchForm({
  initialQuery,
  initialKind,
  onSearch,
}: {
  initialQuery: string;
  initialKind: string;
  onSearch: (q: string, kind: string) => void;
}) {
  const [q, setQ] = useState(initialQuery);
  const [kind, setKind] = useState(initialKind);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(q.trim(), kind);
  };

  return (
    <Form onSubmit={submit} className="filter-form" role="search" aria-label="Organizations">
      <div className="filter-row">
        <div className="filter-field filter-field--wide">
          <TextField
            id="org-search"
            label="Search organizations"
            type="search"
            value={q}
            onChange={(event) => {
              setQ(event.target.value);
            }}
          />
        </div>
        <div className="filter-field">
          <SelectField
            id="org-kind-filter"
            label="Kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
            }}
          >
            <option value="">All kinds</option>
            {ORGANIZATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {ORGANIZATION_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="filter-actions">
          <Button type="submit">Search</Button>
        </div>
      </div>
    </Form>
  );
}
