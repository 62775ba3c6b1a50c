/**
 * Inventory files → components: CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON, npm package-lock.json and plain
 * CSV spreadsheets. parseInventory recognizes the format by content (the filename and content type
 * only break ties) and never throws: every problem of the file is in `problems`, and any error means
 * the whole file is refused.
 */
import type { InventoryFormat, ParsedInventory } from '../types.js';
import { isObject, unreadableJson } from './collect.js';
import { looksLikeInventoryCsv, parseCsv } from './csv.js';
import { readCycloneDx } from './cyclonedx.js';
import { parseJsonText, withoutBom } from './json-text.js';
import { readPackageLock } from './package-lock.js';
import { readSpdx } from './spdx.js';

export {
  FIELD_LIMITS as INVENTORY_FIELD_LIMITS,
  MAX_INVENTORY_COMPONENTS,
  MAX_LISTED_PROBLEMS,
} from './collect.js';
export { CSV_COLUMN_NAMES, looksLikeInventoryCsv, parseCsv } from './csv.js';
export { CYCLONEDX_VERSIONS, MODEL_NUMBER_PROPERTIES, parseCycloneDx, readCycloneDx } from './cyclonedx.js';
export { componentFingerprint, identityKey } from './identity.js';
export { LOCKFILE_VERSIONS, parsePackageLock, readPackageLock } from './package-lock.js';
export { SPDX_VERSION, parseSpdx, readSpdx, spdxActorName } from './spdx.js';

export interface InventoryHint {
  filename?: string;
  contentType?: string;
}

const UNKNOWN_FORMAT =
  'Not a CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON, npm package-lock.json or CSV file: a CSV needs a header row with a product (or name, component, purl) column';
/** How far into a broken JSON text to look for a telltale key when guessing what it meant to be. */
const SNIFF_CHARS = 65_536;

export function parseInventory(text: string, hint: InventoryHint = {}): ParsedInventory {
  const body = withoutBom(text);
  const start = body.search(/\S/);
  if (start < 0) return refused(guessFromHint(hint) ?? 'csv', '/', 'The file is empty.');
  const first = body[start];

  if (first === '{' || first === '[') {
    const json = parseJsonText(body);
    if (!json.ok) return unreadableJson(guessJsonFormat(body, hint), json);
    const document = json.value;
    if (isObject(document)) {
      if ('bomFormat' in document) return readCycloneDx(document);
      if ('spdxVersion' in document) return readSpdx(document);
      if ('lockfileVersion' in document) return readPackageLock(document);
    }
    return refused(
      guessJsonFormat(body, hint),
      '/',
      `${UNKNOWN_FORMAT}. This JSON has none of bomFormat, spdxVersion or lockfileVersion.`,
    );
  }
  if (first === '<') {
    return refused('cyclonedx', '/', `${UNKNOWN_FORMAT}. XML SBOMs are not read: export the SBOM as JSON.`);
  }
  if (body.slice(start, start + 12) === 'SPDXVersion:') {
    return refused(
      'spdx',
      '/',
      `${UNKNOWN_FORMAT}. SPDX tag-value files are not read: export the SBOM as SPDX 2.3 JSON.`,
    );
  }
  if (guessFromHint(hint) === 'csv' || looksLikeInventoryCsv(body)) return parseCsv(body);
  return refused(guessFromHint(hint) ?? 'csv', '/', `${UNKNOWN_FORMAT}.`);
}

function refused(format: InventoryFormat, location: string, message: string): ParsedInventory {
  return { format, specVersion: null, components: [], problems: [{ location, message, severity: 'error' }] };
}

function guessFromHint(hint: InventoryHint): InventoryFormat | undefined {
  const filename = (hint.filename ?? '').toLowerCase();
  const contentType = (hint.contentType ?? '').toLowerCase();
  if (filename.endsWith('.csv') || contentType.startsWith('text/csv')) return 'csv';
  if (filename.endsWith('package-lock.json')) return 'package-lock';
  if (filename.includes('spdx') || contentType.includes('spdx')) return 'spdx';
  if (
    filename.includes('cdx') ||
    filename.includes('cyclonedx') ||
    filename.includes('bom') ||
    contentType.includes('cyclonedx')
  ) {
    return 'cyclonedx';
  }
  return undefined;
}

/** For a JSON file that cannot be read: which format it most likely meant to be, for the report. */
function guessJsonFormat(body: string, hint: InventoryHint): InventoryFormat {
  const fromHint = guessFromHint(hint);
  if (fromHint !== undefined && fromHint !== 'csv') return fromHint;
  const head = body.slice(0, SNIFF_CHARS);
  if (head.includes('"spdxVersion"')) return 'spdx';
  if (head.includes('"lockfileVersion"')) return 'package-lock';
  return 'cyclonedx';
}
