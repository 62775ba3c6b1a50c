/**
 * The matcher: which affect rules cover which components. `MatchIndex` hashes rules by match key and
 * compiles the rules of each key into one flat int32 program (see `Program`), so that a lookup costs
 * one map read, a short walk over contiguous memory and one parse of the component's version per
 * ordering, often not even that: plain releases (`1.2.3`, read from the text) and, in SemVer, PEP 440
 * and Maven, releases with a common qualifier (`-rc.1`, `rc1`, `.post1`, `-SNAPSHOT`; parsed once)
 * compare as packed numbers (the schemes' `orderKey`/`textOrderKey`), every other version through
 * the schemes' `parse`/`compareParsed`.
 *
 * OSV conditions give exactly the answers of osv-match's `isVersionAffected` (a differential test
 * holds them together): a version that is invalid in the ordering never falls in a range, an ordering
 * we do not have only matches the `versions` list, and `all` matches every version. The fast path
 * differs only in when work is done: bounds are parsed and events sorted at build, the component's
 * version is parsed at most once per ordering and compared at most once per bound, and under a total
 * ordering the walk over sorted events stops at the first event above the version (nothing after it
 * can change the outcome). `evaluateCondition` (one condition, one component) keeps the plain
 * closure form of the same rules (compileOsv and friends).
 */
import { cpeMatches, cpeMatchKey, tryParseCpe, wfnValueText } from './cpe.js';
import {
  normalizeModel,
  normalizeVendor,
  normalizeWords,
  PURL_KEY_PREFIX,
  purlKeyPathOf,
  type PurlParts,
  splitPurl,
} from './match-keys.js';
import { versionSchemeForEcosystem } from './osv-match.js';
import { ecosystemForPurlType, ecosystemSuffix, osvPackageFromPurl } from './osv-package.js';
import type { OsvRange } from './osv-types.js';
import type { AffectRule, ComponentIdentity, MatchConfidence, RuleMatch, VersionCondition } from './types.js';
import { contains, parseVers, type Vers } from './vers.js';
import { findVersionScheme, semverScheme, type VersionScheme } from './versions/index.js';
import {
  compareSemverParts,
  parseSemverParts,
  semverOrderKey,
  semverTextOrderKey,
} from './versions/semver.js';

/** Per-lookup state: the component, its version and that version parsed once per ordering. */
interface Lookup {
  component: ComponentIdentity;
  /** The component's purl split (on first need), null when it has none; undefined: not split yet. */
  purl: PurlParts | null | undefined;
  version: string | null;
  /**
   * The version parsed per ordering (by `Ordering.slot`), null when invalid; an entry counts only
   * when its stamp is the lookup's current stamp, so that a reused lookup clears nothing.
   */
  parsed: unknown[];
  stamps: number[];
  /** The version's order key per ordering, read from its text (NaN: none), valid as `parsed` is. */
  keys: number[];
  keyStamps: number[];
  stamp: number;
  /** The OSV release suffix of the component's purl (`12` for a bookworm deb); undefined: not computed. */
  release: string | null | undefined;
}

/**
 * A version ordering as the compiled conditions use it: versions parsed once (bounds at build, the
 * component's version once per lookup) and compared parsed.
 */
interface Ordering {
  /** undefined exactly when the scheme's `compare` would throw on the version. */
  parse(v: string): unknown;
  compare(a: unknown, b: unknown): number;
  /** The scheme's orderKey of a parsed version (NaN when none). */
  key(parsed: unknown): number;
  /** The scheme's textOrderKey (NaN when none). */
  textKey(v: string): number;
  /** The scheme's `isValid` is "parse succeeds" (else `versions` lists check `isValid` too). */
  validIsParsable: boolean;
  scheme: VersionScheme;
  /**
   * Whether the ordering is total, so that a walk over sorted events may stop at the first event
   * above the version. Not so for RPM, where a version without release equals every release of it
   * (1.0 = 1.0-1 = 1.0-2 but 1.0-1 < 1.0-2), nor (to be safe) for orderings not known to be total.
   */
  total: boolean;
  /** Where a lookup keeps the component's version parsed in this ordering. */
  slot: number;
}

/** Schemes whose orderings are total preorders (see Ordering.total). */
const TOTAL_SCHEMES: ReadonlySet<string> = new Set([
  'semver',
  'golang',
  'pypi',
  'deb',
  'nuget',
  'gem',
  'generic',
]);

let slots = 0;
let stamps = 0;

const withoutV = (v: string): string => (v.startsWith('v') ? v.slice(1) : v);

const noKey = (): number => Number.NaN;

function parsedOrdering(scheme: VersionScheme): Ordering | undefined {
  const parse = scheme.parse?.bind(scheme);
  const compareParsed = scheme.compareParsed?.bind(scheme);
  const orderKey = scheme.orderKey?.bind(scheme);
  const textOrderKey = scheme.textOrderKey?.bind(scheme);
  if (parse === undefined || compareParsed === undefined) return undefined;
  return {
    parse: (v) => parse(v),
    compare: (a, b) => compareParsed(a, b),
    key: orderKey === undefined ? noKey : (p) => orderKey(p),
    textKey: textOrderKey === undefined ? noKey : (v) => textOrderKey(v),
    validIsParsable: scheme.name !== 'maven' && scheme.name !== 'lexicographic',
    scheme,
    total: TOTAL_SCHEMES.has(scheme.name),
    slot: slots++,
  };
}

