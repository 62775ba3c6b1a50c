import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Unzip, UnzipInflate } from 'fflate';
import * as openpgp from 'openpgp';
import { z } from 'zod';
import type {
  ImportedAdvisory,
  ImportedSummary,
  ImportFromUrl,
  ImportIntegrity,
  ImportOutcome,
  ImportReport,
  ValidationFinding,
} from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { readCsafSummary } from '../../formats/csaf-read.js';
import { validateCsaf } from '../../formats/csaf-validate.js';
import type { OsvRecord } from '../../formats/osv.js';
import { normalizeOsvPackageName, osvPackageFromPurl } from '@clearinghouse/shared/matching';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { readLimited } from '../../lib/read-limited.js';
import { enqueue } from '../../jobs/enqueue.js';
import { INDEX_SOURCE } from '../exposure/jobs.js';
import { newId } from '../../lib/ids.js';
import { OutboundError, type OutboundClient } from '../../lib/outbound.js';
import { authorize } from '../../policy/policy.js';
import { isStaff, type Principal, type UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { ImportedDocumentRecord } from './advisories.repository.js';

/** At most this many entries are read from one zip, whatever their size. */
const MAX_ZIP_ENTRIES = 20_000;

/**
 * The structure OSV records must have to be served and matched. The official JSON schema is the
 * standard's file, which deployments do not carry; this checks what our code relies on.
 */
const OsvShape = z.object({
  id: z.string().min(1).max(200),
  modified: z.iso.datetime({ offset: true }),
  published: z.iso.datetime({ offset: true }).optional(),
  withdrawn: z.iso.datetime({ offset: true }).optional(),
  summary: z.string().optional(),
  aliases: z.array(z.string()).nullable().optional(),
  affected: z
    .array(
      z.object({
        package: z
          .object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() })
          .optional(),
        ranges: z
          .array(
            z.object({
              type: z.enum(['GIT', 'SEMVER', 'ECOSYSTEM']),
              events: z.array(z.record(z.string(), z.string())).min(1),
            }),
          )
          .optional(),
        versions: z.array(z.string()).optional(),
      }),
    )
    .nullable()
    .optional(),
});

interface Candidate {
  source: string;
  url: string | null;
  text: string;
  integrity: ImportIntegrity;
}

interface ProviderKeys {
  keys: openpgp.PublicKey[];
}

const NO_CHECKS: ImportIntegrity = { sha256: 'absent', sha512: 'absent', signature: 'absent', signer: null };

/**
 * Importing advisories from other publishers: CSAF 2.0 documents (uploaded, by URL, or every
 * document a provider lists in its provider-metadata.json, through its ROLIE feeds or directories)
 * and OSV records (files or zips). Hashes and signatures are checked when the source has them; a
 * mismatch or a bad signature is refused. Documents that fail the mandatory CSAF tests are kept,
 * flagged. Imports are read-only and keep their source; OSV records join the OSV API and matching.
 */
