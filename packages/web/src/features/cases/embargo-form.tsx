import { Button, Form, FormGroup, Label, Textarea } from '@trussworks/react-uswds';
import { useState } from 'react';
import { EmbargoProposal } from '@clearinghouse/shared';
import { useProposeEmbargo } from './cases.api';
import { instantFromZonedWallTime, timeZoneChoices } from './zoned-time';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { formatInstant, viewerTimeZone } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { FieldError, SelectField } from '../../components/form-fields';
import { LiveRegion } from '../../components/status-message';

const FIELDS = {
  endsAt: { label: 'Embargo ends', id: 'embargo-ends-at' },
  timeZone: { label: 'Time zone', id: 'embargo-time-zone' },
  reason: { label: 'Reason', id: 'embargo-reason' },
};

const ZONES = timeZoneChoices();

/**
 * Propose when the embargo ends: a date and time on the clock of a chosen time zone (the
 * browser's by default), sent as an exact instant with that zone's offset and shown back in UTC
 * before it goes.
 */
export function EmbargoForm({
  routeId,
  coordinator,
  onProposed,
}: {
  routeId: string;
  coordinator: boolean;
  onProposed: (message: string) => void;
}) {
  const propose = useProposeEmbargo(routeId);
  const [local, setLocal] = useState('');
  const [timeZone, setTimeZone] = useState(viewerTimeZone);
  const [reason, setReason] = useState('');
  const instant = local ? instantFromZonedWallTime(local, timeZone) : null;

  const { onSubmit, errors } = useFormSubmission(
    propose,
    () => {
      const more: FieldErrors = {};
      if (!instant) more.endsAt = 'Enter the date and time the embargo ends.';
      else if (!instant.ok)
        more.endsAt =
          instant.reason === 'nonexistent'
            ? 'That time does not exist in this time zone (the clocks skip it). Choose another.'
            : 'Enter a valid date and time.';
      else if (instant.utc.getTime() <= Date.now()) more.endsAt = 'The embargo must end in the future.';
      const parsed = EmbargoProposal.safeParse({ endsAt: instant?.ok ? instant.iso : '', reason });
      return checkParsed(parsed, { reason: 'Keep the reason under 5,000 characters.' }, more);
    },
    {
      onSuccess: (updated) => {
        setLocal('');
        setReason('');
        const agreed = updated.embargoes[0]?.status === 'active';
        onProposed(
          agreed
            ? `The embargo until ${formatInstant(updated.embargoes[0]?.endsAt ?? null)} holds: nobody else had to agree.`
            : coordinator
              ? 'Your proposal is sent. It holds once every vendor taking part accepts it.'
              : 'Your proposal is sent. It holds once a clearinghouse coordinator accepts it.',
        );
      },
    },
  );

  const describedBy = [`${FIELDS.endsAt.id}-hint`, errors.endsAt ? `${FIELDS.endsAt.id}-error` : null]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <FormProblems
        errors={errors}
        error={propose.error}
        fields={FIELDS}
        heading="The embargo was not proposed"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <FormGroup error={Boolean(errors.endsAt)}>
          <Label htmlFor={FIELDS.endsAt.id} error={Boolean(errors.endsAt)}>
            {FIELDS.endsAt.label}
          </Label>
          <span className="usa-hint" id={`${FIELDS.endsAt.id}-hint`}>
            The date and time on the clock of the time zone below.
          </span>
          {errors.endsAt && <FieldError id={`${FIELDS.endsAt.id}-error`}>{errors.endsAt}</FieldError>}
          <input
            id={FIELDS.endsAt.id}
            name="endsAt"
            type="datetime-local"
            className={errors.endsAt ? 'usa-input usa-input--error' : 'usa-input'}
            value={local}
            aria-invalid={errors.endsAt ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => {
              setLocal(event.target.value);
            }}
          />
        </FormGroup>
        <SelectField
          id={FIELDS.timeZone.id}
          label={FIELDS.timeZone.label}
          hint="Yours is chosen; pick another to enter the time as, say, the vendor’s clock shows it."
          value={timeZone}
          onChange={(event) => {
            setTimeZone(event.target.value);
          }}
        >
          {ZONES.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
        <LiveRegion className="embargo-preview">
          {instant?.ok && (
            <p>
              That is <strong>{formatInstant(instant.utc.toISOString())}</strong>.
            </p>
          )}
        </LiveRegion>
        <FormGroup error={Boolean(errors.reason)}>
          <Label htmlFor={FIELDS.reason.id} error={Boolean(errors.reason)}>
            Reason (optional)
          </Label>
          <span className="usa-hint" id={`${FIELDS.reason.id}-hint`}>
            Why this date, for example the time vendors and operators need to patch.
          </span>
          {errors.reason && <FieldError id={`${FIELDS.reason.id}-error`}>{errors.reason}</FieldError>}
          <Textarea
            id={FIELDS.reason.id}
            name="reason"
            rows={3}
            value={reason}
            error={Boolean(errors.reason)}
            aria-describedby={
              errors.reason
                ? `${FIELDS.reason.id}-hint ${FIELDS.reason.id}-error`
                : `${FIELDS.reason.id}-hint`
            }
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </FormGroup>
        <Button type="submit" className="margin-top-3" disabled={propose.isPending}>
          {propose.isPending ? 'Proposing…' : 'Propose this embargo'}
        </Button>
      </Form>
    </>
  );
}