/** A scheme without `parse`: its own `compare` on strings (an exception means an invalid version). */
function stringOrdering(scheme: VersionScheme): Ordering {
  return {
    parse(v) {
      try {
        scheme.compare(v, v);
        return v;
      } catch {
        return undefined;
      }
    },
    compare(a, b) {
      try {
        return scheme.compare(a as string, b as string);
      } catch {
        return Number.NaN;
      }
    },
    key: noKey,
    textKey: noKey,
    validIsParsable: false,
    scheme,
    total: false,
    slot: slots++,
  };
}

/** osv-match's ordering of Go versions and SEMVER range events: SemVer tolerating a leading `v`. */
const SEMVER_RANGE_SCHEME: VersionScheme = versionSchemeForEcosystem('Go') ?? semverScheme;

const SEMVER_WITHOUT_V: Ordering = {
  parse: (v) => parseSemverParts(withoutV(v)),
  compare: (a, b) => compareSemverParts(a as never, b as never),
  key: (p) => semverOrderKey(p as never),
  // With or without the `v`: osv-match strips one.
  textKey: (v) => semverTextOrderKey(v, v.startsWith('v') ? 1 : 0),
  validIsParsable: true,
  scheme: SEMVER_RANGE_SCHEME,
  total: true,
  slot: slots++,
};

const orderings = new Map<VersionScheme, Ordering>([[SEMVER_RANGE_SCHEME, SEMVER_WITHOUT_V]]);

function orderingOf(scheme: VersionScheme): Ordering {
  let ordering = orderings.get(scheme);
  if (ordering === undefined) {
    ordering = parsedOrdering(scheme) ?? stringOrdering(scheme);
    orderings.set(scheme, ordering);
  }
  return ordering;
}

/** The component's version parsed in the ordering (once per lookup), or null when invalid. */
function componentVersion(lookup: Lookup, ordering: Ordering): unknown {
  const slot = ordering.slot;
  if (lookup.stamps[slot] === lookup.stamp) return lookup.parsed[slot];
  const parsed = lookup.version === null ? null : (ordering.parse(lookup.version) ?? null);
  while (lookup.stamps.length <= slot) {
    lookup.stamps.push(-1);
    lookup.parsed.push(null);
  }
  lookup.parsed[slot] = parsed;
  lookup.stamps[slot] = lookup.stamp;
  return parsed;
}

/**
 * The component's version order key in the ordering (once per lookup); NaN: none. Read from the text
 * for a plain release, else from the version parsed (which a comparison would need anyway).
 */
function componentKey(lookup: Lookup, ordering: Ordering): number {
  const slot = ordering.slot;
  if (lookup.keyStamps[slot] === lookup.stamp) return lookup.keys[slot] as number;
  let key = lookup.version === null ? Number.NaN : ordering.textKey(lookup.version);
  if (Number.isNaN(key) && lookup.version !== null) {
    const parsed = componentVersion(lookup, ordering);
    if (parsed !== null) key = ordering.key(parsed);
  }
  while (lookup.keyStamps.length <= slot) {
    lookup.keyStamps.push(-1);
    lookup.keys.push(Number.NaN);
  }
  lookup.keys[slot] = key;
  lookup.keyStamps[slot] = lookup.stamp;
  return key;
}

type Test = (lookup: Lookup) => boolean;

const NEVER: Test = () => false;
const ALWAYS: Test = () => true;

/** OSV event kinds in the order of equal-version events (numbers, as the program stores them). */
const EventKind = { Introduced: 0, LastAffected: 1, Fixed: 2 } as const;
type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** An event before sorting: its text, and its bound parsed (null for '0'). */
interface RawEvent {
  kind: EventKind;
  text: string;
  bound: unknown;
}

/** OSV's event ordering: '0' first, '*' last, equal strings equal, else the scheme's (on parsed bounds). */
function compareEvents(ordering: Ordering, a: RawEvent, b: RawEvent): number {
  if (a.text === b.text) return 0;
  if (a.text === '0') return -1;
  if (b.text === '0') return 1;
  if (a.text === '*') return 1;
  if (b.text === '*') return -1;
  return ordering.compare(a.bound, b.bound);
}

/** Limit events, compared in order as OSV's evaluation does (the first one above the version wins). */
function underLimits(lookup: Lookup, ordering: Ordering, texts: string[], bounds: unknown[]): boolean {
  const version = lookup.version ?? '';
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    if (text === '*') return true;
    if (version === text) continue;
    if (version === '0') return true;
    if (text === '0') continue;
    if (version === '*') continue;
    const bound = bounds[i];
    if (bound === null) return false; // an invalid limit: osv-match's compare throws
    const v = componentVersion(lookup, ordering);
    if (v === null) return false;
    const cmp = ordering.compare(v, bound);
    if (Number.isNaN(cmp)) return false;
    if (cmp < 0) return true;
  }
  return false;
}

/**
 * A range compiled for one ordering; NEVER when its events cannot be ordered. Events are sorted at
 * build and kept as two parallel arrays (kinds, parsed bounds; null for '0'), walked without allocation.
 */