export class ImportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly outbound: OutboundClient,
    private readonly uploadLimitBytes: number,
    private readonly osvIdPrefix: string,
  ) {}

  // ---- entry points -------------------------------------------------------------------------

  async importFromUrl(principal: UserPrincipal, input: ImportFromUrl): Promise<ImportReport> {
    authorize(principal, 'advisory.import', {});
    const limit = input.limit ?? 500;
    const first = await this.fetchText(input.url);
    const json = parseJson(first.text);
    const outcomes: ImportOutcome[] = [];
    if (isProviderMetadata(json)) {
      const keys = await this.providerKeys(json);
      const urls = await this.providerDocumentUrls(json, limit, outcomes);
      for (const url of urls) {
        try {
          const doc = await this.fetchText(url);
          outcomes.push(
            await this.importOne(principal, {
              source: url,
              url,
              text: doc.text,
              integrity: await this.integrity(url, doc.text, keys),
            }),
          );
        } catch (e) {
          outcomes.push(rejected(url, 'fetch', errorMessage(e)));
        }
      }
    } else {
      const keys = isCsaf(json) ? await this.keysNear(first.url) : { keys: [] };
      const integrity = isCsaf(json) ? await this.integrity(first.url, first.text, keys) : NO_CHECKS;
      outcomes.push(
        await this.importOne(principal, { source: first.url, url: first.url, text: first.text, integrity }),
      );
    }
    return report(outcomes);
  }

  async importUpload(
    principal: UserPrincipal,
    file: { filename: string; mediaType: string; body: Readable },
  ): Promise<ImportReport> {
    authorize(principal, 'advisory.import', {});
    const bytes = await readLimited(file.body, this.uploadLimitBytes);
    const outcomes: ImportOutcome[] = [];
    const isZip =
      file.filename.toLowerCase().endsWith('.zip') || bytes.subarray(0, 4).toString('hex') === '504b0304';
    if (isZip) {
      for (const entry of inflateJsonEntries(bytes, this.uploadLimitBytes))
        outcomes.push(
          await this.importOne(principal, {
            source: `${file.filename}:${entry.name}`,
            url: null,
            text: entry.text,
            integrity: NO_CHECKS,
          }),
        );
    } else {
      outcomes.push(
        await this.importOne(principal, {
          source: file.filename,
          url: null,
          text: bytes.toString('utf8'),
          integrity: NO_CHECKS,
        }),
      );
    }
    return report(outcomes);
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * The clearinghouse is the recipient of what it imports: AMBER reaches its staff; RED only the
   * person who imported it (the one it was given to); GREEN the community; WHITE everyone.
   */
  private readable(principal: Principal, r: { tlp: string; importedBy: string | null }): boolean {
    if (r.tlp === 'WHITE' || r.tlp === 'CLEAR') return true;
    if (principal.kind !== 'user') return false;
    if (r.tlp === 'RED') return r.importedBy === principal.userId;
    if (isStaff(principal)) return true;
    return r.tlp === 'GREEN' && (principal.memberships.size > 0 || principal.globalRoles.size > 0);
  }

  async list(
    principal: Principal,
    query: {
      q?: string | undefined;
      format?: 'csaf' | 'osv' | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<{ items: ImportedSummary[]; nextCursor: string | null }> {
    const staff = isStaff(principal);
    const cursor = decodeCursor(query.cursor);
    const after =
      cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string'
        ? { importedAt: cursor[0], id: cursor[1] }
        : undefined;
    const rows = await this.uow.read.advisories.importedDocuments({
      q: query.q,
      format: query.format,
      limit: query.limit + 1,
      publicOnly: !staff,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.filter((r) => this.readable(principal, r)).map(summaryOf),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.importedAt, last.id]) : null,
    };
  }

  async get(principal: Principal, id: string): Promise<ImportedAdvisory> {
    const r = await this.uow.read.advisories.importedDocument(id);
    if (!r || !this.readable(principal, r)) throw notFound('Imported advisory', id);
    const importer = r.importedBy ? await this.uow.read.users.findById(r.importedBy) : undefined;
    const summary = r.summary as { products?: ImportedAdvisory['products'] };
    return {
      ...summaryOf(r),
      problems: r.problems as ValidationFinding[],
      products: (summary.products ?? []).slice(0, 5000),
      importedBy: importer && isStaff(principal) ? { id: importer.id, name: importer.name } : null,
    };
  }

  async document(principal: Principal, id: string): Promise<string> {
    const r = await this.uow.read.advisories.importedDocument(id);
    if (!r || !this.readable(principal, r)) throw notFound('Imported advisory', id);
    return r.body;
  }

  // ---- one document -------------------------------------------------------------------------

  private async importOne(principal: UserPrincipal, c: Candidate): Promise<ImportOutcome> {
    const json = parseJson(c.text);
    if (json === undefined) return rejected(c.source, 'json', 'Not valid JSON.');
    if (c.integrity.sha256 === 'mismatch' || c.integrity.sha512 === 'mismatch')
      return rejected(
        c.source,
        'integrity',
        'The document does not match its published hash; it was not stored.',
      );
    if (c.integrity.signature === 'bad')
      return rejected(c.source, 'signature', 'The OpenPGP signature does not verify; it was not stored.');
    if (isCsaf(json)) return this.importCsaf(principal, c, json);
    if (isOsv(json)) return this.importOsv(principal, c, json);
    return rejected(c.source, 'format', 'Neither a CSAF 2.0 document nor an OSV record.');
  }

  private async importCsaf(principal: UserPrincipal, c: Candidate, json: unknown): Promise<ImportOutcome> {
    const summary = readCsafSummary(json);
    if (!summary.trackingId || !summary.title)
      return rejected(c.source, 'csaf', 'The document has no tracking id or title.');
    const validation = await validateCsaf(json);
    const problems: ValidationFinding[] = validation.problems.map((p) => ({
      test: p.test,
      path: p.path,
      message: p.message,
    }));
    const publisher = summary.publisherNamespace ?? summary.publisherName ?? 'unknown';
    return this.store(principal, c, {
      format: 'csaf',
      trackingId: summary.trackingId,
      title: summary.title,
      publisher,
      tlp: summary.tlp ?? 'WHITE',
      cves: summary.cves,
      valid: validation.valid,
      problems,
      summary: {
        products: summary.products,
        vulnerabilities: summary.vulnerabilities,
        issues: summary.issues,
      },
      currentReleaseDate: summary.currentReleaseDate,
    });
  }

  private async importOsv(principal: UserPrincipal, c: Candidate, json: unknown): Promise<ImportOutcome> {
    const shape = OsvShape.safeParse(json);
    const problems: ValidationFinding[] = shape.success
      ? []
      : shape.error.issues.map((i) => ({ test: 'osv', path: `/${i.path.join('/')}`, message: i.message }));
    const record = json as OsvRecord;
    if (typeof record.id !== 'string' || typeof record.modified !== 'string')
      return rejected(c.source, 'osv', 'An OSV record needs an id and a modified time.');
    if (new RegExp(`^(x_)?${this.osvIdPrefix}-`).test(record.id))
      return rejected(
        c.source,
        'osv',
        `Ids starting with ${this.osvIdPrefix}- are this clearinghouse's own.`,
      );
    const outcome = await this.store(principal, c, {
      format: 'osv',
      trackingId: record.id,
      title: record.summary ?? record.id,
      publisher: c.url ? new URL(c.url).host : 'upload',
      tlp: 'WHITE',
      cves: (record.aliases ?? []).filter((a) => /^CVE-\d{4}-\d+$/.test(a)),
      valid: shape.success,
      problems,
      summary: { products: [] },
      currentReleaseDate: record.modified,
    });
    // Valid records join the OSV API (and matching); a local record of the same id is never replaced.
    if (shape.success && outcome.outcome !== 'rejected' && outcome.outcome !== 'unchanged') {
      const existing = await this.uow.read.advisories.osvRecord(record.id);
      const origin = (url: string | null | undefined) => (url ? new URL(url).origin : 'upload');
      // Our own records, and records another source gave us, are not replaced by this one.
      if (existing && (existing.source === 'local' || origin(existing.sourceUrl) !== origin(c.url)))
        return {
          ...outcome,
          problems: [
            ...outcome.problems,
            {
              test: 'osv',
              path: '/id',
              message: 'A record with this id from another source is served; it is kept.',
            },
          ],
        };
      const packages = (record.affected ?? []).flatMap((a) => {
        if (!a.package) return [];
        const fromPurl = a.package.purl ? osvPackageFromPurl(a.package.purl) : undefined;
        return [
          {
            ecosystem: a.package.ecosystem,
            name: normalizeOsvPackageName(a.package.ecosystem, a.package.name),
            purl: fromPurl?.ok ? (fromPurl.package.purl ?? null) : null,
          },
        ];
      });
      await this.uow.transaction((r) =>
        r.advisories.putOsvRecord(
          {
            id: record.id,
            source: 'imported',
            advisoryId: null,
            vulnerabilityKey: null,
            body: JSON.stringify(record),
            published: record.published ?? null,
            modified: record.modified,
            sourceUrl: c.url,
          },
          packages,
          this.clock.now().toISOString(),
        ),
      );
    }
    return outcome;
  }

  private async store(
    principal: UserPrincipal,
    c: Candidate,
    d: Pick<
      ImportedDocumentRecord,
      | 'trackingId'
      | 'title'
      | 'publisher'
      | 'tlp'
      | 'cves'
      | 'valid'
      | 'problems'
      | 'summary'
      | 'currentReleaseDate'
    > & { format: 'csaf' | 'osv'; problems: ValidationFinding[] },
  ): Promise<ImportOutcome> {
    const sha256 = createHash('sha256').update(c.text, 'utf8').digest('hex');
    const now = this.clock.now();
    const origin = c.url === null ? 'upload' : new URL(c.url).origin;
    const existing = await this.uow.read.advisories.importedByKey(
      d.format,
      origin,
      d.publisher,
      d.trackingId,
    );
    if (existing?.sha256 === sha256) {
      // The same bytes, now fetched from their publisher: keep the hash and signature results.
      const checked = c.url !== null ? { ...existing, integrity: c.integrity, sourceUrl: c.url } : existing;
      if (checked !== existing) await this.uow.transaction((r) => r.advisories.putImported(checked));
      return { source: c.source, outcome: 'unchanged', document: summaryOf(checked), problems: d.problems };
    }
    const record: ImportedDocumentRecord = {
      id: existing?.id ?? newId('importedDocument'),
      format: d.format,
      trackingId: d.trackingId,
      title: d.title,
      publisher: d.publisher,
      tlp: d.tlp,
      cves: d.cves,
      sourceUrl: c.url,
      sourceOrigin: origin,
      body: c.text,
      sha256,
      integrity: c.integrity,
      valid: d.valid,
      problems: d.problems,
      summary: d.summary,
      currentReleaseDate: d.currentReleaseDate,
      importedBy: principal.userId,
      importedAt: now.toISOString(),
    };
    const outcome = await this.uow.transaction(async (r) => {
      const result = await r.advisories.putImported(record);
      // The row may be another import's of the same document (a race): index the id actually stored.
      const stored = await r.advisories.importedByKey(d.format, origin, d.publisher, d.trackingId);
      // Matched against operators' inventories (only valid CLEAR/GREEN documents produce rules).
      await enqueue(r, INDEX_SOURCE, { kind: 'import', id: stored?.id ?? record.id }, { now });
      await recordAudit(
        r,
        principal,
        'advisory.imported',
        {
          targetType: 'imported_document',
          targetId: record.id,
          data: {
            format: d.format,
            trackingId: d.trackingId,
            publisher: d.publisher,
            valid: d.valid,
            source: c.source,
          },
        },
        now,
      );
      return result;
    });
    return { source: c.source, outcome, document: summaryOf(record), problems: d.problems };
  }

  // ---- providers, hashes, signatures --------------------------------------------------------

  private async fetchText(url: string): Promise<{ url: string; text: string }> {
    let res;
    try {
      res = await this.outbound.get(url, { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' });
    } catch (e) {
      // The outbound client's messages are written for the person who gave the URL.
      if (e instanceof OutboundError)
        throw new AppError(e.reason === 'too_large' ? 'payload_too_large' : 'validation_failed', e.message, {
          publicMessage: e.message,
          details: [{ path: 'url', message: e.message, code: e.reason }],
        });
      throw e;
    }
    if (res.status !== 200)
      throw new AppError('validation_failed', `fetch ${res.status}`, {
        publicMessage: `${new URL(res.url).host} answered HTTP ${res.status} for ${new URL(res.url).pathname}.`,
      });
    return { url: res.url, text: res.body.toString('utf8') };
  }

  /** Companion files may be missing: that is "absent", not an error. */
  private async fetchOptional(url: string): Promise<{ text: string } | 'absent' | 'unavailable'> {
    try {
      const res = await this.outbound.get(url);
      if (res.status === 404 || res.status === 410) return 'absent';
      if (res.status !== 200) return 'unavailable';
      return { text: res.body.toString('utf8') };
    } catch {
      return 'unavailable';
    }
  }

  private async integrity(url: string, text: string, provider: ProviderKeys): Promise<ImportIntegrity> {
    const check = async (suffix: '.sha256' | '.sha512', algorithm: 'sha256' | 'sha512') => {
      const file = await this.fetchOptional(`${url}${suffix}`);
      if (file === 'absent' || file === 'unavailable') return file;
      const expected = /^([0-9a-fA-F]{64,128})\b/.exec(file.text.trim())?.[1]?.toLowerCase();
      const actual = createHash(algorithm).update(text, 'utf8').digest('hex');
      return expected === actual ? 'verified' : 'mismatch';
    };
    const sha256 = await check('.sha256', 'sha256');
    const sha512 = await check('.sha512', 'sha512');
    const asc = await this.fetchOptional(`${url}.asc`);
    if (asc === 'absent' || asc === 'unavailable') return { sha256, sha512, signature: asc, signer: null };
    if (provider.keys.length === 0) return { sha256, sha512, signature: 'unknown_key', signer: null };
    try {
      const result = await openpgp.verify({
        message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
        signature: await openpgp.readSignature({ armoredSignature: asc.text }),
        verificationKeys: provider.keys,
        expectSigned: true,
      });
      const sig = result.signatures[0];
      if (!sig) return { sha256, sha512, signature: 'bad', signer: null };
      await sig.verified;
      const signer = provider.keys.find((k) => k.getKeyIDs().some((id) => id.equals(sig.keyID)));
      return {
        sha256,
        sha512,
        signature: 'verified',
        signer: signer?.getFingerprint().toUpperCase() ?? null,
      };
    } catch (e) {
      const unknown = /could not find signing key|no public key/i.test(errorMessage(e));
      return { sha256, sha512, signature: unknown ? 'unknown_key' : 'bad', signer: null };
    }
  }

  /** The keys a provider lists, fetched and checked against their declared fingerprints. */
  private async providerKeys(metadata: ProviderMetadataLike): Promise<ProviderKeys> {
    const keys: openpgp.PublicKey[] = [];
    for (const entry of metadata.public_openpgp_keys ?? []) {
      const file = await this.fetchOptional(entry.url);
      if (file === 'absent' || file === 'unavailable') continue;
      try {
        const key = (await openpgp.readKey({ armoredKey: file.text })).toPublic();
        const declared = entry.fingerprint?.replace(/\s/g, '').toUpperCase();
        if (!declared || key.getFingerprint().toUpperCase() === declared) keys.push(key);
      } catch {
        // A key that does not parse verifies nothing.
      }
    }
    return { keys };
  }

  /** For a single document: the keys of the provider at the same origin, when it publishes metadata. */
  private async keysNear(url: string): Promise<ProviderKeys> {
    const origin = new URL(url).origin;
    const file = await this.fetchOptional(`${origin}/.well-known/csaf/provider-metadata.json`);
    if (file === 'absent' || file === 'unavailable') return { keys: [] };
    const json = parseJson(file.text);
    return isProviderMetadata(json) ? this.providerKeys(json) : { keys: [] };
  }

  /** Document URLs from a provider's ROLIE feeds, or else its directories' index.txt. */
  private async providerDocumentUrls(
    metadata: ProviderMetadataLike,
    limit: number,
    outcomes: ImportOutcome[],
  ): Promise<string[]> {
    const urls = new Set<string>();
    for (const distribution of metadata.distributions ?? []) {
      for (const feed of distribution.rolie?.feeds ?? []) {
        try {
          const json = parseJson((await this.fetchText(feed.url)).text) as RolieLike | undefined;
          for (const entry of json?.feed?.entry ?? []) {
            const href = entry.content?.src ?? entry.link?.find((l) => l.rel === 'self')?.href;
            if (href) urls.add(new URL(href, feed.url).toString());
          }
        } catch (e) {
          outcomes.push(rejected(feed.url, 'feed', errorMessage(e)));
        }
      }
    }
    if (urls.size === 0)
      for (const distribution of metadata.distributions ?? []) {
        if (!distribution.directory_url) continue;
        const base = distribution.directory_url.endsWith('/')
          ? distribution.directory_url
          : `${distribution.directory_url}/`;
        try {
          const index = (await this.fetchText(`${base}index.txt`)).text;
          for (const line of index.split(/\r?\n/))
            if (line.trim()) urls.add(new URL(line.trim(), base).toString());
        } catch (e) {
          outcomes.push(rejected(`${base}index.txt`, 'directory', errorMessage(e)));
        }
      }
    return [...urls].slice(0, limit);
  }
}

interface ProviderMetadataLike {
  canonical_url: string;
  public_openpgp_keys?: { fingerprint?: string; url: string }[];
  distributions?: { directory_url?: string; rolie?: { feeds?: { url: string }[] } }[];
}

interface RolieLike {
  feed?: { entry?: { content?: { src?: string }; link?: { rel: string; href: string }[] }[] };
}

function isProviderMetadata(json: unknown): json is ProviderMetadataLike {
  return typeof json === 'object' && json !== null && 'canonical_url' in json && 'metadata_version' in json;
}

function isCsaf(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || !('document' in json)) return false;
  const doc: unknown = json.document;
  return typeof doc === 'object' && doc !== null && 'csaf_version' in doc;
}

function isOsv(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'id' in json && 'modified' in json;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof AppError) return e.publicMessage ?? e.message;
  return e instanceof Error ? e.message : String(e);
}

function rejected(source: string, test: string, message: string): ImportOutcome {
  return { source, outcome: 'rejected', document: null, problems: [{ test, path: '', message }] };
}

function summaryOf(r: ImportedDocumentRecord): ImportedSummary {
  return {
    id: r.id,
    format: r.format,
    trackingId: r.trackingId,
    title: r.title,
    publisher: r.publisher,
    tlp: r.tlp,
    cves: r.cves,
    sourceUrl: r.sourceUrl,
    valid: r.valid,
    integrity: r.integrity as ImportIntegrity,
    currentReleaseDate: r.currentReleaseDate,
    importedAt: r.importedAt,
  };
}

function report(documents: ImportOutcome[]): ImportReport {
  const count = (o: ImportOutcome['outcome']) => documents.filter((d) => d.outcome === o).length;
  return {
    documents,
    counts: {
      inserted: count('inserted'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
      invalid: documents.filter((d) => d.document !== null && !d.document.valid).length,
    },
  };
}

/** Inflated bytes allowed per entry, and in all, as multiples of the upload limit. */
const ENTRY_FACTOR = 1;
const TOTAL_FACTOR = 8;
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1,032×, so one step stays bounded. */
const STEP = 16 * 1024;

/**
 * The .json entries of a zip, inflated as a stream and counted as they come out: the sizes a zip
 * declares are the sender's word, so a bomb is stopped by what it actually produces.
 */
function inflateJsonEntries(bytes: Buffer, uploadLimit: number): { name: string; text: string }[] {
  const entries: { name: string; text: string }[] = [];
  let total = 0;
  let count = 0;
  let failure: AppError | undefined;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    count += 1;
    if (count > MAX_ZIP_ENTRIES) {
      failure ??= new AppError('payload_too_large', 'zip has too many entries', {
        publicMessage: `The zip holds more than ${MAX_ZIP_ENTRIES} files.`,
      });
      return;
    }
    if (!file.name.toLowerCase().endsWith('.json') || file.name.includes('__MACOSX')) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = new AppError('validation_failed', 'bad zip entry', {
          publicMessage: `The zip entry ${file.name} cannot be read.`,
        });
        return;
      }
      size += data.length;
      total += data.length;
      if (size > uploadLimit * ENTRY_FACTOR || total > uploadLimit * TOTAL_FACTOR) {
        failure = new AppError('payload_too_large', 'zip inflates too much', {
          publicMessage: 'The zip inflates to more than this server accepts.',
        });
        file.terminate();
        return;
      }
      chunks.push(data);
      if (final) entries.push({ name: file.name, text: Buffer.concat(chunks).toString('utf8') });
    };
    file.start();
  };
  try {
    for (let at = 0; at < bytes.length && !failure; at += STEP)
      unzip.push(bytes.subarray(at, at + STEP), at + STEP >= bytes.length);
  } catch {
    failure ??= new AppError('validation_failed', 'bad zip', {
      publicMessage: 'The file is not a readable zip archive.',
    });
  }
  if (failure) throw failure;
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}
