import { FormGroup, Label, Textarea } from '@trussworks/react-uswds';
import type { ComponentProps, ReactNode } from 'react';
import { FieldError } from '../../components/form-fields';

/** A labelled textarea with its hint and error wired to it, like the shared TextField. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  ...props
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
} & Omit<ComponentProps<typeof Textarea>, 'id' | 'name' | 'error'>) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id} error={Boolean(error)}>
        {label}
      </Label>
      {hint && (
        <span className="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <Textarea
        id={id}
        name={id}
        error={Boolean(error)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...props}
      />
    </FormGroup>
  );
}

/** A labelled date input (USWDS's TextInput takes no `type="date"`). */
export function DateField({
  id,
  label,
  hint,
  error,
  value,
  min,
  onChange,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  min?: string;
  onChange: (value: string) => void;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id} error={Boolean(error)}>
        {label}
      </Label>
      {hint && (
        <span className="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <input
        id={id}
        name={id}
        type="date"
        className={error ? 'usa-input usa-input--error' : 'usa-input'}
        value={value}
        min={min}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </FormGroup>
  );
}

/** A `YYYY-MM-DD` from a date input as the start of that day in UTC; null when empty or not a date. */
export function dateInputToInstant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Today's date (UTC) as `YYYY-MM-DD`, the earliest a date input should offer. */
export function todayInput(): string {
  return new Date().toISOString().slice(0, 10);
}
