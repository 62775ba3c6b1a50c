import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { AdvisoryContent, Tlp } from '@clearinghouse/shared';
import type {
  AdvisoriesTable,
  CsafDocumentsTable,
  Database,
  ImportedDocumentsTable,
} from '../../db/schema.js';
import { fromJson, toJson } from '../../db/json.js';
import type { Dialect } from '../../db/database.js';

const Status = z.enum(['draft', 'review', 'approved', 'released']);
const EarlyRelease = z.object({ reason: z.string(), by: z.string(), at: z.string() });

export interface AdvisoryRecord {
  id: string;
  ref: string;
  caseId: string | null;
  status: z.infer<typeof Status>;
  tlp: Tlp;
  title: string;
  cves: string[];
  revision: number;
  publishedRevision: number | null;
  /** The label, title and CVEs of the released revision (null before the first release). */
  published: { tlp: Tlp; title: string; cves: string[] } | null;
  releaseAt: string | null;
  releasedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  earlyRelease: z.infer<typeof EarlyRelease> | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const toAdvisory = (r: Selectable<AdvisoriesTable>): AdvisoryRecord => ({
  id: r.id,
  ref: r.ref,
  caseId: r.case_id,
  status: Status.parse(r.status),
  tlp: Tlp.parse(r.tlp),
  title: r.title,
  cves: r.cves.split(' ').filter(Boolean),
  revision: r.revision,
  publishedRevision: r.published_revision,
  published:
    r.published_tlp === null
      ? null
      : {
          tlp: Tlp.parse(r.published_tlp),
          title: r.published_title ?? '',
          cves: (r.published_cves ?? '').split(' ').filter(Boolean),
        },
  releaseAt: r.release_at,
  releasedAt: r.released_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  earlyRelease: r.early_release == null ? null : fromJson(EarlyRelease, r.early_release),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface RevisionRecord {
  advisoryId: string;
  number: number;
  content: AdvisoryContent;
  summary: string;
  authorId: string | null;
  createdAt: string;
  releasedAt: string | null;
  sha256: string | null;
}

/** Who may read a document above TLP:CLEAR, fixed when it is released (the case's participants). */
export const Audience = z.object({
  orgIds: z.array(z.string()),
  clientOrgIds: z.array(z.string()),
  userIds: z.array(z.string()),
});
export type Audience = z.infer<typeof Audience>;

export interface CsafDocumentRecord {
  id: string;
  advisoryId: string;
  revision: number;
  trackingId: string;
  title: string;
  tlp: Tlp;
  folder: string;
  path: string;
  body: string;
  sha256: string;
  sha512: string;
  signature: string;
  keyFingerprint: string;
  audience: Audience;
  initialReleaseDate: string;
  currentReleaseDate: string;
  publishedAt: string;
}
const toDocument = (r: Selectable<CsafDocumentsTable>): CsafDocumentRecord => ({
  id: r.id,
  advisoryId: r.advisory_id,
  revision: r.revision,
  trackingId: r.tracking_id,
  title: r.title,
  tlp: Tlp.parse(r.tlp),
  folder: r.folder,
  path: r.path,
  body: r.body,
  sha256: r.sha256,
  sha512: r.sha512,
  signature: r.signature,
  keyFingerprint: r.key_fingerprint,
  audience: fromJson(Audience, r.audience),
  initialReleaseDate: r.initial_release_date,
  currentReleaseDate: r.current_release_date,
  publishedAt: r.published_at,
});

export interface OsvRecordRow {
  id: string;
  source: 'local' | 'imported';
  advisoryId: string | null;
  body: string;
  modified: string;
  sourceUrl?: string | null;
}

export interface OsvPackageRow {
  ecosystem: string;
  name: string;
  purl: string | null;
}

export interface CveRecordRow {
  cveId: string;
  advisoryId: string;
  body: string;
  exploited: boolean;
  kev: unknown;
  publishedAt: string;
  updatedAt: string;
  submittedAt: string | null;
  submitError: string | null;
}

export interface ImportedDocumentRecord {
  id: string;
  format: 'csaf' | 'osv';
  trackingId: string;
  title: string;
  publisher: string;
  tlp: string;
  cves: string[];
  sourceUrl: string | null;
  sourceOrigin: string;
  body: string;
  sha256: string;
  integrity: unknown;
  valid: boolean;
  problems: unknown;
  summary: unknown;
  currentReleaseDate: string | null;
  importedBy: string | null;
  importedAt: string;
}
const toImported = (r: Selectable<ImportedDocumentsTable>): ImportedDocumentRecord => ({
  id: r.id,
  format: r.format === 'osv' ? 'osv' : 'csaf',
  trackingId: r.tracking_id,
  title: r.title,
  publisher: r.publisher,
  tlp: r.tlp,
  cves: r.cves.split(' ').filter(Boolean),
  sourceUrl: r.source_url,
  sourceOrigin: r.source_origin,
  body: r.body,
  sha256: r.sha256,
  integrity: typeof r.integrity === 'string' ? JSON.parse(r.integrity) : r.integrity,
  valid: r.valid === 1,
  problems: typeof r.problems === 'string' ? JSON.parse(r.problems) : r.problems,
  summary: typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary,
  currentReleaseDate: r.current_release_date,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

/** Escape LIKE wildcards so a search for `50%` finds 50%. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** Case-insensitive substring match with an explicit ESCAPE (SQLite has no default escape character). */
const contains = (column: string, term: string) =>
  sql<boolean>`lower(${sql.ref(column)}) like ${`%${likeEscape(term.toLowerCase())}%`} escape '\\'`;

export interface AdvisoryListFilter {
  /** Null: every advisory (staff). Otherwise the cases whose advisories the viewer reviews. */
  caseIds: readonly string[] | null;
  /** Released TLP:CLEAR advisories are listed to everyone. */
  includePublic: boolean;
  caseId?: string | undefined;
  q?: string;
  status?: string;
  cve?: string;
  limit: number;
  after?: { updatedAt: string; id: string };
}

export class AdvisoriesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // ---- advisories and revisions -------------------------------------------------------------

  async insertAdvisory(a: AdvisoryRecord): Promise<void> {
    await this.db
      .insertInto('advisories')
      .values({
        id: a.id,
        ref: a.ref,
        case_id: a.caseId,
        status: a.status,
        tlp: a.tlp,
        title: a.title,
        cves: a.cves.join(' '),
        revision: a.revision,
        published_revision: a.publishedRevision,
        published_tlp: a.published?.tlp ?? null,
        published_title: a.published?.title ?? null,
        published_cves: a.published?.cves.join(' ') ?? null,
        release_at: a.releaseAt,
        released_at: a.releasedAt,
        approved_by: a.approvedBy,
        approved_at: a.approvedAt,
        early_release: a.earlyRelease === null ? null : toJson(a.earlyRelease),
        created_by: a.createdBy,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  /**
   * Conditional update: applies only while the advisory is still at `expect` (status and revision),
   * so two concurrent transitions cannot both succeed. Returns whether it applied.
   */
  async updateAdvisory(
    id: string,
    expect: { status?: AdvisoryRecord['status']; revision?: number },
    patch: Partial<Omit<AdvisoryRecord, 'id' | 'ref' | 'createdBy' | 'createdAt'>>,
  ): Promise<boolean> {
    let q = this.db
      .updateTable('advisories')
      .set({
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.tlp !== undefined && { tlp: patch.tlp }),
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.cves !== undefined && { cves: patch.cves.join(' ') }),
        ...(patch.revision !== undefined && { revision: patch.revision }),
        ...(patch.publishedRevision !== undefined && { published_revision: patch.publishedRevision }),
        ...(patch.published != null && {
          published_tlp: patch.published.tlp,
          published_title: patch.published.title,
          published_cves: patch.published.cves.join(' '),
        }),
        ...(patch.releaseAt !== undefined && { release_at: patch.releaseAt }),
        ...(patch.releasedAt !== undefined && { released_at: patch.releasedAt }),
        ...(patch.approvedBy !== undefined && { approved_by: patch.approvedBy }),
        ...(patch.approvedAt !== undefined && { approved_at: patch.approvedAt }),
        ...(patch.earlyRelease !== undefined && {
          early_release: patch.earlyRelease === null ? null : toJson(patch.earlyRelease),
        }),
        ...(patch.updatedAt !== undefined && { updated_at: patch.updatedAt }),
      })
      .where('id', '=', id);
    if (expect.status !== undefined) q = q.where('status', '=', expect.status);
    if (expect.revision !== undefined) q = q.where('revision', '=', expect.revision);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async findAdvisory(idOrRef: string): Promise<AdvisoryRecord | undefined> {
    const r = await this.db
      .selectFrom('advisories')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrRef), eb('ref', '=', idOrRef.toUpperCase())]))
      .executeTakeFirst();
    return r && toAdvisory(r);
  }

  /** Row lock on PostgreSQL (SQLite transactions are serialised already). */
  async lockAdvisory(id: string): Promise<AdvisoryRecord | undefined> {
    let q = this.db.selectFrom('advisories').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toAdvisory(r);
  }

  async advisoriesOfCase(caseId: string): Promise<AdvisoryRecord[]> {
    const rows = await this.db
      .selectFrom('advisories')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    return rows.map(toAdvisory);
  }

  /** Approved advisories whose release instant has come (the scheduler's sweep). */
  async dueForRelease(now: string): Promise<AdvisoryRecord[]> {
    const rows = await this.db
      .selectFrom('advisories')
      .selectAll()
      .where('status', '=', 'approved')
      .where('release_at', 'is not', null)
      .where('release_at', '<=', now)
      .execute();
    return rows.map(toAdvisory);
  }

  /**
   * Visibility and search are decided per branch: editors (staff) search the current revision;
   * participants the shared current one; everyone else only what was released (label, title, CVEs),
   * so a search cannot probe a draft.
   */
  async listAdvisories(f: AdvisoryListFilter): Promise<AdvisoryRecord[]> {
    let q = this.db.selectFrom('advisories').selectAll();
    const current = { title: 'title', cves: 'cves', status: 'status' } as const;
    const released = { title: 'published_title', cves: 'published_cves', status: null } as const;
    q = q.where((eb) => {
      const matches = (cols: { title: string; cves: string; status: string | null }) => {
        const conditions = [];
        if (f.q)
          conditions.push(eb.or([contains(cols.title, f.q), contains('ref', f.q), contains(cols.cves, f.q)]));
        if (f.cve) conditions.push(contains(cols.cves, f.cve));
        if (f.status)
          conditions.push(
            cols.status ? eb(cols.status as 'status', '=', f.status) : eb.lit(f.status === 'released'),
          );
        return conditions;
      };
      const branches = [];
      if (f.caseIds === null) branches.push(eb.and(matches(current)));
      else if (f.caseIds.length > 0) {
        branches.push(
          eb.and([eb('case_id', 'in', f.caseIds), eb('status', '!=', 'draft'), ...matches(current)]),
        );
        branches.push(
          eb.and([
            eb('case_id', 'in', f.caseIds),
            eb('published_revision', 'is not', null),
            ...matches(released),
          ]),
        );
      }
      if (f.includePublic)
        branches.push(
          eb.and([
            eb('published_tlp', '=', 'CLEAR'),
            eb('published_revision', 'is not', null),
            ...matches(released),
          ]),
        );
      return branches.length === 0 ? eb.lit(false) : eb.or(branches);
    });
    if (f.caseId) q = q.where('case_id', '=', f.caseId);
    if (f.after) {
      const a = f.after;
      q = q.where((eb) =>
        eb.or([
          eb('updated_at', '<', a.updatedAt),
          eb.and([eb('updated_at', '=', a.updatedAt), eb('id', '<', a.id)]),
        ]),
      );
    }
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map(toAdvisory);
  }

  async insertRevision(r: RevisionRecord): Promise<void> {
    await this.db
      .insertInto('advisory_revisions')
      .values({
        advisory_id: r.advisoryId,
        number: r.number,
        content: toJson(r.content),
        summary: r.summary,
        author_id: r.authorId,
        created_at: r.createdAt,
        released_at: r.releasedAt,
        sha256: r.sha256,
      })
      .execute();
  }

  async replaceRevisionContent(
    advisoryId: string,
    number: number,
    content: AdvisoryContent,
    summary: string,
  ) {
    await this.db
      .updateTable('advisory_revisions')
      .set({ content: toJson(content), summary })
      .where('advisory_id', '=', advisoryId)
      .where('number', '=', number)
      .execute();
  }

  async markRevisionReleased(advisoryId: string, number: number, at: string, sha256: string): Promise<void> {
    await this.db
      .updateTable('advisory_revisions')
      .set({ released_at: at, sha256 })
      .where('advisory_id', '=', advisoryId)
      .where('number', '=', number)
      .execute();
  }

  async revision(advisoryId: string, number: number): Promise<RevisionRecord | undefined> {
    const r = await this.db
      .selectFrom('advisory_revisions')
      .selectAll()
      .where('advisory_id', '=', advisoryId)
      .where('number', '=', number)
      .executeTakeFirst();
    return r && this.toRevision(r);
  }

  async revisions(advisoryId: string): Promise<RevisionRecord[]> {
    const rows = await this.db
      .selectFrom('advisory_revisions')
      .selectAll()
      .where('advisory_id', '=', advisoryId)
      .orderBy('number')
      .execute();
    return rows.map((r) => this.toRevision(r));
  }

  private toRevision(r: Selectable<Database['advisory_revisions']>): RevisionRecord {
    return {
      advisoryId: r.advisory_id,
      number: r.number,
      content: fromJson(AdvisoryContent, r.content),
      summary: r.summary,
      authorId: r.author_id,
      createdAt: r.created_at,
      releasedAt: r.released_at,
      sha256: r.sha256,
    };
  }

  // ---- the CSAF provider directory ----------------------------------------------------------

  /** The new revision becomes the one served at its path; earlier ones stay as history. */
  async publishCsafDocument(d: CsafDocumentRecord): Promise<void> {
    await this.db
      .updateTable('csaf_documents')
      .set({ current: 0 })
      .where('advisory_id', '=', d.advisoryId)
      .where('current', '=', 1)
      .execute();
    await this.db
      .insertInto('csaf_documents')
      .values({
        id: d.id,
        advisory_id: d.advisoryId,
        revision: d.revision,
        current: 1,
        tracking_id: d.trackingId,
        title: d.title,
        tlp: d.tlp,
        folder: d.folder,
        path: d.path,
        body: d.body,
        sha256: d.sha256,
        sha512: d.sha512,
        signature: d.signature,
        key_fingerprint: d.keyFingerprint,
        audience: toJson(d.audience),
        initial_release_date: d.initialReleaseDate,
        current_release_date: d.currentReleaseDate,
        published_at: d.publishedAt,
      })
      .execute();
  }

  async currentDocumentAt(path: string): Promise<CsafDocumentRecord | undefined> {
    const r = await this.db
      .selectFrom('csaf_documents')
      .selectAll()
      .where('path', '=', path)
      .where('current', '=', 1)
      .executeTakeFirst();
    return r && toDocument(r);
  }

  async currentDocumentOf(advisoryId: string): Promise<CsafDocumentRecord | undefined> {
    const r = await this.db
      .selectFrom('csaf_documents')
      .selectAll()
      .where('advisory_id', '=', advisoryId)
      .where('current', '=', 1)
      .executeTakeFirst();
    return r && toDocument(r);
  }

  /** Every served document of a TLP folder, newest change first (index.txt, changes.csv, ROLIE). */
  async currentDocumentsIn(folder: string): Promise<CsafDocumentRecord[]> {
    const rows = await this.db
      .selectFrom('csaf_documents')
      .selectAll()
      .where('folder', '=', folder)
      .where('current', '=', 1)
      .orderBy('current_release_date', 'desc')
      .orderBy('path')
      .execute();
    return rows.map(toDocument);
  }

  async lastPublishedAt(): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('csaf_documents')
      .select((eb) => eb.fn.max('published_at').as('at'))
      .executeTakeFirst();
    return r?.at ?? undefined;
  }

  // ---- OSV ----------------------------------------------------------------------------------

  async osvIdFor(advisoryId: string, vulnerabilityKey: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('osv_records')
      .select('id')
      .where('advisory_id', '=', advisoryId)
      .where('vulnerability_key', '=', vulnerabilityKey)
      .executeTakeFirst();
    return r?.id;
  }

  async putOsvRecord(
    row: OsvRecordRow & {
      vulnerabilityKey: string | null;
      published: string | null;
      sourceUrl?: string | null;
    },
    packages: OsvPackageRow[],
    now: string,
  ): Promise<void> {
    await this.db
      .insertInto('osv_records')
      .values({
        id: row.id,
        source: row.source,
        advisory_id: row.advisoryId,
        vulnerability_key: row.vulnerabilityKey,
        body: row.body,
        published: row.published,
        modified: row.modified,
        source_url: row.sourceUrl ?? null,
        imported_at: row.source === 'imported' ? now : null,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          body: row.body,
          published: row.published,
          modified: row.modified,
          source_url: row.sourceUrl ?? null,
        }),
      )
      .execute();
    await this.db.deleteFrom('osv_packages').where('osv_id', '=', row.id).execute();
    if (packages.length > 0)
      await this.db
        .insertInto('osv_packages')
        .values(packages.map((p) => ({ osv_id: row.id, ecosystem: p.ecosystem, name: p.name, purl: p.purl })))
        .execute();
  }

