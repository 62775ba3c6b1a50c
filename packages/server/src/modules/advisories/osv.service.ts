import { zipSync, strToU8 } from 'fflate';
import { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { affectedBy, affectedByCommit, type OsvPackageQuery } from '@clearinghouse/shared/matching';
import { ecosystemBase, normalizeOsvPackageName, osvPackageFromPurl } from '@clearinghouse/shared/matching';
import type { OsvRecord } from '../../formats/osv.js';
import { findPurl } from '@clearinghouse/shared/matching';
import { AppError, notFound } from '../../lib/errors.js';

/** The request of OSV.dev's `POST /v1/query` (and each query of `/v1/querybatch`). */
export const OsvQuery = z
  .object({
    commit: z.string().trim().max(100).optional(),
    version: z.string().trim().max(200).optional(),
    package: z
      .object({
        name: z.string().trim().max(500).optional(),
        ecosystem: z.string().trim().max(100).optional(),
        purl: z.string().trim().max(2000).optional(),
      })
      .optional(),
    page_token: z.string().max(200).optional(),
  })
  .superRefine((q, ctx) => {
    const p = q.package;
    if (q.commit && q.version)
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'Give a version or a commit, not both.' });
    if (!q.commit && !p)
      ctx.addIssue({ code: 'custom', path: ['package'], message: 'A query needs a package or a commit.' });
    if (p?.purl && (p.name || p.ecosystem))
      ctx.addIssue({
        code: 'custom',
        path: ['package'],
        message: 'Give a purl, or a name and ecosystem, not both.',
      });
    if (p && !p.purl && !(p.name && p.ecosystem))
      ctx.addIssue({
        code: 'custom',
        path: ['package'],
        message: 'A package needs a name and an ecosystem, or a purl.',
      });
    if (p?.purl && q.version && findPurl(p.purl)?.version)
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'The purl names a version already.' });
  });
export type OsvQuery = z.infer<typeof OsvQuery>;

export const OsvBatch = z.object({ queries: z.array(OsvQuery).min(1).max(1000) });

/**
 * The OSV.dev-compatible API over the records this clearinghouse releases (and imports): the
 * records are released only with their advisory, so before that no query can find them.
 */
export class OsvService {
  /** Parsed records and built zips, kept until a record is added or changed (any process). */
  private cache: { stamp: string; records?: OsvRecord[]; zips: Map<string, Uint8Array> } = {
    stamp: '',
    zips: new Map(),
  };

  constructor(private readonly uow: UnitOfWork) {}

  private async fresh() {
    const stamp = await this.uow.read.advisories.osvStamp();
    if (stamp !== this.cache.stamp) this.cache = { stamp, zips: new Map() };
    return this.cache;
  }

  private async allRecords(): Promise<OsvRecord[]> {
    const cache = await this.fresh();
    cache.records ??= (await this.uow.read.advisories.osvRecordsIn(null)).map(parse);
    return cache.records;
  }

  /** Every record matching one query (full records, as OSV.dev answers /v1/query). */
  async query(q: OsvQuery): Promise<OsvRecord[]> {
    if (!q.package) {
      // A commit alone: OSV.dev looks commits up across ecosystems; we search what we hold.
      const all = await this.allRecords();
      return all.filter((r) => q.commit !== undefined && affectedByCommit(r, q.commit));
    }
    const pkg = packageOf(q.package);
    const name = this.indexName(pkg);
    if (name === undefined) throw invalid('The purl is not valid or names no OSV ecosystem.');
    const candidates = (await this.uow.read.advisories.osvRecordsNaming(name)).map(parse);
    return candidates.filter((r) =>
      q.commit !== undefined ? affectedByCommit(r, q.commit) : affectedBy(r, pkg, q.version),
    );
  }

