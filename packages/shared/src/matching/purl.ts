/**
 * Package URLs (purl-spec), parsed and normalized by `packageurl-js`. Advisories and inventories are
 * matched on `purlBase` (type, namespace, name) and then on version with the ecosystem's ordering.
 */
import { PackageURL } from 'packageurl-js';

export interface Purl {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
}

export class PurlError extends Error {
  override name = 'PurlError';
}

function fromLibrary(p: PackageURL): Purl {
  const qualifiers = p.qualifiers && Object.keys(p.qualifiers).length > 0 ? { ...p.qualifiers } : null;
  return {
    type: p.type,
    namespace: p.namespace ?? null,
    name: p.name,
    version: p.version ?? null,
    qualifiers,
    subpath: p.subpath ?? null,
  };
}

function toLibrary(p: Purl): PackageURL {
  return new PackageURL(p.type, p.namespace, p.name, p.version, p.qualifiers, p.subpath);
}

/**
 * packageurl-js 2.0.1 percent-encodes ':' and leaves '+' raw; the current purl spec keeps ':' literal
 * everywhere after the scheme and requires '+' to be encoded. Neither character is otherwise meaningful
 * in the canonical string (types cannot contain '+'), so a textual fix-up is exact.
 */
function canonicalText(library: string): string {
  return library.replaceAll('%3A', ':').replaceAll('+', '%2B');
}

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PurlError(`invalid package URL ${what}: ${reason}`);
  }
}

/** Parses and normalizes a purl string (type-specific case folding, sorted qualifiers). Throws `PurlError`. */
export function parsePurl(input: string): Purl {
  return wrap(JSON.stringify(input), () => fromLibrary(PackageURL.fromString(input)));
}

/** Like `parsePurl` but returns `undefined` for an invalid purl. */
export function findPurl(input: string): Purl | undefined {
  try {
    return parsePurl(input);
  } catch {
    return undefined;
  }
}

/** Builds the canonical string from components, validating and normalizing them. Throws `PurlError`. */
export function stringifyPurl(purl: Purl): string {
  return wrap('components', () => canonicalText(toLibrary(purl).toString()));
}

/** The canonical form of a purl string. Throws `PurlError`. */
export function normalizePurl(input: string): string {
  return wrap(JSON.stringify(input), () => canonicalText(PackageURL.fromString(input).toString()));
}

/** The canonical purl without version, qualifiers and subpath: the package identity used for matching. */
export function purlBase(purl: string | Purl): string {
  const p = typeof purl === 'string' ? parsePurl(purl) : purl;
  return stringifyPurl({ ...p, version: null, qualifiers: null, subpath: null });
}