  async osvRecord(id: string): Promise<OsvRecordRow | undefined> {
    const r = await this.db
      .selectFrom('osv_records')
      .select(['id', 'source', 'advisory_id', 'body', 'modified', 'source_url'])
      .where('id', '=', id)
      .where('body', 'is not', null)
      .executeTakeFirst();
    return r && { ...this.toOsv(r), sourceUrl: r.source_url };
  }

  async osvRecordsOfAdvisory(advisoryId: string): Promise<OsvRecordRow[]> {
    const rows = await this.db
      .selectFrom('osv_records')
      .select(['id', 'source', 'advisory_id', 'body', 'modified'])
      .where('advisory_id', '=', advisoryId)
      .where('body', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.toOsv(r));
  }

  /** Candidate records for a package name (normalized as the ecosystem compares it); callers match exactly. */
  async osvRecordsNaming(name: string): Promise<OsvRecordRow[]> {
    const rows = await this.db
      .selectFrom('osv_records')
      .select(['id', 'source', 'advisory_id', 'body', 'modified'])
      .where('id', 'in', this.db.selectFrom('osv_packages').select('osv_id').where('name', '=', name))
      .where('body', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.toOsv(r));
  }

  /** Candidates for many names at once (a batch query): one round trip, each row with the name it matched. */
  async osvRecordsNamingAny(names: readonly string[]): Promise<(OsvRecordRow & { name: string })[]> {
    if (names.length === 0) return [];
    const rows = await this.db
      .selectFrom('osv_packages as p')
      .innerJoin('osv_records as r', 'r.id', 'p.osv_id')
      .select(['r.id', 'r.source', 'r.advisory_id', 'r.body', 'r.modified', 'p.name'])
      .where('p.name', 'in', [...new Set(names)])
      .where('r.body', 'is not', null)
      .execute();
    return rows.map((r) => ({ ...this.toOsv(r), name: r.name }));
  }