  /** Package queries are answered from one lookup of every name in the batch; each record is parsed once. */
  async queryBatch(
    queries: OsvQuery[],
  ): Promise<{ results: ({ vulns: { id: string; modified: string }[] } | Record<string, never>)[] }> {
    const names = queries.map((q) => (q.package ? this.indexName(packageOf(q.package)) : undefined));
    const rows = await this.uow.read.advisories.osvRecordsNamingAny(
      names.flatMap((n) => (n === undefined ? [] : [n])),
    );
    const parsed = new Map<string, OsvRecord>();
    const byName = new Map<string, OsvRecord[]>();
    for (const row of rows) {
      let record = parsed.get(row.id);
      if (!record) {
        record = parse(row);
        parsed.set(row.id, record);
      }
      // One record may name the same package name in several ecosystems: list it once.
      const listed = byName.get(row.name) ?? [];
      if (!listed.includes(record)) byName.set(row.name, [...listed, record]);
    }
    const results = [];
    for (const [i, q] of queries.entries()) {
      let found: OsvRecord[];
      if (!q.package) found = await this.query(q);
      else {
        const name = names[i];
        if (name === undefined) throw invalid(`Query ${i}: the purl is not valid or names no OSV ecosystem.`);
        const pkg = packageOf(q.package);
        found = (byName.get(name) ?? []).filter((r) =>
          q.commit !== undefined ? affectedByCommit(r, q.commit) : affectedBy(r, pkg, q.version),
        );
      }
      results.push(
        found.length === 0 ? {} : { vulns: found.map((r) => ({ id: r.id, modified: r.modified })) },
      );
    }
    return { results };
  }

  async vuln(id: string): Promise<OsvRecord> {
    // Our ids are served with OSV's `x_` prefix for unregistered databases; both spellings work.
    const row =
      (await this.uow.read.advisories.osvRecord(id)) ?? (await this.uow.read.advisories.osvRecord(`x_${id}`));
    if (!row) throw notFound('Bug', id);
    return parse(row);
  }

  /** `<ecosystem>/all.zip`: one `<id>.json` per record, as OSV.dev's bulk export. */
  async allZip(ecosystem: string | null): Promise<Uint8Array> {
    const cache = await this.fresh();
    const key = ecosystem ?? '';
    const cached = cache.zips.get(key);
    if (cached) return cached;
    const rows = await this.records(ecosystem);
    const files: Record<string, Uint8Array> = {};
    for (const r of rows) files[`${r.id}.json`] = strToU8(r.body);
    const zip = zipSync(files, { level: 6 });
    cache.zips.set(key, zip);
    return zip;
  }

  /** `<ecosystem>/modified_id.csv`: `<modified>,<id>` lines, newest first. */
  async modifiedCsv(ecosystem: string | null): Promise<string> {
    const rows = await this.records(ecosystem);
    return rows.map((r) => `${r.modified},${r.id}\n`).join('');
  }

  async ecosystems(): Promise<string[]> {
    return [...new Set((await this.uow.read.advisories.osvEcosystems()).map(ecosystemBase))].sort();
  }

  private async records(ecosystem: string | null) {
    if (ecosystem === null) return this.uow.read.advisories.osvRecordsIn(null);
    const known = await this.uow.read.advisories.osvEcosystems();
    const matching = known.filter((e) => e === ecosystem || ecosystemBase(e) === ecosystem);
    if (matching.length === 0) throw notFound('Ecosystem', ecosystem);
    const seen = new Map<string, Awaited<ReturnType<typeof this.uow.read.advisories.osvRecordsIn>>[number]>();
    for (const e of matching)
      for (const r of await this.uow.read.advisories.osvRecordsIn(e)) seen.set(r.id, r);
    return [...seen.values()].sort((a, b) =>
      a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.id.localeCompare(b.id),
    );
  }

  private indexName(pkg: OsvPackageQuery): string | undefined {
    if (!('purl' in pkg)) return normalizeOsvPackageName(pkg.ecosystem, pkg.name);
    const purl = findPurl(pkg.purl);
    if (!purl) return undefined;
    const osv = osvPackageFromPurl(purl);
    return osv.ok ? normalizeOsvPackageName(osv.package.ecosystem, osv.package.name) : undefined;
  }
}

function packageOf(p: NonNullable<OsvQuery['package']>): OsvPackageQuery {
  return p.purl ? { purl: p.purl } : { ecosystem: p.ecosystem ?? '', name: p.name ?? '' };
}

function parse(row: { body: string }): OsvRecord {
  return JSON.parse(row.body) as OsvRecord;
}

function invalid(message: string): AppError {
  return new AppError('validation_failed', message, { publicMessage: message });
}