function compileRange(range: OsvRange, ordering: Ordering): Test {
  const raw: RawEvent[] = [];
  const limitTexts: string[] = [];
  for (const e of range.events) {
    let kind: EventKind;
    let text: string;
    if ('introduced' in e) [kind, text] = [EventKind.Introduced, e.introduced];
    else if ('fixed' in e) [kind, text] = [EventKind.Fixed, e.fixed];
    else if ('last_affected' in e) [kind, text] = [EventKind.LastAffected, e.last_affected];
    else {
      limitTexts.push(e.limit);
      continue;
    }
    let bound: unknown = null;
    if (text !== '0') {
      bound = ordering.parse(text);
      // osv-match compares the version with every non-'0' event, so one invalid bound fails the range.
      if (bound === undefined) return NEVER;
    }
    raw.push({ kind, text, bound });
  }
  raw.sort((a, b) => compareEvents(ordering, a, b) || a.kind - b.kind);
  const kinds = raw.map((e) => e.kind);
  const bounds = raw.map((e) => e.bound);
  const limitBounds = limitTexts.map((t) => (t === '*' || t === '0' ? null : (ordering.parse(t) ?? null)));
  const total = ordering.total;
  const limited = limitTexts.length > 0;
  const n = kinds.length;
  return (lookup) => {
    if (limited && !underLimits(lookup, ordering, limitTexts, limitBounds)) return false;
    let vulnerable = false;
    for (let i = 0; i < n; i++) {
      const kind = kinds[i];
      const bound = bounds[i];
      if (bound === null) {
        // '0': introduced from the beginning; a '0' fixed or last_affected is at or below any version
        vulnerable = kind === EventKind.Introduced;
        continue;
      }
      const v = componentVersion(lookup, ordering);
      if (v === null) return false;
      const cmp = ordering.compare(v, bound);
      if (Number.isNaN(cmp)) return false;
      if (cmp < 0) {
        if (total) break; // every later event is above the version too
        continue;
      }
      if (kind === EventKind.Introduced) vulnerable = true;
      else if (kind === EventKind.Fixed || cmp > 0) vulnerable = false;
    }
    return vulnerable;
  };
}

/** The `versions` list: equal as written, or equal in the ecosystem's ordering when both are valid. */
function compileVersionList(
  versions: readonly string[],
  scheme: VersionScheme | undefined,
  ordering: Ordering | undefined,
): Test {
  if (versions.length === 0) return NEVER;
  const exact = new Set(versions);
  if (scheme === undefined || ordering === undefined) {
    return (lookup) => lookup.version !== null && exact.has(lookup.version);
  }
  const bounds = versions
    .filter((v) => scheme.isValid(v))
    .map((v) => ordering.parse(v))
    .filter((b) => b !== undefined);
  return (lookup) => {
    if (lookup.version === null) return false;
    if (exact.has(lookup.version)) return true;
    if (bounds.length === 0) return false;
    const v = componentVersion(lookup, ordering);
    if (v === null || (!ordering.validIsParsable && !scheme.isValid(lookup.version))) return false;
    for (const bound of bounds) if (ordering.compare(v, bound) === 0) return true;
    return false;
  };
}

/** OSV release suffix by purl `type/namespace?distro`: few distinct values, each computed once. */
const releaseByDistro = new Map<string, string | null>();

function componentRelease(lookup: Lookup): string | null {
  if (lookup.release !== undefined) return lookup.release;
  const purl = purlOf(lookup);
  const distro = purl?.qualifiers?.match(/(?:^|&)distro=([^&]*)/)?.[1];
  if (purl === null || distro === undefined) return (lookup.release = null);
  const cacheKey = `${purl.type}/${purl.namespace ?? ''}?${distro}`;
  let release = releaseByDistro.get(cacheKey);
  if (release === undefined) {
    const ns = purl.namespace === null ? '' : `${encodeURIComponent(purl.namespace)}/`;
    const pkg = osvPackageFromPurl(`pkg:${purl.type}/${ns}x?distro=${distro}`);
    release = pkg.ok ? (ecosystemSuffix(pkg.package.ecosystem) ?? null) : null;
    if (releaseByDistro.size < 10_000) releaseByDistro.set(cacheKey, release);
  }
  return (lookup.release = release);
}

function compileOsv(condition: Extract<VersionCondition, { type: 'osv' }>): Test {
  const ecosystem = condition.ecosystem;
  const scheme = ecosystem === null ? undefined : versionSchemeForEcosystem(ecosystem);
  const ordering = scheme === undefined ? undefined : orderingOf(scheme);
  const tests: Test[] = [];
  const list = compileVersionList(condition.versions, scheme, ordering);
  if (list !== NEVER) tests.push(list);
  for (const range of condition.ranges) {
    if (range.type === 'SEMVER') tests.push(compileRange(range, SEMVER_WITHOUT_V));
    else if (range.type === 'ECOSYSTEM' && ordering !== undefined) tests.push(compileRange(range, ordering));
  }
  const live = tests.filter((t) => t !== NEVER);
  // `Debian:12` rules apply to a component of another release only when its purl names no release.
  const release = ecosystem === null ? undefined : ecosystemSuffix(ecosystem);
  const sameRelease = (lookup: Lookup): boolean => {
    if (release === undefined) return true;
    const own = componentRelease(lookup);
    return own === null || own === release;
  };
  if (live.length === 0) return NEVER;
  const single = live[0];
  if (live.length === 1 && single !== undefined && release === undefined) return single;
  return (lookup) => {
    if (!sameRelease(lookup)) return false;
    for (const test of live) if (test(lookup)) return true;
    return false;
  };
}

