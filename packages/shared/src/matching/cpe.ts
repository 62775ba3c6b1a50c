/**
 * CPE 2.3 names (NISTIR 7695) and name matching (NISTIR 7696), plus the version-range test that
 * advisories need on top of them.
 *
 * A name is held as a well-formed name (WFN): eleven attributes, each ANY, NA or a string in WFN
 * quoting — letters, digits and `_` as they are, every other character preceded by a backslash
 * (`8\.0\.6001`, `big\$money`), and unquoted `*` / `?` only as wildcards at the start or end. Names
 * arrive as a 2.3 formatted string (`cpe:2.3:a:vendor:product:…`, the form we store) or a 2.2 URI
 * (`cpe:/a:vendor:product:…`), and are written back as a formatted string.
 *
 * Matching compares a source name (an advisory's pattern) with a target (an inventory component)
 * attribute by attribute, case-insensitively. A source value may use wildcards: `*` stands for any
 * run of characters and each `?` for exactly one character. (The NIST reference implementation
 * also lets a run of `?` match fewer characters; we do not, to avoid matching unrelated versions.)
 * A target value with wildcards makes the comparison UNDEFINED, as the spec says.
 */
import { contains, parseVers, stringifyVers, type Vers, type VersConstraint } from './vers.js';
import { findVersionScheme, VersionError } from './versions/index.js';

/** The logical value "any value" (`*` in a formatted string, empty in a URI). */
export const ANY: unique symbol = Symbol.for('clearinghouse.cpe.ANY');
/** The logical value "not applicable" (`-` in both bindings). */
export const NA: unique symbol = Symbol.for('clearinghouse.cpe.NA');

/** ANY, NA, or a string in WFN quoting (`7\.4\.0\.1570`, `sp?`). */
export type WfnValue = string | typeof ANY | typeof NA;

/** The attributes of a name, in binding order. */
export const WFN_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;

export type WfnAttribute = (typeof WFN_ATTRIBUTES)[number];

/** A well-formed CPE name. Build one with createWfn or parseCpe so its values are canonical. */
export type Wfn = Readonly<Record<WfnAttribute, WfnValue>>;

/** A name given either way: a formatted string or URI, or an already parsed WFN. */
export type CpeInput = string | Wfn;

export class CpeError extends Error {
  override name = 'CpeError';
}

// ---------------------------------------------------------------------------------------------
// Values: every binding reads into the same parts, and every binding is written from them.

/** A string value taken apart: the wildcards at each edge and the literal characters between. */
interface ValueParts {
  /** `''`, `'*'`, or one or more `?`. */
  lead: string;
  /** The characters of the value, unquoted, one per entry. */
  body: string[];
  trail: string;
}

type Token = { wildcard: '*' | '?' } | { char: string };

const ALNUM = /^[A-Za-z0-9]$/;
/** Printable ASCII other than space: the characters a CPE value may hold. */
const VISIBLE = /^[\x21-\x7e]$/;

function describe(raw: string, attribute: WfnAttribute): string {
  return `${attribute} ${JSON.stringify(raw)}`;
}

function checkEdge(edge: string, raw: string, attribute: WfnAttribute): void {
  if (edge === '' || edge === '*' || /^\?+$/.test(edge)) return;
  throw new CpeError(
    `${describe(raw, attribute)}: a value may start or end with one * or with ?s, not ${JSON.stringify(edge)}`,
  );
}

