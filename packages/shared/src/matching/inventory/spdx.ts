/**
 * SPDX 2.3 JSON → inventory components (2.2 is read the same way, with a warning: the package fields
 * used here did not change).
 *
 * Each package becomes a component: `name`, `versionInfo`, the supplier (`Organization: X` or
 * `Person: Y (email)` → X or Y; else the originator) as vendor, the first `purl` external reference,
 * the first `cpe23Type` (else `cpe22Type`, converted) reference — generators such as syft list many
 * guessed CPEs, so the others are ignored — and the checksums as hashes.
 *
 * The package the document DESCRIBES is skipped only when it has no version: it is then the scanned
 * directory or image itself, a label no advisory could name. With a version it is a real product (the
 * firmware a vendor's SBOM describes) and is kept.
 */
import type { ParsedInventory } from '../types.js';
import {
  ComponentCollector,
  isObject,
  jsonString,
  readHashList,
  unreadableJson,
  type IdentityField,
  type ProblemList,
} from './collect.js';
import { parseJsonText, withoutBom } from './json-text.js';

const SPDX_HASH_KEYS = { list: 'checksums', alg: 'algorithm', value: 'checksumValue' };

export const SPDX_VERSION = 'SPDX-2.3';
const READ_AS_2_3 = new Set(['SPDX-2.2']);
const NO_VALUE = new Set(['NOASSERTION', 'NONE']);
const TRAILING_EMAIL = /\s*\([^()]*\)\s*$/;

export function parseSpdx(text: string): ParsedInventory {
  const json = parseJsonText(withoutBom(text));
  return json.ok ? readSpdx(json.value) : unreadableJson('spdx', json);
}

/** Reads an already parsed SPDX JSON document. */
export function readSpdx(document: unknown): ParsedInventory {
  const collector = new ComponentCollector();
  const problems = collector.problems;
  if (!isObject(document)) {
    problems.error('/', 'An SPDX document is a JSON object.');
    return collector.finish('spdx', null);
  }
  const specVersion = typeof document.spdxVersion === 'string' ? document.spdxVersion : null;
  if (specVersion !== null && READ_AS_2_3.has(specVersion)) {
    problems.warning(
      '/spdxVersion',
      `${specVersion} is read as SPDX-2.3; regenerate the SBOM as SPDX 2.3 if your tool can`,
    );
  } else if (specVersion !== SPDX_VERSION) {
    problems.error(
      '/spdxVersion',
      `${specVersion ?? 'A document without spdxVersion'} is not supported: upload SPDX 2.3 JSON`,
    );
  }

  const packages = document.packages;
  if (packages !== undefined && !Array.isArray(packages)) {
    problems.error('/packages', '"packages" must be an array');
  } else if (packages !== undefined) {
    const described = describedIds(document);
    for (let i = 0; i < packages.length && !collector.isFull; i++) {
      readPackage(packages[i], `/packages/${String(i)}`, described, collector);
    }
  }
  return collector.finish('spdx', specVersion);
}

/** SPDXIDs of the packages the document describes (documentDescribes and DESCRIBES relationships). */
function describedIds(document: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  if (Array.isArray(document.documentDescribes)) {
    for (const id of document.documentDescribes) if (typeof id === 'string') ids.add(id);
  }
  const documentId = typeof document.SPDXID === 'string' ? document.SPDXID : 'SPDXRef-DOCUMENT';
  if (Array.isArray(document.relationships)) {
    for (const relationship of document.relationships) {
      if (
        isObject(relationship) &&
        relationship.spdxElementId === documentId &&
        relationship.relationshipType === 'DESCRIBES' &&
        typeof relationship.relatedSpdxElement === 'string'
      ) {
        ids.add(relationship.relatedSpdxElement);
      }
    }
  }
  return ids;
}

function readPackage(node: unknown, at: string, described: Set<string>, collector: ComponentCollector): void {
  const problems = collector.problems;
  if (!isObject(node)) {
    problems.error(at, 'a package must be a JSON object');
    return;
  }
  const version = withoutNoAssertion(jsonString(node, 'versionInfo', at, problems));
  if (version === null && typeof node.SPDXID === 'string' && described.has(node.SPDXID)) return;

  const vendor = readSupplier(node, at, problems);
  const refs = readExternalRefs(node.externalRefs, `${at}/externalRefs`, problems);
  const locations: Partial<Record<IdentityField, string>> = {
    name: node.name === undefined ? at : `${at}/name`,
    version: `${at}/versionInfo`,
    vendor: vendor.at,
    purl: refs.purlAt,
    cpe: refs.cpeAt,
  };
  collector.add(
    {
      name: withoutNoAssertion(jsonString(node, 'name', at, problems)),
      vendor: vendor.value,
      version,
      purl: refs.purl,
      cpe: refs.cpe,
      modelNumber: null,
      site: null,
      hashes: readHashList(node.checksums, `${at}/checksums`, SPDX_HASH_KEYS, problems),
    },
    (field) => (field === undefined ? at : (locations[field] ?? at)),
  );
}

function withoutNoAssertion(value: string | null): string | null {
  return value !== null && NO_VALUE.has(value.trim()) ? null : value;
}

/** `Organization: Acme Corp` → `Acme Corp`, `Person: Jane Doe (jane@example.com)` → `Jane Doe`. */
export function spdxActorName(actor: string): string | null {
  const text = actor.trim();
  if (NO_VALUE.has(text)) return null;
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  if (kind !== 'organization' && kind !== 'person' && kind !== 'tool') return text;
  const name = text
    .slice(colon + 1)
    .replace(TRAILING_EMAIL, '')
    .trim();
  return name === '' ? null : name;
}

function readSupplier(
  node: Record<string, unknown>,
  at: string,
  problems: ProblemList,
): { value: string | null; at: string } {
  for (const key of ['supplier', 'originator'] as const) {
    const actor = jsonString(node, key, at, problems);
    const name = actor === null ? null : spdxActorName(actor);
    if (name !== null) return { value: name, at: `${at}/${key}` };
  }
  return { value: null, at };
}

interface ExternalIds {
  purl: string | null;
  purlAt: string;
  cpe: string | null;
  cpeAt: string;
}

function readExternalRefs(refs: unknown, at: string, problems: ProblemList): ExternalIds {
  const ids: ExternalIds = { purl: null, purlAt: at, cpe: null, cpeAt: at };
  if (refs === undefined || refs === null) return ids;
  if (!Array.isArray(refs)) {
    problems.error(at, '"externalRefs" must be an array');
    return ids;
  }
  let cpe22: { value: string; at: string } | null = null;
  for (let i = 0; i < refs.length; i++) {
    const ref: unknown = refs[i];
    if (!isObject(ref) || typeof ref.referenceType !== 'string' || typeof ref.referenceLocator !== 'string')
      continue;
    const locatorAt = `${at}/${String(i)}/referenceLocator`;
    const type = ref.referenceType;
    if (type === 'purl' && ids.purl === null) {
      ids.purl = ref.referenceLocator;
      ids.purlAt = locatorAt;
    } else if (type === 'cpe23Type' && ids.cpe === null) {
      ids.cpe = ref.referenceLocator;
      ids.cpeAt = locatorAt;
    } else if (type === 'cpe22Type' && cpe22 === null) {
      cpe22 = { value: ref.referenceLocator, at: locatorAt };
    }
  }
  if (ids.cpe === null && cpe22 !== null) {
    ids.cpe = cpe22.value;
    ids.cpeAt = cpe22.at;
  }
  return ids;
}