function compileExact(version: string, scheme: VersionScheme | undefined): Test {
  return (lookup) => {
    const v = lookup.version;
    if (v === null) return false;
    if (v === version) return true;
    if (scheme === undefined || !scheme.isValid(v) || !scheme.isValid(version)) return false;
    try {
      return scheme.compare(v, version) === 0;
    } catch {
      return false;
    }
  };
}

function compileVers(text: string): Test {
  let vers: Vers;
  try {
    vers = parseVers(text);
  } catch {
    return NEVER;
  }
  if (vers.constraints === '*') return ALWAYS;
  if (findVersionScheme(vers.scheme) === undefined) return NEVER; // no ordering: never guess
  return (lookup) => {
    if (lookup.version === null) return false;
    try {
      return contains(vers, lookup.version);
    } catch {
      return false;
    }
  };
}

/**
 * Compiles a condition. `exactScheme` is the ordering in which an `exact` version compares (the purl
 * type's for purl rules, the `generic` scheme otherwise); without one, only identical text is equal.
 */
function compileCondition(condition: VersionCondition, exactScheme: VersionScheme | undefined): Test {
  switch (condition.type) {
    case 'all':
      return ALWAYS;
    case 'exact':
      return compileExact(condition.version, exactScheme);
    case 'vers':
      return compileVers(condition.vers);
    case 'osv':
      return compileOsv(condition);
    case 'cpe': {
      const pattern = tryParseCpe(condition.cpe);
      if (pattern === undefined) return NEVER;
      return (lookup) => {
        const candidate = lookup.component.cpe === null ? undefined : tryParseCpe(lookup.component.cpe);
        return candidate !== undefined && cpeMatches(pattern, candidate);
      };
    }
  }
}

function newLookup(component: ComponentIdentity): Lookup {
  const lookup: Lookup = {
    component,
    purl: null,
    version: null,
    parsed: [],
    stamps: [],
    keys: [],
    keyStamps: [],
    stamp: 0,
    release: undefined,
  };
  resetLookup(lookup, component);
  return lookup;
}

/** Points a (reused) lookup at a component. */
function resetLookup(lookup: Lookup, component: ComponentIdentity): void {
  lookup.component = component;
  lookup.purl = undefined;
  lookup.version = versionOf(lookup);
  lookup.stamp = ++stamps;
  lookup.release = undefined;
}

/** The component's purl, split on first need (most lookups need only its key). */
function purlOf(lookup: Lookup): PurlParts | null {
  if (lookup.purl === undefined) {
    const text = lookup.component.purl;
    lookup.purl = text === null ? null : (splitPurl(text) ?? null);
  }
  return lookup.purl;
}

/** The component's version, else the version its purl carries, else its CPE's. */
function versionOf(lookup: Lookup): string | null {
  const component = lookup.component;
  if (component.version !== null && component.version !== '') return component.version;
  const purl = purlOf(lookup);
  if (purl !== null && purl.version !== null) return purl.version;
  if (component.cpe === null) return null;
  const cpe = tryParseCpe(component.cpe);
  return cpe === undefined ? null : wfnValueText(cpe.version);
}

function purlTypeOf(component: ComponentIdentity): string | undefined {
  return component.purl === null ? undefined : splitPurl(component.purl)?.type;
}

/**
 * Whether the component's version satisfies the condition. `exact` versions compare in the
 * component's purl type ordering (else `generic`); ranges with no ordering, or a version invalid in
 * it, do not match.
 */
export function evaluateCondition(condition: VersionCondition, component: ComponentIdentity): boolean {
  const type = purlTypeOf(component);
  const scheme = findVersionScheme(type ?? 'generic') ?? findVersionScheme('generic');
  return compileCondition(condition, scheme)(newLookup(component));
}

/** The ordering of `exact` versions of a rule: its purl type's, else `generic`. */
function exactSchemeOf(rule: AffectRule): VersionScheme | undefined {
  if (rule.kind === 'purl' && rule.key.startsWith('purl:')) {
    const slash = rule.key.indexOf('/');
    const scheme = findVersionScheme(rule.key.slice(5, slash === -1 ? undefined : slash));
    if (scheme !== undefined) return scheme;
  }
  return findVersionScheme('generic');
}

/** Whether the component is identified by a purl of an ecosystem OSV covers. */
function hasEcosystemPurl(purl: PurlParts | null): boolean {
  return purl !== null && ecosystemForPurlType(purl.type, purl.namespace) !== undefined;
}

