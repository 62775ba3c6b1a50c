/**
 * The contracts of matching: what an inventory component is, what an advisory says is affected (an
 * affect rule), and what a match between the two carries. Parsers (inventory/*) produce components,
 * rule builders (rules-*.ts) produce rules, and the matcher (matcher.ts) joins them; the server, the
 * CLI's offline scan and the benchmarks all use these same types.
 */
import type { OsvRange } from './osv-types.js';

/** A hash of a component as an SBOM gives it (`SHA-256`, `SHA-1`, …, upper case) with a hex value. */
export interface ComponentHash {
  alg: string;
  value: string;
}

/**
 * One thing an organization runs: a package, a firmware, a device, an application. Whatever
 * identifies it is kept as given (normalized where the standard says how): purl, CPE 2.3, vendor /
 * product / version, model number, hashes.
 */
export interface ComponentIdentity {
  /** Product or package name (never empty). */
  name: string;
  /** Vendor, supplier, publisher or package group/namespace, when known. */
  vendor: string | null;
  version: string | null;
  /** A valid purl, normalized (normalizePurl); an invalid one is reported, not kept. */
  purl: string | null;
  /** A CPE 2.3 formatted string (a 2.2 URI is converted on input). */
  cpe: string | null;
  modelNumber: string | null;
  hashes: ComponentHash[];
  /** Where it runs (a site, building, system), for operators with many. */
  site: string | null;
}

export type InventoryFormat = 'cyclonedx' | 'spdx' | 'csv' | 'package-lock';

/** One problem of an inventory file, located by line (CSV) or JSON pointer (JSON formats). */
export interface InventoryProblem {
  /** `line 7`, `line 7, column version`, or a JSON pointer such as `/components/3/purl`. */
  location: string;
  message: string;
  /** An error makes the whole file refused; a warning is reported and the rest imported. */
  severity: 'error' | 'warning';
}

export interface ParsedInventory {
  format: InventoryFormat;
  /** `1.6` for CycloneDX, `SPDX-2.3`, `lockfileVersion 3`, null for CSV. */
  specVersion: string | null;
  components: ComponentIdentity[];
  problems: InventoryProblem[];
}

/**
 * How sure a match is. `purl`: the package identity and version range match exactly. `cpe`: a CPE
 * 2.3 name match (NISTIR 7696) with the version inside the range. `model`: vendor and model number
 * match. `name`: only vendor/product names match (normalized) — the class that produces false
 * positives, so it does not alert unless an operator promotes it.
 */
export type MatchConfidence = 'purl' | 'cpe' | 'model' | 'name';

export const HIGH_CONFIDENCE: readonly MatchConfidence[] = ['purl', 'cpe', 'model'];

/**
 * Which versions of the identified thing a rule covers.
 * - `all`: every version (an advisory naming a product without versions).
 * - `exact`: one version.
 * - `vers`: a vers URI (`vers:npm/>=1.0.0|<1.4.2`); its scheme gives the ordering.
 * - `osv`: an OSV affected entry's ranges and versions list, under the ecosystem's ordering.
 * - `cpe`: the rule's CPE name itself carries the version (matched as a NISTIR 7696 name match).
 */
export type VersionCondition =
  | { type: 'all' }
  | { type: 'exact'; version: string }
  | { type: 'vers'; vers: string }
  | { type: 'osv'; ecosystem: string | null; ranges: OsvRange[]; versions: string[] }
  | { type: 'cpe'; cpe: string };

/**
 * One "this is affected" statement of an advisory, ready for an index: the match key says which
 * components to look at (see matchKeysOf), the condition which of their versions are affected.
 */
export interface AffectRule {
  /** The index key: `purl:npm/lodash`, `cpe:a:acme:pump_firmware`, `model:acme|ip-2000`, `name:acme|infusion pump`. */
  key: string;
  kind: MatchConfidence;
  condition: VersionCondition;
  /** The vulnerability this rule belongs to: a CVE id when there is one, else the source's own id. */
  vulnKey: string;
  /** For display: the product as the advisory names it. */
  productLabel: string;
  /** The first fixed version, when the advisory names one (for "update to …" actions). */
  fixedVersion: string | null;
}

/** A component matched by a rule. */
export interface RuleMatch {
  rule: AffectRule;
  confidence: MatchConfidence;
}

/**
 * A product as an advisory names it, whatever the format (our neutral advisory model, an imported
 * CSAF product tree): the input of rulesFromProducts.
 */
export interface KnownProduct {
  /** Unique within the advisory (CSAF product_id, our product key). */
  key: string;
  /** The full name for display. */
  name: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  /** A vers URI, or a range in the vendor's words (`< 4.2.1`, `4.0 - 4.2`) when it is not vers. */
  range: string | null;
  purl: string | null;
  cpe: string | null;
  modelNumbers: string[];
}

/** One vulnerability of an advisory and which of its products have which status. */
export interface KnownVulnerability {
  /** CVE id when there is one, else an id unique to the source. */
  vulnKey: string;
  affected: string[];
  fixed: string[];
  notAffected: string[];
}
