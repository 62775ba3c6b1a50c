import type { Attachment } from '@clearinghouse/shared';
import type { AttachmentRecord } from '../reports/reports.repository.js';

/** A file name safe to store and to put in a Content-Disposition header. */
export function safeFilename(name: string): string {
  // Path separators, control characters and quotes never reach a Content-Disposition header.
  const base = name
    .replace(/[\\/]/g, '_')
    .replace(/[\p{Cc}"]/gu, '')
    .trim();
  return (base || 'attachment').slice(0, 200);
}

/** An attachment as clients see it; files without an uploading account came from the reporter. */
export function presentAttachment(a: AttachmentRecord): Attachment {
  return {
    id: a.id,
    filename: a.filename,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploadedByUserId ? (a.uploadedByName ?? 'Unknown') : 'reporter',
    createdAt: a.createdAt,
  };
}