/**
 * The rules of an index compiled into one flat program, so that a lookup touches a handful of memory
 * locations rather than a dozen objects per rule: with half a million rules, scattered objects cost
 * far more in cache misses (and in garbage-collector work) than the comparisons themselves.
 *
 * `code` holds one block per key; the key map gives the block's offset. Version bounds are parsed
 * once (`bounds`, numbered per key from the block's base) and each is compared with the component's
 * version at most once per lookup. Layout (all int32):
 *
 *   key:    RULES BOUND_BASE BOUND_COUNT rule…
 *   rule:   LENGTH RULE_ID RANK VULN FLAGS body    (FLAGS: NAME_UNDER_PURL, CLOSURE, NEVER)
 *   body:   RELEASE LIST RANGES                    (an OSV condition; RELEASE: string or -1)
 *   list:   nExact string… ORDERING nBounds bound…
 *   ranges: n (TOTAL nLimits (string bound)… nEvents (KIND bound)…)…
 *
 * A bound of -1 stands for '0' (events) or '0'/'*' (limits, told apart by their text), -2 for a limit
 * that does not parse. Conditions other than OSV keep a closure (`tests[RULE_ID]`).
 */
interface Program {
  code: Int32Array;
  rules: AffectRule[];
  tests: Test[];
  strings: string[];
  orderings: Ordering[];
  bounds: unknown[];
  /** The order key of each bound (NaN: none), read before the bound itself. */
  boundKeys: Float64Array;
  /** The ordering (index in `orderings`) of each bound. */
  boundOrdering: Int32Array;
  /** The most bounds under one key (the size of a lookup's comparison cache). */
  maxBounds: number;
}

const FLAG_NAME_UNDER_PURL = 1;
const FLAG_CLOSURE = 2;
const FLAG_NEVER = 4;
const NO_BOUND = -1;
const BAD_BOUND = -2;
const RULE_HEADER = 5;

const CONFIDENCE_RANK: Readonly<Record<MatchConfidence, number>> = { purl: 0, cpe: 1, model: 2, name: 3 };
const CONFIDENCE_BY_RANK: readonly MatchConfidence[] = ['purl', 'cpe', 'model', 'name'];

class ProgramBuilder {
  private readonly code: number[] = [];
  private readonly rules: AffectRule[] = [];
  private readonly tests: Test[] = [];
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly orderings: Ordering[] = [];
  private readonly bounds: unknown[] = [];
  private readonly boundKeys: number[] = [];
  private readonly boundOrdering: number[] = [];
  /** The current key's bounds by ordering and text. */
  private readonly keyBounds = new Map<string, number>();
  private keyStart = 0;
  private keyRules = 0;
  private maxBounds = 0;

  /** Starts a key's block; returns its offset. */
  beginKey(): number {
    this.keyStart = this.code.length;
    this.keyRules = 0;
    this.keyBounds.clear();
    this.code.push(0, this.bounds.length, 0);
    return this.keyStart;
  }

  endKey(): void {
    const count = this.bounds.length - (this.code[this.keyStart + 1] ?? 0);
    this.code[this.keyStart] = this.keyRules;
    this.code[this.keyStart + 2] = count;
    this.maxBounds = Math.max(this.maxBounds, count);
  }

  addRule(rule: AffectRule, vulnId: number, nameUnderPurl: boolean): void {
    const code = this.code;
    const start = code.length;
    let flags = nameUnderPurl ? FLAG_NAME_UNDER_PURL : 0;
    code.push(0, this.rules.length, CONFIDENCE_RANK[rule.kind], vulnId, 0);
    this.rules.push(rule);
    const condition = rule.condition;
    if (condition.type === 'osv') {
      this.tests.push(NEVER);
      if (!this.addOsv(condition)) flags |= FLAG_NEVER;
    } else {
      const test = compileCondition(condition, exactSchemeOf(rule));
      this.tests.push(test);
      flags |= test === NEVER ? FLAG_NEVER : FLAG_CLOSURE;
    }
    code[start] = code.length - start;
    code[start + 4] = flags;
    this.keyRules++;
  }

  build(): Program {
    return {
      code: Int32Array.from(this.code),
      rules: this.rules,
      tests: this.tests,
      strings: this.strings,
      orderings: this.orderings,
      bounds: this.bounds,
      boundKeys: Float64Array.from(this.boundKeys),
      boundOrdering: Int32Array.from(this.boundOrdering),
      maxBounds: this.maxBounds,
    };
  }

  /** Emits an OSV body; false when nothing in it can ever match. */
  private addOsv(condition: Extract<VersionCondition, { type: 'osv' }>): boolean {
    const ecosystem = condition.ecosystem;
    const scheme = ecosystem === null ? undefined : versionSchemeForEcosystem(ecosystem);
    const ordering = scheme === undefined ? undefined : orderingOf(scheme);
    const release = ecosystem === null ? undefined : ecosystemSuffix(ecosystem);
    const code = this.code;
    code.push(release === undefined ? -1 : this.string(release));
    // The versions list: matched as written, and in the ecosystem's ordering where both are valid.
    const versions = condition.versions;
    code.push(versions.length);
    for (const v of versions) code.push(this.string(v));
    if (scheme === undefined || ordering === undefined || versions.length === 0) code.push(-1, 0);
    else {
      const o = this.ordering(ordering);
      const ids: number[] = [];
      for (const v of versions) {
        if (!scheme.isValid(v)) continue;
        const id = this.bound(o, v);
        if (id >= 0) ids.push(id);
      }
      code.push(o, ids.length, ...ids);
    }
    let live = versions.length > 0;
    const countAt = code.length;
    code.push(0);
    for (const range of condition.ranges) {
      const rangeOrdering =
        range.type === 'SEMVER' ? SEMVER_WITHOUT_V : range.type === 'ECOSYSTEM' ? ordering : undefined;
      if (rangeOrdering !== undefined && this.addRange(range, rangeOrdering)) {
        code[countAt] = (code[countAt] ?? 0) + 1;
        live = true;
      }
    }
    return live;
  }

