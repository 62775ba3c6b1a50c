/**
 * What every inventory parser shares: a problem list that reports everything (up to a cap), and a
 * collector that checks each candidate component the same way (field lengths, purl, CPE), merges exact
 * duplicates and enforces the component limit. Parsers only find the values and say where they were.
 */
import { parsePurl, PurlError, stringifyPurl, type Purl } from '../purl.js';
import type {
  ComponentHash,
  ComponentIdentity,
  InventoryFormat,
  InventoryProblem,
  ParsedInventory,
} from '../types.js';
import { checkCpeShape } from './cpe-shape.js';
import { checkHash } from './hashes.js';
import { canonicalPurlBase, fingerprintWithPurlBase } from './identity.js';

/** The most components one inventory may hold. */
export const MAX_INVENTORY_COMPONENTS = 1_000_000;

/** Field lengths, as the API's ComponentInput (exposure.ts) caps them. */
export const FIELD_LIMITS = {
  name: 300,
  vendor: 200,
  version: 100,
  purl: 1000,
  cpe: 1000,
  modelNumber: 200,
  site: 200,
} as const;

export type IdentityField = keyof typeof FIELD_LIMITS;
const IDENTITY_FIELDS = Object.keys(FIELD_LIMITS) as IdentityField[];

const FIELD_LABELS: Record<IdentityField, string> = {
  name: 'the name',
  vendor: 'the vendor',
  version: 'the version',
  purl: 'the purl',
  cpe: 'the CPE',
  modelNumber: 'the model number',
  site: 'the site',
};

/**
 * Per severity, how many problems are listed one by one. A million-row file with the same mistake in
 * every row should not produce a million-line report; the rest are counted in one closing problem.
 */
export const MAX_LISTED_PROBLEMS = 1000;

export class ProblemList {
  private readonly listed: InventoryProblem[] = [];
  private readonly unlisted = { error: 0, warning: 0 };
  private readonly counts = { error: 0, warning: 0 };

  error(location: string, message: string): void {
    this.add({ location, message, severity: 'error' });
  }

  warning(location: string, message: string): void {
    this.add({ location, message, severity: 'warning' });
  }

  get errorCount(): number {
    return this.counts.error;
  }

  private add(problem: InventoryProblem): void {
    this.counts[problem.severity]++;
    if (this.counts[problem.severity] > MAX_LISTED_PROBLEMS) this.unlisted[problem.severity]++;
    else this.listed.push(problem);
  }

  toArray(): InventoryProblem[] {
    const out = [...this.listed];
    for (const severity of ['error', 'warning'] as const) {
      const more = this.unlisted[severity];
      if (more > 0)
        out.push({ location: '/', severity, message: `… and ${String(more)} more ${severity}s, not listed` });
    }
    return out;
  }
}

/** The values a parser found for one component, not yet checked. `null` or '' means absent. */
export interface ComponentDraft {
  name: string | null;
  vendor: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  modelNumber: string | null;
  site: string | null;
  hashes: ComponentHash[];
}

export interface AddOptions {
  /** Merge a duplicate of this component without a warning (an SBOM's subject listed again, lockfile paths). */
  quietDuplicates?: boolean;
  /** Use the purl's name when no name is given (CSV rows with only a purl). */
  nameFromPurl?: boolean;
}

interface CheckedPurl {
  parsed: Purl;
  /** The canonical form. */
  text: string;
  /** The canonical form without version, qualifiers and subpath (purlBase). */
  base: string;
}

/** Where a component (no field) or one of its fields is, for problem locations; called only on a problem. */
export type Locate = (field?: IdentityField) => string;