/** Checks where the wildcards are and splits the value into its parts. */
function assemble(tokens: readonly Token[], raw: string, attribute: WfnAttribute): ValueParts {
  if (tokens.length === 0) throw new CpeError(`${attribute} is empty`);
  const first = tokens.findIndex((t) => 'char' in t);
  const wild = (ts: readonly Token[]): string => ts.map((t) => ('wildcard' in t ? t.wildcard : '')).join('');
  if (first === -1) {
    const lead = wild(tokens);
    if (lead === '*') throw new CpeError(`${attribute}: a lone * is the logical value ANY, not a string`);
    checkEdge(lead, raw, attribute);
    return { lead, body: [], trail: '' };
  }
  let last = tokens.length - 1;
  while ('wildcard' in (tokens[last] ?? { char: '' })) last--;
  const body: string[] = [];
  for (const t of tokens.slice(first, last + 1)) {
    if ('wildcard' in t) {
      throw new CpeError(
        `${describe(raw, attribute)}: an unquoted ${t.wildcard} may only stand at the start or end (quote it as \\${t.wildcard})`,
      );
    }
    body.push(t.char);
  }
  const lead = wild(tokens.slice(0, first));
  const trail = wild(tokens.slice(last + 1));
  checkEdge(lead, raw, attribute);
  checkEdge(trail, raw, attribute);
  return { lead, body, trail };
}

function visible(ch: string, raw: string, attribute: WfnAttribute): string {
  if (VISIBLE.test(ch)) return ch;
  throw new CpeError(
    `${describe(raw, attribute)}: ${JSON.stringify(ch)} is not allowed (only printable ASCII without spaces)`,
  );
}

/** Reads a value in WFN quoting, where every character but letters, digits and `_` must be quoted. */
function readWfnValue(raw: string, attribute: WfnAttribute): ValueParts {
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\') {
      if (i + 1 >= raw.length) throw new CpeError(`${describe(raw, attribute)} ends with a lone backslash`);
      tokens.push({ char: visible(raw.charAt(++i), raw, attribute) });
    } else if (ch === '*' || ch === '?') {
      tokens.push({ wildcard: ch });
    } else if (ALNUM.test(ch) || ch === '_') {
      tokens.push({ char: ch });
    } else {
      visible(ch, raw, attribute);
      throw new CpeError(
        `${describe(raw, attribute)}: ${JSON.stringify(ch)} must be quoted as \\${ch} in a WFN`,
      );
    }
  }
  return assemble(tokens, raw, attribute);
}

/**
 * Reads a formatted-string value. The spec wants punctuation other than `.`, `-` and `_` quoted;
 * names in the wild often leave it bare (`sdbus-c++`), which is unambiguous, so it is accepted.
 */
function readFsValue(raw: string, attribute: WfnAttribute): ValueParts {
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\') {
      if (i + 1 >= raw.length) throw new CpeError(`${describe(raw, attribute)} ends with a lone backslash`);
      tokens.push({ char: visible(raw.charAt(++i), raw, attribute) });
    } else if (ch === '*' || ch === '?') {
      tokens.push({ wildcard: ch });
    } else {
      tokens.push({ char: visible(ch, raw, attribute) });
    }
  }
  return assemble(tokens, raw, attribute);
}

/** Reads a URI value: percent-encoding, `%01` = `?` and `%02` = `*`; lower-cased as the spec says. */
function readUriValue(raw: string, attribute: WfnAttribute): ValueParts {
  const text = raw.toLowerCase();
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '*' || ch === '?') {
      throw new CpeError(
        `${describe(raw, attribute)}: a URI writes the wildcard ${ch} as ${ch === '?' ? '%01' : '%02'} and the literal as ${ch === '?' ? '%3f' : '%2a'}`,
      );
    }
    if (ch !== '%') {
      tokens.push({ char: visible(ch, raw, attribute) });
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    const code = /^[0-9a-f]{2}$/.test(hex) ? parseInt(hex, 16) : NaN;
    const decoded = String.fromCharCode(code);
    if (code === 0x01) tokens.push({ wildcard: '?' });
    else if (code === 0x02) tokens.push({ wildcard: '*' });
    else if (VISIBLE.test(decoded) && !ALNUM.test(decoded)) tokens.push({ char: decoded });
    else {
      throw new CpeError(
        `${describe(raw, attribute)}: %${text.slice(i + 1, i + 3)} is not a valid percent-encoded character`,
      );
    }
    i += 2;
  }
  return assemble(tokens, raw, attribute);
}

const quoteWfn = (ch: string): string => (ALNUM.test(ch) || ch === '_' ? ch : `\\${ch}`);

