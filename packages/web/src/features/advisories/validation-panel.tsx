import { Button } from '@trussworks/react-uswds';
import type { AdvisoryValidation, ValidationFinding } from '@clearinghouse/shared';
import { describePath, fieldIdCandidates } from './advisory-paths';
import { ErrorAlert } from '../../components/error-alert';
import { LiveRegion, Loading } from '../../components/status-message';

/** Focus the field a finding is about, or the nearest group around it that the editor shows. */
function focusFinding(path: string): void {
  for (const id of fieldIdCandidates(path)) {
    const element = document.getElementById(id);
    if (!element) continue;
    if (!element.matches('input, select, textarea, button, a, [tabindex]')) element.tabIndex = -1;
    element.focus();
    return;
  }
}

function Findings({
  findings,
  kind,
}: {
  findings: readonly ValidationFinding[];
  kind: 'errors' | 'warnings';
}) {
  return (
    <ul className={`validation-list validation-list--${kind}`}>
      {findings.map((f, i) => (
        <li key={`${f.test}-${f.path}-${i}`}>
          <code>{f.test}</code>{' '}
          {f.path.startsWith('/') ? (
            <span>{describePath(f.path)}</span>
          ) : (
            <Button
              type="button"
              unstyled
              onClick={() => {
                focusFinding(f.path);
              }}
            >
              {describePath(f.path)}
            </Button>
          )}
          <span className="display-block">{f.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** "2 errors and 1 warning." */
function summary(v: AdvisoryValidation): string {
  const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  if (v.valid && v.warnings.length === 0) return 'Valid: it passes every CSAF test and our checks.';
  if (v.valid) return `Valid, with ${count(v.warnings.length, 'warning', 'warnings')}.`;
  return `Not valid yet: ${count(v.errors.length, 'error', 'errors')}${
    v.warnings.length > 0 ? ` and ${count(v.warnings.length, 'warning', 'warnings')}` : ''
  }.`;
}

/**
 * What the validation says of the content as it is being edited (not only as saved): errors
 * block approval, warnings do not. The summary line is announced as it changes.
 */
export function ValidationPanel({
  query,
  stale,
}: {
  query: {
    data: AdvisoryValidation | undefined;
    isPending: boolean;
    isError: boolean;
    error: unknown;
    isFetching: boolean;
  };
  /** The editor has changes the shown results do not cover yet. */
  stale: boolean;
}) {
  const v = query.data;
  return (
    <section aria-labelledby="validation-heading" className="side-panel">
      <h2 id="validation-heading">Validation</h2>
      <p className="usa-hint">
        Checked as you type against the CSAF 2.0 tests and the clearinghouse’s own checks. Errors must be
        fixed before approval.
      </p>
      {query.isError && !v && (
        <ErrorAlert error={query.error} heading="Could not validate" headingLevel="h3" />
      )}
      {query.isPending && !v && <Loading label="Validating…" />}
      <LiveRegion>
        {v && (
          <p className={v.valid ? 'text-bold text-success-dark' : 'text-bold text-secondary-dark'}>
            {summary(v)}
          </p>
        )}
      </LiveRegion>
      {(stale || query.isFetching) && v && <p className="text-base">Checking your latest changes…</p>}
      {v && v.errors.length > 0 && (
        <>
          <h3>Errors</h3>
          <Findings findings={v.errors} kind="errors" />
        </>
      )}
      {v && v.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <Findings findings={v.warnings} kind="warnings" />
        </>
      )}
    </section>
  );
}
