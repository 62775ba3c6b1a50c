import { Button, Form, Table } from '@trussworks/react-uswds';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  ImportFromUrl,
  type ImportedSummary,
  type ImportIntegrity,
  type ImportOutcome,
  type ImportReport,
} from '@clearinghouse/shared';
import './advisories.css';
import { useImported, useImportFromUrl, useImportList, useImportUpload } from './advisories.api';
import { IMPORT_OUTCOME_LABELS, INTEGRITY_LABELS, SIGNATURE_LABELS } from './advisory-labels';
import { describePath } from './advisory-paths';
import { isImportFile } from './import-files';
import { isApiError } from '../../app/api';
import { isTriageStaff, useSession } from '../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError, TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, Loading, SuccessMessage } from '../../components/status-message';

function Integrity({ integrity }: { integrity: ImportIntegrity }) {
  return (
    <>
      <span className="display-block">SHA-256 {INTEGRITY_LABELS[integrity.sha256]}</span>
      <span className="display-block">SHA-512 {INTEGRITY_LABELS[integrity.sha512]}</span>
      <span className="display-block">
        Signature {SIGNATURE_LABELS[integrity.signature]}
        {integrity.signer && <code className="display-block text-break">{integrity.signer}</code>}
      </span>
    </>
  );
}

/** Where an imported document's problem is: a JSON pointer in words, or the key as the test gave it. */
function problemPlace(path: string): string {
  if (path === '' || path === '/') return 'Whole document';
  return path.startsWith('/') ? describePath(path) : path;
}

