import { Button, Checkbox, Fieldset, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { DISCOVERY_METHODS, REPORT_STATUSES, type ReportStatus } from '@clearinghouse/shared';
import { DISCOVERY_METHOD_LABELS, STATUS_LABELS } from './report-labels';
import { SelectField, TextField } from '../../components/form-fields';

/** The queue's filters as the page's address holds them. */
export interface QueueFilters {
  statuses: ReportStatus[];
  overdue: boolean;
  /** "", "me" or "none". */
  assignee: string;
  /** "" or a discovery method. */
  discoveryMethod: string;
  q: string;
}

/**
 * Search, status, assignee, discovery method and "overdue only", applied together. Remount it
 * (key) when the URL's filters change.
 */
export function ReportFilters({
  initial,
  onApply,
}: {
  initial: QueueFilters;
  onApply: (filters: QueueFilters) => void;
}) {
  const [q, setQ] = useState(initial.q);
  const [statuses, setStatuses] = useState<ReportStatus[]>(initial.statuses);
  const [overdue, setOverdue] = useState(initial.overdue);
  const [assignee, setAssignee] = useState(initial.assignee);
  const [discoveryMethod, setDiscoveryMethod] = useState(initial.discoveryMethod);
  const filtered =
    initial.q !== '' ||
    initial.statuses.length > 0 ||
    initial.overdue ||
    initial.assignee !== '' ||
    initial.discoveryMethod !== '';

  const toggle = (status: ReportStatus, checked: boolean) => {
    setStatuses((current) => REPORT_STATUSES.filter((s) => (s === status ? checked : current.includes(s))));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({ q: q.trim(), statuses, overdue, assignee, discoveryMethod });
  };

  return (
    <Form onSubmit={submit} className="filter-form report-filters" role="search" aria-label="Reports">
      <div className="filter-row">
        <div className="filter-field filter-field--wide">
          <TextField
            id="report-search"
            label="Search"
            hint="Words in the title, or a reference such as VR-2026-00042"
            type="search"
            value={q}
            maxLength={200}
            onChange={(event) => {
              setQ(event.target.value);
            }}
          />
        </div>
        <div className="filter-field">
          <SelectField
            id="report-assignee-filter"
            label="Assignee"
            value={assignee}
            onChange={(event) => {
              setAssignee(event.target.value);
            }}
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Nobody (unassigned)</option>
          </SelectField>
        </div>
        <div className="filter-field">
          <SelectField
            id="report-method-filter"
            label="Discovery method"
            value={discoveryMethod}
            onChange={(event) => {
              setDiscoveryMethod(event.target.value);
            }}
          >
            <option value="">Any method</option>
            {DISCOVERY_METHODS.map((method) => (
              <option key={method} value={method}>
                {DISCOVERY_METHOD_LABELS[method]}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <Fieldset legend="Status" className="margin-top-2" aria-describedby="report-status-filter-hint">
        <span className="usa-hint" id="report-status-filter-hint">
          Choose none to see every status.
        </span>
        <div className="status-filter-grid">
          {REPORT_STATUSES.map((status) => (
            <Checkbox
              key={status}
              id={`report-status-filter-${status}`}
              name="status"
              value={status}
              label={STATUS_LABELS[status]}
              checked={statuses.includes(status)}
              onChange={(event) => {
                toggle(status, event.target.checked);
              }}
            />
          ))}
        </div>
      </Fieldset>
      <div className="filter-row filter-row--footer">
        <Checkbox
          id="report-overdue-filter"
          name="overdue"
          label="Overdue only"
          checked={overdue}
          onChange={(event) => {
            setOverdue(event.target.checked);
          }}
        />
        <div className="filter-actions">
          <Button type="submit">Apply filters</Button>
          {filtered && (
            <Link className="usa-link" to="/reports">
              Clear filters
            </Link>
          )}
        </div>
      </div>
    </Form>
  );
}
