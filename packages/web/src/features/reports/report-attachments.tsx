import type { UseMutationResult } from '@tanstack/react-query';
import type { Attachment, Report } from '@clearinghouse/shared';
import { AttachmentList, type AttachmentDownload } from '../../components/attachment-list';
import { AttachmentUploadForm } from '../../components/attachment-upload-form';
import { ErrorAlert } from '../../components/error-alert';

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
      <AttachmentList
        attachments={report.attachments}
        download={download}
        caption="Attachments"
        emptyTitle="No files attached yet."
        addedHeading="Added"
        time="local"
      />
      {upload && report.status !== 'closed' && (
        <AttachmentUploadForm
          upload={upload}
          id={`${idPrefix}-file`}
          label="Add a file"
          hint="Evidence such as a proof of concept, logs or screenshots. Files are stored as they are and only ever downloaded, never opened in the browser."
          noFileMessage="Choose a file to upload."
          doneVerb="Uploaded"
          failure={
            upload.isError && (
              <ErrorAlert error={upload.error} heading="The file was not uploaded" headingLevel="h3" />
            )
          }
        />
      )}
    </>
  );
}
