import { FormGroup, Label, Select, TextInput } from '@trussworks/react-uswds';
import type { ComponentProps, ReactNode } from 'react';

type TextInputProps = ComponentProps<typeof TextInput>;

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

/** Ids of the hint and error, for aria-describedby. */
function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/**
 * The message beside a field. Unlike USWDS's ErrorMessage it is not an alert of its own: the
 * summary above the form announces every problem once.
 */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="usa-error-message" id={id}>
      {children}
    </span>
  );
}

function FieldFrame({ id, label, hint, error, children }: FieldProps & { children: ReactNode }) {
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
      {children}
    </FormGroup>
  );
}

/** A labelled text input with its hint and error message wired to it. */
export function TextField({
  id,
  label,
  hint,
  error,
  name,
  type = 'text',
  ...inputProps
}: FieldProps &
  Omit<TextInputProps, 'id' | 'name' | 'type'> & { name?: string; type?: TextInputProps['type'] }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <TextInput
        id={id}
        name={name ?? id}
        type={type}
        validationStatus={error ? 'error' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...inputProps}
      />
    </FieldFrame>
  );
}

type SelectProps = ComponentProps<typeof Select>;

export function SelectField({
  id,
  label,
  hint,
  error,
  name,
  children,
  ...selectProps
}: FieldProps & Omit<SelectProps, 'id' | 'name'> & { name?: string }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <Select
        id={id}
        name={name ?? id}
        validationStatus={error ? 'error' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...selectProps}
      >
        {children}
      </Select>
    </FieldFrame>
  );
}

interface PasswordFieldSpec {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** A new password and its confirmation: the pair every set-a-password form asks for. */
export function NewPasswordFields({
  password,
  confirm,
  hint = 'At least 12 characters. A few unrelated words make a strong password.',
}: {
  password: PasswordFieldSpec;
  confirm: PasswordFieldSpec;
  hint?: string;
}) {
  const field = (spec: PasswordFieldSpec, fieldHint?: string) => (
    <TextField
      id={spec.id}
      label={spec.label}
      hint={fieldHint}
      type="password"
      autoComplete="new-password"
      value={spec.value}
      error={spec.error}
      onChange={(event) => {
        spec.onChange(event.target.value);
      }}
    />
  );
  return (
    <>
      {field(password, hint)}
      {field(confirm)}
    </>
  );
}