  /** Every record of an ecosystem (`null`: all), for all.zip and modified_id.csv. */
  async osvRecordsIn(ecosystem: string | null): Promise<OsvRecordRow[]> {
    let q = this.db
      .selectFrom('osv_records')
      .select(['id', 'source', 'advisory_id', 'body', 'modified'])
      .where('body', 'is not', null);
    if (ecosystem !== null)
      q = q.where(
        'id',
        'in',
        this.db.selectFrom('osv_packages').select('osv_id').where('ecosystem', '=', ecosystem),
      );
    const rows = await q.orderBy('modified', 'desc').orderBy('id').execute();
    return rows.map((r) => this.toOsv(r));
  }

  /** Changes whenever a record is added or modified: the key of caches over all records. */
  async osvStamp(): Promise<string> {
    const r = await this.db
      .selectFrom('osv_records')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('modified').as('m')])
      .where('body', 'is not', null)
      .executeTakeFirst();
    return `${String(r?.n ?? 0)}:${r?.m ?? ''}`;
  }

  async osvEcosystems(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('osv_packages')
      .select('ecosystem')
      .distinct()
      .orderBy('ecosystem')
      .execute();
    return rows.map((r) => r.ecosystem);
  }

  private toOsv(r: {
    id: string;
    source: string;
    advisory_id: string | null;
    body: string | null;
    modified: string;
  }): OsvRecordRow {
    return {
      id: r.id,
      source: r.source === 'imported' ? 'imported' : 'local',
      advisoryId: r.advisory_id,
      body: r.body ?? '',
      modified: r.modified,
    };
  }

  // ---- CVE records and KEV ------------------------------------------------------------------

  async putCveRecord(c: Omit<CveRecordRow, 'submittedAt' | 'submitError'>): Promise<void> {
    await this.db
      .insertInto('cve_records')
      .values({
        cve_id: c.cveId,
        advisory_id: c.advisoryId,
        body: c.body,
        exploited: c.exploited ? 1 : 0,
        kev: c.kev === null ? null : toJson(c.kev),
        published_at: c.publishedAt,
        updated_at: c.updatedAt,
      })
      .onConflict((oc) =>
        oc.column('cve_id').doUpdateSet({
          body: c.body,
          exploited: c.exploited ? 1 : 0,
          kev: c.kev === null ? null : toJson(c.kev),
          updated_at: c.updatedAt,
        }),
      )
      .execute();
  }

  async cveRecord(cveId: string): Promise<CveRecordRow | undefined> {
    const r = await this.db
      .selectFrom('cve_records')
      .selectAll()
      .where('cve_id', '=', cveId.toUpperCase())
      .executeTakeFirst();
    return r && this.toCve(r);
  }

  async cveRecordsOf(advisoryId: string): Promise<CveRecordRow[]> {
    const rows = await this.db
      .selectFrom('cve_records')
      .selectAll()
      .where('advisory_id', '=', advisoryId)
      .orderBy('cve_id')
      .execute();
    return rows.map((r) => this.toCve(r));
  }

  async exploitedCveRecords(): Promise<CveRecordRow[]> {
    const rows = await this.db
      .selectFrom('cve_records')
      .selectAll()
      .where('exploited', '=', 1)
      .orderBy('published_at', 'desc')
      .execute();
    return rows.map((r) => this.toCve(r));
  }

  async deleteCveRecord(cveId: string): Promise<void> {
    await this.db.deleteFrom('cve_records').where('cve_id', '=', cveId).execute();
  }

  async markCveSubmitted(cveId: string, at: string | null, error: string | null): Promise<void> {
    await this.db
      .updateTable('cve_records')
      .set({ submitted_at: at, submit_error: error })
      .where('cve_id', '=', cveId)
      .execute();
  }

  private toCve(r: Selectable<Database['cve_records']>): CveRecordRow {
    return {
      cveId: r.cve_id,
      advisoryId: r.advisory_id,
      body: r.body,
      exploited: r.exploited === 1,
      kev: r.kev == null ? null : typeof r.kev === 'string' ? JSON.parse(r.kev) : r.kev,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      submitError: r.submit_error,
    };
  }

  // ---- imported documents -------------------------------------------------------------------

  /** A newer copy of the same publisher's tracking id replaces the older one. */
  async putImported(d: ImportedDocumentRecord): Promise<'inserted' | 'updated'> {
    const existing = await this.db
      .selectFrom('imported_documents')
      .select('id')
      .where('format', '=', d.format)
      .where('source_origin', '=', d.sourceOrigin)
      .where('publisher', '=', d.publisher)
      .where('tracking_id', '=', d.trackingId)
      .executeTakeFirst();
    const values = {
      format: d.format,
      tracking_id: d.trackingId,
      title: d.title,
      publisher: d.publisher,
      tlp: d.tlp,
      cves: d.cves.join(' '),
      source_url: d.sourceUrl,
      source_origin: d.sourceOrigin,
      body: d.body,
      sha256: d.sha256,
      integrity: toJson(d.integrity),
      valid: d.valid ? 1 : 0,
      problems: toJson(d.problems),
      summary: toJson(d.summary),
      current_release_date: d.currentReleaseDate,
      imported_by: d.importedBy,
      imported_at: d.importedAt,
    };
    if (existing) {
      await this.db.updateTable('imported_documents').set(values).where('id', '=', existing.id).execute();
      return 'updated';
    }
    await this.db
      .insertInto('imported_documents')
      .values({ id: d.id, ...values })
      .execute();
    return 'inserted';
  }

  async importedDocument(id: string): Promise<ImportedDocumentRecord | undefined> {
    const r = await this.db
      .selectFrom('imported_documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toImported(r);
  }

  async importedByKey(
    format: string,
    sourceOrigin: string,
    publisher: string,
    trackingId: string,
  ): Promise<ImportedDocumentRecord | undefined> {
    const r = await this.db
      .selectFrom('imported_documents')
      .selectAll()
      .where('format', '=', format)
      .where('source_origin', '=', sourceOrigin)
      .where('publisher', '=', publisher)
      .where('tracking_id', '=', trackingId)
      .executeTakeFirst();
    return r && toImported(r);
  }

  async importedDocuments(f: {
    q?: string | undefined;
    format?: 'csaf' | 'osv' | undefined;
    limit: number;
    publicOnly: boolean;
    after?: { importedAt: string; id: string } | undefined;
  }): Promise<ImportedDocumentRecord[]> {
    let q = this.db.selectFrom('imported_documents').selectAll();
    if (f.format) q = q.where('format', '=', f.format);
    if (f.after) {
      const a = f.after;
      q = q.where((eb) =>
        eb.or([
          eb('imported_at', '<', a.importedAt),
          eb.and([eb('imported_at', '=', a.importedAt), eb('id', '<', a.id)]),
        ]),
      );
    }
    if (f.publicOnly) q = q.where('tlp', '=', 'WHITE');
    if (f.q) {
      const term = f.q;
      q = q.where((eb) =>
        eb.or([contains('title', term), contains('tracking_id', term), contains('cves', term)]),
      );
    }
    const rows = await q.orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map(toImported);
  }
}
