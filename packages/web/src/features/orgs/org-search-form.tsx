import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { ORGANIZATION_KINDS } from '@clearinghouse/shared';
import { ORGANIZATION_KIND_LABELS } from '../../app/format';
import { SelectField, TextField } from '../../components/form-fields';

/** Search box and kind filter. Remount it (key) when the URL's filters change. */
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
    <Form onSubmit={submit} large className="org-search" role="search" aria-label="Organizations">
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-6">
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
        <div className="tablet:grid-col-4">
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
      </div>
      <Button type="submit">Search</Button>
    </Form>
  );
}
