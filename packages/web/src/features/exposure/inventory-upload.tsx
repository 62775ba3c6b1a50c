import { Button, Form, Table } from '@trussworks/react-uswds';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { ComponentChange, ErrorDetail, InventoryUploadReport } from '@clearinghouse/shared';
import { useUploadInventory } from './exposure.api';
import { INVENTORY_FILE_ACCEPT, inventoryMediaType } from './upload-inventory';
import { isApiError } from '../../app/api';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FORMAT_LABELS: Record<InventoryUploadReport['format'], string> = {
  cyclonedx: 'CycloneDX',
  spdx: 'SPDX',
  csv: 'CSV',
  'package-lock': 'package-lock.json',
};

function changeName(c: ComponentChange): string {
  return [c.vendor, c.name].filter(Boolean).join(' ');
}

function ChangeList({ title, items, total }: { title: string; items: ComponentChange[]; total: number }) {
  if (total === 0) return null;
  return (
    <details className="margin-top-1">
      <summary>
        {title}: {total}
      </summary>
      <ul className="usa-list" aria-label={title}>
        {items.map((c, i) => (
          <li key={i}>
            {changeName(c)} {c.before && c.after ? `${c.before} → ${c.after}` : (c.after ?? c.before ?? '')}
            {c.purl && <code className="display-block text-break font-body-3xs">{c.purl}</code>}
          </li>
        ))}
      </ul>
      {items.length < total && <p className="usa-hint">The first {items.length} are listed.</p>}
    </details>
  );
}

/** What an upload did: the counts, what changed, warnings, and the exposures it revealed. */
export function UploadReport({ report }: { report: InventoryUploadReport }) {
  const { counts } = report;
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  return (
    <section aria-labelledby="upload-report-heading" className="exposure-section">
      <h3 id="upload-report-heading">What the upload changed</h3>
      <p>
        {report.filename} ({FORMAT_LABELS[report.format]}
        {report.specVersion ? ` ${report.specVersion}` : ''}): {counts.components} components; {counts.added}{' '}
        added, {counts.removed} removed, {counts.changed} changed, {counts.unchanged} unchanged.
      </p>
      {report.exposuresFound > 0 ? (
        <p className="text-bold">
          <Link className="usa-link" to={`/today?inventoryId=${encodeURIComponent(report.inventoryId)}`}>
            {report.exposuresFound} new {report.exposuresFound === 1 ? 'exposure' : 'exposures'}
          </Link>{' '}
          to act on.
        </p>
      ) : (
        <p>No new exposures.</p>
      )}
      <ChangeList title="Added" items={report.added} total={counts.added} />
      <ChangeList title="Removed" items={report.removed} total={counts.removed} />
      <ChangeList title="Changed" items={report.changed} total={counts.changed} />
      {warnings.length > 0 && (
        <>
          <h4>Warnings</h4>
          <ul className="usa-list">
            {warnings.map((w, i) => (
              <li key={i}>
                <code>{w.location}</code>: {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A refused file: every problem, where it is (line or JSON pointer) and what is wrong. */
function RefusedFile({ message, problems }: { message: string; problems: readonly ErrorDetail[] }) {
  return (
    <div role="alert">
      <ErrorAlert error={new Error(message)} heading="The file was refused" headingLevel="h3" />
      <Table bordered fullWidth compact caption="Problems in the file" scrollable>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <th scope="row" className="wrap-cell">
                <code>{p.path || 'Whole file'}</code>
              </th>
              <td className="wrap-cell">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/** Upload a file with a progress bar; the report, or every problem of a refused file, follows. */
export function InventoryUploadForm({ inventoryId }: { inventoryId: string }) {
  const me = useSession();
  const upload = useUploadInventory();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const id = 'inventory-file';

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file || !inventoryMediaType(file.name)) {
      upload.reset();
      setProblem('Choose a .json file (CycloneDX, SPDX or package-lock.json) or a .csv file.');
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    setProgress(0);
    upload.mutate({ inventoryId, file, csrfToken: me.csrfToken, onProgress: setProgress });
  };

  const refused =
    upload.isError && isApiError(upload.error, 'validation_failed') && upload.error.details.length > 0
      ? upload.error
      : null;

  return (
    <>
      <Form onSubmit={submit} noValidate className="maxw-none">
        <div className={problem ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
          <label className={problem ? 'usa-label usa-label--error' : 'usa-label'} htmlFor={id}>
            Inventory file
          </label>
          <span className="usa-hint" id={`${id}-hint`}>
            CycloneDX 1.4–1.6 or SPDX 2.3 JSON, package-lock.json, or CSV with columns name, vendor, version,
            purl, cpe, model_number, site. It replaces the components of the last upload; those added by hand
            stay.
          </span>
          {problem && <FieldError id={`${id}-error`}>{problem}</FieldError>}
          <input
            ref={inputRef}
            id={id}
            name={id}
            type="file"
            accept={INVENTORY_FILE_ACCEPT}
            className="usa-input upload-input"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
          />
        </div>
        <Button type="submit" className="margin-top-2" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </Button>
        {upload.isPending && (
          <div className="margin-top-2">
            <label className="usa-label" htmlFor="inventory-upload-progress">
              {progress < 1 ? 'Uploading' : 'Uploaded; reading the file and matching…'}
            </label>
            <progress id="inventory-upload-progress" className="exposure-progress" max={1} value={progress} />
          </div>
        )}
      </Form>
      <LiveRegion>
        {upload.isSuccess && (
          <SuccessMessage>
            Uploaded {upload.data.filename}: {upload.data.counts.components} components.
          </SuccessMessage>
        )}
      </LiveRegion>
      {refused ? (
        <RefusedFile message={refused.message} problems={refused.details} />
      ) : (
        upload.isError && (
          <ErrorAlert error={upload.error} heading="The file was not uploaded" headingLevel="h3" />
        )
      )}
      {upload.isSuccess && <UploadReport report={upload.data} />}
    </>
  );
}
