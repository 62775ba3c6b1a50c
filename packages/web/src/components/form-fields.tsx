import { Fieldset, FormGroup, Label, Radio, Select, TextInput } from '@trussworks/react-uswds';
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

/** The id of one choice in a `RadioGroupField`: the group's id and the value, made id-safe. */
export function choiceId(groupId: string, value: string): string {
  return `${groupId}-${value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

/**
 * One choice among a few, as radio buttons in a fieldset whose legend asks the question. Each
 * choice may explain itself in a line (shown as a tile). The summary's link for a problem goes to
 * the first choice (`choiceId(id, options[0].value)`).
 */
export function RadioGroupField<T extends string>({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly { value: T; label: ReactNode; description?: ReactNode }[];
  value: T | '';
  onChange: (value: T) => void;
}) {
  return (
    <FormGroup error={Boolean(error)}>
      <Fieldset legend={legend} id={id} aria-describedby={describedBy(id, hint, error)}>
        {hint && (
          <span className="usa-hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
        {options.map((option) => (
          <Radio
            key={option.value}
            id={choiceId(id, option.value)}
            name={id}
            value={option.value}
            label={option.label}
            labelDescription={option.description}
            tile={option.description !== undefined}
            checked={value === option.value}
            onChange={() => {
              onChange(option.value);
            }}
          />
        ))}
      </Fieldset>
    </FormGroup>
  );
}
