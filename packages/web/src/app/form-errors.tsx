import { Alert, AlertHeading, type HeadingLevel } from '@trussworks/react-uswds';
import type { MouseEvent } from 'react';
import { ApiError } from './api';
import { ErrorAlert } from '../components/error-alert';

/** Field path (`name`, `sectors.2`) → message shown beside that field. */
export type FieldErrors = Record<string, string>;

/**
 * Which field a problem is shown beside, from its path (`['affectedProducts', 0, 'vendor']`). Most
 * forms show every problem at its top-level field; forms with repeated rows go deeper.
 */
export type FieldKey = (path: readonly PropertyKey[]) => string;

export const topLevelField: FieldKey = (path) => String(path[0] ?? '');

/** `affectedProducts.3.vendor` → `affectedProducts.*.vendor`: one friendly message for every row. */
function anyRow(key: string): string {
  return key.replace(/\.\d+(?=\.|$)/g, '.*');
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function add(errors: FieldErrors, path: string, message: string): void {
  errors[path] = errors[path] ? `${errors[path]} ${message}` : message;
}

/**
 * Client-side problems from a shared zod contract's `safeParse`. A friendly message per field
 * replaces zod's technical wording where one is given (`rows.*.name` stands for every row).
 */
export function fieldErrorsFromIssues(
  issues: readonly Issue[],
  friendly: Record<string, string> = {},
  fieldKey: FieldKey = topLevelField,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldKey(issue.path);
    if (errors[field] === undefined)
      errors[field] = friendly[field] ?? friendly[anyRow(field)] ?? issue.message;
  }
  return errors;
}

/** Server-side problems from a 422 `validation_failed`: every detail, keyed by its field. */
export function fieldErrorsFromApi(error: unknown, fieldKey: FieldKey = topLevelField): FieldErrors {
  const errors: FieldErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const detail of error.details) {
    // The server may name the part of the request (`body.name`); the form knows only `name`.
    const path = detail.path.replace(/^(body|query|params)\./, '');
    add(errors, fieldKey(path === '' ? [] : path.split('.')), detail.message);
  }
  return errors;
}

/** What the summary needs to link a problem to its field. */
export type FieldLabels = Record<string, { label: string; id: string }>;

function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.focus();
}

/**
 * The summary above a form: every problem, each linked to its field. A problem with no field
 * of its own (or one the form does not show) is still listed.
 */
export function FormErrorSummary({
  errors,
  fields,
  headingLevel = 'h2',
}: {
  errors: FieldErrors;
  fields: FieldLabels;
  headingLevel?: HeadingLevel;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <Alert type="error" role="alert" validation className="margin-bottom-2">
      <AlertHeading level={headingLevel}>
        {entries.length === 1 ? 'There is a problem' : `There are ${entries.length} problems`}
      </AlertHeading>
      <ul className="usa-list">
        {entries.map(([path, message]) => {
          const field = fields[path];
          return (
            <li key={path}>
              {field ? (
                <>
                  <a
                    href={`#${field.id}`}
                    onClick={(event) => {
                      focusField(event, field.id);
                    }}
                  >
                    {field.label}
                  </a>
                  {': '}
                </>
              ) : path ? (
                `${path}: `
              ) : null}
              {message}
            </li>
          );
        })}
      </ul>
    </Alert>
  );
}

/** Client-side problems win; otherwise the server's 422 details. */
export function combineFieldErrors(
  client: FieldErrors,
  serverError: unknown,
  fieldKey: FieldKey = topLevelField,
): FieldErrors {
  return Object.keys(client).length > 0 ? client : fieldErrorsFromApi(serverError, fieldKey);
}

/** The problems above a form: a summary of field problems, or the error that is not about fields. */
export function FormProblems({
  errors,
  error,
  fields,
  heading = 'That did not work',
  headingLevel = 'h2',
}: {
  errors: FieldErrors;
  error: unknown;
  fields: FieldLabels;
  heading?: string;
  headingLevel?: HeadingLevel;
}) {
  if (Object.keys(errors).length > 0) {
    return <FormErrorSummary errors={errors} fields={fields} headingLevel={headingLevel} />;
  }
  if (error) return <ErrorAlert error={error} heading={heading} headingLevel={headingLevel} />;
  return null;
}
