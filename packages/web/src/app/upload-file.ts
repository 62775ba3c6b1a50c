import { ErrorBody } from '@clearinghouse/shared';
import type { z } from 'zod';
import { ApiError } from './api';

/** A file to send as the whole request body, with progress. */
export interface FileUpload<S extends z.ZodType> {
  url: string;
  file: File;
  contentType: string;
  csrfToken: string | null;
  /** Called as the file goes up: the share sent, from 0 to 1. */
  onProgress: (sent: number) => void;
  /** The answer's shape. */
  response: S;
}

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
 * Sends a file as the request body with XMLHttpRequest, because `fetch` reports no upload progress;
 * the headers are those of every other write of the app. A refused file rejects with the server's
 * ApiError, details included.
 */
export function uploadFile<S extends z.ZodType>(u: FileUpload<S>): Promise<z.infer<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', u.url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Clearinghouse-Client', 'web');
    xhr.setRequestHeader('Content-Type', u.contentType);
    if (u.csrfToken) xhr.setRequestHeader('X-CSRF-Token', u.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) u.onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(
        new ApiError(
          0,
          'network_error',
          'Could not reach the Clearinghouse server. Check your connection and try again.',
          undefined,
        ),
      );
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorOf(xhr));
        return;
      }
      try {
        resolve(u.response.parse(JSON.parse(xhr.responseText)));
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
    xhr.send(u.file);
  });
}
