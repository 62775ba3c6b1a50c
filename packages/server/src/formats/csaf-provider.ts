/**
 * The files a CSAF 2.0 trusted provider serves beside its documents (section 7.1 of the standard):
 * `provider-metadata.json` (requirement 7), the `CSAF` field of security.txt (8), the year folders (11),
 * `index.txt` (12), `changes.csv` (13), the ROLIE feed, service and category documents (15–17) and the
 * hash files (18). Signatures (19) and the public key (20) are made elsewhere; here they are only linked.
 *
 * Every function is pure: it takes values and returns the file's content, and never reads a clock or a disk.
 * Bad input (a relative URL, a line break where a header value goes, a path outside a year folder) is a
 * programming error and throws a `RangeError`, as `csafFilename` does.
 *
 * The layout we serve, below the distribution root (the folder of `provider-metadata.json`):
 *
 * ```
 * provider-metadata.json
 * service.json, category-*.json          ROLIE service and category documents
 * white/feed-tlp-white.json              one ROLIE feed per TLP label
 * white/index.txt, white/changes.csv     one directory distribution per TLP label
 * white/2026/chsa-2026-0001.json         .sha256, .sha512 and .asc beside it
 * ```
 */
import { csafFilename } from './csaf-filename.js';

/** CSAF 2.0 TLP labels (TLP 1.0 names, as `/document/distribution/tlp/label`) → the folder of their documents. */
export const CSAF_TLP_FOLDERS = {
  WHITE: 'white',
  GREEN: 'green',
  AMBER: 'amber',
  RED: 'red',
} as const satisfies Record<string, string>;
export type CsafTlpLabel = keyof typeof CSAF_TLP_FOLDERS;

/** A ROLIE feed's label in `provider-metadata.json`: one of the TLP labels, or `UNLABELED`. */
export type CsafFeedTlpLabel = CsafTlpLabel | 'UNLABELED';

/** The JSON schema and version every CSAF 2.0 entry of a ROLIE feed names in `format`. */
export const CSAF_ROLIE_FORMAT = {
  schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json',
  version: '2.0',
} as const;

/** The ROLIE category that marks a feed or collection as one of CSAF documents (RFC 8322 information type). */
const CSAF_INFORMATION_TYPE = {
  scheme: 'urn:ietf:params:rolie:category:information-type',
  term: 'csaf',
} as const;
/** The category scheme for a TLP label, as the standard's ROLIE service example uses it. */
const TLP_SCHEME = 'https://www.first.org/tlp/';

// ---------------------------------------------------------------------------------------------------
// Paths (requirements 2 and 11)

/** `YYYY/name.json`: a document's path relative to its TLP folder, as index.txt and changes.csv list it. */
const PATH_IN_TLP_FOLDER = /^[0-9]{4}\/[+\-a-z0-9_]+\.json$/;

/**
 * The year of a date-time value as written (`2026-01-01T00:30:00+01:00` is in 2026 even though it is
 * 2025 in UTC): requirement 11 names the folder after "the year given in the value".
 */
function yearOf(dateTime: string | Date): string {
  if (dateTime instanceof Date) {
    if (Number.isNaN(dateTime.getTime()))
      throw new RangeError('The initial release date is not a valid date.');
    return String(dateTime.getUTCFullYear()).padStart(4, '0');
  }
  const match = /^([0-9]{4})-[0-9]{2}-[0-9]{2}T/.exec(dateTime);
  if (match?.[1] === undefined || Number.isNaN(Date.parse(dateTime))) {
    throw new RangeError(`Not a CSAF date-time: ${JSON.stringify(dateTime)}.`);
  }
  return match[1];
}

/**
 * A document's path relative to its TLP folder: `2026/chsa-2026-0001.json`. The year is that of
 * `/document/tracking/initial_release_date` (requirement 11), so it never changes with later revisions.
 */
export function yearFolderPath(initialReleaseDate: string | Date, trackingId: string): string {
  return `${yearOf(initialReleaseDate)}/${csafFilename(trackingId)}`;
}

