import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { CvssScore, SsvcResult } from '@clearinghouse/shared';
import type {
  CaseParticipantsTable,
  CaseVulnerabilitiesTable,
  CasesTable,
  Database,
  EmbargoesTable,
  VendorProductsTable,
  VendorStatementsTable,
} from '../../db/schema.js';
import { fromJson, toJson } from '../../db/json.js';
import type { Dialect } from '../../db/database.js';

const jsonOrNull = <T extends z.ZodType>(schema: T, v: unknown): z.infer<T> | null =>
  v === null || v === undefined ? null : fromJson(schema, v);
const CweRef = z.object({ id: z.string(), name: z.string() });

export interface CaseRecord {
  id: string;
  ref: string;
  title: string;
  summary: string;
  status: 'active' | 'published' | 'closed';
  tlp: 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
const toCase = (r: Selectable<CasesTable>): CaseRecord => ({
  id: r.id,
  ref: r.ref,
  title: r.title,
  summary: r.summary,
  status: z.enum(['active', 'published', 'closed']).parse(r.status),
  tlp: z.enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']).parse(r.tlp),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface VulnerabilityRecord {
  id: string;
  caseId: string;
  ordinal: number;
  title: string;
  description: string;
  cveId: string | null;
  cvss31: CvssScore | null;
  cvss40: CvssScore | null;
  ssvc: SsvcResult | null;
  cwe: { id: string; name: string } | null;
  reportId: string | null;
}
const toVuln = (r: Selectable<CaseVulnerabilitiesTable>): VulnerabilityRecord => ({
  id: r.id,
  caseId: r.case_id,
  ordinal: r.ordinal,
  title: r.title,
  description: r.description,
  cveId: r.cve_id,
  cvss31: jsonOrNull(CvssScore, r.cvss31),
  cvss40: jsonOrNull(CvssScore, r.cvss40),
  ssvc: jsonOrNull(SsvcResult, r.ssvc),
  cwe: jsonOrNull(CweRef, r.cwe),
  reportId: r.report_id,
});

export interface ParticipantRecord {
  id: string;
  caseId: string;
  role: 'vendor' | 'reporter' | 'coordinator' | 'observer';
  organizationId: string | null;
  userId: string | null;
  status: 'proposed' | 'invited' | 'active' | 'declined' | 'rejected' | 'removed';
  proposedByOrgId: string | null;
  addedBy: string | null;
  createdAt: string;
  updatedAt: string;
}
const toParticipant = (r: Selectable<CaseParticipantsTable>): ParticipantRecord => ({
  id: r.id,
  caseId: r.case_id,
  role: z.enum(['vendor', 'reporter', 'coordinator', 'observer']).parse(r.role),
  organizationId: r.organization_id,
  userId: r.user_id,
  status: z.enum(['proposed', 'invited', 'active', 'declined', 'rejected', 'removed']).parse(r.status),
  proposedByOrgId: r.proposed_by_org_id,
  addedBy: r.added_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const PatchJson = z.array(z.object({ url: z.string(), sha256: z.string().nullable().optional() }));
export interface StatementRecord {
  id: string;
  caseId: string;
  vulnerabilityId: string;
  organizationId: string;
  product: string;
  productKey: string;
  purl: string | null;
  cpe: string | null;
  status: 'affected' | 'not_affected' | 'fixed' | 'under_investigation';
  justification: string | null;
  statement: string;
  affectedVersions: string;
  fixedVersions: string[];
  patches: { url: string; sha256?: string | null | undefined }[];
  shared: boolean;
  approvedAt: string | null;
  approvedBy: string | null;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}
const toStatement = (r: Selectable<VendorStatementsTable>): StatementRecord => ({
  id: r.id,
  caseId: r.case_id,
  vulnerabilityId: r.vulnerability_id,
  organizationId: r.organization_id,
  product: r.product,
  productKey: r.product_key,
  purl: r.purl,
  cpe: r.cpe,
  status: z.enum(['affected', 'not_affected', 'fixed', 'under_investigation']).parse(r.status),
  justification: r.justification,
  statement: r.statement,
  affectedVersions: r.affected_versions,
  fixedVersions: fromJson(z.array(z.string()), r.fixed_versions),
  patches: fromJson(PatchJson, r.patches),
  shared: r.shared === 1,
  approvedAt: r.approved_at,
  approvedBy: r.approved_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const Responses = z.record(
  z.string(),
  z.object({ response: z.enum(['accepted', 'rejected']), at: z.string() }),
);
export interface EmbargoRecord {
  id: string;
  caseId: string;
  endsAt: string;
  reason: string;
  status: 'proposed' | 'active' | 'rejected' | 'superseded' | 'withdrawn';
  proposedBy: string;
  proposedByOrgId: string | null;
  /** organization id → its answer */
  responses: Record<string, { response: 'accepted' | 'rejected'; at: string }>;
  decidedAt: string | null;
  createdAt: string;
}
const toEmbargo = (r: Selectable<EmbargoesTable>): EmbargoRecord => ({
  id: r.id,
  caseId: r.case_id,
  endsAt: r.ends_at,
  reason: r.reason,
  status: z.enum(['proposed', 'active', 'rejected', 'superseded', 'withdrawn']).parse(r.status),
  proposedBy: r.proposed_by,
  proposedByOrgId: r.proposed_by_org_id,
  responses: fromJson(Responses, r.responses),
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

export interface ProductRecord {
  vendor: string;
  product: string;
  versions: string;
  purl: string | null;
  cpe: string | null;
}

export interface ThreadRecord {
  id: string;
  caseId: string;
  kind: 'case' | 'private';
  participantId: string | null;
  title: string;
  createdAt: string;
}
export interface PostRecord {
  id: string;
  threadId: string;
  authorUserId: string;
  body: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}
export interface VendorProductRecord {
  id: string;
  organizationId: string;
  name: string;
  purl: string | null;
  cpe: string | null;
  createdAt: string;
}

const toVendorProduct = (r: Selectable<VendorProductsTable>): VendorProductRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  purl: r.purl,
  cpe: r.cpe,
  createdAt: r.created_at,
});

/** SQL for coordination: cases and everything inside them. Visibility is decided by callers. */
export class CasesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // ---- cases ----
  async insertCase(c: CaseRecord): Promise<void> {
    await this.db
      .insertInto('cases')
      .values({
        id: c.id,
        ref: c.ref,
        title: c.title,
        summary: c.summary,
        status: c.status,
        tlp: c.tlp,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  async findCase(idOrRef: string): Promise<CaseRecord | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrRef), eb('ref', '=', idOrRef)]))
      .executeTakeFirst();
    return row ? toCase(row) : undefined;
  }

  /** Cases visible to a participant: through their organizations or themselves, not removed or rejected. */
  async listCases(opts: {
    all: boolean;
    userId: string;
    orgIds: readonly string[];
    status?: string | undefined;
    q?: string | undefined;
    limit: number;
  }): Promise<CaseRecord[]> {
    let q = this.db.selectFrom('cases').selectAll();
    if (!opts.all) {
      const { userId, orgIds } = opts;
      q = q.where((eb) =>
        eb(
          'id',
          'in',
          eb
            .selectFrom('case_participants')
            .select('case_id')
            .where('status', 'in', ['invited', 'active'])
            .where((w) =>
              w.or([
                w('user_id', '=', userId),
                ...(orgIds.length > 0 ? [w('organization_id', 'in', orgIds)] : []),
              ]),
            ),
        ),
      );
    }
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.q)
      q = q.where((eb) => eb.or([eb('ref', '=', opts.q ?? ''), eb('title', 'like', `%${opts.q ?? ''}%`)]));
    const rows = await q.orderBy('created_at', 'desc').limit(opts.limit).execute();
    return rows.map(toCase);
  }

  async updateCase(
    id: string,
    patch: Partial<Pick<CaseRecord, 'title' | 'summary' | 'status' | 'tlp'>>,
    now: string,
  ) {
    await this.db
      .updateTable('cases')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('cases').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async linkReport(caseId: string, reportId: string, now: string): Promise<void> {
    await this.db
      .insertInto('case_reports')
      .values({ case_id: caseId, report_id: reportId, created_at: now })
      .execute();
  }

  async reportIds(caseId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('case_reports')
      .select('report_id')
      .where('case_id', '=', caseId)
      .execute();
    return rows.map((r) => r.report_id);
  }

  // ---- vulnerabilities ----
  async insertVulnerability(v: VulnerabilityRecord, now: string): Promise<void> {
    await this.db
      .insertInto('case_vulnerabilities')
      .values({
        id: v.id,
        case_id: v.caseId,
        ordinal: v.ordinal,
        title: v.title,
        description: v.description,
        cve_id: v.cveId,
        cvss31: v.cvss31 ? toJson(v.cvss31) : null,
        cvss40: v.cvss40 ? toJson(v.cvss40) : null,
        ssvc: v.ssvc ? toJson(v.ssvc) : null,
        cwe: v.cwe ? toJson(v.cwe) : null,
        report_id: v.reportId,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async updateVulnerability(v: VulnerabilityRecord, now: string): Promise<void> {
    await this.db
      .updateTable('case_vulnerabilities')
      .set({
        title: v.title,
        description: v.description,
        cve_id: v.cveId,
        cvss31: v.cvss31 ? toJson(v.cvss31) : null,
        cvss40: v.cvss40 ? toJson(v.cvss40) : null,
        ssvc: v.ssvc ? toJson(v.ssvc) : null,
        cwe: v.cwe ? toJson(v.cwe) : null,
        updated_at: now,
      })
      .where('id', '=', v.id)
      .execute();
  }

  async vulnerabilities(caseId: string): Promise<VulnerabilityRecord[]> {
    const rows = await this.db
      .selectFrom('case_vulnerabilities')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('ordinal')
      .execute();
    return rows.map(toVuln);
  }

  async findVulnerabilityByCve(cveId: string): Promise<VulnerabilityRecord | undefined> {
    const row = await this.db
      .selectFrom('case_vulnerabilities')
      .selectAll()
      .where('cve_id', '=', cveId)
      .executeTakeFirst();
    return row ? toVuln(row) : undefined;
  }

  // ---- products ----
  async insertProducts(caseId: string, products: (ProductRecord & { id: string })[]): Promise<void> {
    if (products.length === 0) return;
    await this.db
      .insertInto('case_products')
      .values(
        products.map((p) => ({
          id: p.id,
          case_id: caseId,
          vendor: p.vendor,
          product: p.product,
          versions: p.versions,
          purl: p.purl,
          cpe: p.cpe,
        })),
      )
      .execute();
  }

  async products(caseId: string): Promise<ProductRecord[]> {
    return this.db
      .selectFrom('case_products')
      .select(['vendor', 'product', 'versions', 'purl', 'cpe'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
  }

  // ---- participants ----
  async insertParticipant(p: ParticipantRecord): Promise<void> {
    await this.db
      .insertInto('case_participants')
      .values({
        id: p.id,
        case_id: p.caseId,
        role: p.role,
        organization_id: p.organizationId,
        user_id: p.userId,
        status: p.status,
        proposed_by_org_id: p.proposedByOrgId,
        added_by: p.addedBy,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      })
      .execute();
  }

  async participants(caseId: string): Promise<ParticipantRecord[]> {
    const rows = await this.db
      .selectFrom('case_participants')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toParticipant);
  }

  async setParticipantStatus(id: string, status: ParticipantRecord['status'], now: string): Promise<void> {
    await this.db
      .updateTable('case_participants')
      .set({ status, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  // ---- statements ----
  async upsertStatement(s: StatementRecord): Promise<void> {
    const values = {
      status: s.status,
      product: s.product,
      purl: s.purl,
      cpe: s.cpe,
      justification: s.justification,
      statement: s.statement,
      affected_versions: s.affectedVersions,
      fixed_versions: toJson(s.fixedVersions),
      patches: toJson(s.patches),
      shared: s.shared ? 1 : 0,
      approved_at: null,
      approved_by: null,
      updated_by: s.updatedBy,
      updated_at: s.updatedAt,
    };
    await this.db
      .insertInto('vendor_statements')
      .values({
        ...values,
        id: s.id,
        case_id: s.caseId,
        vulnerability_id: s.vulnerabilityId,
        organization_id: s.organizationId,
        product_key: s.productKey,
        created_at: s.createdAt,
      })
      // A changed statement needs approving again.
      .onConflict((oc) =>
        oc.columns(['vulnerability_id', 'organization_id', 'product_key']).doUpdateSet(values),
      )
      .execute();
  }

  async statements(caseId: string): Promise<StatementRecord[]> {
    const rows = await this.db
      .selectFrom('vendor_statements')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toStatement);
  }

  async findStatementByKey(vulnerabilityId: string, organizationId: string, productKey: string) {
    const row = await this.db
      .selectFrom('vendor_statements')
      .selectAll()
      .where('vulnerability_id', '=', vulnerabilityId)
      .where('organization_id', '=', organizationId)
      .where('product_key', '=', productKey)
      .executeTakeFirst();
    return row ? toStatement(row) : undefined;
  }

  async approveStatement(id: string, userId: string, now: string): Promise<void> {
    await this.db
      .updateTable('vendor_statements')
      .set({ approved_at: now, approved_by: userId })
      .where('id', '=', id)
      .execute();
  }

  // ---- embargoes ----
  async insertEmbargo(e: EmbargoRecord): Promise<void> {
    await this.db
      .insertInto('embargoes')
      .values({
        id: e.id,
        case_id: e.caseId,
        ends_at: e.endsAt,
        reason: e.reason,
        status: e.status,
        proposed_by: e.proposedBy,
        proposed_by_org_id: e.proposedByOrgId,
        responses: toJson(e.responses),
        decided_at: e.decidedAt,
        created_at: e.createdAt,
        updated_at: e.createdAt,
      })
      .execute();
  }

  async updateEmbargo(e: EmbargoRecord, now: string): Promise<void> {
    await this.db
      .updateTable('embargoes')
      .set({ status: e.status, responses: toJson(e.responses), decided_at: e.decidedAt, updated_at: now })
      .where('id', '=', e.id)
      .execute();
  }

  /** A case's embargo rows, locked until the transaction ends (PostgreSQL; SQLite serializes anyway). */
  async lockEmbargoes(caseId: string): Promise<EmbargoRecord[]> {
    let q = this.db
      .selectFrom('embargoes')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
    if (this.dialect === 'postgres') q = q.forUpdate();
    return (await q.execute()).map(toEmbargo);
  }

  async embargoes(caseId: string): Promise<EmbargoRecord[]> {
    const rows = await this.db
      .selectFrom('embargoes')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toEmbargo);
  }

  // ---- threads ----
  async insertThread(t: ThreadRecord): Promise<void> {
    await this.db
      .insertInto('case_threads')
      .values({
        id: t.id,
        case_id: t.caseId,
        kind: t.kind,
        participant_id: t.participantId,
        title: t.title,
        created_at: t.createdAt,
      })
      .execute();
  }

  async threads(caseId: string): Promise<ThreadRecord[]> {
    const rows = await this.db
      .selectFrom('case_threads')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      kind: r.kind === 'private' ? ('private' as const) : ('case' as const),
      participantId: r.participant_id,
      title: r.title,
      createdAt: r.created_at,
    }));
  }

  async insertPost(p: PostRecord): Promise<void> {
    await this.db
      .insertInto('case_posts')
      .values({
        id: p.id,
        thread_id: p.threadId,
        author_user_id: p.authorUserId,
        body: p.body,
        revision: p.revision,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      })
      .execute();
  }

  async posts(threadIds: readonly string[]): Promise<PostRecord[]> {
    if (threadIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('case_posts')
      .selectAll()
      .where('thread_id', 'in', threadIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      threadId: r.thread_id,
      authorUserId: r.author_user_id,
      body: r.body,
      revision: r.revision,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  /** Keeps the old text as a revision, then replaces it. */
  async revisePost(post: PostRecord, body: string, revisionId: string, now: string): Promise<void> {
    await this.db
      .insertInto('case_post_revisions')
      .values({
        id: revisionId,
        post_id: post.id,
        revision: post.revision,
        body: post.body,
        created_at: post.updatedAt,
      })
      .execute();
    await this.db
      .updateTable('case_posts')
      .set({ body, revision: post.revision + 1, updated_at: now })
      .where('id', '=', post.id)
      .execute();
  }

  async postRevisions(postId: string): Promise<{ revision: number; body: string; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('case_post_revisions')
      .select(['revision', 'body', 'created_at'])
      .where('post_id', '=', postId)
      .orderBy('revision')
      .execute();
    return rows.map((r) => ({ revision: r.revision, body: r.body, createdAt: r.created_at }));
  }

  // ---- vendor product lists ----
  async insertVendorProduct(p: VendorProductRecord): Promise<void> {
    await this.db
      .insertInto('vendor_products')
      .values({
        id: p.id,
        organization_id: p.organizationId,
        name: p.name,
        purl: p.purl,
        cpe: p.cpe,
        created_at: p.createdAt,
      })
      .execute();
  }

  async vendorProducts(orgId: string): Promise<VendorProductRecord[]> {
    const rows = await this.db
      .selectFrom('vendor_products')
      .selectAll()
      .where('organization_id', '=', orgId)
      .orderBy('name')
      .execute();
    return rows.map(toVendorProduct);
  }

  async deleteVendorProduct(orgId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('vendor_products')
      .where('organization_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Vendor products whose purl (without version) or CPE vendor:product prefix is among the keys. */
  async vendorProductsMatching(
    purls: readonly string[],
    cpes: readonly string[],
  ): Promise<VendorProductRecord[]> {
    if (purls.length === 0 && cpes.length === 0) return [];
    const rows = await this.db
      .selectFrom('vendor_products')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(purls.length > 0 ? [eb('purl', 'in', purls)] : []),
          ...(cpes.length > 0 ? [eb('cpe', 'in', cpes)] : []),
        ]),
      )
      .execute();
    return rows.map(toVendorProduct);
  }

  // ---- notifications ----
  async insertNotification(n: {
    id: string;
    userId: string;
    kind: string;
    title: string;
    body: string;
    link: string;
    createdAt: string;
  }): Promise<void> {
    await this.db
      .insertInto('notifications')
      .values({
        id: n.id,
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        read_at: null,
        created_at: n.createdAt,
      })
      .execute();
  }

  async notifications(userId: string, limit: number) {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      readAt: r.read_at,
      createdAt: r.created_at,
    }));
  }

  async markNotificationRead(userId: string, id: string, now: string): Promise<boolean> {
    const res = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