  /** Emits a range with its events sorted; false (nothing emitted) when an event bound does not parse. */
  private addRange(range: OsvRange, ordering: Ordering): boolean {
    const raw: RawEvent[] = [];
    const limits: string[] = [];
    for (const e of range.events) {
      let kind: EventKind;
      let text: string;
      if ('introduced' in e) [kind, text] = [EventKind.Introduced, e.introduced];
      else if ('fixed' in e) [kind, text] = [EventKind.Fixed, e.fixed];
      else if ('last_affected' in e) [kind, text] = [EventKind.LastAffected, e.last_affected];
      else {
        limits.push(e.limit);
        continue;
      }
      let bound: unknown = null;
      if (text !== '0') {
        bound = ordering.parse(text);
        // osv-match compares the version with every non-'0' event, so one invalid bound fails the range.
        if (bound === undefined) return false;
      }
      raw.push({ kind, text, bound });
    }
    raw.sort((a, b) => compareEvents(ordering, a, b) || a.kind - b.kind);
    const o = this.ordering(ordering);
    const code = this.code;
    code.push(ordering.total ? 1 : 0, limits.length);
    for (const t of limits) {
      code.push(this.string(t), t === '*' || t === '0' ? NO_BOUND : this.bound(o, t));
    }
    code.push(raw.length);
    for (const e of raw) code.push(e.kind, e.text === '0' ? NO_BOUND : this.bound(o, e.text));
    return true;
  }

  private string(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  private ordering(ordering: Ordering): number {
    const i = this.orderings.indexOf(ordering);
    if (i !== -1) return i;
    this.orderings.push(ordering);
    return this.orderings.length - 1;
  }

  /** A bound's number within the current key (shared by its rules), or BAD_BOUND when it does not parse. */
  private bound(o: number, text: string): number {
    const id = `${String(o)}\u0000${text}`;
    let local = this.keyBounds.get(id);
    if (local === undefined) {
      const parsed = this.orderings[o]?.parse(text);
      if (parsed === undefined) return BAD_BOUND;
      local = this.bounds.length - (this.code[this.keyStart + 1] ?? 0);
      this.bounds.push(parsed);
      this.boundKeys.push(this.orderings[o]?.key(parsed) ?? Number.NaN);
      this.boundOrdering.push(o);
      this.keyBounds.set(id, local);
    }
    return local;
  }
}

/** The placeholder a reused lookup starts with. */
const EMPTY_COMPONENT: ComponentIdentity = {
  name: '',
  vendor: null,
  version: null,
  purl: null,
  cpe: null,
  modelNumber: null,
  hashes: [],
  site: null,
};

/**
 * Affect rules indexed by match key. `match` returns, per vulnerability, the most confident rule that
 * covers the component (purl > cpe > model > name).
 *
 * One rule on top of the keys: a `name` rule does not match a component identified by an ecosystem
 * purl (npm, PyPI, Debian…) when the same vulnerability has a purl rule. The purl rule decides for
 * that component with the package's own version ordering; the name rule would only add false
 * positives (another package of the same name, a version outside the purl rule's range).
 */
export class MatchIndex {
  /** Key → offset of its block in the program; purl keys without their prefix (see purlKeyPathOf). */
  private readonly byKey = new Map<string, number>();
  private readonly byPurlPath = new Map<string, number>();
  private readonly program: Program;
  /** Which kinds of keys any rule has: a lookup skips computing the others. */
  private readonly kinds: Readonly<Record<MatchConfidence, boolean>>;
  /** Scratch state reused by every lookup (match is synchronous, so one suffices). */
  private readonly lookup: Lookup = newLookup(EMPTY_COMPONENT);
  /** The best rule found so far per vulnerability (parallel arrays, `foundCount` long). */
  private readonly foundVuln: number[] = [];
  private readonly foundRank: number[] = [];
  private readonly foundRule: number[] = [];
  private foundCount = 0;
  /** The comparisons of the version with the current key's bounds, valid where `cmpStamp` is `stamp`. */
  private readonly cmp: Float64Array;
  private readonly cmpStamp: Int32Array;
  private stamp = 0;
  /** The first bound of the key being visited. */
  private boundBase = 0;
  /** The number of rules indexed. */
  readonly size: number;

  constructor(rules: Iterable<AffectRule>) {
    const grouped = new Map<string, AffectRule[]>();
    const vulnsWithPurlRules = new Set<string>();
    const kinds = { purl: false, cpe: false, model: false, name: false };
    let size = 0;
    for (const rule of rules) {
      const list = grouped.get(rule.key);
      if (list === undefined) grouped.set(rule.key, [rule]);
      else list.push(rule);
      if (rule.kind === 'purl') vulnsWithPurlRules.add(rule.vulnKey);
      kinds[rule.kind] = true;
      size++;
    }
    this.size = size;
    this.kinds = kinds;
    const vulnIds = new Map<string, number>();
    const builder = new ProgramBuilder();
    for (const [key, list] of grouped) {
      const at = builder.beginKey();
      if (key.startsWith(PURL_KEY_PREFIX)) this.byPurlPath.set(key.slice(PURL_KEY_PREFIX.length), at);
      else this.byKey.set(key, at);
      for (const rule of list) {
        let vulnId = vulnIds.get(rule.vulnKey);
        if (vulnId === undefined) {
          vulnId = vulnIds.size;
          vulnIds.set(rule.vulnKey, vulnId);
        }
        builder.addRule(rule, vulnId, rule.kind === 'name' && vulnsWithPurlRules.has(rule.vulnKey));
      }
      builder.endKey();
    }
    this.program = builder.build();
    this.cmp = new Float64Array(this.program.maxBounds);
    this.cmpStamp = new Int32Array(this.program.maxBounds);
  }