function writeWfnValue(parts: ValueParts): string {
  return parts.lead + parts.body.map(quoteWfn).join('') + parts.trail;
}

/** A value that is exactly `-` must stay quoted in a binding, or it would read back as NA. */
const isLoneHyphen = (parts: ValueParts): boolean =>
  parts.lead === '' && parts.trail === '' && parts.body.length === 1 && parts.body[0] === '-';

function writeFsValue(parts: ValueParts): string {
  if (isLoneHyphen(parts)) return '\\-';
  const body = parts.body.map((ch) => (ch === '.' || ch === '-' ? ch : quoteWfn(ch))).join('');
  return parts.lead + body + parts.trail;
}

function writeUriValue(parts: ValueParts): string {
  const percent = (ch: string): string => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const wildcards = (edge: string): string => edge.replaceAll('?', '%01').replaceAll('*', '%02');
  if (isLoneHyphen(parts)) return '%2d';
  const body = parts.body
    .map((ch) => (ALNUM.test(ch) || ch === '_' || ch === '.' || ch === '-' ? ch : percent(ch)))
    .join('');
  return wildcards(parts.lead) + body + wildcards(parts.trail);
}

// ---------------------------------------------------------------------------------------------
// Names

function checkPart(value: WfnValue): void {
  if (value === ANY) return;
  if (typeof value === 'string' && ['a', 'o', 'h'].includes(value.toLowerCase())) return;
  const shown = value === NA ? 'NA' : JSON.stringify(value);
  throw new CpeError(`part must be a, o or h (or ANY), got ${shown}`);
}

function canonical(value: WfnValue, attribute: WfnAttribute): WfnValue {
  return typeof value === 'string' ? writeWfnValue(readWfnValue(value, attribute)) : value;
}

/**
 * A WFN from attribute values in WFN quoting (`{ part: 'a', vendor: 'microsoft', version:
 * '8\\.0' }`); unnamed attributes are ANY. Throws CpeError for a badly quoted value or part.
 */
export function createWfn(values: Partial<Record<WfnAttribute, WfnValue>>): Wfn {
  const entries = WFN_ATTRIBUTES.map((a) => [a, canonical(values[a] ?? ANY, a)] as const);
  const wfn = Object.freeze(Object.fromEntries(entries) as Record<WfnAttribute, WfnValue>);
  checkPart(wfn.part);
  return wfn;
}

function shorten(input: string): string {
  return JSON.stringify(input.length > 120 ? `${input.slice(0, 120)}…` : input);
}

/** Splits a formatted string at the colons that are not quoted. */
function splitFormattedString(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      current += text.slice(i, i + 2);
      i++;
    } else if (ch === ':') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unbindFormattedString(text: string): Wfn {
  const parts = splitFormattedString(text);
  if (parts.length !== 13) {
    throw new CpeError(
      `a CPE 2.3 formatted string has 13 colon-separated parts (cpe, 2.3 and 11 attributes), ${shorten(text)} has ${parts.length}`,
    );
  }
  const values: Partial<Record<WfnAttribute, WfnValue>> = {};
  WFN_ATTRIBUTES.forEach((attribute, i) => {
    const raw = parts[i + 2] ?? '';
    if (raw === '')
      throw new CpeError(`${attribute} is empty in ${shorten(text)}; write * for ANY or - for NA`);
    values[attribute] = raw === '*' ? ANY : raw === '-' ? NA : writeWfnValue(readFsValue(raw, attribute));
  });
  return createWfn(values);
}

function unbindUriComponent(raw: string, attribute: WfnAttribute): WfnValue {
  if (raw === '') return ANY;
  if (raw === '-') return NA;
  return writeWfnValue(readUriValue(raw, attribute));
}

const PACKED: readonly WfnAttribute[] = ['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'];

