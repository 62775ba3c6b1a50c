import type { Readable } from 'node:stream';
import {
  canTransition,
  REPORT_TRANSITIONS,
  type Attachment,
  type CweEntry,
  type DuplicateCandidate,
  type Report,
  type ReportMessage,
  type ReportMessageCreate,
  type ReportStatus,
  type ReportSubmit,
  type ReportSubmitted,
  type ReportSummary,
  type ReportTransition,
  type ReportUpdate,
  type ResponseTimes,
  type SarifSubmitted,
  type Validation,
  type ValidationInput,
} from '@clearinghouse/shared';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { parseCvss } from '../../formats/cvss.js';
import { findCwe, normalizeCweId, searchCwe } from '../../formats/cwe.js';
import { sarifToReportDrafts } from '../../formats/sarif.js';
import { rankDuplicates } from '../../formats/similarity.js';
import { decideSsvc, ssvcVector } from '../../formats/ssvc.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomSecret, sha256Hex } from '../../lib/secrets.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { authorize, can } from '../../policy/policy.js';
import { isStaff, type Principal, type UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { reportAccess } from './report-access.js';
import { presentAttachment, safeFilename } from '../files/attachments.js';
import type {
  AttachmentRecord,
  MessageRecord,
  ReportProductRecord,
  ReportRecord,
  ValidationRecord,
} from './reports.repository.js';

export interface ReportsSettings {
  publicUrl: string;
  firstResponseHours: number;
  triageHours: number;
  uploadLimitBytes: number;
}

const HOUR = 3_600_000;
const TRIAGED: readonly ReportStatus[] = ['valid', 'invalid', 'duplicate'];
const FOLLOWUP_PREFIX = 'chf_';

/** Who is acting on a report: a principal, or an anonymous reporter holding the follow-up secret. */
type Actor = { principal: Principal; followup?: false } | { principal: Principal; followup: true };

export interface ReportListQuery {
  status?: string | undefined;
  overdue?: boolean | undefined;
  assignee?: string | undefined;
  discoveryMethod?: string | undefined;
  q?: string | undefined;
  mine?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Vulnerability reports from discovery to triage: intake (web, API, SARIF), the conversation
 * with the reporter, the triage state machine, validation (CVSS, SSVC, CWE) and response-time
 * targets. Reports stay apart from cases (VINCE's model): a case opens from valid reports.
 */
export class ReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly settings: ReportsSettings,
    /** Wakes the worker after a command queued e-mail, so it leaves at once. */
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  private async tx<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    const out = await this.uow.transaction(fn);
    this.onEnqueued();
    return out;
  }

  // ---- intake ------------------------------------------------------------------------------

  async submitReport(
    principal: Principal,
    input: ReportSubmit,
    source: 'web' | 'api' = 'api',
  ): Promise<ReportSubmitted> {
    authorize(principal, 'report.submit', {});
    this.checkSubmission(input);
    const reporterOrgId = this.reporterOrg(principal, input.reporterOrgId ?? null);
    const now = this.clock.now();
    const [submitted] = await this.tx(async (r) => [
      await this.insertReport(r, principal, now, {
        ...input,
        source,
        reporterOrgId,
        toolProvenance: null,
      }),
    ]);
    return submitted;
  }

  /** SARIF 2.1.0 findings become reports, one per rule per file, all in one transaction. */
  async submitSarif(
    principal: Principal,
    sarif: unknown,
    opts: { reporterOrgId?: string | null; requestedTlp?: ReportSubmit['requestedTlp'] } = {},
  ): Promise<SarifSubmitted> {
    authorize(principal, 'report.submit', {});
    if (principal.kind !== 'user')
      throw new AppError('unauthenticated', 'sarif needs an account', {
        publicMessage: 'SARIF uploads need an account (an API token or a session).',
      });
    const parsed = sarifToReportDrafts(sarif);
    if (!parsed.ok)
      throw new AppError('validation_failed', 'bad sarif', {
        publicMessage: 'The SARIF document is not valid SARIF 2.1.0.',
        details: parsed.problems,
      });
    if (parsed.drafts.length === 0)
      throw new AppError('validation_failed', 'sarif without findings', {
        publicMessage: 'The SARIF document has no findings to report.',
        details: [{ path: 'runs', message: 'No results (after suppressions and baseline).' }],
      });
    const reporterOrgId = this.reporterOrg(principal, opts.reporterOrgId ?? null);
    const now = this.clock.now();
    const reports = await this.tx(async (r) => {
      const out: ReportSubmitted[] = [];
      for (const d of parsed.drafts) {
        const cwe = d.cwe && findCwe(d.cwe) ? d.cwe : null;
        out.push(
          await this.insertReport(
            r,
            principal,
            now,
            {
              title: d.title,
              description: d.description,
              affectedProducts: [
                {
                  vendor: d.provenance.toolOrganization ?? 'Unknown',
                  product: d.locations[0]?.uri ?? 'unknown',
                  versions: '',
                },
              ],
              suspectedCwe: cwe,
              suggestedCvss: null,
              discoveryMethod: 'tool_assisted',
              aiProvenance: null,
              vendorContacted: false,
              publiclyKnown: false,
              exploitedInWild: false,
              sectors: [],
              requestedTlp: opts.requestedTlp ?? 'AMBER',
              credit: { preference: 'anonymous' },
              source: 'sarif',
              reporterOrgId,
              toolProvenance: {
                toolName: d.provenance.toolName,
                toolVersion: d.provenance.toolVersion ?? null,
                toolOrganization: d.provenance.toolOrganization ?? null,
                informationUri: d.provenance.informationUri ?? null,
                ruleId: d.ruleId,
              },
            },
            { acknowledge: false },
          ),
        );
      }
      return out;
    });
    await this.tx(async (r) =>
      enqueue(
        r,
        SEND_MAIL,
        {
          to: principal.email,
          subject: `Clearinghouse received ${reports.length} report${reports.length === 1 ? '' : 's'} from your SARIF upload`,
          text: [
            `We received ${parsed.resultCount} finding${parsed.resultCount === 1 ? '' : 's'} and filed ${reports.length} report${reports.length === 1 ? '' : 's'}:`,
            '',
            ...reports.map((x) => `  ${x.ref}  ${this.settings.publicUrl}/reports/${x.id}`),
            '',
            'An analyst will triage them. You can follow each one at its link.',
          ].join('\n'),
        },
        { now, idempotencyKey: `sarif-ack:${reports[0]?.id ?? ''}` },
      ),
    );
    return { reports, resultCount: parsed.resultCount };
  }

  private checkSubmission(input: Pick<ReportSubmit, 'suspectedCwe' | 'suggestedCvss'>): void {
    const details: { path: string; message: string }[] = [];
    if (input.suspectedCwe) {
      const id = normalizeCweId(input.suspectedCwe);
      if (!id || !findCwe(id))
        details.push({ path: 'suspectedCwe', message: `${input.suspectedCwe} is not in the CWE catalog.` });
    }
    if (input.suggestedCvss) {
      const parsed = parseCvss(input.suggestedCvss);
      if (!parsed.ok) for (const m of parsed.problems) details.push({ path: 'suggestedCvss', message: m });
    }
    if (details.length > 0)
      throw new AppError('validation_failed', 'report fields', {
        publicMessage: 'Some fields are not valid.',
        details,
      });
  }

  private reporterOrg(principal: Principal, orgId: string | null): string | null {
    if (orgId === null) return null;
    if (principal.kind !== 'user' || !principal.memberships.has(orgId))
      throw new AppError('validation_failed', 'reporter org not mine', {
        publicMessage: 'You can only report on behalf of an organization you belong to.',
        details: [{ path: 'reporterOrgId', message: 'Not one of your organizations.' }],
      });
    return orgId;
  }

  private async insertReport(
    r: Repositories,
    principal: Principal,
    now: Date,
    input: Omit<ReportSubmit, 'reporterOrgId' | 'contactName' | 'contactEmail'> & {
      contactName?: string | null | undefined;
      contactEmail?: string | null | undefined;
      source: 'web' | 'api' | 'sarif';
      reporterOrgId: string | null;
      toolProvenance: ReportRecord['toolProvenance'];
    },
    opts: { acknowledge: boolean } = { acknowledge: true },
  ): Promise<ReportSubmitted> {
    const id = newId('report');
    const year = now.getUTCFullYear();
    const ref = `VR-${year}-${String(await r.reports.nextCounter(`report:${year}`)).padStart(5, '0')}`;
    const anonymousReporter = principal.kind !== 'user';
    const followUpSecret = anonymousReporter ? randomSecret(FOLLOWUP_PREFIX) : null;
    const cwe = input.suspectedCwe ? (normalizeCweId(input.suspectedCwe) ?? null) : null;
    const record = {
      id,
      ref,
      title: input.title,
      description: input.description,
      status: 'received' as const,
      statusReason: null,
      duplicateOf: null,
      // The reporter asks for a label; the clearinghouse keeps at least AMBER while triaging.
      tlp:
        input.requestedTlp === 'CLEAR' || input.requestedTlp === 'GREEN'
          ? ('AMBER' as const)
          : input.requestedTlp,
      requestedTlp: input.requestedTlp,
      namedUserIds: [],
      source: input.source,
      reporterUserId: principal.kind === 'user' ? principal.userId : null,
      reporterOrgId: input.reporterOrgId,
      contactName: anonymousReporter ? (input.contactName ?? null) : null,
      contactEmail: anonymousReporter ? (input.contactEmail?.toLowerCase() ?? null) : null,
      followupSecretHash: followUpSecret ? sha256Hex(followUpSecret) : null,
      discoveryMethod: input.discoveryMethod,
      aiProvenance: input.aiProvenance ?? null,
      toolProvenance: input.toolProvenance,
      suspectedCwe: cwe,
      suggestedCvss: input.suggestedCvss ? input.suggestedCvss.trim() : null,
      vendorContacted: input.vendorContacted,
      publiclyKnown: input.publiclyKnown,
      exploitedInWild: input.exploitedInWild,
      sectors: [...new Set(input.sectors)],
      credit: input.credit,
      assigneeId: null,
      caseId: null,
      firstResponseAt: null,
      triagedAt: null,
    };
    const products: ReportProductRecord[] = input.affectedProducts.map((p) => ({
      id: newId('reportProduct'),
      reportId: id,
      vendor: p.vendor,
      product: p.product,
      versions: p.versions,
      purl: p.purl ?? null,
      cpe: p.cpe ?? null,
    }));
    await r.reports.insert(record, products, now.toISOString());
    const ackTo = principal.kind === 'user' ? principal.email : record.contactEmail;
    if (ackTo && opts.acknowledge)
      await enqueue(
        r,
        SEND_MAIL,
        {
          to: ackTo,
          subject: `Clearinghouse received your report ${ref}`,
          text: [
            `Thank you. We received your vulnerability report "${record.title}".`,
            '',
            `Reference: ${ref}`,
            anonymousReporter
              ? `Follow it (with the follow-up secret shown when you submitted it): ${this.settings.publicUrl}/reports/follow-up`
              : `Follow it here: ${this.settings.publicUrl}/reports/${id}`,
            '',
            `An analyst answers within ${this.settings.firstResponseHours} hours and decides on it within ${this.settings.triageHours} hours.`,
            'Please do not disclose the issue publicly while it is being coordinated.',
          ].join('\n'),
        },
        { now, idempotencyKey: `report-ack:${id}` },
      );
    await recordAudit(
      r,
      principal,
      'report.submitted',
      {
        organizationId: input.reporterOrgId,
        targetType: 'report',
        targetId: id,
        data: { ref, source: input.source, discoveryMethod: input.discoveryMethod },
      },
      now,
    );
    return {
      id,
      ref,
      status: 'received',
      followUpSecret,
      acknowledgementSentTo: ackTo && opts.acknowledge ? ackTo : null,
    };
  }

  // ---- reading -----------------------------------------------------------------------------

  async listReports(
    principal: UserPrincipal,
    query: ReportListQuery,
  ): Promise<{ items: ReportSummary[]; nextCursor: string | null }> {
    // Everyone signed in may list (a read-scoped token too); the query itself keeps each caller
    // to the reports they may read, and TLP:RED ones to the people named on them.
    const staff = isStaff(principal);
    const cursor = decodeCursor(query.cursor);
    if (query.cursor !== undefined && (cursor?.length !== 2 || typeof cursor[0] !== 'string'))
      throw new AppError('validation_failed', 'bad cursor', {
        details: [{ path: 'cursor', message: 'Not a cursor this list returned.' }],
      });
    const now = this.clock.now();
    const statuses = query.status?.split(',').filter(Boolean);
    const assignee = query.assignee === 'me' ? principal.userId : query.assignee;
    const rows = await this.uow.read.reports.list(
      staff
        ? { kind: 'staff', userId: principal.userId }
        : { kind: 'member', userId: principal.userId, orgIds: [...principal.memberships.keys()] },
      {
        ...(statuses && { statuses }),
        ...(assignee !== undefined && { assignee }),
        ...(query.discoveryMethod !== undefined && { discoveryMethod: query.discoveryMethod }),
        ...(query.q !== undefined && query.q.trim() !== '' && { q: query.q.trim() }),
        ...(query.mine === true && { mineUserId: principal.userId }),
        ...(query.overdue === true && {
          overdue: {
            firstResponseCreatedBefore: new Date(
              now.getTime() - this.settings.firstResponseHours * HOUR,
            ).toISOString(),
            triageCreatedBefore: new Date(now.getTime() - this.settings.triageHours * HOUR).toISOString(),
          },
        }),
        ...(cursor && { after: { createdAt: String(cursor[0]), id: String(cursor[1]) } }),
        limit: query.limit + 1,
      },
    );
    const page = rows.slice(0, query.limit);
    const names = await this.userNames(page.map((x) => x.assigneeId));
    const last = page.at(-1);
    return {
      items: page.map((x) => this.summary(principal, x, names, now)),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  async getReport(principal: UserPrincipal, idOrRef: string): Promise<Report> {
    const record = await this.readable(principal, idOrRef);
    return this.present({ principal }, record);
  }

  /** What an anonymous reporter sees with their follow-up secret: their report, nothing else. */
  async getReportByFollowup(principal: Principal, secret: string): Promise<Report> {
    const record = await this.byFollowup(secret);
    return this.present({ principal, followup: true }, record);
  }

  private async byFollowup(secret: string): Promise<ReportRecord> {
    const record = secret.startsWith(FOLLOWUP_PREFIX)
      ? await this.uow.read.reports.findByFollowupHash(sha256Hex(secret))
      : undefined;
    if (!record)
      throw new AppError('unauthenticated', 'unknown follow-up secret', {
        publicMessage: 'That follow-up secret does not match any report.',
      });
    return record;
  }

  private async readable(principal: UserPrincipal, idOrRef: string): Promise<ReportRecord> {
    const record = /^VR-\d{4}-\d+$/.test(idOrRef)
      ? await this.uow.read.reports.findByRef(idOrRef)
      : await this.uow.read.reports.findById(idOrRef);
    // Not found and not allowed look the same: a report's existence is itself information.
    if (!record || !can(principal, 'report.read', reportAccess(record))) throw notFound('Report', idOrRef);
    return record;
  }

  private responseTimes(r: ReportRecord, now: Date): ResponseTimes {
    const created = Date.parse(r.createdAt);
    const firstResponseDueAt = new Date(created + this.settings.firstResponseHours * HOUR);
    const triageDueAt = new Date(created + this.settings.triageHours * HOUR);
    const open = r.status === 'received' || r.status === 'needs_info';
    return {
      firstResponseDueAt: firstResponseDueAt.toISOString(),
      firstResponseAt: r.firstResponseAt,
      firstResponseOverdue: r.firstResponseAt === null && now > firstResponseDueAt,
      triageDueAt: triageDueAt.toISOString(),
      triagedAt: r.triagedAt,
      triageOverdue: r.triagedAt === null && open && now > triageDueAt,
    };
  }

  private async userNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids.filter((x): x is string => x !== null))) {
      const u = await this.uow.read.users.findById(id);
      if (u) out.set(id, u.name);
    }
    return out;
  }

  private summary(
    principal: Principal,
    r: ReportRecord,
    names: Map<string, string>,
    now: Date,
  ): ReportSummary {
    const restricted = principal.kind !== 'system' && !this.mayRead(principal, r);
    return {
      id: r.id,
      ref: r.ref,
      title: restricted ? 'Restricted (TLP:RED)' : r.title,
      status: r.status,
      tlp: r.tlp,
      discoveryMethod: r.discoveryMethod,
      source: r.source,
      exploitedInWild: restricted ? false : r.exploitedInWild,
      restricted,
      assignee: r.assigneeId ? { id: r.assigneeId, name: names.get(r.assigneeId) ?? 'Unknown' } : null,
      responseTimes: this.responseTimes(r, now),
      caseId: r.caseId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  private mayRead(principal: Principal, r: ReportRecord): boolean {
    return principal.kind === 'user' && can(principal, 'report.read', reportAccess(r));
  }

  private async present(actor: Actor, r: ReportRecord): Promise<Report> {
    const { principal } = actor;
    const now = this.clock.now();
    const staff = !actor.followup && can(principal, 'report.triage', {}) && this.mayRead(principal, r);
    const [products, messages, validation, attachments, names] = await Promise.all([
      this.uow.read.reports.products([r.id]),
      this.uow.read.reports.messages(r.id, staff),
      this.uow.read.reports.latestValidation(r.id),
      this.uow.read.reports.attachments('report', r.id),
      this.userNames([r.assigneeId]),
    ]);
    const duplicateOf = r.duplicateOf ? await this.uow.read.reports.findById(r.duplicateOf) : undefined;
    const reporterOrg = r.reporterOrgId
      ? await this.uow.read.organizations.findById(r.reporterOrgId)
      : undefined;
    const reporterUser = r.reporterUserId ? await this.uow.read.users.findById(r.reporterUserId) : undefined;
    return {
      ...this.summary(
        principal.kind === 'user' ? principal : { kind: 'system', name: 'followup' },
        r,
        names,
        now,
      ),
      description: r.description,
      affectedProducts: products.map((p) => ({
        vendor: p.vendor,
        product: p.product,
        versions: p.versions,
        purl: p.purl ?? null,
        cpe: p.cpe ?? null,
      })),
      suspectedCwe: r.suspectedCwe,
      suggestedCvss: r.suggestedCvss,
      aiProvenance: r.aiProvenance,
      toolProvenance: r.toolProvenance,
      vendorContacted: r.vendorContacted,
      publiclyKnown: r.publiclyKnown,
      sectors: r.sectors,
      requestedTlp: r.requestedTlp,
      credit: r.credit,
      // Staff and the reporter's own side see who reported; nobody else does (credit decides
      // what vendors see once a case exists).
      reporter: {
        kind: reporterUser ? 'user' : 'anonymous',
        name: reporterUser?.name ?? r.contactName,
        email: reporterUser?.email ?? r.contactEmail,
        organization: reporterOrg ? { id: reporterOrg.id, name: reporterOrg.name } : null,
      },
      statusReason: r.statusReason,
      duplicateOf: duplicateOf ? { id: duplicateOf.id, ref: duplicateOf.ref } : null,
      caseRef: r.caseId ? ((await this.uow.read.cases.findCase(r.caseId))?.ref ?? null) : null,
      validation: validation ? presentValidation(validation) : null,
      attachments: attachments.map(presentAttachment),
      messages: messages.map(presentMessage),
      allowedTransitions: staff ? REPORT_TRANSITIONS[r.status].filter((s) => s !== 'accepted') : [],
      namedUserIds: staff ? r.namedUserIds : [],
    };
  }

  // ---- triage ------------------------------------------------------------------------------

  async transitionReport(principal: UserPrincipal, id: string, input: ReportTransition): Promise<Report> {
    authorize(principal, 'report.triage', {});
    const record = await this.readable(principal, id);
    const to = input.to;
    const details: { path: string; message: string }[] = [];
    if (to === 'accepted')
      details.push({ path: 'to', message: 'A report is accepted by opening a case from it.' });
    else if (!canTransition(record.status, to))
      throw new AppError('invalid_state', `report ${record.status} -> ${to}`, {
        publicMessage: `A ${record.status.replace('_', ' ')} report cannot move to ${to.replace('_', ' ')}. Allowed: ${REPORT_TRANSITIONS[record.status].join(', ') || 'none'}.`,
      });
    const reason = input.reason?.trim() || null;
    if ((to === 'deferred' || to === 'closed' || to === 'invalid' || to === 'needs_info') && !reason)
      details.push({
        path: 'reason',
        message:
          to === 'needs_info'
            ? 'Say what you need from the reporter.'
            : `A reason is required to mark it ${to}.`,
      });
    let original: ReportRecord | undefined;
    if (to === 'duplicate') {
      if (!input.duplicateOf) details.push({ path: 'duplicateOf', message: 'Link the original report.' });
      else {
        original = /^VR-\d{4}-\d+$/.test(input.duplicateOf)
          ? await this.uow.read.reports.findByRef(input.duplicateOf)
          : await this.uow.read.reports.findById(input.duplicateOf);
        // Follow the chain to the report that is not itself a duplicate.
        for (let hops = 0; original?.duplicateOf && hops < 20; hops++)
          original = await this.uow.read.reports.findById(original.duplicateOf);
        if (!original || !this.mayRead(principal, original))
          details.push({ path: 'duplicateOf', message: 'No such report.' });
        else if (original.id === record.id)
          details.push({ path: 'duplicateOf', message: 'A report cannot duplicate itself.' });
      }
    }
    if (to === 'valid' && !(await this.uow.read.reports.latestValidation(record.id)))
      details.push({
        path: 'to',
        message: 'Record a validation (CVSS, SSVC or CWE, and reproduction) first.',
      });
    if (details.length > 0)
      throw new AppError('validation_failed', 'transition', {
        publicMessage: 'The transition is not complete.',
        details,
      });

    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.reports.update(
        record.id,
        {
          status: to,
          statusReason: reason,
          duplicateOf: to === 'duplicate' ? (original?.id ?? null) : record.duplicateOf,
          ...(record.firstResponseAt === null && { firstResponseAt: now.toISOString() }),
          ...(record.triagedAt === null &&
            (TRIAGED.includes(to) || to === 'closed') && { triagedAt: now.toISOString() }),
        },
        now.toISOString(),
      );
      // The reporter hears of every decision, with the reason.
      await r.reports.insertMessage({
        id: newId('reportMessage'),
        reportId: record.id,
        authorUserId: principal.userId,
        authorKind: 'clearinghouse',
        internal: false,
        body: statusMessage(to, reason, original?.ref),
        createdAt: now.toISOString(),
      });
      await this.notifyReporter(
        r,
        record,
        `${record.ref} is now ${to.replace('_', ' ')}`,
        statusMessage(to, reason, original?.ref),
        now,
      );
      await recordAudit(
        r,
        principal,
        'report.transitioned',
        {
          targetType: 'report',
          targetId: record.id,
          data: { from: record.status, to, reason, duplicateOf: original?.id },
        },
        now,
      );
    });
    return this.getReport(principal, record.id);
  }

  async updateReport(principal: UserPrincipal, id: string, input: ReportUpdate): Promise<Report> {
    authorize(principal, 'report.triage', {});
    const record = await this.readable(principal, id);
    const details: { path: string; message: string }[] = [];
    const staffIds = async (ids: readonly string[], path: string) => {
      for (const uid of ids) {
        const u = await this.uow.read.users.findById(uid);
        if (
          !u ||
          u.disabledAt !== null ||
          !u.globalRoles.some((g) => g === 'analyst' || g === 'coordinator' || g === 'admin')
        )
          details.push({
            path,
            message: `${uid} is not an active clearinghouse analyst, coordinator or admin.`,
          });
      }
    };
    if (input.assigneeId) await staffIds([input.assigneeId], 'assigneeId');
    if (input.namedUserIds) await staffIds(input.namedUserIds, 'namedUserIds');
    if (details.length > 0)
      throw new AppError('validation_failed', 'report update', {
        publicMessage: 'Some fields are not valid.',
        details,
      });
    let named = input.namedUserIds ?? record.namedUserIds;
    // The assignee of a TLP:RED report must be able to read it.
    if (input.assigneeId && !named.includes(input.assigneeId)) named = [...named, input.assigneeId];
    const now = this.clock.now();
    await this.tx(async (r) => {
      await r.reports.update(
        record.id,
        {
          ...(input.tlp !== undefined && { tlp: input.tlp }),
          ...(input.assigneeId !== undefined && { assigneeId: input.assigneeId }),
          namedUserIds: [...new Set(named)],
        },
        now.toISOString(),
      );
      await recordAudit(
        r,
        principal,
        'report.updated',
        { targetType: 'report', targetId: record.id, data: { ...input } },
        now,
      );
    });
    return this.getReport(principal, record.id);
  }

  async duplicateCandidates(principal: UserPrincipal, id: string, limit = 10): Promise<DuplicateCandidate[]> {
    authorize(principal, 'report.triage', {});
    const record = await this.readable(principal, id);
    const candidates = await this.uow.read.reports.recentForDuplicates(record.id, 1000);
    const products = await this.uow.read.reports.products([record.id, ...candidates.map((c) => c.id)]);
    const productsOf = (rid: string) => products.filter((p) => p.reportId === rid);
    const shape = (x: ReportRecord) => ({
      title: x.title,
      description: x.description,
      products: productsOf(x.id).map((p) => ({
        vendor: p.vendor,
        product: p.product,
        ...(p.purl ? { purl: p.purl } : {}),
        ...(p.cpe ? { cpe: p.cpe } : {}),
      })),
      ...(x.suspectedCwe ? { cwe: x.suspectedCwe } : {}),
    });
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const ranked = rankDuplicates(
      shape(record),
      candidates.map((c) => ({ id: c.id, ...shape(c) })),
      { limit, minScore: 0.15 },
    );
    const now = this.clock.now();
    const names = await this.userNames(candidates.map((c) => c.assigneeId));
    return ranked.flatMap((x) => {
      const c = byId.get(x.id);
      return c
        ? [{ report: this.summary(principal, c, names, now), score: x.score, breakdown: x.breakdown }]
        : [];
    });
  }

  async validateReport(principal: UserPrincipal, id: string, input: ValidationInput): Promise<Report> {
    authorize(principal, 'report.triage', {});
    const record = await this.readable(principal, id);
    if (!(['received', 'needs_info', 'valid', 'deferred'] as ReportStatus[]).includes(record.status))
      throw new AppError('invalid_state', `validate ${record.status}`, {
        publicMessage: `A ${record.status} report can no longer be validated.`,
      });
    const details: { path: string; message: string }[] = [];
    const score = (vector: string | null | undefined, want: '3' | '4', path: string) => {
      if (!vector) return null;
      const parsed = parseCvss(vector);
      if (!parsed.ok) {
        for (const m of parsed.problems) details.push({ path, message: m });
        return null;
      }
      if (!parsed.value.version.startsWith(want)) {
        details.push({ path, message: `Expected a CVSS ${want === '3' ? '3.1' : '4.0'} vector.` });
        return null;
      }
      return parsed.value;
    };
    const cvss31 = score(input.cvss31, '3', 'cvss31');
    const cvss40 = score(input.cvss40, '4', 'cvss40');
    let cwe: { id: string; name: string } | null = null;
    if (input.cwe) {
      const idn = normalizeCweId(input.cwe);
      const found = idn ? findCwe(idn) : undefined;
      if (!found) details.push({ path: 'cwe', message: `${input.cwe} is not in the CWE catalog.` });
      else cwe = { id: found.id, name: found.name };
    }
    const attachments = await this.uow.read.reports.attachments('report', record.id);
    for (const [i, aid] of input.evidenceAttachmentIds.entries())
      if (!attachments.some((a) => a.id === aid))
        details.push({ path: `evidenceAttachmentIds.${i}`, message: 'Not an attachment of this report.' });
    if (!cvss31 && !cvss40 && !input.ssvc && !cwe && details.length === 0)
      details.push({ path: '', message: 'Give at least a CVSS vector, an SSVC decision or a CWE.' });
    if (details.length > 0)
      throw new AppError('validation_failed', 'validation', {
        publicMessage: 'The validation is not valid.',
        details,
      });
    const now = this.clock.now();
    const ssvc = input.ssvc
      ? (() => {
          const decision = decideSsvc(input.ssvc);
          return { ...input.ssvc, decision, vector: ssvcVector(input.ssvc, decision, now) };
        })()
      : null;
    await this.tx(async (r) => {
      const vid = newId('reportValidation');
      await r.reports.insertValidation({
        id: vid,
        reportId: record.id,
        cvss31,
        cvss40,
        ssvc,
        cwe,
        reproductionNotes: input.reproductionNotes,
        reproduced: input.reproduced,
        evidenceAttachmentIds: input.evidenceAttachmentIds,
        validatedBy: principal.userId,
        createdAt: now.toISOString(),
      });
      await recordAudit(
        r,
        principal,
        'report.validated',
        {
          targetType: 'report',
          targetId: record.id,
          data: {
            validationId: vid,
            cvss31: cvss31?.vector,
            cvss40: cvss40?.vector,
            ssvc: ssvc?.decision,
            cwe: cwe?.id,
          },
        },
        now,
      );
    });
    return this.getReport(principal, record.id);
  }

  searchCwe(query: string, limit: number): CweEntry[] {
    return searchCwe(query, limit).map((c) => ({ id: c.id, name: c.name }));
  }

  // ---- conversation and attachments ---------------------------------------------------------

  async addMessage(principal: UserPrincipal, id: string, input: ReportMessageCreate): Promise<Report> {
    const record = await this.readable(principal, id);
    const staff = can(principal, 'report.triage', {});
    if (!staff) authorize(principal, 'report.respond', reportAccess(record));
    if (input.internal && !staff)
      throw new AppError('forbidden', 'internal note by reporter', {
        publicMessage: 'Only the clearinghouse writes internal notes.',
      });
    await this.insertMessage(
      { principal },
      record,
      input.body,
      staff ? 'clearinghouse' : 'reporter',
      input.internal,
    );
    return this.getReport(principal, record.id);
  }

  async addFollowupMessage(principal: Principal, secret: string, body: string): Promise<Report> {
    const record = await this.byFollowup(secret);
    await this.insertMessage({ principal, followup: true }, record, body, 'reporter', false);
    return this.present({ principal, followup: true }, await this.mustFind(record.id));
  }

  private async insertMessage(
    actor: Actor,
    record: ReportRecord,
    body: string,
    kind: 'reporter' | 'clearinghouse',
    internal: boolean,
  ): Promise<void> {
    if (record.status === 'closed')
      throw new AppError('invalid_state', 'message on closed report', {
        publicMessage: 'The report is closed; it takes no more messages.',
      });
    const now = this.clock.now();
    const { principal } = actor;
    await this.tx(async (r) => {
      await r.reports.insertMessage({
        id: newId('reportMessage'),
        reportId: record.id,
        authorUserId: principal.kind === 'user' ? principal.userId : null,
        authorKind: kind,
        internal,
        body,
        createdAt: now.toISOString(),
      });
      const patch: Parameters<Repositories['reports']['update']>[1] = {};
      if (kind === 'clearinghouse' && !internal && record.firstResponseAt === null)
        patch.firstResponseAt = now.toISOString();
      // The reporter answering a request for information puts the report back in the queue.
      if (kind === 'reporter' && record.status === 'needs_info') {
        patch.status = 'received';
        patch.statusReason = null;
      }
      await r.reports.update(record.id, patch, now.toISOString());
      if (kind === 'clearinghouse' && !internal)
        await this.notifyReporter(r, record, `New message on ${record.ref}`, body, now);
      await recordAudit(
        r,
        principal,
        kind === 'reporter'
          ? 'report.reporter_replied'
          : internal
            ? 'report.note_added'
            : 'report.message_sent',
        {
          targetType: 'report',
          targetId: record.id,
          data: {
            ...(patch.status && { from: record.status, to: patch.status }),
            followup: actor.followup === true,
          },
        },
        now,
      );
    });
  }

  /** E-mails the reporter (their account, or the contact address of an anonymous report). */
  private async notifyReporter(
    r: Repositories,
    record: ReportRecord,
    subject: string,
    text: string,
    now: Date,
  ) {
    const user = record.reporterUserId ? await r.users.findById(record.reporterUserId) : undefined;
    const to = user?.email ?? record.contactEmail;
    if (!to) return;
    await enqueue(
      r,
      SEND_MAIL,
      {
        to,
        subject,
        text: [
          text,
          '',
          user
            ? `Read and answer: ${this.settings.publicUrl}/reports/${record.id}`
            : `Read and answer with your follow-up secret: ${this.settings.publicUrl}/reports/follow-up`,
        ].join('\n'),
      },
      { now },
    );
  }

  async addAttachment(
    principal: UserPrincipal,
    id: string,
    file: { filename: string; mediaType: string; body: Readable },
  ): Promise<Attachment> {
    const record = await this.readable(principal, id);
    if (!can(principal, 'report.triage', {})) authorize(principal, 'report.respond', reportAccess(record));
    return this.storeAttachment(principal, record, file);
  }

  async addFollowupAttachment(
    principal: Principal,
    secret: string,
    file: { filename: string; mediaType: string; body: Readable },
  ): Promise<Attachment> {
    const record = await this.byFollowup(secret);
    return this.storeAttachment(principal, record, file);
  }

  private async storeAttachment(
    principal: Principal,
    record: ReportRecord,
    file: { filename: string; mediaType: string; body: Readable },
  ): Promise<Attachment> {
    if (record.status === 'closed')
      throw new AppError('invalid_state', 'attach on closed', { publicMessage: 'The report is closed.' });
    const stored = await this.blobs.put(file.body, this.settings.uploadLimitBytes);
    const now = this.clock.now();
    const att: Omit<AttachmentRecord, 'uploadedByName'> = {
      id: newId('attachment'),
      ownerType: 'report',
      ownerId: record.id,
      sha256: stored.sha256,
      filename: safeFilename(file.filename),
      mediaType: file.mediaType,
      size: stored.size,
      uploadedByUserId: principal.kind === 'user' ? principal.userId : null,
      createdAt: now.toISOString(),
    };
    await this.tx(async (r) => {
      await r.blobs.upsert({
        sha256: stored.sha256,
        size: stored.size,
        contentType: file.mediaType,
        createdAt: att.createdAt,
      });
      await r.reports.insertAttachment(att);
      await recordAudit(
        r,
        principal,
        'report.attachment_added',
        {
          targetType: 'report',
          targetId: record.id,
          data: { attachmentId: att.id, sha256: att.sha256, size: att.size },
        },
        now,
      );
    });
    const uploader =
      principal.kind === 'user' ? await this.uow.read.users.findById(principal.userId) : undefined;
    return presentAttachment({ ...att, uploadedByName: uploader?.name ?? null });
  }

  async openAttachment(
    principal: UserPrincipal,
    reportId: string,
    attachmentId: string,
  ): Promise<{ attachment: Attachment; body: Readable }> {
    const record = await this.readable(principal, reportId);
    return this.openOwned(record, attachmentId);
  }

  async openFollowupAttachment(
    secret: string,
    attachmentId: string,
  ): Promise<{ attachment: Attachment; body: Readable }> {
    return this.openOwned(await this.byFollowup(secret), attachmentId);
  }

  private async openOwned(record: ReportRecord, attachmentId: string) {
    const att = (await this.uow.read.reports.attachments('report', record.id)).find(
      (a) => a.id === attachmentId,
    );
    if (!att) throw notFound('Attachment', attachmentId);
    return { attachment: presentAttachment(att), body: this.blobs.open(att.sha256) };
  }

  private async mustFind(id: string): Promise<ReportRecord> {
    const r = await this.uow.read.reports.findById(id);
    if (!r) throw notFound('Report', id);
    return r;
  }
}

