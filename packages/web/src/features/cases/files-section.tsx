import type { Case } from '@clearinghouse/shared';
import { ActionProblems, canParticipate } from './case-ui';
import { caseFileUrl, useUploadCaseFile } from './cases.api';
import { AttachmentList } from '../../components/attachment-list';
import { AttachmentUploadForm } from '../../components/attachment-upload-form';

const FILE_INPUT_ID = 'case-file';

function UploadForm({ routeId }: { routeId: string }) {
  const upload = useUploadCaseFile(routeId);
  return (
    <AttachmentUploadForm
      upload={upload}
      id={FILE_INPUT_ID}
      label="Share a file"
      hint="Every participant of the case can download it. Files are only ever downloaded, never opened in the browser."
      noFileMessage="Choose a file to share."
      doneVerb="Shared"
      failure={
        <ActionProblems
          error={upload.error}
          heading="The file was not shared"
          headingLevel="h3"
          fields={{ filename: { label: 'File', id: FILE_INPUT_ID } }}
        />
      }
    />
  );
}

/** Files shared with the participants, each with its SHA-256; participants add more. */
export function FilesSection({ c, routeId }: { c: Case; routeId: string }) {
  return (
    <section aria-labelledby="files-heading" id="files" className="case-section">
      <h2 id="files-heading">Files</h2>
      <AttachmentList
        attachments={c.attachments}
        download={{ kind: 'link', href: (file) => caseFileUrl(c.id, file.id) }}
        caption="Files"
        emptyTitle="No files shared yet."
        addedHeading="Shared"
        time="instant"
        wrapNames
      />
      {canParticipate(c) && <UploadForm routeId={routeId} />}
    </section>
  );
}
