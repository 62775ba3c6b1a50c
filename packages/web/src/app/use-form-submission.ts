import type { MutateOptions, UseMutationResult } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import {
  combineFieldErrors,
  fieldErrorsFromIssues,
  topLevelField,
  type FieldErrors,
  type FieldKey,
} from './form-errors';

/** What a form's own check of its input found: the request to send, or the problems to show. */
export type FormCheck<T> = { ok: true; request: T } | { ok: false; errors: FieldErrors };

/** A shared contract's `safeParse` result, without importing zod here. */
type SafeParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

/**
 * A form's check by a shared contract: its problems (worded by `friendly` where given), and any
 * the form finds itself (`more`, which win for their field). The request only when there are none.
 * `fieldKey` says which field each problem belongs to (by default, its top-level field).
 */
export function checkParsed<T>(
  parsed: SafeParseResult<T>,
  friendly: Record<string, string> = {},
  more: FieldErrors = {},
  fieldKey: FieldKey = topLevelField,
): FormCheck<T> {
  const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, friendly, fieldKey);
  Object.assign(errors, more);
  return parsed.success && Object.keys(errors).length === 0
    ? { ok: true, request: parsed.data }
    : { ok: false, errors };
}

/** A form's check by its own rules: the request, unless there are problems. */
export function checkFields<T>(errors: FieldErrors, request: T): FormCheck<T> {
  return Object.keys(errors).length === 0 ? { ok: true, request } : { ok: false, errors };
}

/**
 * Submitting a form through a mutation. The form is checked first: problems found then are shown
 * (and the last answer from the server is cleared); otherwise the request is sent. `errors` are
 * the problems to show beside the fields: the form's own, else the server's 422 details (each at
 * the field `fieldKey` names).
 */
export function useFormSubmission<TData, TError, TVariables, TContext>(
  mutation: UseMutationResult<TData, TError, TVariables, TContext>,
  check: () => FormCheck<TVariables>,
  options?: MutateOptions<TData, TError, TVariables, TContext>,
  fieldKey: FieldKey = topLevelField,
): { onSubmit: (event: SubmitEvent<HTMLFormElement>) => void; errors: FieldErrors } {
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = check();
    if (!checked.ok) {
      mutation.reset();
      setClientErrors(checked.errors);
      return;
    }
    setClientErrors({});
    mutation.mutate(checked.request, options);
  };

  return { onSubmit, errors: combineFieldErrors(clientErrors, mutation.error, fieldKey) };
}