function statusMessage(to: ReportStatus, reason: string | null, originalRef?: string): string {
  const lead: Record<ReportStatus, string> = {
    received: 'The report is back in the triage queue.',
    needs_info: 'We need more information to triage this report.',
    valid: 'We validated the report: it is a vulnerability and we will coordinate it.',
    invalid: 'We concluded the report does not describe a vulnerability.',
    duplicate: `This report duplicates ${originalRef ?? 'an earlier report'}; we follow the issue there.`,
    accepted: 'The report is now coordinated in a case.',
    deferred: 'We are deferring work on this report.',
    closed: 'We closed this report.',
  };
  return reason ? `${lead[to]}\n\n${reason}` : lead[to];
}

function presentMessage(m: MessageRecord): ReportMessage {
  return {
    id: m.id,
    author: m.authorKind === 'reporter' ? (m.authorName ?? 'Reporter') : (m.authorName ?? 'Clearinghouse'),
    authorKind: m.authorKind,
    internal: m.internal,
    body: m.body,
    createdAt: m.createdAt,
  };
}

function presentValidation(v: ValidationRecord): Validation {
  return {
    id: v.id,
    cvss31: v.cvss31,
    cvss40: v.cvss40,
    ssvc: v.ssvc,
    cwe: v.cwe,
    reproductionNotes: v.reproductionNotes,
    reproduced: v.reproduced,
    evidenceAttachmentIds: v.evidenceAttachmentIds,
    validatedBy: { id: v.validatedBy, name: v.validatedByName },
    createdAt: v.createdAt,
  };
}
