import { normalizeCweId } from './cwe.js';

/**
 * How alike two vulnerability reports are, to rank likely duplicates for a triager.
 *
 * - title: Dice coefficient of the sets of word unigrams and bigrams;
 * - description: cosine of the unigram and bigram counts;
 * - products: each product matched to its best counterpart on the other side and the two directions
 *   averaged; a product matches fully on the same package URL without its version, qualifiers and
 *   subpath, the same CPE vendor:product, or the same vendor and product names, and half on the same
 *   product name under another vendor;
 * - cwe: 1 for the same CWE id, else 0.
 *
 * Words are compared case- and accent-insensitively, without common English stop words and with a
 * plural "s" removed. The score is the weighted mean of the fields both reports have (a field missing
 * on either side, such as an empty product list or no CWE, neither helps nor hurts), so two identical
 * reports score 1 whichever fields they fill in. The breakdown shows 0 for a field that could not be
 * compared.
 */

export const SIMILARITY_WEIGHTS = { title: 0.35, description: 0.25, products: 0.3, cwe: 0.1 } as const;

export interface SimilarityProduct {
  readonly vendor: string;
  readonly product: string;
  readonly purl?: string | null;
  readonly cpe?: string | null;
}

export interface SimilarityInput {
  readonly title: string;
  readonly description: string;
  readonly products: readonly SimilarityProduct[];
  readonly cwe?: string | null;
}

export interface SimilarityBreakdown {
  readonly title: number;
  readonly description: number;
  readonly products: number;
  readonly cwe: number;
}

export interface Similarity {
  /** 0 (nothing in common) to 1 (the same on every field both reports have). */
  readonly score: number;
  readonly breakdown: SimilarityBreakdown;
}

export interface DuplicateMatch extends Similarity {
  readonly id: string;
}

export interface RankOptions {
  /** The most matches to return; 10 unless given. */
  readonly limit?: number;
  /** Matches scoring below this are left out; 0 unless given. */
  readonly minScore?: number;
}

type Field = keyof SimilarityBreakdown;

interface Features {
  readonly titleSet: ReadonlySet<string>;
  readonly descriptionCounts: ReadonlyMap<string, number>;
  readonly products: readonly ProductKeys[];
  readonly cwe: string | undefined;
}

interface ProductKeys {
  /** Keys any one of which, shared, makes two products the same. */
  readonly exact: readonly string[];
  /** The product name alone. */
  readonly name: string | undefined;
}

/** The similarity of two reports, with the score of each field. */
export function similarity(a: SimilarityInput, b: SimilarityInput): Similarity {
  return compare(features(a), features(b));
}

/** Candidates ordered by similarity to the target, best first; ties keep the candidates' order. */
export function rankDuplicates(
  target: SimilarityInput,
  candidates: readonly (SimilarityInput & { readonly id: string })[],
  options: RankOptions = {},
): DuplicateMatch[] {
  const { limit = 10, minScore = 0 } = options;
  const wanted = features(target);
  return candidates
    .map((candidate) => ({ id: candidate.id, ...compare(wanted, features(candidate)) }))
    .filter((match) => match.score >= minScore)
    .sort((x, y) => y.score - x.score)
    .slice(0, Math.max(0, limit));
}

function compare(a: Features, b: Features): Similarity {
  const scores: Partial<Record<Field, number>> = {
    ...(a.titleSet.size > 0 && b.titleSet.size > 0 ? { title: dice(a.titleSet, b.titleSet) } : {}),
    ...(a.descriptionCounts.size > 0 && b.descriptionCounts.size > 0
      ? { description: cosine(a.descriptionCounts, b.descriptionCounts) }
      : {}),
    ...(a.products.length > 0 && b.products.length > 0
      ? { products: productOverlap(a.products, b.products) }
      : {}),
    ...(a.cwe !== undefined && b.cwe !== undefined ? { cwe: a.cwe === b.cwe ? 1 : 0 } : {}),
  };
  let weighted = 0;
  let weights = 0;
  for (const field of Object.keys(SIMILARITY_WEIGHTS) as Field[]) {
    const score = scores[field];
    if (score === undefined) continue;
    weighted += SIMILARITY_WEIGHTS[field] * score;
    weights += SIMILARITY_WEIGHTS[field];
  }
  return {
    score: weights === 0 ? 0 : round(weighted / weights),
    breakdown: {
      title: round(scores.title ?? 0),
      description: round(scores.description ?? 0),
      products: round(scores.products ?? 0),
      cwe: round(scores.cwe ?? 0),
    },
  };
}

