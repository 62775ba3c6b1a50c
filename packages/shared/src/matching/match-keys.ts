/**
 * Match keys: the strings under which affect rules are indexed and components looked up. A key names
 * an identity without a version, normalized so that the same thing named by an SBOM and by an advisory
 * meets: `purl:npm/lodash`, `cpe:a:acme:pump_firmware`, `model:acme|ip2000`, `name:acme|infusion pump`.
 *
 * Decisions:
 * - purl keys drop version, qualifiers and subpath. The `distro` qualifier of deb/rpm/apk purls is
 *   dropped too: the namespace (debian, ubuntu, redhat…) stays in the key, and the release is checked
 *   by the matcher against an OSV ecosystem suffix (`Debian:12`), so that an inventory purl without a
 *   distro still finds the package's rules.
 * - A vendor-qualified name or model rule never matches a component of another vendor, nor one whose
 *   vendor is unknown (there is no evidence it is that vendor's product). A rule without a vendor is
 *   keyed under the empty vendor, and every component is also looked up there: such a rule says
 *   nothing a vendor could contradict.
 */
import { cpeMatchKey } from './cpe.js';
import { normalizePypiName } from './osv-package.js';
import type { Purl } from './purl.js';
import type { ComponentIdentity } from './types.js';

/** The parts of a purl string that matching needs, decoded; no validation beyond the shape. */
export interface PurlParts {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  /** The raw qualifier string (after `?`, before `#`), or null. */
  qualifiers: string | null;
}

function decode(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Splits a purl string without the full validation of `parsePurl`: matching reads many of them and
 * needs only type, namespace, name and version. Undefined when it is not shaped like a purl.
 */
export function splitPurl(input: string): PurlParts | undefined {
  if (input.length < 5 || input.slice(0, 4).toLowerCase() !== 'pkg:') return undefined;
  let rest = input.slice(4);
  while (rest.startsWith('/')) rest = rest.slice(1);
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  let qualifiers: string | null = null;
  const question = rest.indexOf('?');
  if (question !== -1) {
    qualifiers = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash + 1);
  // The version follows the last '@' after the last '/' (a scope's '@' precedes a '/').
  let version: string | null = null;
  const at = path.lastIndexOf('@');
  if (at > path.lastIndexOf('/')) {
    const raw = decode(path.slice(at + 1));
    if (raw === undefined) return undefined;
    version = raw === '' ? null : raw;
    path = path.slice(0, at);
  }
  while (path.endsWith('/')) path = path.slice(0, -1);
  const lastSlash = path.lastIndexOf('/');
  const name = decode(path.slice(lastSlash + 1));
  if (name === undefined || name === '') return undefined;
  let namespace: string | null = null;
  if (lastSlash > 0) {
    // Decoded as a whole: a key needs the text, not the segment boundaries.
    const raw = path.slice(0, lastSlash);
    const ns = decode(raw.includes('//') ? raw.replace(/\/{2,}/g, '/') : raw);
    if (ns === undefined) return undefined;
    namespace = ns.startsWith('/') ? ns.slice(1) : ns;
  }
  return { type, namespace, name, version, qualifiers };
}

/** Types whose names are case-insensitive in their registry (or lower-cased by the purl spec). */
const CASE_INSENSITIVE: ReadonlySet<string> = new Set([
  'npm',
  'nuget',
  'cargo',
  'composer',
  'hex',
  'pub',
  'github',
  'bitbucket',
  'deb',
  'apk',
  'alpm',
]);

/** The key of a package identity: type, namespace and name normalized per type. */
export function packageMatchKey(type: string, namespace: string | null, name: string): string {
  const t = type.toLowerCase();
  let ns = namespace === '' ? null : namespace;
  let n = name;
  if (t === 'pypi') {
    n = normalizePypiName(n);
    ns = null;
  } else if (CASE_INSENSITIVE.has(t)) {
    n = n.toLowerCase();
    ns = ns?.toLowerCase() ?? null;
  } else if (t === 'rpm') {
    // The distribution is a vendor name (redhat, Fedora…); package names keep their case.
    ns = ns?.toLowerCase() ?? null;
  }
  return ns === null ? `purl:${t}/${n}` : `purl:${t}/${ns}/${n}`;
}

/**
 * Whether `s[from, to)` is already in its key form for a purl type: plain ASCII without `%` and
 * without upper-case letters where the type folds case (PyPI: lower-case words joined by single `-`).
 */
function isKeyForm(s: string, from: number, to: number, type: string, namespaceEnd: number): boolean {
  const pypi = type === 'pypi';
  const folds = pypi || CASE_INSENSITIVE.has(type);
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || c === 37 /* % */) return false;
    if (c >= 65 && c <= 90 && (folds || (type === 'rpm' && i < namespaceEnd))) return false;
    if (
      pypi &&
      (c === 95 || c === 46 || (c === 45 && (i === from || s.charCodeAt(i - 1) === 45 || i === to - 1)))
    )
      return false; // '_' or '.', or a '-' that PEP 503 would merge or that ends the name
  }
  return true;
}

