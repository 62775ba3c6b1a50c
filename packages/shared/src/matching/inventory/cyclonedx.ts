/**
 * CycloneDX 1.4–1.6 JSON → inventory components.
 *
 * What is read: every entry of `components`, recursively through nested `components`, whatever its
 * type (libraries and applications, but also `device`, `firmware`, `operating-system`: the hardware an
 * operator runs is exactly what ICS advisories name). The BOM's subject (`metadata.component`) is the
 * thing the SBOM describes; it is kept as a component only when it has a version and a purl or CPE,
 * i.e. when an advisory could name it (a device vendor's SBOM of a firmware release), and skipped when
 * it is just a label (a project or directory name). Its nested components are always read.
 *
 * Vendor: `supplier.name`, else `manufacturer.name` (1.6), else `publisher`, else `group`.
 * Model number: CycloneDX has no field for it, so the first property named one of
 * MODEL_NUMBER_PROPERTIES (case-insensitive) gives it.
 */
import type { ParsedInventory } from '../types.js';
import {
  ComponentCollector,
  isObject,
  jsonString,
  readHashList,
  unreadableJson,
  type ComponentDraft,
  type IdentityField,
  type ProblemList,
} from './collect.js';
import { parseJsonText, withoutBom } from './json-text.js';

const CYCLONEDX_HASH_KEYS = { list: 'hashes', alg: 'alg', value: 'content' };

export const CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6'] as const;

/** Property names that carry a device's model number, compared case-insensitively. */
export const MODEL_NUMBER_PROPERTIES = [
  'clearinghouse:modelNumber',
  'cdx:device:modelNumber',
  'cdx:device:model',
] as const;
const MODEL_NUMBER_KEYS = new Set<string>(MODEL_NUMBER_PROPERTIES.map((name) => name.toLowerCase()));

export function parseCycloneDx(text: string): ParsedInventory {
  const json = parseJsonText(withoutBom(text));
  return json.ok ? readCycloneDx(json.value) : unreadableJson('cyclonedx', json);
}

/** Reads an already parsed CycloneDX JSON document. */
export function readCycloneDx(document: unknown): ParsedInventory {
  const collector = new ComponentCollector();
  const problems = collector.problems;
  if (!isObject(document)) {
    problems.error('/', 'A CycloneDX document is a JSON object.');
    return collector.finish('cyclonedx', null);
  }
  if (document.bomFormat !== 'CycloneDX') {
    problems.error(
      '/bomFormat',
      document.bomFormat === undefined
        ? 'bomFormat is missing: a CycloneDX BOM says "bomFormat": "CycloneDX"'
        : `bomFormat must be "CycloneDX", not ${JSON.stringify(document.bomFormat)}`,
    );
  }
  const specVersion = typeof document.specVersion === 'string' ? document.specVersion : null;
  if (specVersion === null || !(CYCLONEDX_VERSIONS as readonly string[]).includes(specVersion)) {
    problems.error(
      '/specVersion',
      `CycloneDX ${specVersion ?? '(no specVersion)'} is not supported: upload CycloneDX 1.4, 1.5 or 1.6 JSON`,
    );
  }

  const stack: { node: unknown; at: string }[] = [];
  const pushChildren = (list: unknown, at: string) => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      problems.error(at, '"components" must be an array');
      return;
    }
    // Reversed, so that popping visits components in document order.
    for (let i = list.length - 1; i >= 0; i--) stack.push({ node: list[i], at: `${at}/${String(i)}` });
  };

  const metadata = document.metadata;
  if (isObject(metadata) && isObject(metadata.component)) {
    const subject = metadata.component;
    const draft = readDraft(subject, '/metadata/component', problems);
    if (draft.version !== null && (draft.purl !== null || draft.cpe !== null)) {
      collector.add(draft, locator('/metadata/component', draft, subject), { quietDuplicates: true });
    }
    pushChildren(subject.components, '/metadata/component/components');
    walk();
  }
  pushChildren(document.components, '/components');
  walk();
  return collector.finish('cyclonedx', specVersion);

  function walk(): void {
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      if (collector.isFull) return;
      const { node, at } = item;
      if (!isObject(node)) {
        problems.error(at, 'a component must be a JSON object');
        continue;
      }
      const draft = readDraft(node, at, problems);
      collector.add(draft, locator(at, draft, node));
      pushChildren(node.components, `${at}/components`);
    }
  }
}

interface CycloneDxDraft extends ComponentDraft {
  /** Where the chosen vendor and model number came from, for problem locations. */
  vendorAt: string;
  modelNumberAt: string;
}

function readDraft(node: Record<string, unknown>, at: string, problems: ProblemList): CycloneDxDraft {
  const field = (key: string) => jsonString(node, key, at, problems);
  const vendor = readVendor(node, at, problems);
  const model = readModelNumber(node.properties, `${at}/properties`, problems);
  return {
    name: field('name'),
    vendor: vendor.value,
    vendorAt: vendor.at,
    version: field('version'),
    purl: field('purl'),
    cpe: field('cpe'),
    modelNumber: model.value,
    modelNumberAt: model.at,
    site: null,
    hashes: readHashList(node.hashes, `${at}/hashes`, CYCLONEDX_HASH_KEYS, problems),
  };
}

function locator(at: string, draft: CycloneDxDraft, node: Record<string, unknown>) {
  return (field?: IdentityField): string => {
    if (field === undefined) return at;
    if (field === 'vendor') return draft.vendorAt;
    if (field === 'modelNumber') return draft.modelNumberAt;
    if (field === 'name' && node.name === undefined) return at;
    return `${at}/${field}`;
  };
}

function readVendor(
  node: Record<string, unknown>,
  at: string,
  problems: ProblemList,
): { value: string | null; at: string } {
  for (const key of ['supplier', 'manufacturer'] as const) {
    const entity = node[key];
    if (isObject(entity)) {
      const name = jsonString(entity, 'name', `${at}/${key}`, problems);
      if (name !== null && name.trim() !== '') return { value: name, at: `${at}/${key}/name` };
    }
  }
  for (const key of ['publisher', 'group'] as const) {
    const value = jsonString(node, key, at, problems);
    if (value !== null && value.trim() !== '') return { value, at: `${at}/${key}` };
  }
  return { value: null, at };
}

function readModelNumber(
  properties: unknown,
  at: string,
  problems: ProblemList,
): { value: string | null; at: string } {
  if (!Array.isArray(properties)) return { value: null, at };
  for (let i = 0; i < properties.length; i++) {
    const property: unknown = properties[i];
    if (!isObject(property) || typeof property.name !== 'string') continue;
    if (!MODEL_NUMBER_KEYS.has(property.name.toLowerCase())) continue;
    const value = jsonString(property, 'value', `${at}/${String(i)}`, problems);
    if (value !== null && value.trim() !== '') return { value, at: `${at}/${String(i)}/value` };
  }
  return { value: null, at };
}