/** A document's path relative to the distribution root: `white/2026/chsa-2026-0001.json`. */
export function documentPath(
  tlp: CsafTlpLabel,
  initialReleaseDate: string | Date,
  trackingId: string,
): string {
  return `${CSAF_TLP_FOLDERS[tlp]}/${yearFolderPath(initialReleaseDate, trackingId)}`;
}

// ---------------------------------------------------------------------------------------------------
// provider-metadata.json (requirement 7)

export type CsafPublisherCategory = 'coordinator' | 'discoverer' | 'other' | 'translator' | 'user' | 'vendor';
export type CsafRole = 'csaf_trusted_provider' | 'csaf_provider' | 'csaf_publisher';

/** `/document/publisher` of the CSAF schema, which provider-metadata.json reuses. */
export interface CsafPublisher {
  category: CsafPublisherCategory;
  name: string;
  namespace: string;
  contact_details?: string;
  issuing_authority?: string;
}

export interface ProviderMetadataInput {
  /** Where this file is served; ends in `/provider-metadata.json` (best at `/.well-known/csaf/`, requirement 9). */
  canonicalUrl: string;
  publisher: CsafPublisher;
  lastUpdated: string | Date;
  /** One ROLIE feed per TLP label (requirement 15). */
  feeds: readonly { tlp: CsafFeedTlpLabel; url: string; summary?: string }[];
  /** The base URL of each directory distribution (requirements 11–14): one per TLP folder. */
  directoryUrls?: readonly string[];
  /** URLs of ROLIE service documents (requirement 16), listed in the ROLIE distribution. */
  serviceUrls?: readonly string[];
  /** URLs of ROLIE category documents (requirement 17), listed in the ROLIE distribution. */
  categoryUrls?: readonly string[];
  /** The OpenPGP keys that sign the documents (requirements 19 and 20). */
  publicKeys: readonly { fingerprint: string; url: string }[];
  role: CsafRole;
  listOnAggregators: boolean;
  mirrorOnAggregators: boolean;
}

export interface RolieFeedReference {
  summary?: string;
  tlp_label: CsafFeedTlpLabel;
  url: string;
}

export interface ProviderDistribution {
  directory_url?: string;
  rolie?: { feeds: RolieFeedReference[]; services?: string[]; categories?: string[] };
}

export interface ProviderMetadata {
  canonical_url: string;
  distributions?: ProviderDistribution[];
  last_updated: string;
  list_on_CSAF_aggregators: boolean;
  metadata_version: '2.0';
  mirror_on_CSAF_aggregators: boolean;
  public_openpgp_keys?: { fingerprint: string; url: string }[];
  publisher: CsafPublisher;
  role: CsafRole;
}

/**
 * Host names that never leave the machine or the test network (RFC 6761): a development server at
 * http://localhost may serve its directory over plain HTTP, though it is then no trusted provider.
 */
const DEVELOPMENT_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|.+\.localhost|.+\.test)$/;

/** An absolute `https:` URL (requirement 3: documents and their metadata travel only over TLS). */
function httpsUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`${what} is not an absolute URL: ${JSON.stringify(value)}.`);
  }
  const development = url.protocol === 'http:' && DEVELOPMENT_HOST.test(url.hostname);
  if (url.protocol !== 'https:' && !development)
    throw new RangeError(`${what} must use https: ${JSON.stringify(value)}.`);
  return value;
}

function jsonUrl(value: string, what: string): string {
  if (!value.endsWith('.json')) throw new RangeError(`${what} must end in .json: ${JSON.stringify(value)}.`);
  return httpsUrl(value, what);
}

function isoDateTime(value: string | Date, what: string): string {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`${what} is not a valid date-time: ${JSON.stringify(value)}.`);
  return value instanceof Date ? value.toISOString() : value;
}

