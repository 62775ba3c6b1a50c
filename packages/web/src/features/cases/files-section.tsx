import { Button, Form, FormGroup, Label, Table } from '@trussworks/react-uswds';
import { useRef, useState, type SubmitEvent } from 'react';
import type { Case } from '@clearinghouse/shared';
import { ActionProblems, canParticipate } from './case-ui';
import { caseFileUrl, useUploadCaseFile } from './cases.api';
import { formatBytes } from '../reports/report-labels';
import { FieldError } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { EmptyState, HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

const FILE_INPUT_ID = 'case-file';

function UploadForm({ routeId }: { routeId: string }) {
  const upload = useUploadCaseFile(routeId);
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      upload.reset();
      setProblem('Choose a file to share.');
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

  const describedBy = problem ? `${FILE_INPUT_ID}-hint ${FILE_INPUT_ID}-error` : `${FILE_INPUT_ID}-hint`;
  return (
    <>
      <LiveRegion>
        {upload.isSuccess && (
          <SuccessMessage>
            Shared {upload.data.filename} ({formatBytes(upload.data.size)}). SHA-256:{' '}
            <code className="hash">{upload.data.sha256}</code>
          </SuccessMessage>
        )}
      </LiveRegion>
      <ActionProblems
        error={upload.error}
        heading="The file was not shared"
        headingLevel="h3"
        fields={{ filename: { label: 'File', id: FILE_INPUT_ID } }}
      />
      <Form onSubmit={submit} noValidate className="upload-form">
        <FormGroup error={problem !== null}>
          <Label htmlFor={FILE_INPUT_ID} error={problem !== null}>
            Share a file
          </Label>
          <span className="usa-hint" id={`${FILE_INPUT_ID}-hint`}>
            Every participant of the case can download it. Files are only ever downloaded, never opened in the
            browser.
          </span>
          {problem && <FieldError id={`${FILE_INPUT_ID}-error`}>{problem}</FieldError>}
          <input
            ref={inputRef}
            id={FILE_INPUT_ID}
            name={FILE_INPUT_ID}
            type="file"
            className="usa-input upload-input"
            aria-describedby={describedBy}
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

/** Files shared with the participants, each with its SHA-256; participants add more. */
export function FilesSection({ c, routeId }: { c: Case; routeId: string }) {
  return (
    <section aria-labelledby="files-heading" id="files" className="case-section">
      <h2 id="files-heading">Files</h2>
      {c.attachments.length === 0 ? (
        <EmptyState title="No files shared yet." />
      ) : (
        <Table bordered fullWidth compact caption={<HiddenCaption>Files</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Shared</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {c.attachments.map((file) => (
              <tr key={file.id}>
                <th scope="row" className="file-cell">
                  <a className="usa-link" href={caseFileUrl(c.id, file.id)} download={file.filename}>
                    {file.filename}
                  </a>
                  <span className="secondary-id">{file.mediaType}</span>
                </th>
                <td className="text-no-wrap">{formatBytes(file.size)}</td>
                <td className="wrap-cell">
                  <Instant iso={file.createdAt} />
                  <span className="display-block text-base">by {file.uploadedBy}</span>
                </td>
                <td className="hash-cell">
                  <code className="hash">{file.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canParticipate(c) && <UploadForm routeId={routeId} />}
    </section>
  );
}