function clean(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export class ComponentCollector {
  readonly problems = new ProblemList();
  private readonly components: ComponentIdentity[] = [];
  private readonly locations: string[] = [];
  private readonly quiet = new Set<number>();
  private readonly byFingerprint = new Map<string, number>();
  private overLimit = false;

  /** True once the component limit was passed: parsers stop reading then. */
  get isFull(): boolean {
    return this.overLimit;
  }

  /** Checks a candidate; a valid one is added (or merged into its duplicate), problems are recorded. */
  add(draft: ComponentDraft, locate: Locate, options: AddOptions = {}): void {
    if (this.components.length >= MAX_INVENTORY_COMPONENTS) {
      if (!this.overLimit) {
        this.overLimit = true;
        this.problems.error(
          locate(),
          `An inventory holds at most ${MAX_INVENTORY_COMPONENTS.toLocaleString('en-US')} components; this file has more.`,
        );
      }
      return;
    }
    const errorsBefore = this.problems.errorCount;
    const values = {
      name: clean(draft.name),
      vendor: clean(draft.vendor),
      version: clean(draft.version),
      purl: clean(draft.purl),
      cpe: clean(draft.cpe),
      modelNumber: clean(draft.modelNumber),
      site: clean(draft.site),
    };
    const named = values.name !== null;
    for (const field of IDENTITY_FIELDS) {
      const value = values[field];
      if (value !== null && value.length > FIELD_LIMITS[field]) {
        this.problems.error(
          locate(field),
          `${FIELD_LABELS[field]} is longer than ${String(FIELD_LIMITS[field])} characters`,
        );
        values[field] = null;
      }
    }
    const purl = values.purl === null ? undefined : this.checkPurl(values.purl, locate);
    const cpe = values.cpe === null ? null : this.checkCpe(values.cpe, locate);
    const name =
      values.name ?? (options.nameFromPurl === true && purl !== undefined ? purl.parsed.name : null);
    if (!named && name === null) this.problems.error(locate('name'), 'the component has no name');
    if (this.problems.errorCount > errorsBefore || name === null) return;

    const component: ComponentIdentity = {
      name,
      vendor: values.vendor,
      // A purl's version is the component's version when the file gives none separately.
      version: values.version ?? purl?.parsed.version ?? null,
      purl: purl?.text ?? null,
      cpe,
      modelNumber: values.modelNumber,
      hashes: draft.hashes,
      site: values.site,
    };
    this.addChecked(component, purl?.base ?? null, locate(), options.quietDuplicates === true);
  }

  private checkPurl(text: string, locate: Locate): CheckedPurl | undefined {
    try {
      const parsed = parsePurl(text);
      const canonical = stringifyPurl(parsed);
      return { parsed, text: canonical, base: canonicalPurlBase(canonical) };
    } catch (error) {
      const prefix = `invalid package URL ${JSON.stringify(text)}: `;
      const message = error instanceof PurlError ? error.message : String(error);
      const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
      this.problems.error(locate('purl'), `not a valid purl: ${reason}`);
      return undefined;
    }
  }

  private checkCpe(text: string, locate: Locate): string | null {
    const shape = checkCpeShape(text);
    if (shape.ok) return shape.cpe;
    this.problems.error(locate('cpe'), `not a valid CPE name: ${shape.reason}`);
    return null;
  }

  private addChecked(
    component: ComponentIdentity,
    purlBase: string | null,
    location: string,
    quiet: boolean,
  ): void {
    const fingerprint = fingerprintWithPurlBase(component, purlBase);
    const index = this.byFingerprint.get(fingerprint);
    if (index === undefined) {
      this.byFingerprint.set(fingerprint, this.components.length);
      if (quiet) this.quiet.add(this.components.length);
      this.components.push(component);
      this.locations.push(location);
      return;
    }
    const first = this.components[index];
    if (first === undefined) return;
    mergeInto(first, component);
    if (!quiet && !this.quiet.has(index)) {
      const label = [first.name, first.version].filter((part) => part !== null).join(' ');
      this.problems.warning(
        location,
        `the same component as at ${this.locations[index] ?? '?'} (${label}); merged into it`,
      );
    }
  }

  finish(format: InventoryFormat, specVersion: string | null): ParsedInventory {
    if (this.components.length === 0 && this.problems.errorCount === 0) {
      this.problems.warning('/', 'The file lists no components.');
    }
    return { format, specVersion, components: this.components, problems: this.problems.toArray() };
  }
}

/** A duplicate fills what the first occurrence left empty and adds hashes it did not have. */
function mergeInto(target: ComponentIdentity, other: ComponentIdentity): void {
  target.vendor ??= other.vendor;
  target.purl ??= other.purl;
  target.cpe ??= other.cpe;
  target.modelNumber ??= other.modelNumber;
  for (const hash of other.hashes) {
    if (!target.hashes.some((known) => known.alg === hash.alg && known.value === hash.value))
      target.hashes.push(hash);
  }
}

/**
 * A string field of a JSON object (at the pointer `at`), or null; anything else is reported and treated as absent (a number
 * is refused too: `1.10` would silently become "1.1").
 */
export function jsonString(
  object: Record<string, unknown>,
  key: string,
  at: string,
  problems: ProblemList,
): string | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  problems.error(`${at}/${key}`, `"${key}" must be a string`);
  return null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The result for a file that is not JSON at all: one error, at the position JSON.parse gave up. */
export function unreadableJson(
  format: InventoryFormat,
  problem: { location: string; message: string },
): ParsedInventory {
  return {
    format,
    specVersion: null,
    components: [],
    problems: [{ location: problem.location, message: problem.message, severity: 'error' }],
  };
}

/**
 * A JSON list of hashes (CycloneDX `hashes` with `alg`/`content`, SPDX `checksums` with
 * `algorithm`/`checksumValue`), checked one by one.
 */
export function readHashList(
  list: unknown,
  at: string,
  keys: { list: string; alg: string; value: string },
  problems: ProblemList,
): ComponentHash[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.error(at, `"${keys.list}" must be an array`);
    return [];
  }
  const out: ComponentHash[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const location = `${at}/${String(i)}`;
    const alg = isObject(entry) ? entry[keys.alg] : undefined;
    const value = isObject(entry) ? entry[keys.value] : undefined;
    if (typeof alg !== 'string' || typeof value !== 'string') {
      problems.error(location, `a hash has a string "${keys.alg}" and a string "${keys.value}"`);
      continue;
    }
    const checked = checkHash(alg, value);
    if (checked.ok) out.push(checked.hash);
    else if (checked.severity === 'error') problems.error(`${location}/${keys.value}`, checked.reason);
    else problems.warning(`${location}/${keys.alg}`, checked.reason);
  }
  return out;
}
