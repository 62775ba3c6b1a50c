import {
  mostRestrictiveTlp,
  type Attachment,
  type Case,
  type CaseCreate,
  type CaseParticipant,
  type CasePost,
  type CaseSummary,
  type CaseThread,
  type CaseUpdate,
  type CaseVulnerability,
  type CaseVulnerabilityInput,
  type CaseVulnerabilityUpdate,
  type Embargo,
  type EmbargoProposal,
  type EmbargoResponse,
  type Notification,
  type ParticipantAdd,
  type ParticipantDecision,
  type StatementInput,
  type StatementStatus,
  type TimelineEntry,
  type VendorProduct,
  type VendorProductCreate,
  type VendorStatement,
  type VendorSuggestion,
} from '@clearinghouse/shared';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { parseCvss } from '../../formats/cvss.js';
import { findCwe, normalizeCweId } from '../../formats/cwe.js';
import { decideSsvc, ssvcVector } from '../../formats/ssvc.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { authorize, can, type CaseParticipation } from '../../policy/policy.js';
import type { Principal, UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type {
  CaseRecord,
  EmbargoRecord,
  ParticipantRecord,
  StatementRecord,
  VulnerabilityRecord,
} from './cases.repository.js';
import type { ReportRecord } from '../reports/reports.repository.js';
import { presentAttachment, safeFilename } from '../files/attachments.js';
import { RELEASE_DUE } from '../advisories/jobs.js';

/** What other modules (publication) need to know of a case: who takes part, and its embargo. */
export interface CaseFacts {
  id: string;
  ref: string;
  title: string;
  tlp: CaseRecord['tlp'];
  status: CaseRecord['status'];
  participation: CaseParticipation;
  /** Declared clients of the participating organizations (TLP:AMBER reaches them). */
  clientOrgIds: string[];
  /** Everyone to tell when something is released: members of participating organizations and individuals. */
  recipients: { userId: string; email: string }[];
  embargoEndsAt: string | null;
  /** An embargo proposal still waits for answers. */
  embargoProposed: boolean;
}

type Detail = { path: string; message: string };
const LIVE: readonly ParticipantRecord['status'][] = ['invited', 'active'];
/** How bad a status is, for the matrix: the worst of a vendor's products wins. */
const SEVERITY: Record<StatementStatus | 'unknown', number> = {
  unknown: 0,
  not_affected: 1,
  fixed: 2,
  under_investigation: 3,
  affected: 4,
};
/** Audit actions participants (not only coordinators) see on the case timeline. */
const PUBLIC_TIMELINE = new Set([
  'case.opened',
  'case.updated',
  'case.vulnerability_added',
  'case.vulnerability_updated',
  'case.participant_invited',
  'case.participant_joined',
  'case.participant_declined',
  'case.embargo_proposed',
  'case.embargo_answered',
  'case.embargo_active',
  'case.embargo_rejected',
  'case.embargo_withdrawn',
]);

interface Loaded {
  c: CaseRecord;
  participants: ParticipantRecord[];
  participation: CaseParticipation;
}

/** The product identity used to find vendors: purl without version, CPE as part:vendor:product. */
export function purlBase(purl: string): string {
  return purl.replace(/[?#].*$/, '').replace(/@[^/]*$/, '');
}
export function cpeBase(cpe: string): string {
  return cpe.split(':').slice(0, 5).join(':');
}

/**
 * Coordination (VINCE's cases): a case opens from validated reports and holds vulnerabilities,
 * participants (vendors, the reporter, coordinators, observers), vendor statements per
 * vulnerability × product, embargo proposals and threads. Every read goes through the
 * case-participation policy; statements and the reporter's identity are filtered per viewer.
 */
export class CasesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly blobs: BlobStore,
    private readonly uploadLimitBytes: number,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  private async tx<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    const out = await this.uow.transaction(fn);
    this.onEnqueued();
    return out;
  }

  // ---- loading and access --------------------------------------------------------------------

  private async load(idOrRef: string): Promise<Loaded | undefined> {
    const c = await this.uow.read.cases.findCase(idOrRef);
    if (!c) return undefined;
    const participants = await this.uow.read.cases.participants(c.id);
    const live = participants.filter((p) => LIVE.includes(p.status));
    return {
      c,
      participants,
      participation: {
        caseId: c.id,
        // TLP:RED cases reach named people only: the individual participants.
        participantOrgIds:
          c.tlp === 'RED'
            ? []
            : live.flatMap((p) => (p.organizationId && p.role !== 'reporter' ? [p.organizationId] : [])),
        participantUserIds: live.flatMap((p) => (p.userId ? [p.userId] : [])),
        restricted: c.tlp === 'RED',
      },
    };
  }

  /** For the publication module: the case's participation and embargo (no access check: callers decide). */
  async facts(idOrRef: string, r: Repositories = this.uow.read): Promise<CaseFacts | undefined> {
    const c = await r.cases.findCase(idOrRef);
    if (!c) return undefined;
    const participants = await r.cases.participants(c.id);
    const live = participants.filter((p) => LIVE.includes(p.status));
    const orgIds = live.flatMap((p) => (p.organizationId && p.role !== 'reporter' ? [p.organizationId] : []));
    const restricted = c.tlp === 'RED';
    const participation: CaseParticipation = {
      caseId: c.id,
      participantOrgIds: restricted ? [] : orgIds,
      participantUserIds: live.flatMap((p) => (p.userId ? [p.userId] : [])),
      restricted,
    };
    const recipients = new Map<string, string>();
    // TLP:RED: only the people taking part in person hear of the case.
    if (!restricted)
      for (const orgId of orgIds)
        for (const m of await r.organizations.members(orgId)) recipients.set(m.userId, m.email);
    for (const p of live)
      if (p.userId) {
        const u = await r.users.findById(p.userId);
        if (u) recipients.set(u.id, u.email);
      }
    const embargoes = await r.cases.embargoes(c.id);
    const embargo = embargoes.find((e) => e.status === 'active');
    return {
      id: c.id,
      ref: c.ref,
      title: c.title,
      tlp: c.tlp,
      status: c.status,
      participation,
      clientOrgIds: restricted ? [] : await r.organizations.clientIdsOf(orgIds),
      recipients: [...recipients].map(([userId, email]) => ({ userId, email })),
      embargoEndsAt: embargo?.endsAt ?? null,
      embargoProposed: embargoes.some((e) => e.status === 'proposed'),
    };
  }

  /** Ids of the cases the principal takes part in (as a member of an organization or in person). */
  async participatingCaseIds(principal: UserPrincipal): Promise<string[]> {
    const rows = await this.uow.read.cases.listCases({
      all: false,
      userId: principal.userId,
      orgIds: [...principal.memberships.keys()],
      status: undefined,
      q: undefined,
      limit: 10_000,
    });
    return rows.map((r) => r.id);
  }

  /** The case's advisory was released: the case is published (inside the releasing transaction). */
  async markPublished(r: Repositories, caseId: string, now: Date): Promise<void> {
    const c = await r.cases.findCase(caseId);
    if (c && c.status === 'active')
      await r.cases.updateCase(caseId, { status: 'published' }, now.toISOString());
  }

  private async readable(principal: UserPrincipal, idOrRef: string): Promise<Loaded> {
    const l = await this.load(idOrRef);
    // Outsiders cannot tell a case they may not see from one that does not exist.
    if (!l || !can(principal, 'case.read', l.participation)) throw notFound('Case', idOrRef);
    return l;
  }

  private coordinates(principal: UserPrincipal, l: Loaded): boolean {
    return can(principal, 'case.coordinate', l.participation);
  }

  /** Acting as a coordinator, or else through an active vendor participation; anyone else is refused. */
  private coordinatorOrVendor(principal: UserPrincipal, l: Loaded, refusal: string) {
    const coordinator = this.coordinates(principal, l);
    const vendor = coordinator
      ? undefined
      : this.myParticipations(principal, l).find((p) => p.status === 'active');
    if (!coordinator && !vendor) throw new AppError('forbidden', refusal, { publicMessage: refusal });
    return { coordinator, vendor };
  }

  private mustCoordinate(principal: UserPrincipal, l: Loaded): void {
    authorize(principal, 'case.coordinate', l.participation);
  }

  /** The vendor (or observer) organizations through which the principal takes part. */
  private myParticipations(principal: UserPrincipal, l: Loaded, roles: readonly string[] = ['vendor']) {
    return l.participants.filter(
      (p) =>
        roles.includes(p.role) &&
        LIVE.includes(p.status) &&
        p.organizationId !== null &&
        principal.memberships.has(p.organizationId),
    );
  }

  // ---- open and list -------------------------------------------------------------------------

  async openCase(principal: UserPrincipal, input: CaseCreate): Promise<Case> {
    authorize(principal, 'case.coordinate', { caseId: '', participantOrgIds: [], participantUserIds: [] });
    const details: Detail[] = [];
    const reports: ReportRecord[] = [];
    for (const [i, rid] of input.reportIds.entries()) {
      const rec = await this.uow.read.reports.findById(rid);
      if (
        !rec ||
        !can(principal, 'report.read', {
          tlp: rec.tlp,
          reporterUserId: rec.reporterUserId,
          reporterOrgId: rec.reporterOrgId,
          namedUserIds: rec.namedUserIds,
        })
      )
        details.push({ path: `reportIds.${i}`, message: 'No such report.' });
      else if (rec.status !== 'valid')
        details.push({
          path: `reportIds.${i}`,
          message: `${rec.ref} is ${rec.status}; only valid reports open a case.`,
        });
      else reports.push(rec);
    }
    if (details.length > 0)
      throw new AppError('validation_failed', 'open case', {
        publicMessage: 'The case cannot open from those reports.',
        details,
      });
    const now = this.clock.now();
    const iso = now.toISOString();
    const id = newId('case');
    await this.tx(async (r) => {
      const year = now.getUTCFullYear();
      const ref = `CH-${year}-${String(await r.reports.nextCounter(`case:${year}`)).padStart(4, '0')}`;
      const tlp = mostRestrictiveTlp([input.tlp, ...reports.map((x) => x.tlp)]);
      await r.cases.insertCase({
        id,
        ref,
        title: input.title,
        summary: input.summary,
        status: 'active',
        tlp,
        createdBy: principal.userId,
        createdAt: iso,
        updatedAt: iso,
      });
      await r.cases.insertParticipant(
        this.participant(id, 'coordinator', null, principal.userId, 'active', principal.userId, iso),
      );
      for (const [i, rep] of reports.entries()) {
        await r.cases.linkReport(id, rep.id, iso);
        const v = await r.reports.latestValidation(rep.id);
        await r.cases.insertVulnerability(
          {
            id: newId('caseVulnerability'),
            caseId: id,
            ordinal: i + 1,
            title: rep.title,
            description: rep.description,
            cveId: null,
            cvss31: v?.cvss31 ?? null,
            cvss40: v?.cvss40 ?? null,
            ssvc: v?.ssvc ?? null,
            cwe: v?.cwe ?? null,
            reportId: rep.id,
          },
          iso,
        );
        const products = await r.reports.products([rep.id]);
        await r.cases.insertProducts(
          id,
          products.map((p) => ({
            id: newId('reportProduct'),
            vendor: p.vendor,
            product: p.product,
            versions: p.versions,
            purl: p.purl ?? null,
            cpe: p.cpe ?? null,
          })),
        );
        if (rep.reporterUserId)
          await r.cases.insertParticipant(
            this.participant(id, 'reporter', null, rep.reporterUserId, 'active', principal.userId, iso),
          );
        await r.reports.update(rep.id, { status: 'accepted', caseId: id, statusReason: null }, iso);
        await recordAudit(
          r,
          principal,
          'report.transitioned',
          { targetType: 'report', targetId: rep.id, data: { from: rep.status, to: 'accepted', caseId: id } },
          now,
        );
        await r.reports.insertMessage({
          id: newId('reportMessage'),
          reportId: rep.id,
          authorUserId: principal.userId,
          authorKind: 'clearinghouse',
          internal: false,
          body: `Your report is now coordinated in case ${ref}. We will contact the affected vendors.`,
          createdAt: iso,
        });
      }
      await r.cases.insertThread({
        id: newId('thread'),
        caseId: id,
        kind: 'case',
        participantId: null,
        title: 'Case discussion',
        createdAt: iso,
      });
      await this.audit(r, principal, id, 'case.opened', { ref, reportIds: input.reportIds }, now);
    });
    return this.getCase(principal, id);
  }

  private participant(
    caseId: string,
    role: ParticipantRecord['role'],
    organizationId: string | null,
    userId: string | null,
    status: ParticipantRecord['status'],
    addedBy: string | null,
    now: string,
    proposedByOrgId: string | null = null,
  ): ParticipantRecord {
    return {
      id: newId('caseParticipant'),
      caseId,
      role,
      organizationId,
      userId,
      status,
      proposedByOrgId,
      addedBy,
      createdAt: now,
      updatedAt: now,
    };
  }

  private audit(
    r: Repositories,
    principal: Principal,
    caseId: string,
    action: string,
    data: Record<string, unknown>,
    now: Date,
    organizationId?: string | null,
  ) {
    return recordAudit(
      r,
      principal,
      action,
      { targetType: 'case', targetId: caseId, organizationId: organizationId ?? null, data },
      now,
    );
  }

  async listCases(
    principal: UserPrincipal,
    query: { status?: string | undefined; q?: string | undefined; limit: number },
  ): Promise<{ items: CaseSummary[]; nextCursor: null }> {
    const staff =
      can(principal, 'case.coordinate', { caseId: '', participantOrgIds: [], participantUserIds: [] }) ||
      principal.globalRoles.has('analyst');
    const rows = await this.uow.read.cases.listCases({
      all: staff,
      userId: principal.userId,
      orgIds: [...principal.memberships.keys()],
      status: query.status,
      q: query.q,
      limit: query.limit,
    });
    const out: CaseSummary[] = [];
    for (const row of rows) {
      const l = await this.load(row.id);
      if (l && can(principal, 'case.read', l.participation)) out.push(await this.summary(principal, l));
    }
    return { items: out, nextCursor: null };
  }

  private async summary(principal: UserPrincipal, l: Loaded): Promise<CaseSummary> {
    const [vulns, embargoes] = await Promise.all([
      this.uow.read.cases.vulnerabilities(l.c.id),
      this.uow.read.cases.embargoes(l.c.id),
    ]);
    const mine = l.participants.find(
      (p) =>
        LIVE.includes(p.status) &&
        (p.userId === principal.userId ||
          (p.organizationId !== null && principal.memberships.has(p.organizationId))),
    );
    return {
      id: l.c.id,
      ref: l.c.ref,
      title: l.c.title,
      status: l.c.status,
      tlp: l.c.tlp,
      vulnerabilityCount: vulns.length,
      embargoEndsAt: embargoes.find((e) => e.status === 'active')?.endsAt ?? null,
      myRole: this.coordinates(principal, l) ? 'staff' : (mine?.role ?? null),
      myStatus: mine?.status ?? null,
      createdAt: l.c.createdAt,
      updatedAt: l.c.updatedAt,
    };
  }

  // ---- the case view -------------------------------------------------------------------------

  async getCase(principal: UserPrincipal, idOrRef: string): Promise<Case> {
    const l = await this.readable(principal, idOrRef);
    const coordinator = this.coordinates(principal, l);
    const r = this.uow.read;
    const [vulns, products, statements, embargoes, reportIds, files] = await Promise.all([
      r.cases.vulnerabilities(l.c.id),
      r.cases.products(l.c.id),
      r.cases.statements(l.c.id),
      r.cases.embargoes(l.c.id),
      r.cases.reportIds(l.c.id),
      r.reports.attachments('case', l.c.id),
    ]);
    const orgIds = new Set<string>();
    const userIds = new Set<string>();
    for (const p of l.participants) {
      if (p.organizationId) orgIds.add(p.organizationId);
      if (p.proposedByOrgId) orgIds.add(p.proposedByOrgId);
      if (p.userId) userIds.add(p.userId);
    }
    for (const s of statements) {
      orgIds.add(s.organizationId);
      if (s.approvedBy) userIds.add(s.approvedBy);
    }
    for (const e of embargoes) {
      userIds.add(e.proposedBy);
      if (e.proposedByOrgId) orgIds.add(e.proposedByOrgId);
    }
    const names = await this.names(orgIds, userIds);
    const visible = statements.filter((s) => this.maySeeStatement(principal, l, coordinator, s));
    const reports = await Promise.all(reportIds.map((id) => r.reports.findById(id)));
    const credit = reports.find((x) => x?.reporterUserId)?.credit ?? reports[0]?.credit ?? null;
    const reporterAccount = reports.find((x) => x?.reporterUserId);
    const reporterName = reporterAccount?.reporterUserId
      ? names.users.get(reporterAccount.reporterUserId)
      : undefined;
    const reporterCredit =
      credit === null || credit.preference === 'anonymous'
        ? null
        : credit.preference === 'handle'
          ? credit.handle
            ? `@${credit.handle.replace(/^@/, '')}`
            : null
          : (credit.name ?? reporterName ?? null);
    const vendors = l.participants.filter(
      (p) => p.role === 'vendor' && LIVE.includes(p.status) && p.organizationId,
    );
    const matrix = vulns.flatMap((v) =>
      vendors.map((p) => {
        const mine = visible.filter(
          (s) => s.vulnerabilityId === v.id && s.organizationId === p.organizationId,
        );
        const worst = mine.reduce<StatementStatus | 'unknown'>(
          (w, s) => (SEVERITY[s.status] > SEVERITY[w] ? s.status : w),
          'unknown',
        );
        return {
          vulnerabilityId: v.id,
          organizationId: p.organizationId ?? '',
          status: worst,
          statements: mine.length,
        };
      }),
    );
    const presentedEmbargoes = embargoes.map((e) => this.presentEmbargo(e, l, names));
    return {
      ...(await this.summary(principal, l)),
      summary: l.c.summary,
      reports:
        coordinator || principal.globalRoles.has('analyst')
          ? reports.flatMap((x) => (x ? [{ id: x.id, ref: x.ref }] : []))
          : [],
      vulnerabilities: vulns.map(presentVulnerability),
      products: products.map((p) => ({ ...p })),
      participants: l.participants
        .filter((p) => coordinator || LIVE.includes(p.status))
        .map((p) => this.presentParticipant(principal, p, coordinator, names, reporterCredit)),
      statements: visible.map((s) => ({
        id: s.id,
        vulnerabilityId: s.vulnerabilityId,
        organization: { id: s.organizationId, name: names.orgs.get(s.organizationId) ?? 'Unknown' },
        product: s.product,
        purl: s.purl,
        cpe: s.cpe,
        status: s.status,
        justification: (s.justification as VendorStatement['justification']) ?? null,
        statement: s.statement,
        affectedVersions: s.affectedVersions,
        fixedVersions: s.fixedVersions,
        patches: s.patches,
        shared: s.shared,
        approvedAt: s.approvedAt,
        approvedBy: s.approvedBy
          ? { id: s.approvedBy, name: names.users.get(s.approvedBy) ?? 'Unknown' }
          : null,
        updatedAt: s.updatedAt,
      })),
      matrix,
      embargo: presentedEmbargoes.find((e) => e.status === 'active') ?? null,
      embargoes: presentedEmbargoes,
      reporterCredit,
      attachments: files.map(presentAttachment),
      canCoordinate: coordinator,
    };
  }

  // ---- files ---------------------------------------------------------------------------------

  async addAttachment(
    principal: UserPrincipal,
    caseId: string,
    file: { filename: string; mediaType: string; body: Readable },
  ): Promise<Attachment> {
    const l = await this.readable(principal, caseId);
    authorize(principal, 'case.participate', l.participation);
    const stored = await this.blobs.put(file.body, this.uploadLimitBytes);
    const now = this.clock.now().toISOString();
    const id = newId('attachment');
    const filename = safeFilename(file.filename);
    await this.tx(async (r) => {
      await r.blobs.upsert({
        sha256: stored.sha256,
        size: stored.size,
        contentType: file.mediaType,
        createdAt: now,
      });
      await r.reports.insertAttachment({
        id,
        ownerType: 'case',
        ownerId: l.c.id,
        sha256: stored.sha256,
        filename,
        mediaType: file.mediaType,
        size: stored.size,
        uploadedByUserId: principal.userId,
        createdAt: now,
      });
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.file_added',
        { attachmentId: id, sha256: stored.sha256, filename },
        this.clock.now(),
      );
    });
    return {
      id,
      filename,
      mediaType: file.mediaType,
      size: stored.size,
      sha256: stored.sha256,
      uploadedBy: (await this.uow.read.users.findById(principal.userId))?.name ?? principal.email,
      createdAt: now,
    };
  }

  async openAttachment(
    principal: UserPrincipal,
    caseId: string,
    attachmentId: string,
  ): Promise<{ attachment: Attachment; body: Readable }> {
    const l = await this.readable(principal, caseId);
    const a = (await this.uow.read.reports.attachments('case', l.c.id)).find((x) => x.id === attachmentId);
    if (!a) throw notFound('Attachment', attachmentId);
    return { attachment: presentAttachment(a), body: this.blobs.open(a.sha256) };
  }

  /** A vendor sees its own statements, and others' only when shared and approved. */
  private maySeeStatement(
    principal: UserPrincipal,
    l: Loaded,
    coordinator: boolean,
    s: StatementRecord,
  ): boolean {
    if (coordinator) return true;
    if (principal.memberships.has(s.organizationId)) return true;
    return s.shared && s.approvedAt !== null && can(principal, 'case.read', l.participation);
  }

  private presentParticipant(
    principal: UserPrincipal,
    p: ParticipantRecord,
    coordinator: boolean,
    names: { orgs: Map<string, string>; users: Map<string, string> },
    reporterCredit: string | null,
  ): CaseParticipant {
    // The reporter's identity reaches vendors only as their credit choice allows.
    const showUser = p.role !== 'reporter' || coordinator || p.userId === principal.userId;
    const userName = p.userId ? (names.users.get(p.userId) ?? 'Unknown') : null;
    return {
      id: p.id,
      role: p.role,
      status: p.status,
      organization: p.organizationId
        ? { id: p.organizationId, name: names.orgs.get(p.organizationId) ?? 'Unknown' }
        : null,
      user:
        p.userId === null
          ? null
          : showUser
            ? { id: p.userId, name: userName ?? 'Unknown' }
            : { id: 'reporter', name: reporterCredit ?? 'Anonymous reporter' },
      proposedBy: p.proposedByOrgId
        ? { id: p.proposedByOrgId, name: names.orgs.get(p.proposedByOrgId) ?? 'Unknown' }
        : null,
      createdAt: p.createdAt,
    };
  }

  private presentEmbargo(
    e: EmbargoRecord,
    l: Loaded,
    names: { orgs: Map<string, string>; users: Map<string, string> },
  ): Embargo {
    const awaiting = e.status === 'proposed' ? this.awaiting(e, l) : [];
    return {
      id: e.id,
      endsAt: e.endsAt,
      reason: e.reason,
      status: e.status,
      proposedBy: { id: e.proposedBy, name: names.users.get(e.proposedBy) ?? 'Unknown' },
      proposedByOrganization: e.proposedByOrgId
        ? { id: e.proposedByOrgId, name: names.orgs.get(e.proposedByOrgId) ?? 'Unknown' }
        : null,
      responses: Object.entries(e.responses).map(([orgId, x]) => ({
        organization: {
          id: orgId,
          name: orgId === 'clearinghouse' ? 'Clearinghouse' : (names.orgs.get(orgId) ?? 'Unknown'),
        },
        response: x.response,
        at: x.at,
      })),
      awaiting: awaiting.map((id) => ({
        id,
        name: id === 'clearinghouse' ? 'Clearinghouse' : (names.orgs.get(id) ?? 'Unknown'),
      })),
      decidedAt: e.decidedAt,
      createdAt: e.createdAt,
    };
  }

  /** Who must still answer: every live vendor for a coordinator's proposal; the clearinghouse for a vendor's. */
  private awaiting(e: EmbargoRecord, l: Loaded): string[] {
    const parties =
      e.proposedByOrgId === null
        ? l.participants
            .filter((p) => p.role === 'vendor' && p.status === 'active' && p.organizationId)
            .map((p) => p.organizationId ?? '')
        : ['clearinghouse'];
    return parties.filter((id) => !(id in e.responses));
  }

  private async names(orgIds: Iterable<string>, userIds: Iterable<string>) {
    const orgs = new Map<string, string>();
    const users = new Map<string, string>();
    for (const id of new Set(orgIds)) {
      const o = await this.uow.read.organizations.findById(id);
      if (o) orgs.set(id, o.name);
    }
    for (const id of new Set(userIds)) {
      const u = await this.uow.read.users.findById(id);
      if (u) users.set(id, u.name);
    }
    return { orgs, users };
  }

  async updateCase(principal: UserPrincipal, id: string, input: CaseUpdate): Promise<Case> {
    const l = await this.readable(principal, id);
    this.mustCoordinate(principal, l);
    if (input.tlp !== undefined) {
      // The reporters set the labels of their reports; the case may tighten them, never loosen.
      const reports = await Promise.all(
        (await this.uow.read.cases.reportIds(l.c.id)).map((rid) => this.uow.read.reports.findById(rid)),
      );
      const floor = mostRestrictiveTlp([input.tlp, ...reports.flatMap((x) => (x ? [x.tlp] : []))]);
      if (floor !== input.tlp)
        throw new AppError('validation_failed', 'tlp below reports', {
          details: [
            {
              path: 'tlp',
              message: `The case's reports are TLP:${floor}; the case cannot be shared more widely.`,
            },
          ],
        });
    }
    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.cases.updateCase(l.c.id, input, now.toISOString());
      await this.audit(r, principal, l.c.id, 'case.updated', { ...input }, now);
    });
    return this.getCase(principal, l.c.id);
  }

  // ---- vulnerabilities -----------------------------------------------------------------------

  private async scoreVulnerability(
    input: CaseVulnerabilityUpdate,
    current: VulnerabilityRecord | undefined,
    now: Date,
  ): Promise<Pick<VulnerabilityRecord, 'cveId' | 'cvss31' | 'cvss40' | 'ssvc' | 'cwe'>> {
    const details: Detail[] = [];
    const cvss = (
      vector: string | null | undefined,
      major: '3' | '4',
      path: string,
      keep: VulnerabilityRecord['cvss31'],
    ) => {
      if (vector === undefined) return keep;
      if (vector === null || vector === '') return null;
      const parsed = parseCvss(vector);
      if (!parsed.ok) {
        for (const m of parsed.problems) details.push({ path, message: m });
        return null;
      }
      if (!parsed.value.version.startsWith(major))
        details.push({ path, message: `Expected a CVSS ${major === '3' ? '3.1' : '4.0'} vector.` });
      return parsed.value;
    };
    const cvss31 = cvss(input.cvss31, '3', 'cvss31', current?.cvss31 ?? null);
    const cvss40 = cvss(input.cvss40, '4', 'cvss40', current?.cvss40 ?? null);
    let cwe = current?.cwe ?? null;
    if (input.cwe !== undefined) {
      if (input.cwe === null || input.cwe === '') cwe = null;
      else {
        const found = findCwe(normalizeCweId(input.cwe) ?? '');
        if (!found) details.push({ path: 'cwe', message: `${input.cwe} is not in the CWE catalog.` });
        else cwe = { id: found.id, name: found.name };
      }
    }
    let cveId = current?.cveId ?? null;
    if (input.cveId !== undefined) {
      cveId = input.cveId;
      if (cveId) {
        const other = await this.uow.read.cases.findVulnerabilityByCve(cveId);
        if (other && other.id !== current?.id)
          details.push({ path: 'cveId', message: `${cveId} is already used by another vulnerability.` });
      }
    }
    const ssvc =
      input.ssvc === undefined
        ? (current?.ssvc ?? null)
        : input.ssvc === null
          ? null
          : (() => {
              const decision = decideSsvc(input.ssvc);
              return { ...input.ssvc, decision, vector: ssvcVector(input.ssvc, decision, now) };
            })();
    if (details.length > 0)
      throw new AppError('validation_failed', 'vulnerability', {
        publicMessage: 'The vulnerability is not valid.',
        details,
      });
    return { cveId, cvss31, cvss40, ssvc, cwe };
  }

  async addVulnerability(
    principal: UserPrincipal,
    caseId: string,
    input: CaseVulnerabilityInput,
  ): Promise<Case> {
    const l = await this.readable(principal, caseId);
    this.mustCoordinate(principal, l);
    const now = this.clock.now();
    const scored = await this.scoreVulnerability(input, undefined, now);
    const existing = await this.uow.read.cases.vulnerabilities(l.c.id);
    await this.tx(async (r) => {
      const id = newId('caseVulnerability');
      await r.cases.insertVulnerability(
        {
          id,
          caseId: l.c.id,
          ordinal: existing.length + 1,
          title: input.title,
          description: input.description,
          reportId: null,
          ...scored,
        },
        now.toISOString(),
      );
      await r.cases.touch(l.c.id, now.toISOString());
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.vulnerability_added',
        { vulnerabilityId: id, title: input.title, cveId: scored.cveId },
        now,
      );
    });
    return this.getCase(principal, l.c.id);
  }

  async updateVulnerability(
    principal: UserPrincipal,
    caseId: string,
    vulnId: string,
    input: CaseVulnerabilityUpdate,
  ): Promise<Case> {
    const l = await this.readable(principal, caseId);
    this.mustCoordinate(principal, l);
    const current = (await this.uow.read.cases.vulnerabilities(l.c.id)).find((v) => v.id === vulnId);
    if (!current) throw notFound('Vulnerability', vulnId);
    const now = this.clock.now();
    const scored = await this.scoreVulnerability(input, current, now);
    await this.tx(async (r) => {
      await r.cases.updateVulnerability(
        {
          ...current,
          title: input.title ?? current.title,
          description: input.description ?? current.description,
          ...scored,
        },
        now.toISOString(),
      );
      await r.cases.touch(l.c.id, now.toISOString());
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.vulnerability_updated',
        { vulnerabilityId: vulnId, ...input },
        now,
      );
    });
    return this.getCase(principal, l.c.id);
  }

  // ---- participants --------------------------------------------------------------------------

  async addParticipant(principal: UserPrincipal, caseId: string, input: ParticipantAdd): Promise<Case> {
    const l = await this.readable(principal, caseId);
    // Every write needs a write-scoped credential, whoever acts.
    authorize(principal, 'case.participate', l.participation);
    const { coordinator, vendor: proposer } = this.coordinatorOrVendor(
      principal,
      l,
      'Only coordinators invite; vendors taking part may propose other vendors.',
    );
    const org = await this.uow.read.organizations.findById(input.organizationId);
    if (!org)
      throw new AppError('validation_failed', 'no org', {
        details: [{ path: 'organizationId', message: 'No such organization.' }],
      });
    if (
      l.participants.some(
        (p) => p.organizationId === org.id && ['proposed', 'invited', 'active'].includes(p.status),
      )
    )
      throw new AppError('already_exists', 'participant exists', {
        publicMessage: `${org.name} is already part of this case.`,
      });
    const now = this.clock.now();
    await this.tx(async (r) => {
      const p = this.participant(
        l.c.id,
        input.role,
        org.id,
        null,
        coordinator ? 'invited' : 'proposed',
        principal.userId,
        now.toISOString(),
        proposer?.organizationId ?? null,
      );
      await r.cases.insertParticipant(p);
      if (coordinator) await this.notifyInvited(r, l.c, org.id, org.name, now);
      else {
        // A vendor's proposal waits for a coordinator; tell the case's coordinators.
        for (const c of l.participants.filter((x) => x.role === 'coordinator' && x.userId))
          await this.notify(
            r,
            c.userId ?? '',
            'case.vendor_proposed',
            `${l.c.ref}: vendor proposed`,
            `A participant proposed adding ${org.name}.`,
            `/cases/${l.c.id}`,
            now,
          );
      }
      await this.audit(
        r,
        principal,
        l.c.id,
        coordinator ? 'case.participant_invited' : 'case.participant_proposed',
        { participantId: p.id, organizationId: org.id, role: input.role },
        now,
        org.id,
      );
    });
    return this.getCase(principal, l.c.id);
  }

  /** Tells every member of an invited organization: in the app and by e-mail. */
  private async notifyInvited(r: Repositories, c: CaseRecord, orgId: string, orgName: string, now: Date) {
    const members = await r.organizations.members(orgId);
    for (const m of members) {
      await this.notify(
        r,
        m.userId,
        'case.invited',
        `${c.ref}: you are invited to a coordinated case`,
        `${orgName} is invited to take part in the coordination of case ${c.ref}.`,
        `/cases/${c.id}`,
        now,
      );
      await enqueue(
        r,
        SEND_MAIL,
        {
          to: m.email,
          subject: `[${c.ref}] ${orgName} is invited to a coordinated vulnerability case`,
          text: [
            `The clearinghouse invites ${orgName} to coordinate a vulnerability that may affect your products.`,
            '',
            `Case: ${c.ref}`,
            `Open it here (sign-in required): ${this.publicUrl}/cases/${c.id}`,
            '',
            `The case is TLP:${c.tlp}. Details are shared only on the site, not by e-mail.`,
          ].join('\n'),
        },
        { now, idempotencyKey: `case-invite:${c.id}:${orgId}:${m.userId}` },
      );
    }
  }

  private async notify(
    r: Repositories,
    userId: string,
    kind: string,
    title: string,
    body: string,
    link: string,
    now: Date,
  ) {
    await r.cases.insertNotification({
      id: newId('notification'),
      userId,
      kind,
      title,
      body,
      link,
      createdAt: now.toISOString(),
    });
  }

  async decideParticipant(
    principal: UserPrincipal,
    caseId: string,
    participantId: string,
    input: ParticipantDecision,
  ): Promise<Case> {
    const l = await this.readable(principal, caseId);
    // Every write needs a write-scoped credential, whoever acts.
    authorize(principal, 'case.participate', l.participation);
    const p = l.participants.find((x) => x.id === participantId);
    if (!p) throw notFound('Participant', participantId);
    const coordinator = this.coordinates(principal, l);
    const member = p.organizationId !== null && principal.memberships.has(p.organizationId);
    const moves: Record<
      ParticipantDecision['decision'],
      { from: ParticipantRecord['status'][]; to: ParticipantRecord['status']; who: boolean; action: string }
    > = {
      approve: { from: ['proposed'], to: 'invited', who: coordinator, action: 'case.participant_invited' },
      reject: { from: ['proposed'], to: 'rejected', who: coordinator, action: 'case.participant_rejected' },
      accept: { from: ['invited'], to: 'active', who: member, action: 'case.participant_joined' },
      decline: { from: ['invited'], to: 'declined', who: member, action: 'case.participant_declined' },
      remove: {
        from: ['proposed', 'invited', 'active'],
        to: 'removed',
        who: coordinator && p.role !== 'coordinator',
        action: 'case.participant_removed',
      },
    };
    const move = moves[input.decision];
    if (!move.who)
      throw new AppError('forbidden', `participant ${input.decision}`, {
        publicMessage: 'You cannot make that decision for this participant.',
      });
    if (!move.from.includes(p.status))
      throw new AppError('invalid_state', `participant ${p.status} -> ${move.to}`, {
        publicMessage: `The participant is ${p.status}; it cannot be ${input.decision}d.`,
      });
    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.cases.setParticipantStatus(p.id, move.to, now.toISOString());
      if (input.decision === 'approve' && p.organizationId) {
        const org = await r.organizations.findById(p.organizationId);
        await this.notifyInvited(r, l.c, p.organizationId, org?.name ?? 'Your organization', now);
      }
      await this.audit(
        r,
        principal,
        l.c.id,
        move.action,
        { participantId: p.id, organizationId: p.organizationId },
        now,
        p.organizationId,
      );
    });
    // A member who declines no longer sees the case.
    return input.decision === 'decline' ? this.summaryAfterLeave(l) : this.getCase(principal, l.c.id);
  }

  private summaryAfterLeave(l: Loaded): Case {
    return {
      id: l.c.id,
      ref: l.c.ref,
      title: l.c.title,
      status: l.c.status,
      tlp: l.c.tlp,
      vulnerabilityCount: 0,
      embargoEndsAt: null,
      myRole: null,
      myStatus: 'declined',
      createdAt: l.c.createdAt,
      updatedAt: l.c.updatedAt,
      summary: '',
      reports: [],
      vulnerabilities: [],
      products: [],
      participants: [],
      statements: [],
      matrix: [],
      embargo: null,
      embargoes: [],
      reporterCredit: null,
      attachments: [],
      canCoordinate: false,
    };
  }

  async vendorSuggestions(principal: UserPrincipal, caseId: string): Promise<VendorSuggestion[]> {
    const l = await this.readable(principal, caseId);
    this.mustCoordinate(principal, l);
    const products = await this.uow.read.cases.products(l.c.id);
    const purls = new Map(products.flatMap((p) => (p.purl ? [[purlBase(p.purl), p.product] as const] : [])));
    const cpes = new Map(products.flatMap((p) => (p.cpe ? [[cpeBase(p.cpe), p.product] as const] : [])));
    const matches = await this.uow.read.cases.vendorProductsMatching([...purls.keys()], [...cpes.keys()]);
    const taken = new Set(
      l.participants
        .filter((p) => ['proposed', 'invited', 'active'].includes(p.status))
        .map((p) => p.organizationId),
    );
    const byOrg = new Map<string, VendorSuggestion['matches']>();
    for (const m of matches) {
      if (taken.has(m.organizationId)) continue;
      const list = byOrg.get(m.organizationId) ?? [];
      if (m.purl && purls.has(m.purl))
        list.push({ caseProduct: purls.get(m.purl) ?? m.purl, vendorProduct: m.name, on: 'purl' });
      else if (m.cpe && cpes.has(m.cpe))
        list.push({ caseProduct: cpes.get(m.cpe) ?? m.cpe, vendorProduct: m.name, on: 'cpe' });
      byOrg.set(m.organizationId, list);
    }
    // Vendors named in the reports whose organization bears that name.
    const { items: orgs } = { items: await this.uow.read.organizations.list({ kind: 'vendor', limit: 500 }) };
    for (const o of orgs) {
      if (taken.has(o.id)) continue;
      for (const p of products)
        if (p.vendor.trim().toLowerCase() === o.name.trim().toLowerCase()) {
          const list = byOrg.get(o.id) ?? [];
          if (!list.some((x) => x.caseProduct === p.product))
            list.push({ caseProduct: p.product, vendorProduct: p.vendor, on: 'name' });
          byOrg.set(o.id, list);
        }
    }
    const names = await this.names(byOrg.keys(), []);
    return [...byOrg.entries()]
      .filter(([, m]) => m.length > 0)
      .map(([orgId, m]) => ({
        organization: { id: orgId, name: names.orgs.get(orgId) ?? 'Unknown' },
        matches: m,
      }))
      .sort((a, b) => b.matches.length - a.matches.length);
  }

  // ---- statements ----------------------------------------------------------------------------

  async putStatement(principal: UserPrincipal, caseId: string, input: StatementInput): Promise<Case> {
    const l = await this.readable(principal, caseId);
    const mine = this.myParticipations(principal, l);
    const participation = input.organizationId
      ? mine.find((p) => p.organizationId === input.organizationId)
      : mine[0];
    if (!participation?.organizationId)
      throw new AppError('forbidden', 'statement by non-vendor', {
        publicMessage: 'Only a vendor taking part in the case states the status of its products.',
      });
    authorize(principal, 'case.participate', l.participation);
    const vuln = (await this.uow.read.cases.vulnerabilities(l.c.id)).find(
      (v) => v.id === input.vulnerabilityId,
    );
    if (!vuln)
      throw new AppError('validation_failed', 'no vuln', {
        details: [{ path: 'vulnerabilityId', message: 'Not a vulnerability of this case.' }],
      });
    const now = this.clock.now().toISOString();
    const productKey = (input.purl ? purlBase(input.purl) : input.product).trim().toLowerCase();
    const orgId = participation.organizationId;
    const existing = await this.uow.read.cases.findStatementByKey(vuln.id, orgId, productKey);
    await this.tx(async (r) => {
      // Stating is taking part: an invited vendor becomes active.
      if (participation.status === 'invited')
        await r.cases.setParticipantStatus(participation.id, 'active', now);
      await r.cases.upsertStatement({
        id: existing?.id ?? newId('vendorStatement'),
        caseId: l.c.id,
        vulnerabilityId: vuln.id,
        organizationId: orgId,
        product: input.product,
        productKey,
        purl: input.purl ?? null,
        cpe: input.cpe ?? null,
        status: input.status,
        justification: input.justification ?? null,
        statement: input.statement,
        affectedVersions: input.affectedVersions,
        fixedVersions: input.fixedVersions,
        patches: input.patches.map((p) => ({ url: p.url, sha256: p.sha256 ?? null })),
        shared: input.shared,
        approvedAt: null,
        approvedBy: null,
        updatedBy: principal.userId,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
      await r.cases.touch(l.c.id, now);
      for (const c of l.participants.filter((x) => x.role === 'coordinator' && x.userId))
        await this.notify(
          r,
          c.userId ?? '',
          'case.statement',
          `${l.c.ref}: vendor statement`,
          `A vendor stated "${input.status.replace('_', ' ')}" for ${input.product}.`,
          `/cases/${l.c.id}`,
          this.clock.now(),
        );
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.statement_made',
        { vulnerabilityId: vuln.id, product: input.product, status: input.status, shared: input.shared },
        this.clock.now(),
        orgId,
      );
    });
    return this.getCase(principal, l.c.id);
  }

  async approveStatement(principal: UserPrincipal, caseId: string, statementId: string): Promise<Case> {
    const l = await this.readable(principal, caseId);
    this.mustCoordinate(principal, l);
    const s = (await this.uow.read.cases.statements(l.c.id)).find((x) => x.id === statementId);
    if (!s) throw notFound('Statement', statementId);
    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.cases.approveStatement(s.id, principal.userId, now.toISOString());
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.statement_approved',
        { statementId: s.id },
        now,
        s.organizationId,
      );
    });
    return this.getCase(principal, l.c.id);
  }

  // ---- embargo -------------------------------------------------------------------------------

  async proposeEmbargo(principal: UserPrincipal, caseId: string, input: EmbargoProposal): Promise<Case> {
    const l = await this.readable(principal, caseId);
    // Every write needs a write-scoped credential, whoever acts.
    authorize(principal, 'case.participate', l.participation);
    const { vendor } = this.coordinatorOrVendor(
      principal,
      l,
      'Coordinators and vendors taking part propose embargoes.',
    );
    const endsAt = new Date(input.endsAt);
    const now = this.clock.now();
    if (endsAt <= now)
      throw new AppError('validation_failed', 'past embargo', {
        details: [{ path: 'endsAt', message: 'The embargo must end in the future.' }],
      });
    const e: EmbargoRecord = {
      id: newId('embargo'),
      caseId: l.c.id,
      endsAt: endsAt.toISOString(),
      reason: input.reason,
      status: 'proposed',
      proposedBy: principal.userId,
      proposedByOrgId: vendor?.organizationId ?? null,
      responses: {},
      decidedAt: null,
      createdAt: now.toISOString(),
    };
    await this.tx(async (r) => {
      await r.cases.insertEmbargo(e);
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.embargo_proposed',
        { embargoId: e.id, endsAt: e.endsAt },
        now,
      );
      // With nobody to ask (a coordinator's proposal before any vendor takes part) it holds at once.
      if (this.awaiting(e, l).length === 0) await this.activate(r, principal, l, e, now);
      else
        for (const id of this.awaiting(e, l))
          if (id !== 'clearinghouse')
            for (const m of await r.organizations.members(id))
              await this.notify(
                r,
                m.userId,
                'case.embargo',
                `${l.c.ref}: embargo proposed`,
                `Proposed embargo end: ${e.endsAt} (UTC). Please accept or reject it.`,
                `/cases/${l.c.id}`,
                now,
              );
    });
    return this.getCase(principal, l.c.id);
  }

  private async activate(r: Repositories, principal: Principal, l: Loaded, e: EmbargoRecord, now: Date) {
    // At most one embargo holds: the one agreed last replaces the previous.
    for (const old of await r.cases.embargoes(l.c.id))
      if (old.status === 'active' && old.id !== e.id)
        await r.cases.updateEmbargo({ ...old, status: 'superseded' }, now.toISOString());
    await r.cases.updateEmbargo({ ...e, status: 'active', decidedAt: now.toISOString() }, now.toISOString());
    // Publication releases approved advisories of the case at exactly this instant.
    await enqueue(
      r,
      RELEASE_DUE,
      { caseId: l.c.id },
      {
        now,
        runAt: new Date(Math.max(now.getTime(), Date.parse(e.endsAt))),
        idempotencyKey: `release-due:${e.id}`,
      },
    );
    await this.audit(r, principal, l.c.id, 'case.embargo_active', { embargoId: e.id, endsAt: e.endsAt }, now);
  }

  async answerEmbargo(
    principal: UserPrincipal,
    caseId: string,
    embargoId: string,
    input: EmbargoResponse,
  ): Promise<Case> {
    const l = await this.readable(principal, caseId);
    authorize(principal, 'case.participate', l.participation);
    const coordinator = this.coordinates(principal, l);
    const now = this.clock.now();
    await this.tx(async (r) => {
      // Answers to one case's proposals are decided one at a time (the rows are locked on
      // PostgreSQL; SQLite runs one transaction at a time): no answer is lost, a rejection is
      // never undone, and at most one embargo ends up active.
      const e = (await r.cases.lockEmbargoes(l.c.id)).find((x) => x.id === embargoId);
      if (!e) throw notFound('Embargo proposal', embargoId);
      if (e.status !== 'proposed')
        throw new AppError('invalid_state', `embargo ${e.status}`, {
          publicMessage: `That proposal is ${e.status}; it takes no more answers.`,
        });
      if (input.response === 'withdraw') {
        if (e.proposedBy !== principal.userId && !coordinator)
          throw new AppError('forbidden', 'withdraw embargo', {
            publicMessage: 'Only whoever proposed it, or a coordinator, withdraws a proposal.',
          });
        await r.cases.updateEmbargo(
          { ...e, status: 'withdrawn', decidedAt: now.toISOString() },
          now.toISOString(),
        );
        await this.audit(r, principal, l.c.id, 'case.embargo_withdrawn', { embargoId: e.id }, now);
        return;
      }
      const awaiting = this.awaiting(e, l);
      const party =
        awaiting.includes('clearinghouse') && coordinator
          ? 'clearinghouse'
          : awaiting.find(
              (id) => principal.memberships.has(id) && (!input.organizationId || input.organizationId === id),
            );
      if (!party)
        throw new AppError('forbidden', 'embargo answer', {
          publicMessage: 'This proposal is not waiting for your answer.',
        });
      const answered: EmbargoRecord = {
        ...e,
        responses: {
          ...e.responses,
          [party]: { response: input.response === 'accept' ? 'accepted' : 'rejected', at: now.toISOString() },
        },
      };
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.embargo_answered',
        { embargoId: e.id, party, response: input.response },
        now,
        party === 'clearinghouse' ? null : party,
      );
      if (input.response === 'reject') {
        await r.cases.updateEmbargo(
          { ...answered, status: 'rejected', decidedAt: now.toISOString() },
          now.toISOString(),
        );
        await this.audit(r, principal, l.c.id, 'case.embargo_rejected', { embargoId: e.id }, now);
      } else if (this.awaiting(answered, l).length === 0) {
        await r.cases.updateEmbargo(answered, now.toISOString());
        await this.activate(r, principal, l, answered, now);
      } else await r.cases.updateEmbargo(answered, now.toISOString());
    });
    return this.getCase(principal, l.c.id);
  }

  // ---- threads -------------------------------------------------------------------------------

  async listThreads(principal: UserPrincipal, caseId: string): Promise<CaseThread[]> {
    const l = await this.readable(principal, caseId);
    const coordinator = this.coordinates(principal, l);
    const threads = (await this.uow.read.cases.threads(l.c.id)).filter((t) =>
      this.maySeeThread(principal, l, coordinator, t),
    );
    const posts = await this.uow.read.cases.posts(threads.map((t) => t.id));
    const names = await this.names(
      l.participants.flatMap((p) => (p.organizationId ? [p.organizationId] : [])),
      posts.map((p) => p.authorUserId),
    );
    const memberships = await Promise.all(
      [...new Set(posts.map((p) => p.authorUserId))].map(
        async (u) => [u, await this.uow.read.users.memberships(u)] as const,
      ),
    );
    const orgOf = new Map(
      memberships.map(([u, ms]) => [
        u,
        ms.find((m) => l.participants.some((p) => p.organizationId === m.organizationId))?.organizationId,
      ]),
    );
    return threads.map((t) => {
      const participant = t.participantId ? l.participants.find((p) => p.id === t.participantId) : undefined;
      return {
        id: t.id,
        kind: t.kind,
        title: t.title,
        participant: participant
          ? {
              id: participant.id,
              name: participant.organizationId
                ? (names.orgs.get(participant.organizationId) ?? 'Unknown')
                : 'Reporter',
            }
          : null,
        posts: posts
          .filter((p) => p.threadId === t.id)
          .map((p): CasePost => {
            const orgId = orgOf.get(p.authorUserId);
            const reporter = l.participants.some((x) => x.role === 'reporter' && x.userId === p.authorUserId);
            return {
              id: p.id,
              author:
                reporter && !coordinator && p.authorUserId !== principal.userId
                  ? { id: 'reporter', name: 'Reporter' }
                  : { id: p.authorUserId, name: names.users.get(p.authorUserId) ?? 'Unknown' },
              authorOrganization: orgId ? { id: orgId, name: names.orgs.get(orgId) ?? 'Unknown' } : null,
              body: p.body,
              revision: p.revision,
              createdAt: p.createdAt,
              updatedAt: p.updatedAt,
              editable: p.authorUserId === principal.userId,
            };
          }),
      };
    });
  }

  private maySeeThread(
    principal: UserPrincipal,
    l: Loaded,
    coordinator: boolean,
    t: { kind: string; participantId: string | null },
  ) {
    if (t.kind === 'case' || coordinator) return true;
    const p = l.participants.find((x) => x.id === t.participantId);
    return (
      p !== undefined &&
      (p.userId === principal.userId ||
        (p.organizationId !== null && principal.memberships.has(p.organizationId)))
    );
  }

  async openPrivateThread(
    principal: UserPrincipal,
    caseId: string,
    input: { participantId: string; title: string },
  ): Promise<CaseThread[]> {
    const l = await this.readable(principal, caseId);
    this.mustCoordinate(principal, l);
    const p = l.participants.find((x) => x.id === input.participantId && LIVE.includes(x.status));
    if (!p)
      throw new AppError('validation_failed', 'no participant', {
        details: [{ path: 'participantId', message: 'Not a participant of this case.' }],
      });
    const now = this.clock.now();
    await this.tx(async (r) => {
      const id = newId('thread');
      await r.cases.insertThread({
        id,
        caseId: l.c.id,
        kind: 'private',
        participantId: p.id,
        title: input.title,
        createdAt: now.toISOString(),
      });
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.thread_opened',
        { threadId: id, participantId: p.id },
        now,
      );
    });
    return this.listThreads(principal, l.c.id);
  }

  async addPost(
    principal: UserPrincipal,
    caseId: string,
    threadId: string,
    body: string,
  ): Promise<CaseThread[]> {
    const l = await this.readable(principal, caseId);
    authorize(principal, 'case.participate', l.participation);
    const coordinator = this.coordinates(principal, l);
    const thread = (await this.uow.read.cases.threads(l.c.id)).find((t) => t.id === threadId);
    if (!thread || !this.maySeeThread(principal, l, coordinator, thread)) throw notFound('Thread', threadId);
    const now = this.clock.now();
    await this.tx(async (r) => {
      const id = newId('post');
      await r.cases.insertPost({
        id,
        threadId,
        authorUserId: principal.userId,
        body,
        revision: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      await r.cases.touch(l.c.id, now.toISOString());
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.posted',
        { threadId, postId: id, private: thread.kind === 'private' },
        now,
      );
    });
    return this.listThreads(principal, l.c.id);
  }

  async editPost(
    principal: UserPrincipal,
    caseId: string,
    postId: string,
    body: string,
  ): Promise<CaseThread[]> {
    const l = await this.readable(principal, caseId);
    // Every write needs a write-scoped credential, whoever acts.
    authorize(principal, 'case.participate', l.participation);
    const threads = await this.uow.read.cases.threads(l.c.id);
    const post = (await this.uow.read.cases.posts(threads.map((t) => t.id))).find((p) => p.id === postId);
    if (!post) throw notFound('Post', postId);
    if (post.authorUserId !== principal.userId)
      throw new AppError('forbidden', 'edit other post', { publicMessage: 'Only the author edits a post.' });
    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.cases.revisePost(post, body, newId('post'), now.toISOString());
      await this.audit(
        r,
        principal,
        l.c.id,
        'case.post_edited',
        { postId, revision: post.revision + 1 },
        now,
      );
    });
    return this.listThreads(principal, l.c.id);
  }

  async postRevisions(principal: UserPrincipal, caseId: string, postId: string) {
    const threads = await this.listThreads(principal, caseId);
    if (!threads.some((t) => t.posts.some((p) => p.id === postId))) throw notFound('Post', postId);
    return this.uow.read.cases.postRevisions(postId);
  }

  // ---- timeline ------------------------------------------------------------------------------

  async timeline(principal: UserPrincipal, caseId: string): Promise<TimelineEntry[]> {
    const l = await this.readable(principal, caseId);
    const coordinator = this.coordinates(principal, l);
    const events = await this.uow.read.audit.list({ targetId: l.c.id, limit: 1000 });
    const names = await this.names(
      [],
      events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
    );
    return events
      .filter((e) => coordinator || PUBLIC_TIMELINE.has(e.action))
      .reverse()
      .map((e) => ({
        at: e.occurredAt,
        action: e.action,
        actor: coordinator ? ((e.actorUserId && names.users.get(e.actorUserId)) ?? 'System') : null,
        summary: describe(e.action, e.data),
      }));
  }

  // ---- vendor product lists and the inbox ----------------------------------------------------

  async listVendorProducts(principal: UserPrincipal, orgId: string): Promise<VendorProduct[]> {
    authorize(principal, 'org.members.read', { orgId });
    return (await this.uow.read.cases.vendorProducts(orgId)).map(({ organizationId: _o, ...p }) => p);
  }

  async addVendorProduct(
    principal: UserPrincipal,
    orgId: string,
    input: VendorProductCreate,
  ): Promise<VendorProduct> {
    authorize(principal, 'org.update', { orgId });
    const now = this.clock.now();
    const p = {
      id: newId('vendorProduct'),
      organizationId: orgId,
      name: input.name,
      purl: input.purl ? purlBase(input.purl) : null,
      cpe: input.cpe ? cpeBase(input.cpe) : null,
      createdAt: now.toISOString(),
    };
    await this.tx(async (r) => {
      await r.cases.insertVendorProduct(p);
      await recordAudit(
        r,
        principal,
        'org.product_added',
        {
          organizationId: orgId,
          targetType: 'organization',
          targetId: orgId,
          data: { name: p.name, purl: p.purl, cpe: p.cpe },
        },
        now,
      );
    });
    const { organizationId: _o, ...out } = p;
    return out;
  }

  async removeVendorProduct(principal: UserPrincipal, orgId: string, productId: string): Promise<void> {
    authorize(principal, 'org.update', { orgId });
    const now = this.clock.now();
    await this.tx(async (r) => {
      if (!(await r.cases.deleteVendorProduct(orgId, productId))) throw notFound('Product', productId);
      await recordAudit(
        r,
        principal,
        'org.product_removed',
        { organizationId: orgId, targetType: 'organization', targetId: orgId, data: { productId } },
        now,
      );
    });
  }

  async notifications(principal: UserPrincipal, limit: number): Promise<Notification[]> {
    return this.uow.read.cases.notifications(principal.userId, limit);
  }

  async markRead(principal: UserPrincipal, id: string): Promise<void> {
    await this.uow.transaction((r) =>
      r.cases.markNotificationRead(principal.userId, id, this.clock.now().toISOString()),
    );
  }
}

