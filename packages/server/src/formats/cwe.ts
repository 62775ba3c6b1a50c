import catalogue from '@secvisogram/csaf-validator-lib/lib/cwec/4.17.js';

/**
 * The CWE weakness catalogue: id normalization, lookup and search.
 *
 * The data is CWE 4.17 as bundled by @secvisogram/csaf-validator-lib (`lib/cwec/4.17.js`, the same
 * 968 weaknesses as its `lib/shared/cwec.js`, plus the release date and each weakness's status and
 * mapping usage). It holds weaknesses only: categories and views (such as CWE-16 or CWE-1000) are not
 * in it, which is right for tagging a vulnerability, as MITRE discourages mapping to those.
 */

export const CWE_CATALOG_VERSION = '4.17';
export const CWE_CATALOG_DATE: string = catalogue.date;

/** MITRE's mapping guidance for a weakness: `Prohibited` and `Discouraged` ones should not be used. */
export const CWE_USAGES = ['Allowed', 'Allowed-with-Review', 'Discouraged', 'Prohibited'] as const;
export type CweUsage = (typeof CWE_USAGES)[number];

export interface CweEntry {
  /** `CWE-<number>`, without leading zeros. */
  readonly id: string;
  readonly name: string;
  /** The weakness's maturity: `Stable`, `Draft`, `Incomplete` or `Deprecated`. */
  readonly status: string;
  readonly usage: CweUsage;
}

const isUsage = (s: string | undefined): s is CweUsage =>
  (CWE_USAGES as readonly (string | undefined)[]).includes(s);

const ENTRIES: readonly CweEntry[] = catalogue.weaknesses.map(({ id, name, status, usage }) => {
  if (!isUsage(usage)) throw new Error(`CWE catalogue: ${id} has an unknown usage "${String(usage)}"`);
  return { id, name, status, usage };
});
const BY_ID: ReadonlyMap<string, CweEntry> = new Map(ENTRIES.map((entry) => [entry.id, entry]));

/** `CWE-79`, `cwe-79`, `CWE 79`, `79` and ` CWE-079 ` all give `CWE-79`; anything else gives undefined. */
export function normalizeCweId(input: string): string | undefined {
  const digits = /^(?:cwe\s*[-_:]?\s*)?(\d{1,7})$/i.exec(input.trim())?.[1];
  return digits === undefined ? undefined : `CWE-${String(Number(digits))}`;
}

/** The weakness with this id (in any form `normalizeCweId` accepts), or undefined. */
export function findCwe(id: string): CweEntry | undefined {
  const normalized = normalizeCweId(id);
  return normalized === undefined ? undefined : BY_ID.get(normalized);
}

const idNumber = (entry: CweEntry): number => Number(entry.id.slice('CWE-'.length));
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const MATURITY = ['Stable', 'Draft', 'Incomplete', 'Deprecated'];
const maturity = (entry: CweEntry): number => {
  const index = MATURITY.indexOf(entry.status);
  return index === -1 ? MATURITY.length : index;
};

interface Match {
  readonly entry: CweEntry;
  /** 0 the exact id, 1 an id starting with the query's digits, 2 a name containing the query's words. */
  readonly rank: 0 | 1 | 2;
  /** Whether every word of the query is a whole word of the name (not only part of one). */
  readonly wholeWords: boolean;
}

/**
 * Weaknesses matching a query, best first. A query that is an id (`79`, `CWE-7`) finds that
 * weakness, then those whose number starts with the same digits, in numeric order (CWE-70, CWE-77, …).
 * Any other query finds the weaknesses whose name contains every word of it (`sql injection`), case
 * ignored: names with the words as whole words first, then the more mature entries (Stable, Draft,
 * Incomplete, Deprecated), then shorter names.
 */
export function searchCwe(query: string, limit = 20): CweEntry[] {
  if (limit <= 0) return [];
  const matches: Match[] = [];
  const id = normalizeCweId(query);
  if (id !== undefined) {
    for (const entry of ENTRIES) {
      if (entry.id === id) matches.push({ entry, rank: 0, wholeWords: true });
      else if (entry.id.startsWith(id)) matches.push({ entry, rank: 1, wholeWords: true });
    }
  } else {
    const queryWords = words(query);
    if (queryWords.length > 0) {
      for (const entry of ENTRIES) {
        const name = entry.name.toLowerCase();
        if (!queryWords.every((w) => name.includes(w))) continue;
        const nameWords = new Set(words(name));
        matches.push({ entry, rank: 2, wholeWords: queryWords.every((w) => nameWords.has(w)) });
      }
    }
  }
  return matches
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.rank === 2
          ? Number(b.wholeWords) - Number(a.wholeWords) ||
            maturity(a.entry) - maturity(b.entry) ||
            a.entry.name.length - b.entry.name.length
          : 0) ||
        idNumber(a.entry) - idNumber(b.entry),
    )
    .slice(0, limit)
    .map((match) => match.entry);
}