/** One document of an import; its problems open below it in a row of their own. */
function ReportRow({ outcome, index }: { outcome: ImportOutcome; index: number }) {
  const [open, setOpen] = useState(false);
  const d = outcome.document;
  const name = d?.trackingId ?? outcome.source;
  const problemsId = `import-problems-${index}`;
  const count = outcome.problems.length;
  const verdict = d ? (d.valid ? 'Valid' : 'Not valid') : 'Not read';
  return (
    <>
      <tr>
        <td>{IMPORT_OUTCOME_LABELS[outcome.outcome]}</td>
        <th scope="row" className="wrap-cell">
          {d ? (
            <Link className="usa-link" to={`/advisories/imported/${d.id}`}>
              {d.trackingId}
            </Link>
          ) : (
            <span className="text-break">{outcome.source}</span>
          )}
        </th>
        <td className="wrap-cell">{d?.title ?? '—'}</td>
        <td className="wrap-cell">{d?.publisher ?? '—'}</td>
        <td className="wrap-cell">
          <span className="display-block">{verdict}</span>
          {count > 0 && (
            <Button
              type="button"
              unstyled
              aria-expanded={open}
              aria-controls={problemsId}
              onClick={() => {
                setOpen((was) => !was);
              }}
            >
              {/* The name stays the same when it opens: aria-expanded tells the state. */}
              {count === 1 ? '1 problem' : `${count} problems`}
              <span className="usa-sr-only"> of {name}</span>
            </Button>
          )}
        </td>
        <td className="wrap-cell">{d ? <Integrity integrity={d.integrity} /> : '—'}</td>
      </tr>
      {count > 0 && (
        <tr id={problemsId} hidden={!open} className="import-problems-row">
          <td colSpan={6}>
            <ul className="usa-list margin-y-0" aria-label={`Problems of ${name}`}>
              {outcome.problems.map((p, j) => (
                <li key={j}>
                  <code>{p.test}</code> {problemPlace(p.path)}: {p.message}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

function ReportTable({ report }: { report: ImportReport }) {
  const { counts } = report;
  return (
    <section aria-labelledby="import-report-heading" className="advisory-section">
      <h2 id="import-report-heading">What was imported</h2>
      <p>
        {counts.inserted} inserted, {counts.updated} updated, {counts.unchanged} unchanged, {counts.rejected}{' '}
        rejected; {counts.invalid} stored but failing mandatory tests.
      </p>
      <Table
        bordered
        fullWidth
        compact
        caption={<HiddenCaption>Imported documents</HiddenCaption>}
        scrollable
      >
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Tracking id</th>
            <th scope="col">Title</th>
            <th scope="col">Publisher</th>
            <th scope="col">Tests</th>
            <th scope="col">Integrity</th>
          </tr>
        </thead>
        <tbody>
          {report.documents.map((outcome, i) => (
            <ReportRow key={`${outcome.source}-${i}`} outcome={outcome} index={i} />
          ))}
        </tbody>
      </Table>
    </section>
  );
}

function UrlImportForm({ onReport }: { onReport: (report: ImportReport) => void }) {
  const importUrl = useImportFromUrl();
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = ImportFromUrl.safeParse({ url: url.trim() });
    if (!parsed.success) {
      importUrl.reset();
      setProblem('Enter an http:// or https:// address.');
      return;
    }
    setProblem(null);
    importUrl.mutate(parsed.data, { onSuccess: onReport });
  };
  return (
    <Form onSubmit={submit} noValidate className="maxw-none">
      {importUrl.isError && (
        <ErrorAlert error={importUrl.error} heading="Nothing was imported" headingLevel="h3" />
      )}
      <TextField
        id="import-url"
        label="Address"
        hint="A CSAF document, a publisher’s provider-metadata.json (its feeds are followed), or an OSV record."
        type="url"
        value={url}
        error={problem ?? undefined}
        spellCheck={false}
        onChange={(event) => {
          setUrl(event.target.value);
        }}
      />
      <Button type="submit" className="margin-top-2" disabled={importUrl.isPending}>
        {importUrl.isPending ? 'Importing…' : 'Import from this address'}
      </Button>
      <LiveRegion>
        {importUrl.isPending && <Loading label="Fetching and checking the documents…" />}
      </LiveRegion>
    </Form>
  );
}

function FileImportForm({ onReport }: { onReport: (report: ImportReport) => void }) {
  const me = useSession();
  const upload = useImportUpload();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const id = 'import-file';
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file || !isImportFile(file.name)) {
      upload.reset();
      setProblem('Choose a .json or .zip file.');
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    setProgress(0);
    upload.mutate({ file, csrfToken: me.csrfToken, onProgress: setProgress }, { onSuccess: onReport });
  };
  return (
    <Form onSubmit={submit} noValidate className="maxw-none">
      {upload.isError && <ErrorAlert error={upload.error} heading="Nothing was imported" headingLevel="h3" />}
      <div className={problem ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
        <label className={problem ? 'usa-label usa-label--error' : 'usa-label'} htmlFor={id}>
          File
        </label>
        <span className="usa-hint" id={`${id}-hint`}>
          One CSAF or OSV document (.json), or a .zip of them.
        </span>
        {problem && <FieldError id={`${id}-error`}>{problem}</FieldError>}
        <input
          ref={inputRef}
          id={id}
          name={id}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          className="usa-input upload-input"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
      </div>
      <Button type="submit" className="margin-top-2" disabled={upload.isPending}>
        {upload.isPending ? 'Importing…' : 'Import this file'}
      </Button>
      {upload.isPending && (
        <div className="margin-top-2">
          <label className="usa-label" htmlFor="import-progress">
            {progress < 1 ? 'Uploading' : 'Uploaded; checking the documents…'}
          </label>
          <progress id="import-progress" className="import-progress" max={1} value={progress} />
        </div>
      )}
    </Form>
  );
}

function ImportedTable({ items }: { items: ImportedSummary[] }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Imported advisories</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Tracking id</th>
          <th scope="col">Title</th>
          <th scope="col">Publisher</th>
          <th scope="col">Format</th>
          <th scope="col">Valid</th>
          <th scope="col">Imported</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <th scope="row" className="wrap-cell">
              <Link className="usa-link" to={`/advisories/imported/${d.id}`}>
                {d.trackingId}
              </Link>
            </th>
            <td className="report-title-cell">{d.title}</td>
            <td className="wrap-cell">{d.publisher}</td>
            <td>{d.format.toUpperCase()}</td>
            <td>{d.valid ? 'Yes' : 'No'}</td>
            <td className="wrap-cell">
              <Instant iso={d.importedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function NotStaff() {
  return (
    <>
      <PageHeading title="Import advisories" />
      <p className="usa-intro">
        Only clearinghouse analysts, coordinators and administrators import advisories.
      </p>
    </>
  );
}

/** `/advisories/import`: advisories of other publishers, by address or file, and those already imported. */
export function ImportPage() {
  const me = useSession();
  const [report, setReport] = useState<ImportReport | null>(null);
  const list = useImportList({});
  if (!isTriageStaff(me)) return <NotStaff />;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading title="Import advisories" />
      <p className="usa-intro">
        Bring in CSAF and OSV advisories from other publishers. Each document is checked (CSAF tests or the
        OSV schema) and its hashes and signature verified where the publisher provides them.
      </p>
      <div className="grid-row grid-gap-4">
        <section aria-labelledby="import-url-heading" className="tablet:grid-col-6">
          <h2 id="import-url-heading">From an address</h2>
          <UrlImportForm onReport={setReport} />
        </section>
        <section aria-labelledby="import-file-heading" className="tablet:grid-col-6">
          <h2 id="import-file-heading">From a file</h2>
          <FileImportForm onReport={setReport} />
        </section>
      </div>
      <LiveRegion>
        {report && (
          <SuccessMessage>
            Import finished: {report.documents.length}{' '}
            {report.documents.length === 1 ? 'document' : 'documents'} read.
          </SuccessMessage>
        )}
      </LiveRegion>
      {report && <ReportTable report={report} />}
      <section aria-labelledby="imported-heading" className="advisory-section">
        <h2 id="imported-heading">Imported advisories</h2>
        <ResultCount
          query={list}
          count={items.length}
          singular="imported advisory"
          plural="imported advisories"
        />
        <QueryStates
          query={list}
          loadingLabel="Loading imported advisories…"
          errorHeading="Could not load the imported advisories"
          headingLevel="h3"
          isEmpty={items.length === 0}
          emptyTitle="Nothing has been imported yet."
        >
          <ImportedTable items={items} />
          <LoadMore query={list} />
        </QueryStates>
      </section>
    </>
  );
}

/** `/advisories/imported/:id`: one imported document, its checks and its products. */
export function ImportedPage() {
  const { id = '' } = useParams();
  const query = useImported(id);
  if (!query.data) {
    return (
      <>
        <PageHeading title="Imported advisory" />
        {isApiError(query.error, 'not_found') ? (
          <p className="usa-intro">There is no imported advisory at this address.</p>
        ) : query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the imported advisory" />
        ) : (
          <Loading label="Loading the imported advisory…" />
        )}
      </>
    );
  }
  const d = query.data;
  return (
    <>
      <PageHeading title={`${d.trackingId}: ${d.title}`} />
      <dl className="details-list">
        <dt>Publisher</dt>
        <dd>{d.publisher}</dd>
        <dt>Format</dt>
        <dd>{d.format.toUpperCase()}</dd>
        <dt>TLP (as labelled)</dt>
        <dd>{d.tlp}</dd>
        <dt>CVE</dt>
        <dd>{d.cves.length > 0 ? d.cves.join(', ') : '—'}</dd>
        <dt>Source</dt>
        <dd className="text-break">{d.sourceUrl ?? 'Uploaded file'}</dd>
        <dt>Current release</dt>
        <dd>{d.currentReleaseDate ?? '—'}</dd>
        <dt>Imported</dt>
        <dd>
          <Instant iso={d.importedAt} />
          {d.importedBy && ` by ${d.importedBy.name}`}
        </dd>
        <dt>Integrity</dt>
        <dd>
          <Integrity integrity={d.integrity} />
        </dd>
      </dl>
      <section aria-labelledby="imported-tests-heading" className="advisory-section">
        <h2 id="imported-tests-heading">Tests</h2>
        {d.problems.length === 0 ? (
          <p>{d.valid ? 'It passes every test.' : 'Not valid.'}</p>
        ) : (
          <ul className="usa-list">
            {d.problems.map((p, i) => (
              <li key={i}>
                <code>{p.test}</code> {problemPlace(p.path)}: {p.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="imported-products-heading" className="advisory-section">
        <h2 id="imported-products-heading">Products</h2>
        <Table bordered fullWidth compact caption={<HiddenCaption>Products</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Product id</th>
              <th scope="col">Name</th>
              <th scope="col">Version or range</th>
              <th scope="col">Package URL or CPE</th>
            </tr>
          </thead>
          <tbody>
            {d.products.map((p) => (
              <tr key={p.productId}>
                <th scope="row" className="wrap-cell">
                  {p.productId}
                </th>
                <td className="wrap-cell">{p.name}</td>
                <td className="wrap-cell">{p.version ?? p.range ?? '—'}</td>
                <td className="wrap-cell">
                  <code className="text-break">{p.purl ?? p.cpe ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      <p className="margin-top-4">
        <Link className="usa-link" to="/advisories/import">
          Back to Import advisories
        </Link>
      </p>
    </>
  );
}