function presentVulnerability(v: VulnerabilityRecord): CaseVulnerability {
  return {
    id: v.id,
    ordinal: v.ordinal,
    title: v.title,
    description: v.description,
    cveId: v.cveId,
    cvss31: v.cvss31,
    cvss40: v.cvss40,
    ssvc: v.ssvc,
    cwe: v.cwe,
    reportId: v.reportId,
  };
}

function describe(action: string, data: Record<string, unknown>): string {
  const s = (k: string) => (typeof data[k] === 'string' ? data[k] : '');
  switch (action) {
    case 'case.opened':
      return `Case ${s('ref')} opened`;
    case 'case.participant_invited':
      return 'A participant was invited';
    case 'case.participant_proposed':
      return 'A vendor proposed another vendor';
    case 'case.participant_joined':
      return 'A participant joined';
    case 'case.participant_declined':
      return 'A participant declined';
    case 'case.statement_made':
      return `Vendor statement: ${s('status').replace('_', ' ')} for ${s('product')}`;
    case 'case.statement_approved':
      return 'A statement was approved';
    case 'case.embargo_proposed':
      return `Embargo proposed until ${s('endsAt')}`;
    case 'case.embargo_active':
      return `Embargo agreed until ${s('endsAt')}`;
    case 'case.embargo_rejected':
      return 'Embargo proposal rejected';
    case 'case.embargo_withdrawn':
      return 'Embargo proposal withdrawn';
    case 'case.embargo_answered':
      return `Embargo proposal ${s('response')}ed`;
    case 'case.vulnerability_added':
      return `Vulnerability added: ${s('title')}`;
    case 'case.vulnerability_updated':
      return 'Vulnerability updated';
    case 'case.posted':
      return data.private === true ? 'Private message' : 'Message in the case discussion';
    case 'case.post_edited':
      return 'A message was edited';
    default:
      return action.replace(/^case\./, '').replace(/_/g, ' ');
  }
}
