import { ErrorBody, InventoryUploadReport } from '@clearinghouse/shared';
import { ApiError, withQuery } from '../../app/api';

/** Inventory files the upload takes: SBOMs and package-lock.json as JSON, or a CSV. */
export const INVENTORY_FILE_ACCEPT = '.json,.csv,application/json,text/csv';

/** The content type to send a file with, from its name (browsers often guess none, or text/plain). */
export function inventoryMediaType(filename: string): 'application/json' | 'text/csv' | undefined {
  const lower = filename.trim().toLowerCase();
  if (lower.endsWith('.json')) return 'application/json';
  if (lower.endsWith('.csv')) return 'text/csv';
  return undefined;
}

export interface InventoryUploadRequest {
  inventoryId: string;
  file: File;
  csrfToken: string | null;
  /** Called as the file goes up: the share sent, from 0 to 1. */
  onProgress: (sent: number) => void;
}

const NETWORK_MESSAGE = 'Could not reach the Clearinghouse server. Check your connection and try again.';

/** The server's error body, or a plain description of the answer when there is none. */
function errorOf(xhr: XMLHttpRequest): ApiError {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(xhr.responseText));
    if (parsed.success) {
      const { code, message, requestId, details } = parsed.data.error;
      return new ApiError(xhr.status, code, message, requestId, details ?? []);
    }
  } catch {
    // Not JSON: described below.
  }
  return new ApiError(
    xhr.status,
    'unexpected_response',
    `The server answered ${xhr.status} ${xhr.statusText}`.trim() + '.',
    xhr.getResponseHeader('X-Request-Id') ?? undefined,
  );
}

/**
 * Sends the file as the request body with XMLHttpRequest, because `fetch` reports no upload
 * progress; the headers are those of every other write of the app. A refused file rejects with an
 * ApiError whose details locate every problem (line or JSON pointer).
 */
export function uploadInventoryFile({
  inventoryId,
  file,
  csrfToken,
  onProgress,
}: InventoryUploadRequest): Promise<InventoryUploadReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(
      'POST',
      withQuery(`/api/v1/inventories/${encodeURIComponent(inventoryId)}/uploads`, { filename: file.name }),
    );
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Clearinghouse-Client', 'web');
    xhr.setRequestHeader('Content-Type', inventoryMediaType(file.name) ?? 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(new ApiError(0, 'network_error', NETWORK_MESSAGE, undefined));
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorOf(xhr));
        return;
      }
      try {
        resolve(InventoryUploadReport.parse(JSON.parse(xhr.responseText)));
      } catch {
        reject(
          new ApiError(
            xhr.status,
            'unexpected_response',
            'The server sent a response this page does not understand. Try reloading the page.',
            xhr.getResponseHeader('X-Request-Id') ?? undefined,
          ),
        );
      }
    };
    xhr.send(file);
  });
}
