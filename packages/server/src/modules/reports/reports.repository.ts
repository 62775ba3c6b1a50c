import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  AffectedProduct,
  AiProvenance,
  Credit,
  CvssScore,
  DiscoveryMethod,
  REPORT_SOURCES,
  ReportStatus,
  Sector,
  SsvcResult,
  Tlp,
  ToolProvenance,
} from '@clearinghouse/shared';
import type { Database } from '../../db/schema.js';
import type { Dialect } from '../../db/database.js';
import { fromJson, toJson } from '../../db/json.js';

const bool = z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1);
const jsonOf = <T extends z.ZodType>(schema: T) => z.unknown().transform((v) => fromJson(schema, v));
const jsonOrNull = <T extends z.ZodType>(schema: T) =>
  z.unknown().transform((v) => (v === null || v === undefined ? null : fromJson(schema, v)));

export const ReportRecord = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  description: z.string(),
  status: ReportStatus,
  statusReason: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  tlp: Tlp,
  requestedTlp: Tlp,
  namedUserIds: jsonOf(z.array(z.string())),
  source: z.enum(REPORT_SOURCES),
  reporterUserId: z.string().nullable(),
  reporterOrgId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  discoveryMethod: DiscoveryMethod,
  aiProvenance: jsonOrNull(AiProvenance),
  toolProvenance: jsonOrNull(ToolProvenance),
  suspectedCwe: z.string().nullable(),
  suggestedCvss: z.string().nullable(),
  vendorContacted: bool,
  publiclyKnown: bool,
  exploitedInWild: bool,
  sectors: jsonOf(z.array(Sector)),
  credit: jsonOf(Credit),
  assigneeId: z.string().nullable(),
  caseId: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  triagedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportRecord = z.infer<typeof ReportRecord>;
export type NewReport = Omit<ReportRecord, 'createdAt' | 'updatedAt'> & { followupSecretHash: string | null };

export const ReportProductRecord = AffectedProduct.extend({ id: z.string(), reportId: z.string() });
export type ReportProductRecord = z.infer<typeof ReportProductRecord>;

