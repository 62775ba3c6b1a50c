import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { SelectField, TextField } from './form-fields';

/** A choice beside the search box that narrows the list, such as a status or a kind. */
export interface SearchFilter {
  id: string;
  label: string;
  /** The first option, which narrows nothing: "Any status", "All kinds". */
  anyLabel: string;
  options: readonly { value: string; label: string }[];
}

/** The options of a `SearchFilter`: each value with its label. */
export function filterOptions<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/**
 * A search box with at most one filter beside it, applied together by the Search button: a
 * search landmark named `name`. The search is trimmed. It keeps what is typed until it is sent;
 * remount it (key) when the page's address holds a new search.
 */
export function SearchForm({
  name,
  search,
  filter,
  initialQuery = '',
  initialFilter = '',
  onSearch,
}: {
  name: string;
  search: { id: string; label: string; hint?: string; maxLength?: number };
  filter?: SearchFilter;
  initialQuery?: string;
  initialFilter?: string;
  /** The search, and the filter's value ('' for any, or the initial one when there is no filter). */
  onSearch: (q: string, filter: string) => void;
}) {
  const [q, setQ] = useState(initialQuery);
  const [chosen, setChosen] = useState(initialFilter);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(q.trim(), chosen);
  };

  return (
    <Form onSubmit={submit} className="filter-form" role="search" aria-label={name}>
      <div className="filter-row">
        <div className="filter-field filter-field--wide">
          <TextField
            id={search.id}
            label={search.label}
            hint={search.hint}
            type="search"
            value={q}
            maxLength={search.maxLength}
            onChange={(event) => {
              setQ(event.target.value);
            }}
          />
        </div>
        {filter && (
          <div className="filter-field">
            <SelectField
              id={filter.id}
              label={filter.label}
              value={chosen}
              onChange={(event) => {
                setChosen(event.target.value);
              }}
            >
              <option value="">{filter.anyLabel}</option>
              {filter.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </SelectField>
          </div>
        )}
        <div className="filter-actions">
          <Button type="submit">Search</Button>
        </div>
      </div>
    </Form>
  );
}
