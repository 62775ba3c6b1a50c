import { Button, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import type { Attachment } from '@clearinghouse/shared';
import { Instant } from './instant';
import { EmptyState, HiddenCaption } from './status-message';
import { formatBytes, formatDateTime } from '../app/format';

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

/**
 * Files, each with its size, who added it and when, and its SHA-256 so a copy can be checked; or
 * an empty state. The page names the table and the "when" column in its own words.
 */
export function AttachmentList({
  attachments,
  download,
  caption,
  emptyTitle,
  addedHeading,
  time,
  wrapNames = false,
}: {
  attachments: readonly Attachment[];
  download: AttachmentDownload;
  /** The table's caption, for screen readers (a heading above already names it). */
  caption: string;
  emptyTitle: string;
  /** The heading of the column that says when and by whom each file was added. */
  addedHeading: string;
  /** When a file was added: the exact instant with its zones, or the reader's local date and time. */
  time: 'instant' | 'local';
  /** Long file names wrap rather than widen the table. */
  wrapNames?: boolean;
}) {
  if (attachments.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>{caption}</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Size</th>
          <th scope="col">{addedHeading}</th>
          <th scope="col">SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {attachments.map((attachment) => (
          <tr key={attachment.id}>
            <th scope="row" className={wrapNames ? 'file-cell' : undefined}>
              <DownloadControl attachment={attachment} download={download} />
              <span className="secondary-id">{attachment.mediaType}</span>
            </th>
            <td className="text-no-wrap">{formatBytes(attachment.size)}</td>
            <td className={time === 'instant' ? 'wrap-cell' : undefined}>
              {time === 'instant' ? (
                <Instant iso={attachment.createdAt} />
              ) : (
                formatDateTime(attachment.createdAt)
              )}
              <span className="display-block text-base">by {attachment.uploadedBy}</span>
            </td>
            <td className="hash-cell">
              <code className="hash">{attachment.sha256}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