export const MessageRecord = z.object({
  id: z.string(),
  reportId: z.string(),
  authorUserId: z.string().nullable(),
  authorName: z.string().nullable(),
  authorKind: z.enum(['reporter', 'clearinghouse']),
  internal: bool,
  body: z.string(),
  createdAt: z.string(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const ValidationRecord = z.object({
  id: z.string(),
  reportId: z.string(),
  cvss31: jsonOrNull(CvssScore),
  cvss40: jsonOrNull(CvssScore),
  ssvc: jsonOrNull(SsvcResult),
  cwe: jsonOrNull(z.object({ id: z.string(), name: z.string() })),
  reproductionNotes: z.string(),
  reproduced: bool,
  evidenceAttachmentIds: jsonOf(z.array(z.string())),
  validatedBy: z.string(),
  validatedByName: z.string(),
  createdAt: z.string(),
});
export type ValidationRecord = z.infer<typeof ValidationRecord>;

export const AttachmentRecord = z.object({
  id: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  sha256: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number(),
  uploadedByUserId: z.string().nullable(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type AttachmentRecord = z.infer<typeof AttachmentRecord>;

/** Who may see which reports, decided in SQL (see ReportsService for the rules in words). */
export type ReportScope =
  { kind: 'staff'; userId: string } | { kind: 'member'; userId: string; orgIds: readonly string[] };

export interface ReportListFilter {
  statuses?: readonly string[];
  /** A user id, or 'none' for unassigned. */
  assignee?: string;
  discoveryMethod?: string;
  q?: string;
  mineUserId?: string;
  /** Only reports whose first response or triage is late at `now`, given these due instants. */
  overdue?: { firstResponseCreatedBefore: string; triageCreatedBefore: string };
  after?: { createdAt: string; id: string };
  limit: number;
}

const columns = [
  'r.id',
  'r.ref',
  'r.title',
  'r.description',
  'r.status',
  'r.status_reason as statusReason',
  'r.duplicate_of as duplicateOf',
  'r.tlp',
  'r.requested_tlp as requestedTlp',
  'r.named_user_ids as namedUserIds',
  'r.source',
  'r.reporter_user_id as reporterUserId',
  'r.reporter_org_id as reporterOrgId',
  'r.contact_name as contactName',
  'r.contact_email as contactEmail',
  'r.discovery_method as discoveryMethod',
  'r.ai_provenance as aiProvenance',
  'r.tool_provenance as toolProvenance',
  'r.suspected_cwe as suspectedCwe',
  'r.suggested_cvss as suggestedCvss',
  'r.vendor_contacted as vendorContacted',
  'r.publicly_known as publiclyKnown',
  'r.exploited_in_wild as exploitedInWild',
  'r.sectors',
  'r.credit',
  'r.assignee_id as assigneeId',
  'r.case_id as caseId',
  'r.first_response_at as firstResponseAt',
  'r.triaged_at as triagedAt',
  'r.created_at as createdAt',
  'r.updated_at as updatedAt',
] as const;

const int = (b: boolean) => (b ? 1 : 0);

export class ReportsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** The next number of a named per-year counter (VR-2026-…, CH-2026-…); safe under concurrency. */
  async nextCounter(name: string): Promise<number> {
    const row = await this.db
      .insertInto('counters')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`counters.value + 1` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return row.value;
  }

  async insert(r: NewReport, products: ReportProductRecord[], now: string): Promise<void> {
    await this.db
      .insertInto('reports')
      .values({
        id: r.id,
        ref: r.ref,
        title: r.title,
        description: r.description,
        status: r.status,
        status_reason: r.statusReason,
        duplicate_of: r.duplicateOf,
        tlp: r.tlp,
        requested_tlp: r.requestedTlp,
        named_user_ids: toJson(r.namedUserIds),
        source: r.source,
        reporter_user_id: r.reporterUserId,
        reporter_org_id: r.reporterOrgId,
        contact_name: r.contactName,
        contact_email: r.contactEmail,
        followup_secret_hash: r.followupSecretHash,
        discovery_method: r.discoveryMethod,
        ai_provenance: r.aiProvenance ? toJson(r.aiProvenance) : null,
        tool_provenance: r.toolProvenance ? toJson(r.toolProvenance) : null,
        suspected_cwe: r.suspectedCwe,
        suggested_cvss: r.suggestedCvss,
        vendor_contacted: int(r.vendorContacted),
        publicly_known: int(r.publiclyKnown),
        exploited_in_wild: int(r.exploitedInWild),
        sectors: toJson(r.sectors),
        credit: toJson(r.credit),
        assignee_id: r.assigneeId,
        case_id: r.caseId,
        first_response_at: r.firstResponseAt,
        triaged_at: r.triagedAt,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (products.length > 0)
      await this.db
        .insertInto('report_products')
        .values(
          products.map((p, position) => ({
            id: p.id,
            report_id: r.id,
            position,
            vendor: p.vendor,
            product: p.product,
            versions: p.versions,
            purl: p.purl ?? null,
            cpe: p.cpe ?? null,
          })),
        )
        .execute();
  }

  private base() {
    return this.db.selectFrom('reports as r').select(columns);
  }

  async findById(id: string): Promise<ReportRecord | undefined> {
    const row = await this.base().where('r.id', '=', id).executeTakeFirst();
    return row ? ReportRecord.parse(row) : undefined;
  }

  async findByRef(ref: string): Promise<ReportRecord | undefined> {
    const row = await this.base().where('r.ref', '=', ref).executeTakeFirst();
    return row ? ReportRecord.parse(row) : undefined;
  }

  async findByFollowupHash(hash: string): Promise<ReportRecord | undefined> {
    const row = await this.base().where('r.followup_secret_hash', '=', hash).executeTakeFirst();
    return row ? ReportRecord.parse(row) : undefined;
  }

  /** Reports the scope may see, newest first. TLP:RED rows reach staff only when named. */
  async list(scope: ReportScope, f: ReportListFilter): Promise<ReportRecord[]> {
    let q = this.base();
    if (scope.kind === 'member') {
      const { userId, orgIds } = scope;
      q = q.where((eb) =>
        eb.or([
          eb('r.reporter_user_id', '=', userId),
          ...(orgIds.length > 0
            ? [eb.and([eb('r.reporter_org_id', 'in', orgIds), eb('r.tlp', '!=', 'RED')])]
            : []),
          this.named(userId),
        ]),
      );
    }
    if (f.statuses && f.statuses.length > 0) q = q.where('r.status', 'in', f.statuses);
    if (f.assignee === 'none') q = q.where('r.assignee_id', 'is', null);
    else if (f.assignee) q = q.where('r.assignee_id', '=', f.assignee);
    if (f.discoveryMethod) q = q.where('r.discovery_method', '=', f.discoveryMethod);
    if (f.mineUserId) q = q.where('r.reporter_user_id', '=', f.mineUserId);
    if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // RED titles are not searchable by people who cannot read them.
      q = q.where((eb) =>
        eb.or([
          eb('r.ref', '=', f.q ?? ''),
          eb.and([
            eb(sql`lower(r.title)`, 'like', sql`${like} escape '\\'`),
            scope.kind === 'staff'
              ? eb.or([eb('r.tlp', '!=', 'RED'), this.named(scope.userId)])
              : eb.lit(true),
          ]),
        ]),
      );
    }
    if (f.overdue) {
      const { firstResponseCreatedBefore, triageCreatedBefore } = f.overdue;
      q = q.where((eb) =>
        eb.or([
          eb.and([
            eb('r.first_response_at', 'is', null),
            eb('r.created_at', '<', firstResponseCreatedBefore),
          ]),
          eb.and([
            eb('r.triaged_at', 'is', null),
            eb('r.status', 'in', ['received', 'needs_info']),
            eb('r.created_at', '<', triageCreatedBefore),
          ]),
        ]),
      );
    }
    if (f.after) {
      const { createdAt, id } = f.after;
      q = q.where((eb) =>
        eb.or([
          eb('r.created_at', '<', createdAt),
          eb.and([eb('r.created_at', '=', createdAt), eb('r.id', '<', id)]),
        ]),
      );
    }
    const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
    return rows.map((row) => ReportRecord.parse(row));
  }

  /** `userId` is in the report's named_user_ids JSON array (dialect-specific JSON test). */
  private named(userId: string) {
    return this.dialect === 'postgres'
      ? sql<boolean>`r.named_user_ids @> ${JSON.stringify([userId])}::jsonb`
      : sql<boolean>`exists (select 1 from json_each(r.named_user_ids) where json_each.value = ${userId})`;
  }

  /** Recent reports with products, for duplicate ranking (the caller scores them). */
  async recentForDuplicates(excludeId: string, limit: number): Promise<ReportRecord[]> {
    const rows = await this.base()
      .where('r.id', '!=', excludeId)
      .where('r.tlp', '!=', 'RED')
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ReportRecord.parse(row));
  }

  async products(reportIds: readonly string[]): Promise<ReportProductRecord[]> {
    if (reportIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('report_products')
      .select(['id', 'report_id as reportId', 'vendor', 'product', 'versions', 'purl', 'cpe'])
      .where('report_id', 'in', reportIds)
      .orderBy('report_id')
      .orderBy('position')
      .execute();
    return rows.map((row) => ReportProductRecord.parse(row));
  }

  async update(
    id: string,
    patch: Partial<{
      status: string;
      statusReason: string | null;
      duplicateOf: string | null;
      tlp: string;
      namedUserIds: string[];
      assigneeId: string | null;
      caseId: string | null;
      firstResponseAt: string;
      triagedAt: string;
    }>,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.statusReason !== undefined && { status_reason: patch.statusReason }),
        ...(patch.duplicateOf !== undefined && { duplicate_of: patch.duplicateOf }),
        ...(patch.tlp !== undefined && { tlp: patch.tlp }),
        ...(patch.namedUserIds !== undefined && { named_user_ids: toJson(patch.namedUserIds) }),
        ...(patch.assigneeId !== undefined && { assignee_id: patch.assigneeId }),
        ...(patch.caseId !== undefined && { case_id: patch.caseId }),
        ...(patch.firstResponseAt !== undefined && { first_response_at: patch.firstResponseAt }),
        ...(patch.triagedAt !== undefined && { triaged_at: patch.triagedAt }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async insertMessage(m: Omit<MessageRecord, 'authorName'>): Promise<void> {
    await this.db
      .insertInto('report_messages')
      .values({
        id: m.id,
        report_id: m.reportId,
        author_user_id: m.authorUserId,
        author_kind: m.authorKind,
        internal: int(m.internal),
        body: m.body,
        created_at: m.createdAt,
      })
      .execute();
  }

  async messages(reportId: string, includeInternal: boolean): Promise<MessageRecord[]> {
    let q = this.db
      .selectFrom('report_messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_user_id')
      .select([
        'm.id',
        'm.report_id as reportId',
        'm.author_user_id as authorUserId',
        'u.name as authorName',
        'm.author_kind as authorKind',
        'm.internal',
        'm.body',
        'm.created_at as createdAt',
      ])
      .where('m.report_id', '=', reportId);
    if (!includeInternal) q = q.where('m.internal', '=', 0);
    const rows = await q.orderBy('m.created_at').orderBy('m.id').execute();
    return rows.map((row) => MessageRecord.parse(row));
  }

  async insertValidation(v: Omit<ValidationRecord, 'validatedByName'>): Promise<void> {
    await this.db
      .insertInto('report_validations')
      .values({
        id: v.id,
        report_id: v.reportId,
        cvss31: v.cvss31 ? toJson(v.cvss31) : null,
        cvss40: v.cvss40 ? toJson(v.cvss40) : null,
        ssvc: v.ssvc ? toJson(v.ssvc) : null,
        cwe: v.cwe ? toJson(v.cwe) : null,
        reproduction_notes: v.reproductionNotes,
        reproduced: int(v.reproduced),
        evidence_attachment_ids: toJson(v.evidenceAttachmentIds),
        validated_by: v.validatedBy,
        created_at: v.createdAt,
      })
      .execute();
  }

  /** The current validation: the newest record (earlier ones stay as history). */
  async latestValidation(reportId: string): Promise<ValidationRecord | undefined> {
    const row = await this.db
      .selectFrom('report_validations as v')
      .innerJoin('users as u', 'u.id', 'v.validated_by')
      .select([
        'v.id',
        'v.report_id as reportId',
        'v.cvss31',
        'v.cvss40',
        'v.ssvc',
        'v.cwe',
        'v.reproduction_notes as reproductionNotes',
        'v.reproduced',
        'v.evidence_attachment_ids as evidenceAttachmentIds',
        'v.validated_by as validatedBy',
        'u.name as validatedByName',
        'v.created_at as createdAt',
      ])
      .where('v.report_id', '=', reportId)
      .orderBy('v.created_at', 'desc')
      .orderBy('v.id', 'desc')
      .executeTakeFirst();
    return row ? ValidationRecord.parse(row) : undefined;
  }

  async insertAttachment(a: Omit<AttachmentRecord, 'uploadedByName'>): Promise<void> {
    await this.db
      .insertInto('attachments')
      .values({
        id: a.id,
        owner_type: a.ownerType,
        owner_id: a.ownerId,
        sha256: a.sha256,
        filename: a.filename,
        media_type: a.mediaType,
        size: a.size,
        uploaded_by_user_id: a.uploadedByUserId,
        created_at: a.createdAt,
      })
      .execute();
  }

  async attachments(ownerType: string, ownerId: string): Promise<AttachmentRecord[]> {
    const rows = await this.db
      .selectFrom('attachments as a')
      .leftJoin('users as u', 'u.id', 'a.uploaded_by_user_id')
      .select([
        'a.id',
        'a.owner_type as ownerType',
        'a.owner_id as ownerId',
        'a.sha256',
        'a.filename',
        'a.media_type as mediaType',
        'a.size',
        'a.uploaded_by_user_id as uploadedByUserId',
        'u.name as uploadedByName',
        'a.created_at as createdAt',
      ])
      .where('a.owner_type', '=', ownerType)
      .where('a.owner_id', '=', ownerId)
      .orderBy('a.created_at')
      .execute();
    return rows.map((row) => AttachmentRecord.parse(row));
  }
}
