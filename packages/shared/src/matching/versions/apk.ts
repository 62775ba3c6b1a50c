import { isDigitCode, type VersionScheme, VersionError } from './scheme.js';

/**
 * Token kinds of an apk version, in the order apk-tools ranks them when two versions agree up to the
 * point where one has a token of a different kind: the kind that comes later in this list is the
 * smaller version ("1.0" < "1.0-r1" < "1.0_p1" < "1.0a" < "1.0.1"), except that a pre-release
 * suffix is always smaller.
 */
const enum Kind {
  /** A component after '.', whose leading zeros make it sort like a decimal fraction. */
  DottedDigits,
  Digits,
  Letter,
  Suffix,
  SuffixNumber,
  Revision,
  End,
}

interface Token {
  kind: Kind;
  value: bigint;
}

/** Pre-release suffixes sort below the release (negative values), the rest above it. */
const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'] as const;
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'] as const;

function isLowerCode(c: number): boolean {
  return c >= 97 && c <= 122;
}

function digitsEnd(v: string, i: number): number {
  let j = i;
  while (j < v.length && isDigitCode(v.charCodeAt(j))) j++;
  return j;
}

/** The suffix name at v[i..] (checked in apk-tools' order, so "pre" wins over "p"). */
function suffixAt(v: string, i: number): { value: bigint; length: number } | undefined {
  const pre = PRE_SUFFIXES.findIndex((s) => v.startsWith(s, i));
  if (pre !== -1) return { value: BigInt(pre - PRE_SUFFIXES.length), length: PRE_SUFFIXES[pre]?.length ?? 0 };
  const post = POST_SUFFIXES.findIndex((s) => v.startsWith(s, i));
  if (post !== -1) return { value: BigInt(post), length: POST_SUFFIXES[post]?.length ?? 0 };
  return undefined;
}

/**
 * The kind of the token that starts at v[i], given the kind of the token before it, and how many
 * separator characters to skip; undefined when the text cannot continue a version there.
 */
function nextKind(v: string, i: number, previous: Kind): { kind: Kind; skip: number } | undefined {
  if (i >= v.length) return { kind: Kind.End, skip: 0 };
  const c = v.charCodeAt(i);
  if ((previous === Kind.Digits || previous === Kind.DottedDigits) && isLowerCode(c)) {
    return { kind: Kind.Letter, skip: 0 };
  }
  if (previous === Kind.Letter && isDigitCode(c)) return { kind: Kind.Digits, skip: 0 };
  if (previous === Kind.Suffix && isDigitCode(c)) return { kind: Kind.SuffixNumber, skip: 0 };
  if (v[i] === '.') return { kind: Kind.DottedDigits, skip: 1 };
  if (v[i] === '_') return { kind: Kind.Suffix, skip: 1 };
  if (v.startsWith('-r', i)) return { kind: Kind.Revision, skip: 2 };
  return undefined;
}

/** Splits an apk version into tokens ending with `End`, or undefined when it is not valid. */
function parse(v: string): Token[] | undefined {
  if (!isDigitCode(v.charCodeAt(0))) return undefined;
  const tokens: Token[] = [];
  let kind = Kind.Digits;
  let i = 0;
  while (kind !== Kind.End) {
    let end: number;
    let value: bigint;
    let next: Kind = kind;
    switch (kind) {
      case Kind.DottedDigits: {
        // "1.01" < "1.1": a run of leading zeros becomes a negative value, followed by the digits.
        let zeros = i;
        while (zeros < v.length && v.charCodeAt(zeros) === 48) zeros++;
        if (zeros > i) {
          end = zeros;
          value = BigInt(i - zeros);
          next = Kind.Digits;
          break;
        }
        end = digitsEnd(v, i);
        if (end === i) return undefined;
        value = BigInt(v.slice(i, end));
        break;
      }
      case Kind.Digits:
      case Kind.SuffixNumber:
      case Kind.Revision:
        // apk-tools reads an empty run as 0: "1.0-r" is revision 0, and after a zero run ("1.0a") too.
        end = digitsEnd(v, i);
        value = end === i ? 0n : BigInt(v.slice(i, end));
        break;
      case Kind.Letter:
        end = i + 1;
        value = BigInt(v.charCodeAt(i));
        break;
      case Kind.Suffix: {
        const suffix = suffixAt(v, i);
        if (suffix === undefined) return undefined;
        end = i + suffix.length;
        value = suffix.value;
        break;
      }
    }
    tokens.push({ kind, value });
    // A zero run is always followed by a plain digits token (empty unless more digits follow).
    if (next !== kind && end < v.length) {
      kind = next;
      i = end;
      continue;
    }
    const following = nextKind(v, end, kind);
    if (following === undefined) return undefined;
    kind = following.kind;
    i = end + following.skip;
  }
  tokens.push({ kind: Kind.End, value: 0n });
  return tokens;
}

function compareParsed(a: Token[], b: Token[]): number {
  for (let i = 0; ; i++) {
    const x = a[i] ?? { kind: Kind.End, value: 0n };
    const y = b[i] ?? { kind: Kind.End, value: 0n };
    if (x.kind === y.kind) {
      if (x.kind === Kind.End) return 0;
      if (x.value !== y.value) return x.value < y.value ? -1 : 1;
      continue;
    }
    // Equal so far and one goes on differently: a pre-release suffix makes its version smaller…
    if (x.kind === Kind.Suffix && x.value < 0n) return -1;
    if (y.kind === Kind.Suffix && y.value < 0n) return 1;
    // …otherwise the kind that ranks later (ultimately End) is the smaller version.
    return x.kind > y.kind ? -1 : 1;
  }
}

function checked(v: string): Token[] {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid Alpine apk version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * Alpine Linux apk-tools ordering: `1.2.3[a][_suffix[N]…][-rN]`, where `_alpha`, `_beta`, `_pre` and
 * `_rc` come before the release and `_cvs`, `_svn`, `_git`, `_hg` and `_p` after it, and `-rN` is the
 * package release.
 */
export const apkScheme: VersionScheme<Token[]> = {
  name: 'apk',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => parse(v) !== undefined,
  parse,
  compareParsed,
};