/** Code-point order, the same in every locale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function distinct<T>(values: readonly T[], what: string): T[] {
  if (new Set(values).size !== values.length) throw new RangeError(`${what} lists the same value twice.`);
  return [...values];
}

/**
 * The `provider-metadata.json` object. Distributions: one `rolie` distribution with every feed (if any),
 * then one `directory_url` distribution per directory URL, in the order given. A CSAF provider must
 * offer at least one of the two (section 7.2.2); a trusted provider must name its signing keys (7.2.3).
 */
export function buildProviderMetadata(input: ProviderMetadataInput): ProviderMetadata {
  const canonicalUrl = httpsUrl(input.canonicalUrl, 'The canonical URL');
  if (!canonicalUrl.endsWith('/provider-metadata.json')) {
    throw new RangeError('The canonical URL must end in /provider-metadata.json.');
  }

  const feeds = input.feeds.map((feed): RolieFeedReference => {
    const reference: RolieFeedReference = { tlp_label: feed.tlp, url: jsonUrl(feed.url, 'A ROLIE feed URL') };
    return feed.summary === undefined ? reference : { summary: feed.summary, ...reference };
  });
  distinct(
    feeds.map((feed) => feed.tlp_label),
    'The ROLIE feeds (one per TLP label, requirement 15)',
  );
  distinct(
    feeds.map((feed) => feed.url),
    'The ROLIE feed URLs',
  );

  const distributions: ProviderDistribution[] = [];
  if (feeds.length > 0) {
    const rolie: NonNullable<ProviderDistribution['rolie']> = { feeds };
    const services = (input.serviceUrls ?? []).map((url) => jsonUrl(url, 'A ROLIE service document URL'));
    const categories = (input.categoryUrls ?? []).map((url) => jsonUrl(url, 'A ROLIE category document URL'));
    if (categories.length > 0) rolie.categories = distinct(categories, 'The ROLIE category document URLs');
    if (services.length > 0) rolie.services = distinct(services, 'The ROLIE service document URLs');
    distributions.push({ rolie });
  } else if ((input.serviceUrls ?? []).length > 0 || (input.categoryUrls ?? []).length > 0) {
    throw new RangeError('ROLIE service and category documents need at least one ROLIE feed.');
  }
  const directoryUrls = (input.directoryUrls ?? []).map((url) => httpsUrl(url, 'A directory URL'));
  for (const url of distinct(directoryUrls, 'The directory URLs')) distributions.push({ directory_url: url });

  if (distributions.length === 0 && input.role !== 'csaf_publisher') {
    throw new RangeError(`A ${input.role} needs a ROLIE feed or a directory distribution (section 7.2.2).`);
  }

  const keys = input.publicKeys.map((key) => {
    const fingerprint = key.fingerprint.replace(/\s+/g, '').toUpperCase();
    if (!/^[0-9A-F]{40,}$/.test(fingerprint)) {
      throw new RangeError(`Not an OpenPGP fingerprint: ${JSON.stringify(key.fingerprint)}.`);
    }
    return { fingerprint, url: httpsUrl(key.url, 'A public key URL') };
  });
  if (keys.length === 0 && input.role === 'csaf_trusted_provider') {
    throw new RangeError('A csaf_trusted_provider publishes its public OpenPGP key (requirement 20).');
  }

  const metadata: ProviderMetadata = {
    canonical_url: canonicalUrl,
    last_updated: isoDateTime(input.lastUpdated, 'last_updated'),
    list_on_CSAF_aggregators: input.listOnAggregators,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: input.mirrorOnAggregators,
    publisher: { ...input.publisher },
    role: input.role,
  };
  if (distributions.length > 0) metadata.distributions = distributions;
  if (keys.length > 0) metadata.public_openpgp_keys = keys;
  return metadata;
}

// ---------------------------------------------------------------------------------------------------
// index.txt and changes.csv (requirements 12 and 13)

