import { Button, Checkbox, Form } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { SuppressionCreate, type Exposure } from '@clearinghouse/shared';
import { useSuppress } from './exposure.api';
import { componentLabel } from './exposure-labels';
import { dateInputToInstant, DateField, TextAreaField, todayInput } from './exposure-fields';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { Instant } from '../../components/instant';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  reason: { label: 'Reason', id: 'suppress-reason' },
  expiresAt: { label: 'Suppress until', id: 'suppress-until' },
};

/**
 * "Suppress this component (all versions) until…": an ignore rule on the component's identity, so an
 * upgrade does not undo it; it always ends on a date.
 */
export function SuppressForm({ exposure }: { exposure: Exposure }) {
  const suppress = useSuppress();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [onlyThis, setOnlyThis] = useState(false);
  const label = componentLabel({ ...exposure.component, version: null });

  useEffect(() => {
    if (open) document.getElementById(FIELDS.reason.id)?.focus();
  }, [open]);

  const { onSubmit, errors } = useFormSubmission(
    suppress,
    () => {
      const expiresAt = dateInputToInstant(until);
      const more: Record<string, string> = {};
      if (expiresAt !== null && expiresAt <= new Date().toISOString())
        more.expiresAt = 'Choose a date after today.';
      return checkParsed(
        SuppressionCreate.safeParse({
          componentId: exposure.component.id,
          vulnerabilityKey: onlyThis ? exposure.vulnerability.key : null,
          reason,
          expiresAt,
        }),
        {
          reason: 'Say why, in at least 3 characters (up to 2,000).',
          expiresAt: 'Enter the date the suppression ends.',
        },
        more,
      );
    },
    {
      onSuccess: () => {
        setOpen(false);
        setReason('');
        setUntil('');
      },
    },
  );

  return (
    <>
      <LiveRegion>
        {suppress.isSuccess && (
          <SuccessMessage>
            Suppressed {suppress.data.label} until <Instant iso={suppress.data.expiresAt} />.
          </SuccessMessage>
        )}
      </LiveRegion>
      {!open ? (
        <Button
          type="button"
          outline
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
          }}
        >
          Suppress this component (all versions) until…
        </Button>
      ) : (
        <>
          <FormProblems
            errors={errors}
            error={suppress.error}
            fields={FIELDS}
            heading="Nothing was suppressed"
            headingLevel="h3"
          />
          <Form onSubmit={onSubmit} noValidate className="maxw-none">
            <p className="margin-bottom-0">
              Hide the exposures of <strong>{label}</strong>, whatever its version, until a date. They come
              back then.
            </p>
            <TextAreaField
              id={FIELDS.reason.id}
              label={FIELDS.reason.label}
              hint="For example: the device is out of service and will be replaced."
              value={reason}
              error={errors.reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
            <DateField
              id={FIELDS.expiresAt.id}
              label={FIELDS.expiresAt.label}
              hint="The suppression ends at the start of this day (UTC)."
              min={todayInput()}
              value={until}
              error={errors.expiresAt}
              onChange={setUntil}
            />
            <Checkbox
              id="suppress-only-this"
              name="suppress-only-this"
              label={`Only for ${exposure.vulnerability.key} (otherwise every vulnerability)`}
              checked={onlyThis}
              onChange={(event) => {
                setOnlyThis(event.target.checked);
              }}
            />
            <div className="button-row margin-top-2">
              <Button type="submit" disabled={suppress.isPending}>
                {suppress.isPending ? 'Suppressing…' : 'Suppress'}
              </Button>
              <Button
                type="button"
                unstyled
                onClick={() => {
                  setOpen(false);
                }}
              >
                Cancel
              </Button>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
