import type { UseMutationResult } from '@tanstack/react-query';
import { Button, Form, FormGroup, Label } from '@trussworks/react-uswds';
import { useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import type { Attachment } from '@clearinghouse/shared';
import { FieldError } from './form-fields';
import { LiveRegion, SuccessMessage } from './status-message';
import { formatBytes } from '../app/format';

/**
 * One file to upload: a file input with its label and hint, the upload's outcome (name, size and
 * SHA-256) once it is stored, and a problem if no file was chosen. The input is cleared after a
 * successful upload.
 */
export function AttachmentUploadForm({
  upload,
  id,
  label,
  hint,
  noFileMessage,
  doneVerb,
  failure,
}: {
  upload: UseMutationResult<Attachment, Error, File>;
  /** The file input's id; its hint and error take it as a prefix. */
  id: string;
  label: string;
  hint: string;
  /** The problem when the form is sent without a file. */
  noFileMessage: string;
  /** What happened to the file, to start the outcome: "Uploaded" or "Shared". */
  doneVerb: string;
  /** What is shown when the upload failed, above the form. */
  failure: ReactNode;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) {
      upload.reset();
      setProblem(noFileMessage);
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
            {doneVerb} {upload.data.filename} ({formatBytes(upload.data.size)}). SHA-256:{' '}
            <code className="hash">{upload.data.sha256}</code>
          </SuccessMessage>
        )}
      </LiveRegion>
      {failure}
      <Form onSubmit={submit} noValidate className="upload-form">
        <FormGroup error={problem !== null}>
          <Label htmlFor={id} error={problem !== null}>
            {label}
          </Label>
          <span className="usa-hint" id={`${id}-hint`}>
            {hint}
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