/**
 * `purlMatchKey(purl)` without splitting the purl into parts when it is already in key form (the
 * usual case: a normalized purl of a lower-case package name): one scan and one slice. Anything
 * unusual (percent-encoding, upper case where the type folds it, empty segments) takes the full path.
 */
export function purlMatchKeyOf(purl: string): string | null {
  const path = purlKeyPathOf(purl);
  return path === null ? null : `${PURL_KEY_PREFIX}${path}`;
}

export const PURL_KEY_PREFIX = 'purl:';

/** purlMatchKeyOf without its `purl:` prefix (`npm/lodash`): a slice of the purl in the usual case. */
export function purlKeyPathOf(purl: string): string | null {
  const end = purlPathEnd(purl);
  if (end !== -1) return purl.slice(4, end);
  return purlMatchKey(purl)?.slice(PURL_KEY_PREFIX.length) ?? null;
}

/** The end of `pkg:type/namespace/name` in a purl already in key form, else -1. */
function purlPathEnd(s: string): number {
  if (!s.startsWith('pkg:')) return -1;
  const slash = s.indexOf('/', 4);
  if (slash <= 4) return -1;
  for (let i = 4; i < slash; i++) {
    const c = s.charCodeAt(i);
    // purl types: lower-case letters, digits, '.', '+', '-' (an upper-case type is folded: full path)
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45)) return -1;
  }
  const type = s.slice(4, slash);
  let end = s.length;
  for (let i = slash + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const lastSlash = s.lastIndexOf('/', end - 1);
  const at = s.lastIndexOf('@', end - 1);
  const nameEnd = at > lastSlash ? at : end;
  // A version that needs decoding may not decode: the full path tells (and then gives no key).
  if (at > lastSlash && s.lastIndexOf('%', end - 1) > at) return -1;
  const first = slash + 1;
  if (nameEnd <= first || s.charCodeAt(first) === 47 || s.charCodeAt(nameEnd - 1) === 47) return -1;
  if (s.lastIndexOf('//', nameEnd) > slash) return -1;
  const namespaceEnd = lastSlash > slash ? lastSlash : first;
  if (type === 'pypi' && namespaceEnd !== first) return -1; // PyPI drops a namespace: full path
  return isKeyForm(s, first, nameEnd, type, namespaceEnd) ? nameEnd : -1;
}

/** `purl:<type>/<namespace>/<name>` of a purl (string or parsed), or null for something not a purl. */
export function purlMatchKey(purl: string | Pick<Purl, 'type' | 'namespace' | 'name'>): string | null {
  const parts = typeof purl === 'string' ? splitPurl(purl) : purl;
  return parts === undefined ? null : packageMatchKey(parts.type, parts.namespace, parts.name);
}

/** Legal-form words dropped from the end of a vendor name ("Acme Corp." and "ACME, Inc." are one vendor). */
const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'ltd',
  'limited',
  'llc',
  'gmbh',
  'co',
  'company',
  'ag',
  'sa',
  'plc',
  'bv',
  'srl',
  'oy',
  'ab',
  'kg',
  'pty',
]);

/** A product name as compared: lower case, punctuation to spaces, runs of spaces collapsed. */
export function normalizeWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A vendor name as compared: normalized words without trailing legal-form words. */
export function normalizeVendor(vendor: string | null): string {
  if (vendor === null) return '';
  const words = normalizeWords(vendor).split(' ');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** `name:<vendor>|<product>`, both normalized; an unknown vendor is the empty string. */
export function nameMatchKey(vendor: string | null, product: string): string {
  return `name:${normalizeVendor(vendor)}|${normalizeWords(product)}`;
}

/** A model number as compared: case folded, spaces, dashes and underscores removed (`IP-2000` = `ip 2000`). */
export function normalizeModel(model: string): string {
  return model
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_]+/g, '');
}

/** `model:<vendor>|<model>`. */
export function modelMatchKey(vendor: string | null, model: string): string {
  return `model:${normalizeVendor(vendor)}|${normalizeModel(model)}`;
}

/**
 * Every key under which a component is looked up: its purl key, its CPE key, its model key(s) and its
 * name key(s). Name and model keys come twice when the vendor is known: under the vendor and under
 * the empty vendor (for rules that name no vendor).
 */
export function matchKeysOf(component: ComponentIdentity): string[] {
  const keys: string[] = [];
  if (component.purl !== null) {
    const key = purlMatchKeyOf(component.purl);
    if (key !== null) keys.push(key);
  }
  if (component.cpe !== null) {
    const key = cpeMatchKey(component.cpe);
    if (key !== null) keys.push(key);
  }
  const vendor = normalizeVendor(component.vendor);
  if (component.modelNumber !== null && normalizeModel(component.modelNumber) !== '') {
    const model = normalizeModel(component.modelNumber);
    keys.push(`model:${vendor}|${model}`);
    if (vendor !== '') keys.push(`model:|${model}`);
  }
  const product = normalizeWords(component.name);
  if (product !== '') {
    keys.push(`name:${vendor}|${product}`);
    if (vendor !== '') keys.push(`name:|${product}`);
  }
  return keys;
}
