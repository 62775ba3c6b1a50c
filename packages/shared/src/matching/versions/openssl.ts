import { sign, type VersionScheme, VersionError } from './scheme.js';

/** `1.0.2zh`, `3.0.1`, `3.0.0-beta2`: numbers, an optional letter release, an optional pre-release. */
const OPENSSL = /^(\d+(?:\.\d+)*)([a-z]*)(?:-(alpha|beta)(\d+))?$/;

interface OpensslVersion {
  numbers: bigint[];
  letters: string;
  /** 0 alpha, 1 beta, 2 release. */
  stage: number;
  stageNumber: bigint;
}

function parse(v: string): OpensslVersion | undefined {
  const m = OPENSSL.exec(v);
  if (m === null) return undefined;
  return {
    numbers: (m[1] ?? '').split('.').map(BigInt),
    letters: m[2] ?? '',
    stage: m[3] === 'alpha' ? 0 : m[3] === 'beta' ? 1 : 2,
    stageNumber: BigInt(m[4] ?? '0'),
  };
}

function compareBig(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareParsed(a: OpensslVersion, b: OpensslVersion): number {
  const n = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < n; i++) {
    const c = compareBig(a.numbers[i] ?? 0n, b.numbers[i] ?? 0n);
    if (c !== 0) return c;
  }
  // Letter releases run a…z, then za…zz: a longer run is later.
  if (a.letters.length !== b.letters.length) return sign(a.letters.length - b.letters.length);
  if (a.letters !== b.letters) return a.letters < b.letters ? -1 : 1;
  return sign(a.stage - b.stage) || compareBig(a.stageNumber, b.stageNumber);
}

function checked(v: string): OpensslVersion {
  const parsed = parse(v);
  if (parsed === undefined) throw new VersionError(`invalid OpenSSL version ${JSON.stringify(v)}`);
  return parsed;
}

/**
 * OpenSSL release versions: `1.0.2` < `1.0.2a` < … < `1.0.2z` < `1.0.2za` < `1.0.3`, and (from 3.0)
 * `3.0.0-alpha1` < `3.0.0-beta1` < `3.0.0`.
 */
export const opensslScheme: VersionScheme<OpensslVersion> = {
  name: 'openssl',
  compare: (a, b) => compareParsed(checked(a), checked(b)),
  isValid: (v) => OPENSSL.test(v),
  parse,
  compareParsed,
};
