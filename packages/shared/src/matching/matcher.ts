/**
 * The matcher: which affect rules cover which components. `MatchIndex` hashes rules by match key and
 * compiles their version conditions once (range events sorted, bounds parsed), so that a lookup costs
 * a few map reads and one parse of the component's version per ordering.
 *
 * OSV conditions give exactly the answers of osv-match's `isVersionAffected` (a differential test
 * holds them together): a version that is invalid in the ordering never falls in a range, an ordering
 * we do not have only matches the `versions` list, and `all` matches every version. The fast path
 * differs only in when work is done: SemVer and PEP 440 bounds are parsed at build (and component
 * versions once per lookup), events are sorted at build, and under a total ordering the walk over
 * sorted events stops at the first event above the version (nothing after it can change the outcome).
 */
import { parse as parsePep440Library } from '@renovatebot/pep440';
import semver from 'semver';
import { cpeMatches, cpeMatchKey, tryParseCpe, wfnValueText } from './cpe.js';
import {
  normalizeModel,
  normalizeVendor,
  normalizeWords,
  packageMatchKey,
  type PurlParts,
  splitPurl,
} from './match-keys.js';
import { versionSchemeForEcosystem } from './osv-match.js';
import { ecosystemForPurlType, ecosystemSuffix, osvPackageFromPurl } from './osv-package.js';
import type { OsvRange } from './osv-types.js';
import type { AffectRule, ComponentIdentity, MatchConfidence, RuleMatch, VersionCondition } from './types.js';
import { contains, parseVers, type Vers } from './vers.js';
import { findVersionScheme, pep440Scheme, semverScheme, type VersionScheme } from './versions/index.js';

/** Per-lookup state: the component, its version and that version parsed once per ordering. */
interface Lookup {
  component: ComponentIdentity;
  /** The component's purl split once, or null. */
  purl: PurlParts | null;
  version: string | null;
  /** undefined: not parsed yet; null: invalid. */
  semver: CompactSemver | null | undefined;
  semverWithoutV: CompactSemver | null | undefined;
  pep440: Pep440Version | null | undefined;
  /** The OSV release suffix of the component's purl (`12` for a bookworm deb); undefined: not computed. */
  release: string | null | undefined;
}

/** A version ordering as the compiled conditions use it: NaN from `compare` means "invalid". */
/**
 * A SemVer version reduced to what ordering needs (a parsed `semver.SemVer` carries several strings
 * and arrays; half a million bounds of it weigh on memory and on the collector).
 */
interface CompactSemver {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (numbers where numeric), or null for a release. */
  pre: readonly (string | number)[] | null;
}

function compactSemver(v: string): CompactSemver | null {
  const parsed = semver.parse(v);
  if (parsed === null) return null;
  const pre = parsed.prerelease.length === 0 ? null : parsed.prerelease;
  return { major: parsed.major, minor: parsed.minor, patch: parsed.patch, pre };
}

const NUMERIC = /^[0-9]+$/;

