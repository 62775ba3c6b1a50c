import { Checkbox, Fieldset, Form, FormGroup, Label, Textarea } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { ValidationInput, type Report, type SsvcInput } from '@clearinghouse/shared';
import { CvssVectorField } from './cvss-vector-field';
import { CweField } from './cwe-field';
import { formatCvss, SSVC_DECISION_LABELS } from './report-labels';
import { useValidateReport } from './reports.api';
import { SSVC_INCOMPLETE, ssvcDraft, SsvcFields, ssvcFrom, ssvcSummaryField } from './ssvc-fields';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { blankToNull } from '../orgs/org-form-fields';
import { FieldError } from '../../components/form-fields';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

/** What each decision point asks, under its label. */
const SSVC_HINTS: Record<keyof SsvcInput, string> = {
  exploitation: 'Evidence of exploitation now: none, a public proof of concept, or active use.',
  automatable: 'Can an attacker reliably automate the first four steps of the kill chain?',
  technicalImpact: 'Total: full control of the affected component, or full disclosure of its information.',
  missionWellbeing: 'On the essential functions and the public the affected operators serve.',
};

/** The hints, with what the reporter said about exploitation in the wild. */
function ssvcHints(report: Report): Record<keyof SsvcInput, string> {
  if (!report.exploitedInWild) return SSVC_HINTS;
  return {
    ...SSVC_HINTS,
    exploitation: `${SSVC_HINTS.exploitation} The reporter says it is exploited in the wild.`,
  };
}

const FIELDS = {
  '': { label: 'Validation', id: 'validation-cvss31' },
  cvss31: { label: 'CVSS 3.1 vector', id: 'validation-cvss31' },
  cvss40: { label: 'CVSS 4.0 vector', id: 'validation-cvss40' },
  ssvc: ssvcSummaryField('validation'),
  cwe: { label: 'Weakness (CWE)', id: 'validation-cwe' },
  reproductionNotes: { label: 'Reproduction notes', id: 'validation-notes' },
  reproduced: { label: 'Reproduced', id: 'validation-reproduced' },
  evidenceAttachmentIds: { label: 'Evidence', id: 'validation-evidence' },
};

const FRIENDLY = {
  cvss31: 'Enter a CVSS 3.1 vector such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, or leave it blank.',
  cvss40:
    'Enter a CVSS 4.0 vector such as CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, or leave it blank.',
  cwe: 'Enter a CWE id such as CWE-79, or leave it blank.',
};

/** A vector the reporter suggested, as a starting point for the version it is in. */
function suggested(report: Report, prefix: string): string {
  return report.suggestedCvss?.startsWith(prefix) ? report.suggestedCvss : '';
}

/**
 * Record a validation: CVSS 3.1 and 4.0 vectors, the four SSVC decision points (with a preview of
 * the CISA decision; the server decides), the weakness, reproduction and evidence. It starts from
 * the latest validation, or from what the reporter suggested.
 */