function pathInTlpFolder(value: string): string {
  if (!PATH_IN_TLP_FOLDER.test(value)) {
    throw new RangeError(
      `Not a path relative to a TLP folder such as 2026/chsa-2026-0001.json: ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * `index.txt` of one TLP folder (requirement 12): each document's path relative to that folder
 * (`2026/chsa-2026-0001.json`), one a line, every line ending in LF, newest year first and then by
 * name. An empty folder gives an empty file.
 */
export function buildIndexTxt(paths: readonly string[]): string {
  const sorted = distinct(paths.map(pathInTlpFolder), 'index.txt').sort((a, b) => {
    const byYear = byText(b.slice(0, 4), a.slice(0, 4));
    return byYear !== 0 ? byYear : byText(a, b);
  });
  return sorted.map((line) => `${line}\n`).join('');
}

/** One field of an RFC 4180 record, always quoted as in the standard's example; `"` is doubled. */
const csvField = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/**
 * `changes.csv` of one TLP folder (requirement 13): for each document its path relative to that folder
 * and its `/document/tracking/current_release_date` exactly as written in the document, with no header,
 * the latest release first (ties by path). Both fields are quoted, as in the example of CSAF 2.0 (a `"`
 * would be doubled, RFC 4180). Lines end in LF like index.txt: CSAF 2.0 names no line break, and CSV
 * readers take LF as well as CRLF. A path may appear more than once: the standard's example lists one
 * document twice.
 */
export function buildChangesCsv(entries: readonly { path: string; currentReleaseDate: string }[]): string {
  const rows = entries.map((entry) => ({
    path: pathInTlpFolder(entry.path),
    date: entry.currentReleaseDate,
    time: Date.parse(isoDateTime(entry.currentReleaseDate, 'current_release_date')),
  }));
  rows.sort((a, b) => b.time - a.time || byText(a.path, b.path));
  return rows.map((row) => `${csvField(row.path)},${csvField(row.date)}\n`).join('');
}

// ---------------------------------------------------------------------------------------------------
// ROLIE (requirements 15–17)

export interface RolieCategory {
  scheme: string;
  term: string;
}
export interface RolieLink {
  rel: 'self' | 'hash' | 'signature';
  href: string;
}

export interface RolieFeedEntryInput {
  /** `/document/tracking/id`. */
  id: string;
  title: string;
  /** The document's URL. */
  link: string;
  /** `/document/tracking/initial_release_date`. */
  published: string;
  /** `/document/tracking/current_release_date`. */
  updated: string;
  summary?: string;
  hashUrls: { sha256: string; sha512: string };
  signatureUrl: string;
  format?: typeof CSAF_ROLIE_FORMAT;
}

export interface RolieFeedInput {
  id: string;
  title: string;
  feedUrl: string;
  updated: string | Date;
  tlpLabel: CsafFeedTlpLabel;
  entries: readonly RolieFeedEntryInput[];
}

export interface RolieFeedEntry {
  id: string;
  title: string;
  link: RolieLink[];
  published: string;
  updated: string;
  summary?: { content: string };
  content: { type: 'application/json'; src: string };
  format: { schema: string; version: string };
}

export interface RolieFeed {
  feed: {
    id: string;
    title: string;
    link: RolieLink[];
    category: RolieCategory[];
    updated: string;
    entry: RolieFeedEntry[];
  };
}

/** The categories of a feed or collection: CSAF, and the TLP label unless the feed is unlabeled. */
function feedCategories(tlpLabel: CsafFeedTlpLabel | undefined): RolieCategory[] {
  const categories: RolieCategory[] = [{ ...CSAF_INFORMATION_TYPE }];
  if (tlpLabel !== undefined && tlpLabel !== 'UNLABELED')
    categories.push({ scheme: TLP_SCHEME, term: tlpLabel });
  return categories;
}

/**
 * A ROLIE feed (requirement 15) in the JSON shape of the standard's example: every entry links its
 * document, both hash files (requirement 18) and its signature (requirement 19); entries are sorted by
 * `updated`, latest first (ties by id). Besides the CSAF information type the feed carries its TLP label
 * as a category (scheme `https://www.first.org/tlp/`, as in the standard's service document example).
 */
export function buildRolieFeed(input: RolieFeedInput): RolieFeed {
  const entries = input.entries.map((entry): RolieFeedEntry => {
    const link = httpsUrl(entry.link, 'A document URL');
    return {
      id: entry.id,
      title: entry.title,
      link: [
        { rel: 'self', href: link },
        { rel: 'hash', href: httpsUrl(entry.hashUrls.sha256, 'A SHA-256 hash file URL') },
        { rel: 'hash', href: httpsUrl(entry.hashUrls.sha512, 'A SHA-512 hash file URL') },
        { rel: 'signature', href: httpsUrl(entry.signatureUrl, 'A signature URL') },
      ],
      published: isoDateTime(entry.published, 'published'),
      updated: isoDateTime(entry.updated, 'updated'),
      // In the example's key order: summary, then content.
      ...(entry.summary === undefined ? {} : { summary: { content: entry.summary } }),
      content: { type: 'application/json', src: link },
      format: { ...(entry.format ?? CSAF_ROLIE_FORMAT) },
    };
  });
  distinct(
    entries.map((entry) => entry.id),
    'The ROLIE feed entries (one per tracking id)',
  );
  entries.sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated) || byText(a.id, b.id));
  return {
    feed: {
      id: input.id,
      title: input.title,
      link: [{ rel: 'self', href: jsonUrl(input.feedUrl, 'The feed URL') }],
      category: feedCategories(input.tlpLabel),
      updated: isoDateTime(input.updated, 'updated'),
      entry: entries,
    },
  };
}

export interface RolieServiceDocument {
  service: {
    workspace: {
      title: string;
      collection: { title: string; href: string; categories: { category: RolieCategory[] } }[];
    }[];
  };
}

/**
 * A ROLIE service document (requirement 16) listing the feeds. A feed's `href` may be relative to
 * `baseUrl`. As in the standard's second example, feeds for TLP:AMBER and TLP:RED (access-protected,
 * requirement 5) go into a workspace of their own; a workspace with no feed is left out.
 */
export function buildRolieServiceDocument(input: {
  baseUrl: string;
  feeds: readonly { title: string; href: string; tlpLabel?: CsafFeedTlpLabel }[];
}): RolieServiceDocument {
  httpsUrl(input.baseUrl, 'The base URL');
  if (input.feeds.length === 0) throw new RangeError('A ROLIE service document lists at least one feed.');
  const collection = (feed: (typeof input.feeds)[number]) => ({
    title: feed.title,
    href: jsonUrl(new URL(feed.href, input.baseUrl).href, 'A ROLIE feed URL'),
    categories: { category: feedCategories(feed.tlpLabel) },
  });
  const isPrivate = (feed: (typeof input.feeds)[number]) =>
    feed.tlpLabel === 'AMBER' || feed.tlpLabel === 'RED';
  const workspaces = [
    {
      title: 'Public CSAF feeds',
      collection: input.feeds.filter((feed) => !isPrivate(feed)).map(collection),
    },
    { title: 'Private CSAF feeds', collection: input.feeds.filter(isPrivate).map(collection) },
  ];
  return { service: { workspace: workspaces.filter((workspace) => workspace.collection.length > 0) } };
}

export interface RolieCategoryDocument {
  categories: { category: { term: string }[] };
}

/** A ROLIE category document (requirement 17): the terms in the order given, each once. */
export function buildRolieCategoryDocument(input: { terms: readonly string[] }): RolieCategoryDocument {
  if (input.terms.some((term) => term.trim() === ''))
    throw new RangeError('A ROLIE category term is never blank.');
  return { categories: { category: [...new Set(input.terms)].map((term) => ({ term })) } };
}

// ---------------------------------------------------------------------------------------------------
// security.txt (requirement 8, RFC 9116)

export interface SecurityTxtInput {
  /** `Contact` URIs (`mailto:`, `tel:` or `https:`), most preferred first; at least one. */
  contact: readonly string[];
  /** Goes in the `CSAF` field (requirement 8); the well-known URL (requirement 9) where there is one. */
  providerMetadataUrl: string;
  expires: Date;
  /** Where this security.txt is served, e.g. `https://example.com/.well-known/security.txt`. */
  canonical: string;
  /** Language tags (RFC 5646), such as `en`. */
  preferredLanguages?: readonly string[];
  policy?: string;
  /** A URL of the OpenPGP key for encrypted reports. */
  encryption?: string;
}

/** A field value: one line, nothing a reader could take for a second field. */
function fieldValue(value: string, field: string): string {
  if (value.trim() === '' || /[\r\n]/.test(value)) {
    throw new RangeError(`The ${field} field of security.txt needs a one-line value.`);
  }
  return value;
}

function contactUri(value: string): string {
  let url: URL;
  try {
    url = new URL(fieldValue(value, 'Contact'));
  } catch {
    throw new RangeError(`A security.txt Contact is a URI: ${JSON.stringify(value)}.`);
  }
  if (url.protocol === 'http:')
    throw new RangeError(`A web Contact must use https: ${JSON.stringify(value)}.`);
  return value;
}

/**
 * security.txt (RFC 9116) with the `CSAF` field of requirement 8. Lines end in LF, which RFC 9116 allows
 * as well as CRLF (its grammar: `eol = *WSP [CR] LF`), and which is what most published files and
 * OpenPGP cleartext signing tools produce. `Expires` is an RFC 3339 UTC date-time without fractions.
 */
export function buildSecurityTxt(input: SecurityTxtInput): string {
  if (input.contact.length === 0)
    throw new RangeError('security.txt needs at least one Contact (RFC 9116 2.5.3).');
  if (Number.isNaN(input.expires.getTime())) throw new RangeError('security.txt needs a valid Expires date.');
  const lines = input.contact.map((contact) => `Contact: ${contactUri(contact)}`);
  lines.push(`Expires: ${input.expires.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  if (input.encryption !== undefined) {
    lines.push(`Encryption: ${httpsUrl(fieldValue(input.encryption, 'Encryption'), 'The Encryption URL')}`);
  }
  if (input.preferredLanguages !== undefined && input.preferredLanguages.length > 0) {
    const tags = input.preferredLanguages.map((tag) => fieldValue(tag, 'Preferred-Languages'));
    if (tags.some((tag) => !/^[A-Za-z0-9-]+$/.test(tag)))
      throw new RangeError('Not a language tag in Preferred-Languages.');
    lines.push(`Preferred-Languages: ${tags.join(', ')}`);
  }
  lines.push(`Canonical: ${httpsUrl(fieldValue(input.canonical, 'Canonical'), 'The Canonical URL')}`);
  if (input.policy !== undefined) {
    lines.push(`Policy: ${httpsUrl(fieldValue(input.policy, 'Policy'), 'The Policy URL')}`);
  }
  const csaf = httpsUrl(fieldValue(input.providerMetadataUrl, 'CSAF'), 'The CSAF field');
  if (!csaf.endsWith('/provider-metadata.json')) {
    throw new RangeError('The CSAF field points to a provider-metadata.json (requirement 8).');
  }
  lines.push(`CSAF: ${csaf}`);
  return lines.map((line) => `${line}\n`).join('');
}

// ---------------------------------------------------------------------------------------------------
// Hash files (requirement 18)

/**
 * The body of a `.sha256` or `.sha512` file: the lower-case hex digest first, then two spaces and the
 * document's file name, then LF — the line `sha256sum` writes, so `sha256sum -c` checks it in place.
 */
export function hashFileContent(fileName: string, digestHex: string): string {
  // At least 256 bits: MD5 and SHA-1 SHOULD NOT be used (requirement 18).
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(digestHex))
    throw new RangeError('Not a hex digest of 256 bits or more.');
  // sha256sum escapes a name with a backslash or line break, and the file lies beside its hash file.
  if (fileName === '' || /[/\\\r\n]/.test(fileName)) {
    throw new RangeError(`Not a plain file name: ${JSON.stringify(fileName)}.`);
  }
  return `${digestHex.toLowerCase()}  ${fileName}\n`;
}
