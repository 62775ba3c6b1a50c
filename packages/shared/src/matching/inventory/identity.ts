/**
 * "The same component" across re-uploads of an inventory: the identity key ignores the version, so an
 * upgraded package is recognized as changed rather than as one removed and one added; the fingerprint
 * adds the version, so an unchanged one is recognized as unchanged.
 */
import { findPurl, purlBase } from '../purl.js';
import type { ComponentIdentity } from '../types.js';
import { splitCpe23 } from './cpe-shape.js';

function lower(text: string | null): string {
  return text === null ? '' : text.trim().toLowerCase();
}

/**
 * The version-independent key of a component, by the strongest identifier it has:
 * - `purl:<purl without version, qualifiers and subpath>`;
 * - else `cpe:<part>:<vendor>:<product>` from the CPE 2.3 name, lower-cased (the part is kept so a
 *   device's hardware `h` and firmware `o` names, which often share vendor and product, stay apart);
 * - else `name:<vendor>|<name>|<model number>`, lower-cased.
 * A component at a site gets `|site:<site>` appended: the same product at two sites is two components.
 */
export function identityKey(c: ComponentIdentity): string {
  const purl = c.purl === null ? undefined : findPurl(c.purl);
  return keyWithPurlBase(c, purl === undefined ? null : purlBase(purl));
}

/** The identity key plus the version: equal fingerprints mean "unchanged since the last upload". */
export function componentFingerprint(c: ComponentIdentity): string {
  return `${identityKey(c)}|version:${c.version ?? ''}`;
}

/**
 * componentFingerprint for a parser that already holds the purl's base, saving a second parse per
 * component (the purl library's parse dominates the cost of reading a million-component SBOM).
 */
export function fingerprintWithPurlBase(c: ComponentIdentity, base: string | null): string {
  return `${keyWithPurlBase(c, base)}|version:${c.version ?? ''}`;
}

/**
 * purlBase of a purl already in canonical form, by slicing: the canonical form percent-encodes `@`,
 * `?` and `#` inside namespace and name, so the first of them ends the base.
 */
export function canonicalPurlBase(canonical: string): string {
  let end = canonical.length;
  for (const separator of ['@', '?', '#']) {
    const at = canonical.indexOf(separator);
    if (at >= 0 && at < end) end = at;
  }
  return canonical.slice(0, end);
}

function keyWithPurlBase(c: ComponentIdentity, base: string | null): string {
  return baseKey(c, base) + (c.site === null ? '' : `|site:${lower(c.site)}`);
}

function baseKey(c: ComponentIdentity, base: string | null): string {
  if (base !== null) return `purl:${base}`;
  if (c.cpe !== null) {
    const [, , part, vendor, product] = splitCpe23(c.cpe);
    if (part !== undefined && vendor !== undefined && product !== undefined) {
      return `cpe:${lower(part)}:${lower(vendor)}:${lower(product)}`;
    }
  }
  return `name:${lower(c.vendor)}|${lower(c.name)}|${lower(c.modelNumber)}`;
}
