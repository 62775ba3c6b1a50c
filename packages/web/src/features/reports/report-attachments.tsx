import type { UseMutationResult } from '@tanstack/react-query';
import { Button, Form, FormGroup, Label, Table } from '@trussworks/react-uswds';
import { useRef, useState, type SubmitEvent } from 'react';
import type { Attachment, Report } from '@clearinghouse/shared';
import { formatBytes } from './report-labels';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError } from '../../components/form-fields';
import { EmptyState, HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

/** How a file is fetched: a plain link (the session cookie goes along), or by script (a secret header). */
export type AttachmentDownload =
  | { kind: 'link'; href: (attachment: Attachment) => string }
  | { kind: 'fetch'; download: (attachment: Attachment) => Promise<void> };

function DownloadControl({ attachment, download }: { attachment: Attachment; download: AttachmentDownload }) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  if (download.kind === 'link') {
    return (
      <a className="usa-link" href={download.href(attachment)} download={attachment.filename}>
        {attachment.filename}
      </a>
    );
  }
  return (
    <>
      <Button
        type="button"
        unstyled
        className="text-left"
        aria-label={`Download ${attachment.filename}`}
        disabled={state === 'busy'}
        onClick={() => {
          setState('busy');
          download.download(attachment).then(
            () => {
              setState('idle');
            },
            () => {
              setState('failed');
            },
          );
        }}
      >
        {attachment.filename}
      </Button>
      <span aria-live="polite" className="display-block">
        {state === 'busy' && 'Downloading…'}
        {state === 'failed' && <span className="text-secondary-dark">The download failed. Try again.</span>}
      </span>
    </>
  );
}

/** The files on a report, each with its SHA-256 so a copy can be checked, and a way to add one. */
export function AttachmentsSection({
  report,
  download,
  upload,
  idPrefix = 'attachment',
}: {
  report: Report;
  download: AttachmentDownload;
  /** Absent when the reader may not add files. */
  upload?: UseMutationResult<Attachment, Error, File>;
  idPrefix?: string;
}) {
  return (
    <>
      {report.attachments.length === 0 ? (
        <EmptyState title="No files attached yet." />
      ) : (
        <Table bordered fullWidth compact caption={<HiddenCaption>Attachments</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Added</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {report.attachments.map((attachment) => (
              <tr key={attachment.id}>
                <th scope="row">
                  <DownloadControl attachment={attachment} download={download} />
                  <span className="secondary-id">{attachment.mediaType}</span>
                </th>
                <td className="text-no-wrap">{formatBytes(attachment.size)}</td>
                <td>
                  {formatDateTime(attachment.createdAt)}
                  <span className="display-block text-base">by {attachment.uploadedBy}</span>
                </td>
                <td className="hash-cell">
                  <code className="hash">{attachment.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {upload && report.status !== 'closed' && <UploadForm upload={upload} idPrefix={idPrefix} />}
    </>
  );
}

function UploadForm({
  upload,
  idPrefix,
}: {
  upload: UseMutationResult<Attachment, Error, File>;
  idPrefix: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = `${idPrefix}-file`;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      upload.reset();
      setProblem('Choose a file to upload.');
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    upload.mutate(file, {
      onSuccess: () => {
        if (inputRef.current) inputRef.current.value = '';
      },
    });
  };

  return (
    <>
      <LiveRegion>
        {upload.isSuccess && (
          <SuccessMessage>
            Uploaded {upload.data.filename} ({formatBytes(upload.data.size)}). SHA-256:{' '}
            <code className="hash">{upload.data.sha256}</code>
          </SuccessMessage>
        )}
      </LiveRegion>
      {upload.isError && (
        <ErrorAlert error={upload.error} heading="The file was not uploaded" headingLevel="h3" />
      )}
      <Form onSubmit={submit} noValidate className="upload-form">
        <FormGroup error={problem !== null}>
          <Label htmlFor={id} error={problem !== null}>
            Add a file
          </Label>
          <span className="usa-hint" id={`${id}-hint`}>
            Evidence such as a proof of concept, logs or screenshots. Files are stored as they are and only
            ever downloaded, never opened in the browser.
          </span>
          {problem && <FieldError id={`${id}-error`}>{problem}</FieldError>}
          <input
            ref={inputRef}
            id={id}
            name={id}
            type="file"
            className="usa-input upload-input"
            aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
            aria-invalid={problem ? true : undefined}
            onChange={() => {
              setProblem(null);
            }}
          />
        </FormGroup>
        <Button type="submit" className="margin-top-2" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </Button>
      </Form>
    </>
  );
}