  /** The rules indexed under a key. */
  rulesFor(key: string): AffectRule[] {
    const at = this.blockOf(key);
    if (at === undefined) return [];
    const { code, rules } = this.program;
    const out: AffectRule[] = [];
    let p = at + 3;
    for (let r = 0; r < (code[at] as number); r++) {
      out.push(rules[code[p + 1] as number] as AffectRule);
      p += code[p] as number;
    }
    return out;
  }

  /**
   * The rules covering the component, one per vulnerability (the most confident). The keys looked
   * up are those of matchKeysOf, computed inline and only for kinds of rules the index holds.
   */
  match(component: ComponentIdentity): RuleMatch[] {
    this.begin(component);
    const { kinds } = this;
    if (component.purl !== null && kinds.purl) {
      const path = purlKeyPathOf(component.purl);
      if (path !== null) this.visitBlock(this.byPurlPath.get(path));
    }
    if (component.cpe !== null && kinds.cpe) {
      const key = cpeMatchKey(component.cpe);
      if (key !== null) this.visit(key);
    }
    const byModel = component.modelNumber !== null && kinds.model;
    if (byModel || kinds.name) {
      const vendor = normalizeVendor(component.vendor);
      const model = byModel && component.modelNumber !== null ? normalizeModel(component.modelNumber) : '';
      if (model !== '') {
        this.visit(`model:${vendor}|${model}`);
        if (vendor !== '') this.visit(`model:|${model}`);
      }
      const product = kinds.name ? normalizeWords(component.name) : '';
      if (product !== '') {
        this.visit(`name:${vendor}|${product}`);
        if (vendor !== '') this.visit(`name:|${product}`);
      }
    }
    return this.found();
  }

  /**
   * `match` for a component whose match keys are already known, as the server stores them
   * (`component_keys`): the keys of matchKeysOf, in its order (purl, cpe, model, name), which decides
   * between equally confident rules. The same answer as `match`, without deriving the keys again.
   */
  matchWithKeys(component: ComponentIdentity, keys: readonly string[]): RuleMatch[] {
    this.begin(component);
    for (const key of keys) this.visit(key);
    return this.found();
  }

  /** Points the lookup at a component and forgets the previous one's matches. */
  private begin(component: ComponentIdentity): void {
    resetLookup(this.lookup, component);
    this.foundCount = 0;
  }

  /**
   * The matches found since `begin`. The confidence is the rule's kind, read from its rank in the
   * program: reading `rule.kind` would fetch each matched rule object into the cache, only for that.
   */
  private found(): RuleMatch[] {
    const out: RuleMatch[] = [];
    const rules = this.program.rules;
    for (let i = 0; i < this.foundCount; i++) {
      const rule = rules[this.foundRule[i] as number] as AffectRule;
      out.push({ rule, confidence: CONFIDENCE_BY_RANK[this.foundRank[i] as number] as MatchConfidence });
    }
    return out;
  }

  private blockOf(key: string): number | undefined {
    return key.startsWith(PURL_KEY_PREFIX)
      ? this.byPurlPath.get(key.slice(PURL_KEY_PREFIX.length))
      : this.byKey.get(key);
  }

  private visit(key: string): void {
    this.visitBlock(this.blockOf(key));
  }

  /** Tests the rules of one key's block against the current lookup, keeping the best per vulnerability. */
  private visitBlock(at: number | undefined): void {
    if (at === undefined) return;
    const { code, tests } = this.program;
    if (++this.stamp === 0x3fffffff) {
      this.cmpStamp.fill(0);
      this.stamp = 1;
    }
    this.boundBase = code[at + 1] as number;
    const lookup = this.lookup;
    const count = code[at] as number;
    let p = at + 3;
    for (let r = 0; r < count; r++, p += code[p] as number) {
      const ruleId = code[p + 1] as number;
      const rank = code[p + 2] as number;
      const vuln = code[p + 3] as number;
      const flags = code[p + 4] as number;
      if ((flags & FLAG_NEVER) !== 0) continue;
      if ((flags & FLAG_NAME_UNDER_PURL) !== 0 && hasEcosystemPurl(purlOf(lookup))) continue;
      let existing = -1;
      for (let i = 0; i < this.foundCount; i++) {
        if (this.foundVuln[i] === vuln) {
          existing = i;
          break;
        }
      }
      if (existing !== -1 && (this.foundRank[existing] as number) <= rank) continue;
      const matched =
        (flags & FLAG_CLOSURE) !== 0 ? (tests[ruleId] as Test)(lookup) : this.runOsv(p + RULE_HEADER);
      if (!matched) continue;
      const slot = existing === -1 ? this.foundCount++ : existing;
      this.foundVuln[slot] = vuln;
      this.foundRank[slot] = rank;
      this.foundRule[slot] = ruleId;
    }
  }