function unbindUri(text: string): Wfn {
  const components = text.slice('cpe:/'.length).split(':');
  if (components.length > 7) {
    throw new CpeError(
      `a CPE URI has at most 7 components (part to language), ${shorten(text)} has ${components.length}`,
    );
  }
  const values: Partial<Record<WfnAttribute, WfnValue>> = {};
  WFN_ATTRIBUTES.slice(0, 7).forEach((attribute, i) => {
    const raw = components[i] ?? '';
    if (attribute !== 'edition' || !raw.startsWith('~')) {
      values[attribute] = unbindUriComponent(raw, attribute);
      return;
    }
    // Packed form `~edition~sw_edition~target_sw~target_hw~other` carries the 2.3 attributes.
    const fields = raw.slice(1).split('~');
    if (fields.length !== PACKED.length) {
      throw new CpeError(
        `packed edition ${JSON.stringify(raw)} must have 5 fields (~edition~sw_edition~target_sw~target_hw~other)`,
      );
    }
    PACKED.forEach((packed, j) => (values[packed] = unbindUriComponent(fields[j] ?? '', packed)));
  });
  return createWfn(values);
}

/**
 * Unbinds a CPE 2.3 formatted string (`cpe:2.3:…`, 13 parts) or a CPE 2.2 URI (`cpe:/…`) into a WFN.
 * Surrounding whitespace is ignored. Throws CpeError saying what is wrong.
 */
