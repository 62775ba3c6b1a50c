import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import {
  ACTIVE_EXPOSURE_STATUSES,
  ExposureStatusChange,
  VEX_JUSTIFICATIONS,
  type ExposureDetail,
  type ExposureStatus,
  type VexJustification,
} from '@clearinghouse/shared';
import { useChangeExposureStatus } from './exposure.api';
import { EXPOSURE_STATUS_LABELS, VEX_JUSTIFICATION_LABELS } from './exposure-labels';
import { dateInputToInstant, DateField, TextAreaField, todayInput } from './exposure-fields';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { choiceId, RadioGroupField, SelectField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

/** The choices, in words; which are offered depends on the current status. */
const CHOICES: Record<ExposureStatus, { label: string; description: string }> = {
  open: { label: 'Reopen', description: 'It needs attention again.' },
  acknowledged: { label: 'Acknowledge', description: 'We know about it and are working on it.' },
  remediated: { label: 'Mark remediated', description: 'We updated or patched it as advised.' },
  mitigated: {
    label: 'Mitigated',
    description: 'We reduced the risk another way (for example, blocked access) until we can update.',
  },
  not_affected: {
    label: 'Not affected',
    description: 'It does not affect us, and we can say why (a VEX justification).',
  },
  risk_accepted: {
    label: 'Accept the risk until a date',
    description: 'We decided not to act for now. It reopens on that date.',
  },
};

function choicesFor(status: ExposureStatus): ExposureStatus[] {
  if (status === 'open') return ['acknowledged', 'remediated', 'mitigated', 'not_affected', 'risk_accepted'];
  if (status === 'acknowledged') return ['remediated', 'mitigated', 'not_affected', 'risk_accepted'];
  return ['open'];
}

const FIELD_IDS = {
  justification: 'exposure-justification',
  until: 'exposure-until',
  note: 'exposure-note',
};

/** Acknowledge, resolve (four ways) or reopen; every problem is shown at once. */
export function ExposureStatusForm({ exposure }: { exposure: ExposureDetail }) {
  const change = useChangeExposureStatus(exposure.id);
  const options = choicesFor(exposure.status);
  const [status, setStatus] = useState<ExposureStatus | ''>('');
  const [justification, setJustification] = useState<VexJustification | ''>('');
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<ExposureStatus | null>(null);
  const fields = {
    status: { label: 'What did you do?', id: choiceId('exposure-action', options[0] ?? 'open') },
    justification: { label: 'Why it does not affect you', id: FIELD_IDS.justification },
    until: { label: 'Accept the risk until', id: FIELD_IDS.until },
    note: { label: 'Note', id: FIELD_IDS.note },
  };

  const { onSubmit, errors } = useFormSubmission(
    change,
    () => {
      const untilInstant = status === 'risk_accepted' ? dateInputToInstant(until) : null;
      const more: Record<string, string> = {};
      if (status === '') more.status = 'Choose what you did.';
      if (status === 'risk_accepted' && untilInstant !== null && untilInstant <= new Date().toISOString())
        more.until = 'Choose a date after today.';
      return checkParsed(
        ExposureStatusChange.safeParse({
          status: status === '' ? 'open' : status,
          justification: status === 'not_affected' && justification !== '' ? justification : null,
          note,
          until: untilInstant,
        }),
        {
          justification: 'Choose why the vulnerability does not affect you.',
          until: 'Enter the date until which you accept the risk.',
          note: 'Keep the note under 5,000 characters.',
        },
        more,
      );
    },
    {
      onSuccess: (detail) => {
        setSaved(detail.status);
        setStatus('');
        setJustification('');
        setUntil('');
        setNote('');
      },
    },
  );

  return (
    <>
      <LiveRegion>
        {saved && change.isSuccess && (
          <SuccessMessage>Saved: {EXPOSURE_STATUS_LABELS[saved]}.</SuccessMessage>
        )}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={change.error}
        fields={fields}
        heading="The status was not changed"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate className="maxw-none">
        <RadioGroupField
          id="exposure-action"
          legend={fields.status.label}
          error={errors.status}
          options={options.map((s) => ({ value: s, ...CHOICES[s] }))}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setSaved(null);
          }}
        />
        {status === 'not_affected' && (
          <SelectField
            id={FIELD_IDS.justification}
            label={fields.justification.label}
            hint="The reason goes into your VEX document, in the standard CISA terms."
            value={justification}
            error={errors.justification}
            onChange={(event) => {
              setJustification(event.target.value as VexJustification | '');
            }}
          >
            <option value="">- Choose a reason -</option>
            {VEX_JUSTIFICATIONS.map((j) => (
              <option key={j} value={j}>
                {VEX_JUSTIFICATION_LABELS[j]}
              </option>
            ))}
          </SelectField>
        )}
        {status === 'risk_accepted' && (
          <DateField
            id={FIELD_IDS.until}
            label={fields.until.label}
            hint="The exposure reopens at the start of this day (UTC)."
            min={todayInput()}
            value={until}
            error={errors.until}
            onChange={setUntil}
          />
        )}
        <TextAreaField
          id={FIELD_IDS.note}
          label="Note (optional)"
          hint="What you did, for your colleagues and the history."
          value={note}
          error={errors.note}
          onChange={(event) => {
            setNote(event.target.value);
          }}
        />
        <Button type="submit" className="margin-top-2" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Save status'}
        </Button>
      </Form>
      {!ACTIVE_EXPOSURE_STATUSES.includes(exposure.status) && (
        <p className="usa-hint margin-top-1">Closed exposures can only be reopened.</p>
      )}
    </>
  );
}