  /** The version against the current key's bound `b`: <0, 0, >0, or NaN when it does not parse. */
  private compareBound(b: number): number {
    if (this.cmpStamp[b] === this.stamp) return this.cmp[b] as number;
    const { orderings, boundOrdering, bounds, boundKeys } = this.program;
    const global = this.boundBase + b;
    const ordering = orderings[boundOrdering[global] as number] as Ordering;
    const lookup = this.lookup;
    // Two order keys compare as numbers: no parse of the version, no read of the bound's objects.
    const bk = boundKeys[global] as number;
    const vk = Number.isNaN(bk) ? Number.NaN : componentKey(lookup, ordering);
    let c: number;
    if (!Number.isNaN(vk)) c = vk < bk ? -1 : vk > bk ? 1 : 0;
    else {
      const v = componentVersion(lookup, ordering);
      c = v === null ? Number.NaN : ordering.compare(v, bounds[global]);
    }
    this.cmp[b] = c;
    this.cmpStamp[b] = this.stamp;
    return c;
  }

  /** Runs an OSV body (see Program) from `at`, with the answers of osv-match's isVersionAffected. */
  private runOsv(at: number): boolean {
    const { code, strings, orderings } = this.program;
    const lookup = this.lookup;
    const version = lookup.version;
    let p = at;
    const release = code[p++] as number;
    // `Debian:12` rules apply to a component of another release only when its purl names no release.
    if (release !== -1) {
      const own = componentRelease(lookup);
      if (own !== null && own !== strings[release]) return false;
    }
    const nExact = code[p++] as number;
    if (version !== null) {
      for (let i = 0; i < nExact; i++) if (strings[code[p + i] as number] === version) return true;
    }
    p += nExact;
    const listOrdering = code[p++] as number;
    const nListBounds = code[p++] as number;
    if (version !== null && nListBounds > 0) {
      const ordering = orderings[listOrdering] as Ordering;
      if (ordering.validIsParsable || ordering.scheme.isValid(version)) {
        for (let i = 0; i < nListBounds; i++) if (this.compareBound(code[p + i] as number) === 0) return true;
      }
    }
    p += nListBounds;
    const nRanges = code[p++] as number;
    for (let r = 0; r < nRanges; r++) {
      const total = code[p++] === 1;
      const nLimits = code[p++] as number;
      const inRange = nLimits === 0 || this.underLimits(p, nLimits);
      p += 2 * nLimits;
      const nEvents = code[p++] as number;
      if (inRange && this.walkEvents(p, nEvents, total)) return true;
      p += 2 * nEvents;
    }
    return false;
  }

  /** OSV's walk over sorted events: `introduced` at or below the version opens, `fixed`/`last_affected` close. */
  private walkEvents(at: number, n: number, total: boolean): boolean {
    const code = this.program.code;
    let vulnerable = false;
    for (let i = 0; i < n; i++) {
      const kind = code[at + 2 * i] as number;
      const bound = code[at + 2 * i + 1] as number;
      if (bound === NO_BOUND) {
        // '0': introduced from the beginning; a '0' fixed or last_affected is at or below any version
        vulnerable = kind === EventKind.Introduced;
        continue;
      }
      const cmp = this.compareBound(bound);
      if (Number.isNaN(cmp)) return false; // an invalid version is in no range
      if (cmp < 0) {
        if (total) break; // every later event is above the version too
        continue;
      }
      if (kind === EventKind.Introduced) vulnerable = true;
      else if (kind === EventKind.Fixed || cmp > 0) vulnerable = false;
    }
    return vulnerable;
  }

  /** Limit events, in order as OSV's evaluation does (the first one above the version wins). */
  private underLimits(at: number, n: number): boolean {
    const version = this.lookup.version ?? '';
    const { code, strings } = this.program;
    for (let i = 0; i < n; i++) {
      const text = strings[code[at + 2 * i] as number] as string;
      const bound = code[at + 2 * i + 1] as number;
      if (text === '*') return true;
      if (version === text) continue;
      if (version === '0') return true;
      if (text === '0') continue;
      if (version === '*') continue;
      if (bound === BAD_BOUND) return false; // osv-match's compare throws
      const cmp = this.compareBound(bound);
      if (Number.isNaN(cmp)) return false;
      if (cmp < 0) return true;
    }
    return false;
  }
}

/** A candidate component affected by some rules. */
export interface ComponentMatches {
  /** The component's position in the candidates given. */
  index: number;
  component: ComponentIdentity;
  matches: RuleMatch[];
}

/**
 * The reverse question, for one advisory: of these candidates (found through the advisory's match
 * keys), which are affected and by which rules.
 */
export function matchRules(
  rules: readonly AffectRule[],
  candidates: readonly ComponentIdentity[],
): ComponentMatches[] {
  const index = new MatchIndex(rules);
  const out: ComponentMatches[] = [];
  candidates.forEach((component, i) => {
    const matches = index.match(component);
    if (matches.length > 0) out.push({ index: i, component, matches });
  });
  return out;
}
