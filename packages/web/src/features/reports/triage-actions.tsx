import { Button, Fieldset, Form, FormGroup, Label, Radio, Textarea } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { ReportTransition, type Report, type ReportStatus } from '@clearinghouse/shared';
import { REASON_REQUIRED, STATUS_LABELS, TRANSITION_LABELS } from './report-labels';
import { StatusTag } from './report-tags';
import { useDuplicateCandidates, useTransitionReport } from './reports.api';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError, TextField } from '../../components/form-fields';
import { LiveRegion, Loading, SuccessMessage } from '../../components/status-message';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

const OTHER = 'other';

const REASON_LABELS: Partial<Record<ReportStatus, string>> = {
  needs_info: 'What do you need from the reporter?',
};

/**
 * The original report, for "duplicate": one of the likely duplicates the server ranked (with how
 * similar each is), or any report typed by its id or VR- reference.
 */
function DuplicatePicker({
  routeId,
  value,
  onChange,
  other,
  onOtherChange,
  errors,
}: {
  routeId: string;
  value: string;
  onChange: (value: string) => void;
  other: string;
  onOtherChange: (value: string) => void;
  errors: FieldErrors;
}) {
  const candidates = useDuplicateCandidates(routeId, true);
  const items = candidates.data?.items ?? [];
  const error = errors.duplicateOf;
  return (
    <FormGroup error={Boolean(error)}>
      <Fieldset
        legend="Which report does it duplicate?"
        id="transition-duplicate"
        aria-describedby={
          error ? 'transition-duplicate-hint transition-duplicate-error' : 'transition-duplicate-hint'
        }
      >
        <span className="usa-hint" id="transition-duplicate-hint">
          Likely duplicates, most similar first. We link the report to the original and tell the reporter.
        </span>
        {error && <FieldError id="transition-duplicate-error">{error}</FieldError>}
        {candidates.isPending && <Loading label="Looking for likely duplicates…" />}
        {candidates.isError && (
          <ErrorAlert error={candidates.error} heading="Could not look for duplicates" headingLevel="h4" />
        )}
        {candidates.isSuccess && items.length === 0 && (
          <p>No similar reports found. Give the original below.</p>
        )}
        {items.map((candidate) => (
          <Radio
            key={candidate.report.id}
            id={`transition-duplicate-${candidate.report.id}`}
            name="duplicateOf"
            value={candidate.report.id}
            tile
            label={`${candidate.report.ref}: ${candidate.report.title}`}
            labelDescription={
              <>
                {Math.round(candidate.score * 100)}% similar · <StatusTag status={candidate.report.status} />
              </>
            }
            checked={value === candidate.report.id}
            onChange={() => {
              onChange(candidate.report.id);
            }}
          />
        ))}
        <Radio
          id="transition-duplicate-other"
          name="duplicateOf"
          value={OTHER}
          tile
          label="Another report"
          labelDescription="Give its reference (VR-…) or id"
          checked={value === OTHER}
          onChange={() => {
            onChange(OTHER);
          }}
        />
        {value === OTHER && (
          <TextField
            id="transition-duplicate-ref"
            label="Original report’s reference or id"
            hint="For example VR-2026-00042"
            value={other}
            spellCheck={false}
            autoComplete="off"
            maxLength={64}
            onChange={(event) => {
              onOtherChange(event.target.value);
            }}
          />
        )}
      </Fieldset>
    </FormGroup>
  );
}

