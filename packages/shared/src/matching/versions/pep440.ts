import { compare, parse as parseLibrary, valid } from '@renovatebot/pep440';
import { packQualified, plainQualifiedKey, type VersionScheme, VersionError } from './scheme.js';

function checked(v: string): string {
  if (valid(v) === null) throw new VersionError(`invalid PEP 440 version ${JSON.stringify(v)}`);
  return v;
}

/**
 * What @renovatebot/pep440's `parse` returns at run time (its declared type is looser): normalized
 * pre-release letters (`a`, `b`, `rc`), numbers as numbers, local segments split.
 */
export interface Pep440Parts {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: (string | number)[] | null;
}

function parsePep440(v: string): Pep440Parts | undefined {
  return (parseLibrary(v) as unknown as Pep440Parts | null) ?? undefined;
}

function cmpNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Release segments compare as if trailing zeros were absent (1.0 = 1.0.0). */
function compareRelease(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpNumbers(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_PHASE: Readonly<Record<string, number>> = { a: 0, b: 1, rc: 2 };

/** The pre-release phase: a dev release of a final sorts before its pre-releases, a final after them. */
function prePhase(v: Pep440Parts): number {
  if (v.pre === null) return v.post === null && v.dev !== null ? -Infinity : Infinity;
  return PRE_PHASE[v.pre[0]] ?? 3;
}

/** Local segments: numbers above strings, numbers numerically, strings lexically; no local sorts first. */
function compareLocal(a: Pep440Parts['local'], b: Pep440Parts['local']): number {
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
function compareParts(a: Pep440Parts, b: Pep440Parts): number {
  let c = cmpNumbers(a.epoch, b.epoch) || compareRelease(a.release, b.release);
  if (c !== 0) return c;
  c = cmpNumbers(prePhase(a), prePhase(b)) || cmpNumbers(a.pre?.[1] ?? 0, b.pre?.[1] ?? 0);
  if (c !== 0) return c;
  c = cmpNumbers(a.post?.[1] ?? -Infinity, b.post?.[1] ?? -Infinity);
  if (c !== 0) return c;
  c = cmpNumbers(a.dev?.[1] ?? Infinity, b.dev?.[1] ?? Infinity);
  return c !== 0 ? c : compareLocal(a.local, b.local);
}

/**
 * Order-key tiers (see packQualified): a dev release of a final, then alpha, beta and release
 * candidates, then the final with its post-releases (number 0 for the final, post N at N + 1).
 */
const DEV_TIER = 0;
const PRE_TIER: Readonly<Record<string, number>> = { a: 1, b: 2, rc: 3 };
const FINAL_TIER = 4;

/**
 * Releases of at most three non-zero-padded parts (1.2 = 1.2.0), epoch 0, no local part, either
 * final or with exactly one of a pre-release, a post-release or a dev release (`1.2rc1`, `1.2.post1`,
 * `1.2.dev0`); NaN for other shapes.
 */
function orderKey(v: Pep440Parts): number {
  if (v.epoch !== 0 || v.local !== null) return Number.NaN;
  let n = v.release.length;
  while (n > 3 && v.release[n - 1] === 0) n--;
  if (n > 3) return Number.NaN;
  const [a = 0, b = 0, c = 0] = v.release;
  const { pre, post, dev } = v;
  if (pre !== null) {
    const tier = PRE_TIER[pre[0]];
    return post !== null || dev !== null || tier === undefined
      ? Number.NaN
      : packQualified(a, b, c, tier, pre[1]);
  }
  if (post !== null) return dev !== null ? Number.NaN : packQualified(a, b, c, FINAL_TIER, post[1] + 1);
  return dev !== null ? packQualified(a, b, c, DEV_TIER, dev[1]) : packQualified(a, b, c, FINAL_TIER, 0);
}

/**
 * PEP 440 (PyPI): epochs, pre/post/dev releases, local versions. `compare` is @renovatebot/pep440's;
 * `compareParsed` orders its parsed form without re-parsing, held to `compare` by tests.
 */
export const pep440Scheme: VersionScheme<Pep440Parts> = {
  name: 'pypi',
  compare: (a, b) => compare(checked(a), checked(b)),
  isValid: (v) => valid(v) !== null,
  parse: parsePep440,
  compareParsed: compareParts,
  orderKey,
  textOrderKey: (v) => plainQualifiedKey(v, 0, 1, 3, true, FINAL_TIER),
};
