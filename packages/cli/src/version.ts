import { readFileSync } from 'node:fs';

/** The CLI's version, from its package.json (one directory above both src/ and dist/). */
export const VERSION: string = readVersion();

function readVersion(): string {
  try {
    const json: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    if (typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'string') {
      return json.version;
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}