export function ValidationForm({
  report,
  routeId,
  onSaved,
  onCancel,
}: {
  report: Report;
  routeId: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const validate = useValidateReport(routeId);
  const current = report.validation;
  const [cvss31, setCvss31] = useState(current?.cvss31?.vector ?? suggested(report, 'CVSS:3'));
  const [cvss40, setCvss40] = useState(current?.cvss40?.vector ?? suggested(report, 'CVSS:4'));
  const [ssvc, setSsvc] = useState(ssvcDraft(current?.ssvc));
  const [cwe, setCwe] = useState(current?.cwe?.id ?? report.suspectedCwe ?? '');
  const [notes, setNotes] = useState(current?.reproductionNotes ?? '');
  const [reproduced, setReproduced] = useState(current?.reproduced ?? false);
  const [evidence, setEvidence] = useState<string[]>(current?.evidenceAttachmentIds ?? []);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const ssvcInput = ssvcFrom(ssvc);

  const { onSubmit, errors } = useFormSubmission(
    validate,
    () => {
      const more: FieldErrors = {};
      if (ssvcInput === undefined) more.ssvc = SSVC_INCOMPLETE;
      const parsed = ValidationInput.safeParse({
        cvss31: blankToNull(cvss31),
        cvss40: blankToNull(cvss40),
        ssvc: ssvcInput ?? null,
        cwe: blankToNull(cwe),
        reproductionNotes: notes,
        reproduced,
        evidenceAttachmentIds: evidence,
      });
      if (
        parsed.success &&
        !parsed.data.cvss31 &&
        !parsed.data.cvss40 &&
        !parsed.data.ssvc &&
        !parsed.data.cwe
      )
        more[''] = 'Give at least a CVSS vector, the SSVC decision points or a CWE.';
      return checkParsed(parsed, FRIENDLY, more);
    },
    {
      onSuccess: (updated) => {
        const saved = updated.validation;
        const parts = ['The validation is saved.'];
        if (saved?.cvss31) parts.push(`CVSS 3.1: ${formatCvss(saved.cvss31)}.`);
        if (saved?.cvss40) parts.push(`CVSS 4.0: ${formatCvss(saved.cvss40)}.`);
        if (saved?.ssvc) parts.push(`SSVC decision: ${SSVC_DECISION_LABELS[saved.ssvc.decision]}.`);
        onSaved(parts.join(' '));
      },
    },
  );

  return (
    <section aria-labelledby="validation-form-heading" className="validation-form">
      <h3 id="validation-form-heading" ref={headingRef} tabIndex={-1}>
        {current ? 'Revise the validation' : 'Record a validation'}
      </h3>
      <FormProblems
        errors={errors}
        error={validate.error}
        fields={FIELDS}
        heading="The validation was not saved"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <CvssVectorField
          version="cvss31"
          id={FIELDS.cvss31.id}
          label={FIELDS.cvss31.label}
          value={cvss31}
          error={errors.cvss31}
          onChange={setCvss31}
        />
        <CvssVectorField
          version="cvss40"
          id={FIELDS.cvss40.id}
          label={FIELDS.cvss40.label}
          value={cvss40}
          error={errors.cvss40}
          onChange={setCvss40}
        />

        <SsvcFields
          idPrefix="validation"
          value={ssvc}
          onChange={setSsvc}
          error={errors.ssvc}
          hints={ssvcHints(report)}
        />

        <CweField
          id={FIELDS.cwe.id}
          label={FIELDS.cwe.label}
          hint="Type an id such as CWE-79, or words, and choose from the suggestions."
          value={cwe}
          error={errors.cwe}
          onChange={setCwe}
          suggest
        />

        <FormGroup error={Boolean(errors.reproductionNotes)}>
          <Label htmlFor={FIELDS.reproductionNotes.id} error={Boolean(errors.reproductionNotes)}>
            {FIELDS.reproductionNotes.label}
          </Label>
          <span className="usa-hint" id="validation-notes-hint">
            How you reproduced it (or tried to): environment, steps, what happened.
          </span>
          {errors.reproductionNotes && (
            <FieldError id="validation-notes-error">{errors.reproductionNotes}</FieldError>
          )}
          <Textarea
            id={FIELDS.reproductionNotes.id}
            name="reproductionNotes"
            rows={6}
            value={notes}
            error={Boolean(errors.reproductionNotes)}
            aria-describedby={
              errors.reproductionNotes
                ? 'validation-notes-hint validation-notes-error'
                : 'validation-notes-hint'
            }
            onChange={(event) => {
              setNotes(event.target.value);
            }}
          />
        </FormGroup>
        <Checkbox
          id={FIELDS.reproduced.id}
          name="reproduced"
          label="We reproduced it"
          checked={reproduced}
          onChange={(event) => {
            setReproduced(event.target.checked);
          }}
        />

        <FormGroup error={Boolean(errors.evidenceAttachmentIds)}>
          <Fieldset legend="Evidence" id={FIELDS.evidenceAttachmentIds.id} className="margin-top-3">
            {errors.evidenceAttachmentIds && (
              <FieldError id="validation-evidence-error">{errors.evidenceAttachmentIds}</FieldError>
            )}
            {report.attachments.length === 0 ? (
              <p className="usa-hint">No files attached yet. Add them under Attachments to cite them here.</p>
            ) : (
              report.attachments.map((attachment) => (
                <Checkbox
                  key={attachment.id}
                  id={`validation-evidence-${attachment.id}`}
                  name="evidenceAttachmentIds"
                  value={attachment.id}
                  label={attachment.filename}
                  checked={evidence.includes(attachment.id)}
                  onChange={(event) => {
                    const { checked } = event.target;
                    setEvidence((ids) =>
                      checked ? [...ids, attachment.id] : ids.filter((id) => id !== attachment.id),
                    );
                  }}
                />
              ))
            )}
          </Fieldset>
        </FormGroup>

        <SubmitOrCancel label="Save validation" pending={validate.isPending} onCancel={onCancel} />
      </Form>
    </section>
  );
}