/** SemVer 2.0 §11: numeric identifiers numerically and below alphanumeric ones, which compare in ASCII. */
function compareIdentifiers(a: string | number, b: string | number): number {
  const an = typeof a === 'number' || NUMERIC.test(a);
  const bn = typeof b === 'number' || NUMERIC.test(b);
  if (an && bn) return cmpNumbers(Number(a), Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer 2.0 precedence (build metadata ignored); a release sorts above its pre-releases. */
function compareSemver(a: CompactSemver, b: CompactSemver): number {
  const c = cmpNumbers(a.major, b.major) || cmpNumbers(a.minor, b.minor) || cmpNumbers(a.patch, b.patch);
  if (c !== 0) return c;
  if (a.pre === null || b.pre === null) return a.pre === b.pre ? 0 : a.pre === null ? 1 : -1;
  const n = Math.max(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    if (x !== y) return compareIdentifiers(x, y);
  }
  return 0;
}

type Bound = CompactSemver | Pep440Version | string;

interface Ordering {
  /** Parses a bound at build; null when invalid. */
  parse(v: string): Bound | null;
  /** The component version against a parsed bound. */
  compare(lookup: Lookup, bound: Bound): number;
  /** Whether the component version is valid in this ordering. */
  isValid(lookup: Lookup): boolean;
  /**
   * Whether the ordering is total, so that a walk over sorted events may stop at the first event
   * above the version. Not so for RPM, where a version without release equals every release of it
   * (1.0 = 1.0-1 = 1.0-2 but 1.0-1 < 1.0-2).
   */
  total: boolean;
}

const withoutV = (v: string): string => (v.startsWith('v') ? v.slice(1) : v);

function componentSemver(lookup: Lookup): CompactSemver | null {
  if (lookup.semver === undefined)
    lookup.semver = lookup.version === null ? null : compactSemver(lookup.version);
  return lookup.semver;
}

function componentSemverWithoutV(lookup: Lookup): CompactSemver | null {
  if (lookup.semverWithoutV === undefined) {
    lookup.semverWithoutV = lookup.version === null ? null : compactSemver(withoutV(lookup.version));
  }
  return lookup.semverWithoutV;
}

/** SemVer 2.0 (npm, crates.io, Hex): parsed objects compared without re-parsing. */
const SEMVER: Ordering = {
  parse: (v) => compactSemver(v),
  compare(lookup, bound) {
    const v = componentSemver(lookup);
    return v === null ? Number.NaN : compareSemver(v, bound as CompactSemver);
  },
  isValid: (lookup) => componentSemver(lookup) !== null,
  total: true,
};

/** OSV SEMVER ranges and Go: SemVer tolerating a leading `v` on either side. */
const SEMVER_WITHOUT_V: Ordering = {
  parse: (v) => compactSemver(withoutV(v)),
  compare(lookup, bound) {
    const v = componentSemverWithoutV(lookup);
    return v === null ? Number.NaN : compareSemver(v, bound as CompactSemver);
  },
  isValid: (lookup) => componentSemverWithoutV(lookup) !== null,
  total: true,
};

/**
 * What @renovatebot/pep440's `parse` returns at run time (its declared type is looser): normalized
 * pre-release letters (`a`, `b`, `rc`), numbers as numbers, local segments split.
 */
interface Pep440Version {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: (string | number)[] | null;
}

function parsePep440(v: string): Pep440Version | null {
  return parsePep440Library(v) as unknown as Pep440Version | null;
}

function cmpNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release segments compare as if trailing zeros were absent (1.0 = 1.0.0). */
function comparePep440Release(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpNumbers(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_PHASE: Readonly<Record<string, number>> = { a: 0, b: 1, rc: 2 };

/** The pre-release position: a dev release of a final sorts before its pre-releases, a final after them. */
function prePosition(v: Pep440Version): [number, number] {
  if (v.pre === null) return v.post === null && v.dev !== null ? [-Infinity, 0] : [Infinity, 0];
  return [PRE_PHASE[v.pre[0]] ?? 3, v.pre[1]];
}

/** Local segments: numbers above strings, numbers numerically, strings lexically; no local sorts first. */
function comparePep440Local(a: Pep440Version['local'], b: Pep440Version['local']): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return cmpNumbers(x, y);
    } else if (typeof x === 'number') return 1;
    else if (typeof y === 'number') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** PEP 440 ordering of parsed versions (epoch, release, pre, post, dev, local). */
function comparePep440(a: Pep440Version, b: Pep440Version): number {
  let c = cmpNumbers(a.epoch, b.epoch) || comparePep440Release(a.release, b.release);
  if (c !== 0) return c;
  const [pa, na] = prePosition(a);
  const [pb, nb] = prePosition(b);
  c = cmpNumbers(pa, pb) || cmpNumbers(na, nb);
  if (c !== 0) return c;
  c = cmpNumbers(a.post?.[1] ?? -Infinity, b.post?.[1] ?? -Infinity);
  if (c !== 0) return c;
  c = cmpNumbers(a.dev?.[1] ?? Infinity, b.dev?.[1] ?? Infinity);
  return c !== 0 ? c : comparePep440Local(a.local, b.local);
}

function componentPep440(lookup: Lookup): Pep440Version | null {
  if (lookup.pep440 === undefined)
    lookup.pep440 = lookup.version === null ? null : parsePep440(lookup.version);
  return lookup.pep440;
}

/** PEP 440 (PyPI): versions parsed once by @renovatebot/pep440, compared on the parsed parts. */
const PEP440: Ordering = {
  parse: (v) => parsePep440(v),
  compare(lookup, bound) {
    const v = componentPep440(lookup);
    return v === null ? Number.NaN : comparePep440(v, bound as Pep440Version);
  },
  isValid: (lookup) => componentPep440(lookup) !== null,
  total: true,
};

/** osv-match's ordering of SEMVER range events (SemVer without a leading `v`, as for Go). */
const SEMVER_RANGE_SCHEME: VersionScheme = versionSchemeForEcosystem('Go') ?? semverScheme;

const slowOrderings = new Map<VersionScheme, Ordering>();

/** Any other scheme: its own `compare` on strings (an exception means an invalid version). */
function stringOrdering(scheme: VersionScheme): Ordering {
  let ordering = slowOrderings.get(scheme);
  if (ordering === undefined) {
    ordering = {
      parse(v) {
        try {
          scheme.compare(v, v);
          return v;
        } catch {
          return null;
        }
      },
      compare(lookup, bound) {
        if (lookup.version === null) return Number.NaN;
        try {
          return scheme.compare(lookup.version, bound as string);
        } catch {
          return Number.NaN;
        }
      },
      isValid: (lookup) => lookup.version !== null && scheme.isValid(lookup.version),
      total: false,
    };
    slowOrderings.set(scheme, ordering);
  }
  return ordering;
}

function orderingOf(scheme: VersionScheme): Ordering {
  if (scheme === semverScheme) return SEMVER;
  if (scheme.name === 'go-osv') return SEMVER_WITHOUT_V;
  if (scheme === pep440Scheme) return PEP440;
  return stringOrdering(scheme);
}

type Test = (lookup: Lookup) => boolean;

const NEVER: Test = () => false;
const ALWAYS: Test = () => true;

const enum EventKind {
  Introduced = 0,
  LastAffected = 1,
  Fixed = 2,
}

interface CompiledEvent {
  kind: EventKind;
  /** '0' (introduced from the beginning): always at or below any version. */
  zero: boolean;
  bound: Bound;
}

interface CompiledLimit {
  /** The raw text, for the '0' / '*' / equal-string cases of OSV's event ordering. */
  text: string;
  bound: Bound | null;
}

/** OSV's event ordering: '0' first, '*' last, equal strings equal, else the scheme's. */
function compareEventTexts(scheme: VersionScheme, a: string, b: string): number {
  if (a === b) return 0;
  if (a === '0') return -1;
  if (b === '0') return 1;
  if (a === '*') return 1;
  if (b === '*') return -1;
  return scheme.compare(a, b);
}

/** A range compiled for one ordering; NEVER when its events cannot be ordered. */
function compileRange(range: OsvRange, scheme: VersionScheme, ordering: Ordering): Test {
  const raw: { kind: EventKind; text: string }[] = [];
  const limits: CompiledLimit[] = [];
  for (const e of range.events) {
    if ('introduced' in e) raw.push({ kind: EventKind.Introduced, text: e.introduced });
    else if ('fixed' in e) raw.push({ kind: EventKind.Fixed, text: e.fixed });
    else if ('last_affected' in e) raw.push({ kind: EventKind.LastAffected, text: e.last_affected });
    else limits.push({ text: e.limit, bound: null });
  }
  try {
    raw.sort((a, b) => compareEventTexts(scheme, a.text, b.text) || a.kind - b.kind);
  } catch {
    return NEVER;
  }
  const events: CompiledEvent[] = [];
  for (const e of raw) {
    if (e.text === '0') {
      events.push({ kind: e.kind, zero: true, bound: '0' });
      continue;
    }
    const bound = ordering.parse(e.text);
    // osv-match compares the version with every non-'0' event, so one invalid bound fails the range.
    if (bound === null) return NEVER;
    events.push({ kind: e.kind, zero: false, bound });
  }
  for (const limit of limits) {
    if (limit.text !== '*' && limit.text !== '0') limit.bound = ordering.parse(limit.text);
  }
  const underLimits = (lookup: Lookup): boolean => {
    const version = lookup.version ?? '';
    for (const limit of limits) {
      if (limit.text === '*') return true;
      if (version === limit.text) continue;
      if (version === '0') return true;
      if (limit.text === '0') continue;
      if (version === '*') continue;
      if (limit.bound === null) return false;
      const cmp = ordering.compare(lookup, limit.bound);
      if (Number.isNaN(cmp)) return false;
      if (cmp < 0) return true;
    }
    return false;
  };
  const total = ordering.total;
  const limited = limits.length > 0;
  return (lookup) => {
    if (limited && !underLimits(lookup)) return false;
    let vulnerable = false;
    for (const e of events) {
      if (e.zero) {
        if (e.kind === EventKind.Introduced) vulnerable = true;
        else vulnerable = false; // a '0' fixed or last_affected is always at or below the version
        continue;
      }
      const cmp = ordering.compare(lookup, e.bound);
      if (Number.isNaN(cmp)) return false;
      if (cmp < 0) {
        if (total) break; // every later event is above the version too
        continue;
      }
      if (e.kind === EventKind.Introduced) vulnerable = true;
      else if (e.kind === EventKind.Fixed || cmp > 0) vulnerable = false;
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
    .filter((b) => b !== null);
  return (lookup) => {
    if (lookup.version === null) return false;
    if (exact.has(lookup.version)) return true;
    if (bounds.length === 0 || !ordering.isValid(lookup)) return false;
    for (const bound of bounds) if (ordering.compare(lookup, bound) === 0) return true;
    return false;
  };
}

/** OSV release suffix by purl `type/namespace?distro`: few distinct values, each computed once. */
const releaseByDistro = new Map<string, string | null>();

function componentRelease(lookup: Lookup): string | null {
  if (lookup.release !== undefined) return lookup.release;
  const purl = lookup.purl;
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
    if (range.type === 'SEMVER') tests.push(compileRange(range, SEMVER_RANGE_SCHEME, SEMVER_WITHOUT_V));
    else if (range.type === 'ECOSYSTEM' && scheme !== undefined && ordering !== undefined) {
      tests.push(compileRange(range, scheme, ordering));
    }
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
    semver: undefined,
    semverWithoutV: undefined,
    pep440: undefined,
    release: undefined,
  };
  resetLookup(lookup, component, component.purl === null ? null : (splitPurl(component.purl) ?? null));
  return lookup;
}

/** Points a (reused) lookup at a component. */
function resetLookup(lookup: Lookup, component: ComponentIdentity, purl: PurlParts | null): void {
  lookup.component = component;
  lookup.purl = purl;
  lookup.version = versionOf(component, purl);
  lookup.semver = undefined;
  lookup.semverWithoutV = undefined;
  lookup.pep440 = undefined;
  lookup.release = undefined;
}

/** The component's version, else the version its purl carries, else its CPE's. */
function versionOf(component: ComponentIdentity, purl: PurlParts | null): string | null {
  if (component.version !== null && component.version !== '') return component.version;
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

const CONFIDENCE_RANK: Readonly<Record<MatchConfidence, number>> = { purl: 0, cpe: 1, model: 2, name: 3 };

interface CompiledRule {
  rule: AffectRule;
  rank: number;
  test: Test;
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
  private readonly byKey = new Map<string, CompiledRule[]>();
  private readonly vulnsWithPurlRules = new Set<string>();
  /** Which kinds of keys any rule has: a lookup skips computing the others. */
  private readonly kinds = new Set<MatchConfidence>();
  /** Scratch state reused by every lookup (match is synchronous, so one suffices). */
  private readonly lookup: Lookup = newLookup(EMPTY_COMPONENT);
  private readonly found: CompiledRule[] = [];
  /** The number of rules indexed. */
  readonly size: number;

  constructor(rules: Iterable<AffectRule>) {
    let size = 0;
    for (const rule of rules) {
      const compiled: CompiledRule = {
        rule,
        rank: CONFIDENCE_RANK[rule.kind],
        test: compileCondition(rule.condition, exactSchemeOf(rule)),
      };
      const list = this.byKey.get(rule.key);
      if (list === undefined) this.byKey.set(rule.key, [compiled]);
      else list.push(compiled);
      if (rule.kind === 'purl') this.vulnsWithPurlRules.add(rule.vulnKey);
      this.kinds.add(rule.kind);
      size++;
    }
    this.size = size;
  }

  /** The rules indexed under a key. */
  rulesFor(key: string): AffectRule[] {
    return (this.byKey.get(key) ?? []).map((c) => c.rule);
  }

  /**
   * The rules covering the component, one per vulnerability (the most confident). The keys looked
   * up are those of matchKeysOf, computed inline and only for kinds of rules the index holds.
   */
  match(component: ComponentIdentity): RuleMatch[] {
    const purl = component.purl === null ? null : (splitPurl(component.purl) ?? null);
    const lookup = this.lookup;
    resetLookup(lookup, component, purl);
    this.found.length = 0;
    const { kinds } = this;
    if (purl !== null && kinds.has('purl')) this.visit(packageMatchKey(purl.type, purl.namespace, purl.name));
    if (component.cpe !== null && kinds.has('cpe')) {
      const key = cpeMatchKey(component.cpe);
      if (key !== null) this.visit(key);
    }
    const byModel = component.modelNumber !== null && kinds.has('model');
    const byName = kinds.has('name');
    if (byModel || byName) {
      const vendor = normalizeVendor(component.vendor);
      const model = byModel && component.modelNumber !== null ? normalizeModel(component.modelNumber) : '';
      if (model !== '') {
        this.visit(`model:${vendor}|${model}`);
        if (vendor !== '') this.visit(`model:|${model}`);
      }
      const product = byName ? normalizeWords(component.name) : '';
      if (product !== '') {
        this.visit(`name:${vendor}|${product}`);
        if (vendor !== '') this.visit(`name:|${product}`);
      }
    }
    const out: RuleMatch[] = [];
    for (const f of this.found) out.push({ rule: f.rule, confidence: f.rule.kind });
    return out;
  }

  /** Tests the rules under one key against the current lookup, keeping the best per vulnerability. */
  private visit(key: string): void {
    const candidates = this.byKey.get(key);
    if (candidates === undefined) return;
    const { found, lookup } = this;
    for (const candidate of candidates) {
      const { rule } = candidate;
      if (
        rule.kind === 'name' &&
        this.vulnsWithPurlRules.has(rule.vulnKey) &&
        hasEcosystemPurl(lookup.purl)
      ) {
        continue;
      }
      let existing = -1;
      for (let i = 0; i < found.length; i++) {
        if (found[i]?.rule.vulnKey === rule.vulnKey) {
          existing = i;
          break;
        }
      }
      const current = existing === -1 ? undefined : found[existing];
      if (current !== undefined && current.rank <= candidate.rank) continue;
      if (!candidate.test(lookup)) continue;
      if (current === undefined) found.push(candidate);
      else found[existing] = candidate;
    }
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
