import { InventoryUploadReport } from '@clearinghouse/shared';
import { withQuery } from '../../app/api';
import { uploadFile } from '../../app/upload-file';

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

/** Sends an inventory file with progress; a refused file's ApiError locates every problem. */
export function uploadInventoryFile({
  inventoryId,
  file,
  csrfToken,
  onProgress,
}: InventoryUploadRequest): Promise<InventoryUploadReport> {
  return uploadFile({
    url: withQuery(`/api/v1/inventories/${encodeURIComponent(inventoryId)}/uploads`, { filename: file.name }),
    file,
    contentType: inventoryMediaType(file.name) ?? 'application/octet-stream',
    csrfToken,
    onProgress,
    response: InventoryUploadReport,
  });
}