export function parseCpe(input: string): Wfn {
  const text = input.trim();
  if (/^cpe:2\.3:/i.test(text)) return unbindFormattedString(text);
  if (/^cpe:\//i.test(text)) return unbindUri(text);
  throw new CpeError(`not a CPE name: ${shorten(input)} (expected cpe:2.3:… or cpe:/…)`);
}

/** parseCpe, or undefined for an invalid name. */
export function tryParseCpe(input: string): Wfn | undefined {
  try {
    return parseCpe(input);
  } catch (err) {
    if (err instanceof CpeError) return undefined;
    throw err;
  }
}

function valueParts(value: string, attribute: WfnAttribute): ValueParts {
  return readWfnValue(value, attribute);
}

/** Binds a WFN to the CPE 2.3 formatted string. Throws CpeError for a malformed WFN. */
export function formatCpe(wfn: Wfn): string {
  checkPart(wfn.part);
  const bound = WFN_ATTRIBUTES.map((a) => {
    const v = wfn[a];
    return v === ANY ? '*' : v === NA ? '-' : writeFsValue(valueParts(v, a));
  });
  return `cpe:2.3:${bound.join(':')}`;
}

/** Binds a WFN to a CPE 2.2 URI, packing the 2.3 attributes into the edition when any is set. */
export function formatCpeUri(wfn: Wfn): string {
  checkPart(wfn.part);
  const bind = (a: WfnAttribute): string => {
    const v = wfn[a];
    return v === ANY ? '' : v === NA ? '-' : writeUriValue(valueParts(v, a));
  };
  const packed = PACKED.slice(1).some((a) => wfn[a] !== ANY);
  const edition = packed ? `~${PACKED.map(bind).join('~')}` : bind('edition');
  const components = [...WFN_ATTRIBUTES.slice(0, 5).map(bind), edition, bind('language')];
  while (components.at(-1) === '') components.pop();
  return `cpe:/${components.join(':')}`;
}

/** The formatted string of a name given either way (a URI is converted). Throws CpeError. */
export function normalizeCpe(input: string): string {
  return formatCpe(parseCpe(input));
}

/**
 * The text of a specific value, unquoted (`4\.1\.9` → `4.1.9`), or null for ANY, NA or a value with
 * wildcards.
 */
export function wfnValueText(value: WfnValue): string | null {
  if (typeof value !== 'string') return null;
  const parts = valueParts(value, 'version');
  return parts.lead === '' && parts.trail === '' ? parts.body.join('') : null;
}

// ---------------------------------------------------------------------------------------------
// Matching (NISTIR 7696)

/**
 * How a source attribute value relates to a target's: SUPERSET (the source covers the target),
 * SUBSET, EQUAL, DISJOINT, or UNDEFINED (the target holds wildcards, which the spec does not compare).
 */
export type AttributeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

type Comparable = typeof ANY | typeof NA | ValueParts;

function comparable(value: WfnValue, attribute: WfnAttribute): Comparable {
  if (typeof value !== 'string') return value;
  const parts = valueParts(value, attribute);
  return { ...parts, body: parts.body.map((ch) => ch.toLowerCase()) };
}

const hasWildcards = (v: ValueParts): boolean => v.lead !== '' || v.trail !== '';

/** Whether an edge of n characters fits the wildcard edge: `*` any, `?`s exactly that many. */
const edgeFits = (edge: string, n: number): boolean => edge === '*' || edge.length === n;

function wildcardMatches(pattern: ValueParts, target: readonly string[]): boolean {
  const { body } = pattern;
  for (let start = 0; start + body.length <= target.length; start++) {
    if (!edgeFits(pattern.lead, start)) continue;
    if (!edgeFits(pattern.trail, target.length - start - body.length)) continue;
    if (body.every((ch, i) => target[start + i] === ch)) return true;
  }
  return false;
}

/** Compares one attribute value of a source name with the target's (NISTIR 7696 table 6-2). */
export function compareAttribute(
  source: WfnValue,
  target: WfnValue,
  attribute: WfnAttribute = 'version',
): AttributeRelation {
  const src = comparable(source, attribute);
  const tgt = comparable(target, attribute);
  if (typeof tgt !== 'symbol' && hasWildcards(tgt)) return 'UNDEFINED';
  if (typeof src === 'symbol' || typeof tgt === 'symbol') {
    if (src === tgt) return 'EQUAL';
    if (src === ANY) return 'SUPERSET';
    if (tgt === ANY) return 'SUBSET';
    return 'DISJOINT'; // NA against NA was EQUAL; NA against anything else shares nothing
  }
  if (hasWildcards(src)) return wildcardMatches(src, tgt.body) ? 'SUPERSET' : 'DISJOINT';
  const same = src.body.length === tgt.body.length && src.body.every((ch, i) => tgt.body[i] === ch);
  return same ? 'EQUAL' : 'DISJOINT';
}

function toWfn(input: CpeInput): Wfn {
  return typeof input === 'string' ? parseCpe(input) : input;
}

/** Each attribute's relation of source to target. Throws CpeError for an invalid name. */
export function compareWfn(source: CpeInput, target: CpeInput): Record<WfnAttribute, AttributeRelation> {
  const s = toWfn(source);
  const t = toWfn(target);
  const entries = WFN_ATTRIBUTES.map((a) => [a, compareAttribute(s[a], t[a], a)] as const);
  return Object.fromEntries(entries) as Record<WfnAttribute, AttributeRelation>;
}

function relations(source: CpeInput, target: CpeInput): AttributeRelation[] {
  return Object.values(compareWfn(source, target));
}

/** The names share no instance: some attribute is DISJOINT. */
export function cpeDisjoint(source: CpeInput, target: CpeInput): boolean {
  return relations(source, target).includes('DISJOINT');
}

/** The names are the same: every attribute is EQUAL. */
export function cpeEqual(source: CpeInput, target: CpeInput): boolean {
  return relations(source, target).every((r) => r === 'EQUAL');
}

/** The source is a subset of the target: every attribute SUBSET or EQUAL. */
export function cpeSubset(source: CpeInput, target: CpeInput): boolean {
  return relations(source, target).every((r) => r === 'SUBSET' || r === 'EQUAL');
}

/** The source is a superset of the target: every attribute SUPERSET or EQUAL. */
export function cpeSuperset(source: CpeInput, target: CpeInput): boolean {
  return relations(source, target).every((r) => r === 'SUPERSET' || r === 'EQUAL');
}

/**
 * Whether a pattern (an advisory's name) covers a candidate (an inventory component's): superset or
 * equal. A candidate left more general than the pattern (ANY where the pattern names a target_sw)
 * does not match. Throws CpeError for an invalid name.
 */
export function cpeMatches(pattern: CpeInput, candidate: CpeInput): boolean {
  return cpeSuperset(pattern, candidate);
}

function keyText(value: WfnValue): string | null {
  // `\` and `:` stay quoted so that a key splits back into exactly three values.
  return (
    wfnValueText(value)
      ?.toLowerCase()
      .replace(/[\\:]/g, (ch) => `\\${ch}`) ?? null
  );
}

/**
 * The index key of a name, `cpe:<part>:<vendor>:<product>` unquoted and lower-cased
 * (`cpe:a:acme:pump_firmware`), or null when one of the three is ANY, NA or has wildcards — or the
 * name is invalid — so that it cannot be looked up by key.
 */
export function cpeMatchKey(input: CpeInput): string | null {
  const wfn = typeof input === 'string' ? tryParseCpe(input) : input;
  if (wfn === undefined) return null;
  const identity: WfnValue[] = [wfn.part, wfn.vendor, wfn.product];
  const texts = identity.map(keyText);
  return texts.every((t) => t !== null) ? `cpe:${texts.join(':')}` : null;
}

/**
 * Whether the candidate's version lies in a vers range, under the range's scheme
 * (`vers:generic/>=4.0|<4.2.1`). False — never a guess — when the candidate's version is ANY, NA or
 * has wildcards, when we have no ordering for the scheme, or when a version is invalid in it.
 * Throws VersError for a malformed range and CpeError for an invalid name.
 */
export function cpeVersionInRange(candidate: CpeInput, range: string | Vers): boolean {
  const version = wfnValueText(toWfn(candidate).version);
  if (version === null) return false;
  const vers = typeof range === 'string' ? parseVersOrUnordered(range) : range;
  if (vers === undefined) return false;
  const scheme = findVersionScheme(vers.scheme);
  if (scheme === undefined || !scheme.isValid(version)) return false;
  try {
    return contains(vers, version);
  } catch (err) {
    if (err instanceof VersionError) return false;
    throw err;
  }
}

/** parseVers, or undefined when a range version is invalid in the scheme (sorting needs them). */
function parseVersOrUnordered(range: string): Vers | undefined {
  try {
    return parseVers(range);
  } catch (err) {
    if (err instanceof VersionError) return undefined;
    throw err;
  }
}

/**
 * An advisory's name plus an optional version range against a candidate: the names match
 * (cpeMatches) and, when a range is given, the candidate's version is in it (cpeVersionInRange).
 * The pattern's version is usually ANY with the range saying which versions; a specific pattern
 * version must then match as well.
 */
export function cpeMatchesWithRange(pattern: CpeInput, candidate: CpeInput, range: string | null): boolean {
  if (!cpeMatches(pattern, candidate)) return false;
  return range === null || cpeVersionInRange(candidate, range);
}

/** The bounds of an NVD CPE match (`versionStartIncluding` …), each optional. */
export interface NvdVersionBounds {
  versionStartIncluding?: string | null;
  versionStartExcluding?: string | null;
  versionEndIncluding?: string | null;
  versionEndExcluding?: string | null;
}

/**
 * The vers range of NVD-style bounds (`{ versionStartIncluding: '4.0', versionEndExcluding: '4.2.1' }`
 * → `vers:generic/>=4.0|<4.2.1`), or null when no bound is given. Throws CpeError when both an
 * including and an excluding bound are given for the same end.
 */
export function versFromNvdBounds(bounds: NvdVersionBounds, scheme = 'generic'): string | null {
  const pick = (including: string | null | undefined, excluding: string | null | undefined, end: string) => {
    if (including != null && excluding != null) {
      throw new CpeError(`both an including and an excluding ${end} version are given`);
    }
    return including ?? excluding ?? null;
  };
  const constraints: VersConstraint[] = [];
  const start = pick(bounds.versionStartIncluding, bounds.versionStartExcluding, 'start');
  if (start !== null) {
    constraints.push({ comparator: bounds.versionStartIncluding != null ? '>=' : '>', version: start });
  }
  const end = pick(bounds.versionEndIncluding, bounds.versionEndExcluding, 'end');
  if (end !== null) {
    constraints.push({ comparator: bounds.versionEndIncluding != null ? '<=' : '<', version: end });
  }
  return constraints.length === 0 ? null : stringifyVers({ scheme, constraints });
}
