/**
 * A summary of any CSAF 2.0 document, such as one imported from another provider: its identity, its
 * products as a flat list, and per vulnerability which products have which status.
 *
 * The input is not trusted to follow the schema. Reading never throws: a value of the wrong type is
 * skipped, what can be read is returned, and each thing skipped or missing is named in `issues`
 * (a JSON pointer and what is wrong). The summary is not a validation: `validateCsaf` is.
 */

/** One product the document defines, in a branch, in full_product_names or by a relationship. */
export interface CsafSummaryProduct {
  productId: string;
  name: string;
  /** From the branches the product sits under (`vendor`, `product_name`, …), when it is in the tree. */
  vendor?: string;
  product?: string;
  version?: string;
  range?: string;
  purl?: string;
  cpe?: string;
  modelNumbers: string[];
}

/**
 * The statuses of one vulnerability, in four sets. CSAF's finer lists are folded in as its test 6.1.6
 * groups them: first_affected and last_affected are affected, first_fixed is fixed. `recommended` is
 * none of these (a product to install, usually a fixed one) and stays a list of its own.
 */
export interface CsafSummaryVulnerability {
  cve: string | null;
  title: string | null;
  knownAffected: string[];
  knownNotAffected: string[];
  fixed: string[];
  underInvestigation: string[];
  recommended: string[];
  /** The highest CVSS v3 base score of the vulnerability's scores, or null when it has none. */
  maxBaseScore: number | null;
}

