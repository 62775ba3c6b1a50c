/**
 * Files the import takes: one CSAF or OSV document (.json), or a zip of them. The upload's
 * content type follows the name, not what the browser guessed (often empty, or text/plain).
 */

export type ImportMediaType = 'application/json' | 'application/zip';

/** `.json` or `.zip`, in any case; undefined for anything else. */
export function importMediaTypeOf(filename: string): ImportMediaType | undefined {
  const lower = filename.trim().toLowerCase();
  if (lower.endsWith('.zip')) return 'application/zip';
  if (lower.endsWith('.json')) return 'application/json';
  return undefined;
}

export function isImportFile(filename: string): boolean {
  return importMediaTypeOf(filename) !== undefined;
}

/** The content type to send a file with: JSON unless its name says zip. */
export function importMediaType(filename: string): ImportMediaType {
  return importMediaTypeOf(filename) ?? 'application/json';
}