/** The form for one move: its reason (required for some), and the original for a duplicate. */
function TransitionForm({
  report,
  routeId,
  to,
  onDone,
  onCancel,
}: {
  report: Report;
  routeId: string;
  to: ReportStatus;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const transition = useTransitionReport(routeId);
  const [reason, setReason] = useState('');
  const [duplicateChoice, setDuplicateChoice] = useState('');
  const [duplicateOther, setDuplicateOther] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const reasonRequired = REASON_REQUIRED.includes(to);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const fields = {
    to: { label: 'Move', id: 'transition-heading' },
    reason: { label: 'Reason', id: 'transition-reason' },
    duplicateOf: {
      label: 'Original report',
      id: duplicateChoice === OTHER ? 'transition-duplicate-ref' : 'transition-duplicate',
    },
  };

  const { onSubmit, errors } = useFormSubmission(
    transition,
    () => {
      const more: FieldErrors = {};
      if (reasonRequired && reason.trim() === '')
        more.reason =
          to === 'needs_info'
            ? 'Say what you need from the reporter.'
            : `Give the reason it is ${STATUS_LABELS[to].toLowerCase()}: the reporter reads it.`;
      const duplicateOf =
        to !== 'duplicate' ? null : duplicateChoice === OTHER ? duplicateOther.trim() : duplicateChoice;
      if (to === 'duplicate' && !duplicateOf)
        more.duplicateOf =
          duplicateChoice === OTHER
            ? 'Give the original report’s reference or id.'
            : 'Choose the original report.';
      return checkParsed(
        ReportTransition.safeParse({ to, reason: reason.trim() || null, duplicateOf }),
        {},
        more,
      );
    },
    {
      onSuccess: (updated) => {
        onDone(
          updated.duplicateOf
            ? `The report is now a duplicate of ${updated.duplicateOf.ref}. The reporter has been told.`
            : `The report is now ${STATUS_LABELS[updated.status].toLowerCase()}. The reporter has been told.`,
        );
      },
    },
  );

  return (
    <section id="transition-form" aria-labelledby="transition-heading" className="transition-form">
      <h3 id="transition-heading" ref={headingRef} tabIndex={-1} className="margin-top-0">
        {TRANSITION_LABELS[to]}
      </h3>
      <FormProblems
        errors={errors}
        error={transition.error}
        fields={fields}
        heading="The status was not changed"
        headingLevel="h4"
      />
      {to === 'valid' && !report.validation && (
        <p className="usa-hint">Record a validation (CVSS, SSVC or CWE) before marking the report valid.</p>
      )}
      <Form onSubmit={onSubmit} noValidate>
        {to === 'duplicate' && (
          <DuplicatePicker
            routeId={routeId}
            value={duplicateChoice}
            onChange={setDuplicateChoice}
            other={duplicateOther}
            onOtherChange={setDuplicateOther}
            errors={errors}
          />
        )}
        <FormGroup error={Boolean(errors.reason)}>
          <Label htmlFor="transition-reason" error={Boolean(errors.reason)}>
            {REASON_LABELS[to] ?? 'Reason'}
            {!reasonRequired && ' (optional)'}
          </Label>
          <span className="usa-hint" id="transition-reason-hint">
            The reporter reads this, with the new status, and gets it by e-mail.
          </span>
          {errors.reason && <FieldError id="transition-reason-error">{errors.reason}</FieldError>}
          <Textarea
            id="transition-reason"
            name="reason"
            rows={4}
            value={reason}
            error={Boolean(errors.reason)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={
              errors.reason ? 'transition-reason-hint transition-reason-error' : 'transition-reason-hint'
            }
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </FormGroup>
        <SubmitOrCancel
          label={TRANSITION_LABELS[to]}
          pending={transition.isPending}
          spacing="margin-top-2"
          onCancel={onCancel}
        />
      </Form>
    </section>
  );
}

/** The moves open to the report now; choosing one opens its form in place. */
export function TriageActions({ report, routeId }: { report: Report; routeId: string }) {
  const [choice, setChoice] = useState<ReportStatus | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const buttonRefs = useRef<Partial<Record<ReportStatus, HTMLButtonElement | null>>>({});
  const returnTo = useRef<ReportStatus | null>(null);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  useEffect(() => {
    if (choice === null && returnTo.current) {
      buttonRefs.current[returnTo.current]?.focus();
      returnTo.current = null;
    }
  }, [choice]);

  if (report.allowedTransitions.length === 0 && !outcome) {
    return <p>No more moves: the report is {STATUS_LABELS[report.status].toLowerCase()}.</p>;
  }

  return (
    <>
      <LiveRegion>
        {outcome && (
          <div ref={outcomeRef} tabIndex={-1}>
            <SuccessMessage>{outcome}</SuccessMessage>
          </div>
        )}
      </LiveRegion>
      <div className="triage-buttons">
        {report.allowedTransitions.map((to) => (
          <Button
            key={to}
            ref={(element) => {
              buttonRefs.current[to] = element;
            }}
            type="button"
            outline={choice !== to}
            aria-expanded={choice === to}
            aria-controls={choice === to ? 'transition-form' : undefined}
            onClick={() => {
              setOutcome(null);
              setChoice(choice === to ? null : to);
            }}
          >
            {TRANSITION_LABELS[to]}
          </Button>
        ))}
      </div>
      {choice && (
        <TransitionForm
          key={choice}
          report={report}
          routeId={routeId}
          to={choice}
          onDone={(message) => {
            setChoice(null);
            setOutcome(message);
          }}
          onCancel={() => {
            returnTo.current = choice;
            setChoice(null);
          }}
        />
      )}
    </>
  );
}