export interface CsafSummary {
  trackingId: string | null;
  title: string | null;
  category: string | null;
  publisherName: string | null;
  publisherNamespace: string | null;
  /** As written in the document (CSAF 2.0: WHITE, GREEN, AMBER, RED). */
  tlp: string | null;
  initialReleaseDate: string | null;
  currentReleaseDate: string | null;
  version: string | null;
  status: string | null;
  /** Each CVE once, in the order of the vulnerabilities. */
  cves: string[];
  /** Each product id once, in document order: branches, then full_product_names, then relationships. */
  products: CsafSummaryProduct[];
  vulnerabilities: CsafSummaryVulnerability[];
  /** What could not be read, e.g. `/document/tracking/id: missing`. */
  issues: string[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deeper branch trees than this are not read (the input may be cyclic if it was not parsed JSON). */
const MAX_BRANCH_DEPTH = 64;

class Reader {
  readonly issues: string[] = [];

  issue(path: string, message: string): void {
    this.issues.push(`${path === '' ? '/' : path}: ${message}`);
  }

  /** The object at `key`, or undefined (an issue when it is present but no object, or required). */
  record(parent: Json | undefined, key: string, path: string, required: boolean): Json | undefined {
    const value = parent?.[key];
    if (isRecord(value)) return value;
    if (value !== undefined) this.issue(`${path}/${key}`, 'not an object');
    else if (required) this.issue(`${path}/${key}`, 'missing');
    return undefined;
  }

  /** The non-empty string at `key`, or null (an issue when it is present but no string, or required). */
  string(parent: Json | undefined, key: string, path: string, required: boolean): string | null {
    const value = parent?.[key];
    if (typeof value === 'string' && value !== '') return value;
    if (value !== undefined) this.issue(`${path}/${key}`, 'not a non-empty string');
    else if (required) this.issue(`${path}/${key}`, 'missing');
    return null;
  }

  /** The array at `key`, or [] (an issue when it is present but no array). */
  array(parent: Json | undefined, key: string, path: string): unknown[] {
    const value = parent?.[key];
    if (Array.isArray(value)) return value;
    if (value !== undefined) this.issue(`${path}/${key}`, 'not an array');
    return [];
  }

  /** The strings of the array at `key`; other elements are skipped with an issue. */
  strings(parent: Json | undefined, key: string, path: string): string[] {
    const out: string[] = [];
    this.array(parent, key, path).forEach((value, i) => {
      if (typeof value === 'string') out.push(value);
      else this.issue(`${path}/${key}/${String(i)}`, 'not a string');
    });
    return out;
  }
}

/** The branch categories that name a part of the product. */
type BranchContext = Pick<CsafSummaryProduct, 'vendor' | 'product' | 'version' | 'range'>;

const CONTEXT_OF: Readonly<Record<string, keyof BranchContext>> = {
  vendor: 'vendor',
  product_name: 'product',
  product_version: 'version',
  product_version_range: 'range',
};

class ProductCollector {
  readonly products: CsafSummaryProduct[] = [];
  private readonly ids = new Set<string>();
  private readonly visited = new Set<unknown>();

  constructor(private readonly reader: Reader) {}

  add(value: unknown, path: string, context: BranchContext): void {
    const r = this.reader;
    if (!isRecord(value)) {
      r.issue(path, 'not an object');
      return;
    }
    const productId = r.string(value, 'product_id', path, true);
    const name = r.string(value, 'name', path, true);
    if (productId === null) return;
    if (this.ids.has(productId)) {
      r.issue(`${path}/product_id`, `product id ${JSON.stringify(productId)} is defined more than once`);
      return;
    }
    this.ids.add(productId);
    const helperPath = `${path}/product_identification_helper`;
    const helper = r.record(value, 'product_identification_helper', path, false);
    const purl = r.string(helper, 'purl', helperPath, false);
    const cpe = r.string(helper, 'cpe', helperPath, false);
    const product: CsafSummaryProduct = { productId, name: name ?? productId, ...context, modelNumbers: [] };
    if (purl !== null) product.purl = purl;
    if (cpe !== null) product.cpe = cpe;
    product.modelNumbers = r.strings(helper, 'model_numbers', helperPath);
    this.products.push(product);
  }

  branches(list: unknown[], path: string, context: BranchContext, depth: number): void {
    if (depth > MAX_BRANCH_DEPTH) {
      this.reader.issue(path, `branches nested deeper than ${String(MAX_BRANCH_DEPTH)} levels are not read`);
      return;
    }
    list.forEach((branch, i) => {
      const at = `${path}/${String(i)}`;
      if (!isRecord(branch)) {
        this.reader.issue(at, 'not an object');
        return;
      }
      if (this.visited.has(branch)) {
        this.reader.issue(at, 'a branch that contains itself');
        return;
      }
      this.visited.add(branch);
      const category = this.reader.string(branch, 'category', at, true);
      const name = this.reader.string(branch, 'name', at, true);
      const key = category === null ? undefined : CONTEXT_OF[category];
      const inner = key === undefined || name === null ? context : { ...context, [key]: name };
      if (branch.product !== undefined) this.add(branch.product, `${at}/product`, inner);
      this.branches(this.reader.array(branch, 'branches', at), `${at}/branches`, inner, depth + 1);
    });
  }

  has(productId: string): boolean {
    return this.ids.has(productId);
  }
}

function readProducts(r: Reader, doc: Json | undefined): ProductCollector {
  const collector = new ProductCollector(r);
  const tree = r.record(doc, 'product_tree', '', false);
  if (tree === undefined) return collector;
  const path = '/product_tree';
  collector.branches(r.array(tree, 'branches', path), `${path}/branches`, {}, 0);
  r.array(tree, 'full_product_names', path).forEach((p, i) => {
    collector.add(p, `${path}/full_product_names/${String(i)}`, {});
  });
  r.array(tree, 'relationships', path).forEach((rel, i) => {
    const at = `${path}/relationships/${String(i)}`;
    if (!isRecord(rel)) r.issue(at, 'not an object');
    else if (rel.full_product_name === undefined) r.issue(`${at}/full_product_name`, 'missing');
    else collector.add(rel.full_product_name, `${at}/full_product_name`, {});
  });
  return collector;
}

/** Each id once, in the order the lists give them. */
const union = (...lists: string[][]): string[] => [...new Set(lists.flat())];

function readVulnerability(
  r: Reader,
  value: unknown,
  path: string,
  products: ProductCollector,
): CsafSummaryVulnerability | undefined {
  if (!isRecord(value)) {
    r.issue(path, 'not an object');
    return undefined;
  }
  const statusPath = `${path}/product_status`;
  const status = r.record(value, 'product_status', path, false);
  const list = (key: string): string[] => r.strings(status, key, statusPath);
  const vulnerability: CsafSummaryVulnerability = {
    cve: r.string(value, 'cve', path, false),
    title: r.string(value, 'title', path, false),
    knownAffected: union(list('first_affected'), list('known_affected'), list('last_affected')),
    knownNotAffected: union(list('known_not_affected')),
    fixed: union(list('first_fixed'), list('fixed')),
    underInvestigation: union(list('under_investigation')),
    recommended: union(list('recommended')),
    maxBaseScore: null,
  };
  const referenced = union(
    vulnerability.knownAffected,
    vulnerability.knownNotAffected,
    vulnerability.fixed,
    vulnerability.underInvestigation,
    vulnerability.recommended,
  );
  for (const id of referenced) {
    if (!products.has(id)) r.issue(statusPath, `product id ${JSON.stringify(id)} is not defined`);
  }
  r.array(value, 'scores', path).forEach((score, i) => {
    const cvss = isRecord(score) ? score.cvss_v3 : undefined;
    if (cvss === undefined) return;
    const baseScore = isRecord(cvss) ? cvss.baseScore : undefined;
    if (typeof baseScore !== 'number' || !Number.isFinite(baseScore)) {
      r.issue(`${path}/scores/${String(i)}/cvss_v3/baseScore`, 'not a number');
      return;
    }
    vulnerability.maxBaseScore = Math.max(vulnerability.maxBaseScore ?? baseScore, baseScore);
  });
  return vulnerability;
}

/** Summarizes a CSAF 2.0 document. Never throws; see `issues` for what could not be read. */
export function readCsafSummary(doc: unknown): CsafSummary {
  try {
    return summarize(doc);
  } catch (error) {
    // Parsed JSON cannot make the reader throw; an object with throwing getters or proxies could.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...EMPTY,
      cves: [],
      products: [],
      vulnerabilities: [],
      issues: [`/: could not be read (${reason})`],
    };
  }
}

const EMPTY = {
  trackingId: null,
  title: null,
  category: null,
  publisherName: null,
  publisherNamespace: null,
  tlp: null,
  initialReleaseDate: null,
  currentReleaseDate: null,
  version: null,
  status: null,
} as const;

function summarize(doc: unknown): CsafSummary {
  const r = new Reader();
  const root = isRecord(doc) ? doc : undefined;
  if (root === undefined) r.issue('', 'not a JSON object');
  const document = r.record(root, 'document', '', root !== undefined);
  const publisher = r.record(document, 'publisher', '/document', document !== undefined);
  const distribution = r.record(document, 'distribution', '/document', false);
  const tlp = r.record(distribution, 'tlp', '/document/distribution', false);
  const tracking = r.record(document, 'tracking', '/document', document !== undefined);
  const has = (parent: Json | undefined): boolean => parent !== undefined;

  const summary: Omit<CsafSummary, 'cves' | 'products' | 'vulnerabilities' | 'issues'> = {
    trackingId: r.string(tracking, 'id', '/document/tracking', has(tracking)),
    title: r.string(document, 'title', '/document', has(document)),
    category: r.string(document, 'category', '/document', has(document)),
    publisherName: r.string(publisher, 'name', '/document/publisher', has(publisher)),
    publisherNamespace: r.string(publisher, 'namespace', '/document/publisher', has(publisher)),
    tlp: r.string(tlp, 'label', '/document/distribution/tlp', has(tlp)),
    initialReleaseDate: r.string(tracking, 'initial_release_date', '/document/tracking', has(tracking)),
    currentReleaseDate: r.string(tracking, 'current_release_date', '/document/tracking', has(tracking)),
    version: r.string(tracking, 'version', '/document/tracking', has(tracking)),
    status: r.string(tracking, 'status', '/document/tracking', has(tracking)),
  };

  const products = readProducts(r, root);
  const vulnerabilities = r
    .array(root, 'vulnerabilities', '')
    .flatMap((v, i) => readVulnerability(r, v, `/vulnerabilities/${String(i)}`, products) ?? []);
  const cves = [...new Set(vulnerabilities.flatMap((v) => (v.cve === null ? [] : [v.cve])))];
  return { ...summary, cves, products: products.products, vulnerabilities, issues: r.issues };
}
