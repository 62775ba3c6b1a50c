import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { CASE_STATUSES, CaseUpdate, Tlp, TLP_LABELS, type Case } from '@clearinghouse/shared';
import { CASE_STATUS_LABELS } from './case-labels';
import { CaseStatusTag } from './case-tags';
import { FocusedOutcome, useFocusOnMount, useFormToggle } from './case-ui';
import { useUpdateCase } from './cases.api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { MarkdownField } from '../reports/markdown-field';
import { TLP_EXPLANATIONS } from '../reports/report-labels';
import { TlpTag } from '../reports/report-tags';
import { SelectField, TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { Markdown } from '../../components/markdown';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

const FIELDS = {
  title: { label: 'Title', id: 'case-edit-title' },
  summary: { label: 'Summary', id: 'case-edit-summary' },
  tlp: { label: 'Sharing label (TLP)', id: 'case-edit-tlp' },
  status: { label: 'Status', id: 'case-edit-status' },
};

function CaseEditForm({
  c,
  routeId,
  onSaved,
  onCancel,
}: {
  c: Case;
  routeId: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const update = useUpdateCase(routeId);
  const [title, setTitle] = useState(c.title);
  const [summary, setSummary] = useState(c.summary);
  const [tlp, setTlp] = useState<string>(c.tlp);
  const [status, setStatus] = useState<string>(c.status);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const chosenTlp = Tlp.safeParse(tlp);

  const { onSubmit, errors } = useFormSubmission(
    update,
    () =>
      checkParsed(CaseUpdate.safeParse({ title, summary, tlp, status }), {
        title: 'Enter a title of 5 to 300 characters.',
        summary: 'Keep the summary under 20,000 characters.',
      }),
    { onSuccess: onSaved },
  );

  return (
    <section aria-labelledby="case-edit-heading" className="case-form">
      <h3 id="case-edit-heading" ref={headingRef} tabIndex={-1}>
        Edit the case
      </h3>
      <FormProblems
        errors={errors}
        error={update.error}
        fields={FIELDS}
        heading="The case was not saved"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id={FIELDS.title.id}
          label={FIELDS.title.label}
          value={title}
          maxLength={300}
          error={errors.title}
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
        <MarkdownField
          id={FIELDS.summary.id}
          label={FIELDS.summary.label}
          hint="Every participant reads it, vendors included. Markdown works."
          rows={8}
          value={summary}
          error={errors.summary}
          onChange={setSummary}
        />
        <SelectField
          id={FIELDS.tlp.id}
          label={FIELDS.tlp.label}
          hint={chosenTlp.success ? TLP_EXPLANATIONS[chosenTlp.data] : undefined}
          value={tlp}
          error={errors.tlp}
          onChange={(event) => {
            setTlp(event.target.value);
          }}
        >
          {TLP_LABELS.map((label) => (
            <option key={label} value={label}>
              TLP:{label}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={FIELDS.status.id}
          label={FIELDS.status.label}
          value={status}
          error={errors.status}
          onChange={(event) => {
            setStatus(event.target.value);
          }}
        >
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {CASE_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SubmitOrCancel label="Save changes" pending={update.isPending} onCancel={onCancel} />
      </Form>
    </section>
  );
}

/** What the case is about, and how it is labelled; coordinators edit it. */
export function CaseSummarySection({ c, routeId, staff }: { c: Case; routeId: string; staff: boolean }) {
  const form = useFormToggle<'edit'>();
  const [outcome, setOutcome] = useState<string | null>(null);

  return (
    <section aria-labelledby="summary-heading" id="summary" className="case-section">
      <h2 id="summary-heading">Summary</h2>
      <FocusedOutcome message={outcome} />
      <dl className="details-list">
        <dt>Reference</dt>
        <dd>{c.ref}</dd>
        <dt>Status</dt>
        <dd>
          <CaseStatusTag status={c.status} />
        </dd>
        <dt>Sharing label</dt>
        <dd>
          <TlpTag tlp={c.tlp} /> <span className="text-base">{TLP_EXPLANATIONS[c.tlp]}</span>
        </dd>
        <dt>Reporter credit</dt>
        <dd>{c.reporterCredit ?? 'Anonymous reporter'}</dd>
        {staff && (
          <>
            <dt>Reports</dt>
            <dd>
              {c.reports.length === 0
                ? '—'
                : c.reports.map((report, index) => (
                    <span key={report.id}>
                      {index > 0 && ', '}
                      <Link className="usa-link" to={`/reports/${report.id}`}>
                        {report.ref}
                      </Link>
                    </span>
                  ))}
            </dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>
          <Instant iso={c.createdAt} />
        </dd>
        <dt>Last change</dt>
        <dd>
          <Instant iso={c.updatedAt} />
        </dd>
      </dl>
      <h3>What it is about</h3>
      {c.summary.trim() ? <Markdown>{c.summary}</Markdown> : <p className="text-base">No summary yet.</p>}
      {c.canCoordinate &&
        (form.openKey === 'edit' ? (
          <CaseEditForm
            c={c}
            routeId={routeId}
            onSaved={() => {
              form.done();
              setOutcome('The case is saved.');
            }}
            onCancel={form.cancel}
          />
        ) : (
          <Button
            ref={form.opener('edit')}
            type="button"
            outline
            onClick={() => {
              setOutcome(null);
              form.show('edit');
            }}
          >
            Edit the case
          </Button>
        ))}
    </section>
  );
}