const round = (n: number): number => Math.min(1, Math.max(0, Math.round(n * 10_000) / 10_000));

function features(input: SimilarityInput): Features {
  const descriptionCounts = new Map<string, number>();
  for (const shingle of shingles(words(input.description))) {
    descriptionCounts.set(shingle, (descriptionCounts.get(shingle) ?? 0) + 1);
  }
  return {
    titleSet: new Set(shingles(words(input.title))),
    descriptionCounts,
    products: input.products.map(productKeys),
    cwe: input.cwe ? normalizeCweId(input.cwe) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Text

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could does for from has have if in into is it its may ' +
    'might not of on or over so such than that the their then there these this those through to ' +
    'under using via was were when where which while who will with within without would'
  ).split(' '),
);

/** Lower-case words without accents, stop words or a plural "s". */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOP_WORDS.has(word) && (word.length > 1 || /\d/.test(word)))
    .map(singular);
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/** Each word and each pair of neighbouring words. */
function shingles(list: readonly string[]): string[] {
  return [...list, ...list.slice(1).map((word, i) => `${list[i] ?? ''} ${word}`)];
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return (2 * shared) / (a.size + b.size);
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [key, count] of a) dot += count * (b.get(key) ?? 0);
  return dot / (norm(a) * norm(b));
}

const norm = (counts: ReadonlyMap<string, number>): number =>
  Math.sqrt([...counts.values()].reduce((sum, n) => sum + n * n, 0));

// ---------------------------------------------------------------------------------------------
// Products

/** Mean, in both directions, of each product's best match on the other side. */
function productOverlap(a: readonly ProductKeys[], b: readonly ProductKeys[]): number {
  const best = (from: readonly ProductKeys[], to: readonly ProductKeys[]): number =>
    from.reduce((sum, p) => sum + Math.max(...to.map((q) => productMatch(p, q))), 0) / from.length;
  return (best(a, b) + best(b, a)) / 2;
}

function productMatch(p: ProductKeys, q: ProductKeys): number {
  if (p.exact.some((key) => q.exact.includes(key))) return 1;
  return p.name !== undefined && p.name === q.name ? 0.5 : 0;
}

function productKeys(product: SimilarityProduct): ProductKeys {
  const vendor = compact(product.vendor);
  const name = compact(product.product);
  const purl = product.purl ? purlKey(product.purl) : undefined;
  const cpe = product.cpe ? cpeKey(product.cpe) : undefined;
  return {
    exact: [
      ...(purl === undefined ? [] : [`purl ${purl}`]),
      ...(cpe === undefined ? [] : [`cpe ${cpe}`]),
      ...(vendor === '' || name === '' ? [] : [`name ${vendor}|${name}`]),
    ],
    name: name === '' ? undefined : name,
  };
}

/** Letters and digits only, lower case: "Open SSL" and "openssl" compare equal. */
const compact = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toLowerCase();

/** `pkg:type/namespace/name`, decoded and lower-cased, without version, qualifiers or subpath. */
function purlKey(purl: string): string | undefined {
  let s = purl.trim().replace(/[#?].*$/s, '');
  if (!/^pkg:/i.test(s)) return undefined;
  const at = s.indexOf('@', s.lastIndexOf('/') + 1);
  if (at !== -1) s = s.slice(0, at);
  s = s.replace(/^pkg:\/*/i, 'pkg:').replace(/\/+$/, '');
  return s.includes('/') ? decode(s).toLowerCase() : undefined;
}

/** `vendor:product` from a CPE 2.3 formatted string or a CPE 2.2 URI, lower-cased. */
function cpeKey(cpe: string): string | undefined {
  const s = cpe.trim();
  let vendor: string | undefined;
  let product: string | undefined;
  if (/^cpe:2\.3:/i.test(s)) {
    // Formatted string: cpe:2.3:part:vendor:product:…, where "\:" is a literal colon.
    [, , , vendor, product] = s.split(/(?<!\\):/);
  } else if (/^cpe:\/[aho]?:/i.test(s)) {
    // URI binding: cpe:/part:vendor:product:…, percent-encoded.
    [, vendor, product] = s.slice('cpe:/'.length).split(':').map(decode);
  }
  const usable = (v: string | undefined): v is string =>
    v !== undefined && v !== '' && v !== '*' && v !== '-';
  return usable(vendor) && usable(product)
    ? `${vendor.replace(/\\(.)/g, '$1')}:${product.replace(/\\(.)/g, '$1')}`.toLowerCase()
    : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
