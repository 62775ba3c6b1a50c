import { createHash } from 'node:crypto';
import {
  AdvisoryContent,
  type Advisory,
  type AdvisoryDraftCreate,
  type AdvisoryListQuery,
  type AdvisorySummary,
  type AdvisoryTransition,
  type AdvisoryUpdate,
  type AdvisoryValidation,
  type EarlyRelease,
  type ValidationFinding,
} from '@clearinghouse/shared';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { buildCsafDocument, CSAF_TLP_LABELS } from '../../formats/csaf-build.js';
import { documentPath } from '../../formats/csaf-provider.js';
import { osvRecordId } from '../../formats/osv.js';
import { validateCsaf } from '../../formats/csaf-validate.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { authorize, can, type AdvisoryAccess } from '../../policy/policy.js';
import { system, type Principal, type UserPrincipal } from '../../policy/principal.js';
import type { SigningKeyring } from '../../signing/keyring.js';
import { recordAudit } from '../audit/record.js';
import type { CaseFacts, CasesService } from '../cases/cases.service.js';
import type { AdvisoryRecord, Audience, RevisionRecord } from './advisories.repository.js';
import type { CveServicesClient } from './cve-services-client.js';
import { checkContent } from './content-checks.js';
import { draftFromCase } from './draft-from-case.js';
import { RELEASE_DUE, SUBMIT_CVE } from './jobs.js';
import { INDEX_SOURCE } from '../exposure/jobs.js';
import { renderCveRecords, renderOsvRecords, type PublicationSettings } from './renderings.js';

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
export const sha512Hex = (s: string) => createHash('sha512').update(s, 'utf8').digest('hex');

interface Loaded {
  a: AdvisoryRecord;
  facts: CaseFacts;
  access: AdvisoryAccess;
}

/**
 * Publication: advisories drafted from cases, edited in revisions, shared with the case's
 * participants for review, approved by a coordinator and released by the job queue at the case's
 * embargo instant (or early, with a recorded reason). A release writes the CSAF document of the
 * provider directory (hashed and signed), the OSV and CVE records, and tells the participants —
 * all in one transaction, so before it nothing of the advisory exists in any channel.
 */
export class AdvisoriesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: PublicationSettings,
    private readonly keyring: SigningKeyring,
    private readonly cases: CasesService,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  private async tx<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    const out = await this.uow.transaction(fn);
    this.onEnqueued();
    return out;
  }

  // ---- access -------------------------------------------------------------------------------

  private async load(idOrRef: string, r: Repositories = this.uow.read): Promise<Loaded | undefined> {
    const a = await r.advisories.findAdvisory(idOrRef);
    if (!a?.caseId) return undefined;
    const facts = await this.cases.facts(a.caseId, r);
    if (!facts) return undefined;
    return { a, facts, access: accessOf(a, facts) };
  }

  private async readable(principal: Principal, idOrRef: string): Promise<Loaded> {
    const l = await this.load(idOrRef);
    // Nobody learns that an advisory exists before they may read it.
    if (!l || !can(principal, 'advisory.read', l.access)) throw notFound('Advisory', idOrRef);
    return l;
  }

  private manages(principal: Principal, l: Loaded): boolean {
    return can(principal, 'advisory.manage', l.facts.participation);
  }

  private async managed(principal: UserPrincipal, idOrRef: string): Promise<Loaded> {
    const l = await this.readable(principal, idOrRef);
    authorize(principal, 'advisory.manage', l.facts.participation);
    return l;
  }

  /** The revision a viewer sees: editors and reviewers the current one, everyone else the released one. */
  private visibleRevision(principal: Principal, l: Loaded): number {
    if (this.manages(principal, l)) return l.a.revision;
    if (l.access.shared && principal.kind === 'user' && can(principal, 'case.read', l.facts.participation))
      return l.a.revision;
    if (l.a.publishedRevision === null) throw notFound('Advisory', l.a.id);
    return l.a.publishedRevision;
  }

  // ---- drafting and editing -----------------------------------------------------------------

  async createDraft(principal: UserPrincipal, input: AdvisoryDraftCreate): Promise<Advisory> {
    const facts = await this.cases.facts(input.caseId);
    if (!facts || !can(principal, 'case.read', facts.participation)) throw notFound('Case', input.caseId);
    authorize(principal, 'advisory.manage', facts.participation);
    const caseView = await this.cases.getCase(principal, facts.id);
    const content = AdvisoryContent.parse(draftFromCase(caseView, input.profile));
    const now = this.clock.now();
    const id = newId('advisory');
    await this.tx(async (r) => {
      const year = now.getUTCFullYear();
      const n = await r.reports.nextCounter(`advisory:${year}`);
      const ref = `${this.settings.advisoryIdPrefix}-${year}-${String(n).padStart(4, '0')}`;
      const at = now.toISOString();
      await r.advisories.insertAdvisory({
        id,
        ref,
        caseId: facts.id,
        status: 'draft',
        tlp: content.tlp,
        title: content.title,
        cves: cvesOf(content),
        revision: 1,
        publishedRevision: null,
        published: null,
        releaseAt: null,
        releasedAt: null,
        approvedBy: null,
        approvedAt: null,
        earlyRelease: null,
        createdBy: principal.userId,
        createdAt: at,
        updatedAt: at,
      });
      await r.advisories.insertRevision({
        advisoryId: id,
        number: 1,
        content,
        summary: `Drafted from case ${facts.ref}`,
        authorId: principal.userId,
        createdAt: at,
        releasedAt: null,
        sha256: null,
      });
      await this.audit(r, principal, id, 'advisory.drafted', { caseId: facts.id, ref }, now);
    });
    return this.get(principal, id);
  }

  /** Saving makes a new revision; an advisory under review or approved goes back to draft. */
  async update(principal: UserPrincipal, idOrRef: string, input: AdvisoryUpdate): Promise<Advisory> {
    const l = await this.managed(principal, idOrRef);
    const content = AdvisoryContent.parse(input.content);
    const problems = checkContent(content).errors;
    if (problems.length > 0)
      throw new AppError('validation_failed', 'advisory content is inconsistent', {
        publicMessage: 'The advisory has problems; nothing was saved.',
        details: problems.map((p) => ({ path: p.path, message: p.message, code: p.test })),
      });
    const now = this.clock.now();
    await this.tx(async (r) => {
      const next = l.a.revision + 1;
      const applied = await r.advisories.updateAdvisory(
        l.a.id,
        { revision: input.revision },
        {
          status: 'draft',
          tlp: content.tlp,
          title: content.title,
          cves: cvesOf(content),
          revision: next,
          releaseAt: null,
          approvedBy: null,
          approvedAt: null,
          updatedAt: now.toISOString(),
        },
      );
      if (!applied || input.revision !== l.a.revision) throw staleRevision();
      await r.advisories.insertRevision({
        advisoryId: l.a.id,
        number: next,
        content,
        summary: input.summary ?? 'Edited',
        authorId: principal.userId,
        createdAt: now.toISOString(),
        releasedAt: null,
        sha256: null,
      });
      await this.audit(r, principal, l.a.id, 'advisory.revised', { revision: next }, now);
    });
    return this.get(principal, l.a.id);
  }

  /** share: participants may review it; approve: scheduled for release; reopen: back to draft. */
  async transition(principal: UserPrincipal, idOrRef: string, input: AdvisoryTransition): Promise<Advisory> {
    const l = await this.managed(principal, idOrRef);
    if (input.revision !== l.a.revision) throw staleRevision();
    const now = this.clock.now();
    const from = l.a.status;
    const allowed: Record<AdvisoryTransition['action'], readonly string[]> = {
      share: ['draft'],
      approve: ['draft', 'review'],
      reopen: ['review', 'approved'],
    };
    if (!allowed[input.action].includes(from))
      throw new AppError('invalid_state', `cannot ${input.action} an advisory in ${from}`, {
        publicMessage: `An advisory in ${from} cannot be ${input.action === 'share' ? 'shared' : input.action === 'approve' ? 'approved' : 'reopened'}.`,
      });
    if (input.action === 'approve' && l.facts.embargoEndsAt === null && l.facts.embargoProposed)
      // Approving now would release at once, before the participants answered the proposal.
      throw new AppError('invalid_state', 'embargo proposal pending', {
        publicMessage:
          'An embargo proposal still waits for answers. Agree or withdraw it before approving (approval releases at once when no embargo holds).',
      });
    if (input.action === 'approve') {
      const revision = await this.currentRevision(l.a);
      const validation = await this.validateRevision(l.a, revision.content, now);
      if (!validation.valid) throw refused(validation.errors);
    }
    await this.tx(async (r) => {
      if (input.action === 'share') {
        if (
          !(await r.advisories.updateAdvisory(
            l.a.id,
            { status: from, revision: input.revision },
            {
              status: 'review',
              updatedAt: now.toISOString(),
            },
          ))
        )
          throw staleRevision();
        await this.audit(r, principal, l.a.id, 'advisory.shared', { revision: l.a.revision }, now);
        await this.tellParticipants(r, l, 'advisory.shared', now, {
          title: `${l.facts.ref}: a draft advisory is ready for your review`,
          body: `The clearinghouse shares draft advisory ${l.a.ref} of case ${l.facts.ref} for review before release.`,
          mail: false,
        });
      } else if (input.action === 'approve') {
        // Released at the embargo's end, or at once when there is none (or it has passed).
        const releaseAt = new Date(
          Math.max(now.getTime(), l.facts.embargoEndsAt ? Date.parse(l.facts.embargoEndsAt) : 0),
        );
        if (
          !(await r.advisories.updateAdvisory(
            l.a.id,
            { status: from, revision: input.revision },
            {
              status: 'approved',
              approvedBy: principal.userId,
              approvedAt: now.toISOString(),
              releaseAt: releaseAt.toISOString(),
              updatedAt: now.toISOString(),
            },
          ))
        )
          throw staleRevision();
        await enqueue(
          r,
          RELEASE_DUE,
          { advisoryId: l.a.id },
          {
            now,
            runAt: releaseAt,
            idempotencyKey: `release:${l.a.id}:${l.a.revision}:${releaseAt.toISOString()}`,
          },
        );
        await this.audit(
          r,
          principal,
          l.a.id,
          'advisory.approved',
          {
            revision: l.a.revision,
            releaseAt: releaseAt.toISOString(),
          },
          now,
        );
      } else {
        if (
          !(await r.advisories.updateAdvisory(
            l.a.id,
            { status: from, revision: input.revision },
            {
              status: 'draft',
              approvedBy: null,
              approvedAt: null,
              releaseAt: null,
              updatedAt: now.toISOString(),
            },
          ))
        )
          throw staleRevision();
        await this.audit(r, principal, l.a.id, 'advisory.reopened', { revision: l.a.revision }, now);
      }
    });
    return this.get(principal, l.a.id);
  }

  /** Live validation of the saved revision (or of unsaved content from the editor). */
  async validate(principal: UserPrincipal, idOrRef: string, content?: unknown): Promise<AdvisoryValidation> {
    const l = await this.managed(principal, idOrRef);
    let parsed: AdvisoryContent;
    if (content === undefined) parsed = (await this.currentRevision(l.a)).content;
    else {
      const result = AdvisoryContent.safeParse(content);
      if (!result.success)
        return {
          valid: false,
          errors: result.error.issues.map((i) => ({
            test: 'content',
            path: i.path.join('.'),
            message: i.message,
          })),
          warnings: [],
        };
      parsed = result.data;
    }
    return this.validateRevision(l.a, parsed, this.clock.now());
  }

  private async validateRevision(
    a: AdvisoryRecord,
    content: AdvisoryContent,
    now: Date,
  ): Promise<AdvisoryValidation> {
    const own = checkContent(content);
    const prepared = await this.prepareCsaf(a, content, now);
    const csaf = await validateCsaf(prepared.document);
    const errors: ValidationFinding[] = [
      ...own.errors,
      ...csaf.problems.map((p) => ({ test: p.test, path: p.path, message: p.message })),
    ];
    const warnings: ValidationFinding[] = [...own.warnings];
    if (a.tlp === 'CLEAR' || content.tlp === 'CLEAR') {
      for (const o of renderOsvRecords(
        this.settings,
        content,
        { ref: a.ref, selfUrl: prepared.url },
        () => 'PREVIEW',
        now,
      ))
        warnings.push(...o.problems.map((m) => ({ test: 'osv', path: o.key, message: m })));
      for (const c of renderCveRecords(this.settings, content, { selfUrl: prepared.url }, now))
        warnings.push(...c.problems.map((m) => ({ test: 'cve', path: c.cveId, message: m })));
    }
    return { valid: errors.length === 0, errors, warnings };
  }

  private async currentRevision(a: AdvisoryRecord, r: Repositories = this.uow.read): Promise<RevisionRecord> {
    const rev = await r.advisories.revision(a.id, a.revision);
    if (!rev) throw new Error(`advisory ${a.id} has no revision ${a.revision}`);
    return rev;
  }

  // ---- release ------------------------------------------------------------------------------

  /** Break the embargo: only a coordinator, only with a reason, which is recorded. */
  async releaseNow(
    principal: UserPrincipal,
    idOrRef: string,
    input: Partial<EarlyRelease>,
  ): Promise<Advisory> {
    const l = await this.managed(principal, idOrRef);
    if (l.a.status !== 'approved')
      throw new AppError('invalid_state', 'only an approved advisory is released', {
        publicMessage: 'Approve the advisory before releasing it.',
      });
    const now = this.clock.now();
    const embargoed = l.facts.embargoEndsAt !== null && Date.parse(l.facts.embargoEndsAt) > now.getTime();
    const reason = input.reason?.trim() ?? '';
    if (embargoed && reason.length < 10)
      throw new AppError('validation_failed', 'early release without a reason', {
        publicMessage: 'Releasing before the embargo ends needs a reason (at least 10 characters).',
        details: [{ path: 'reason', message: 'Say why the embargo is broken, e.g. active exploitation.' }],
      });
    await this.release(
      l.a.id,
      principal,
      embargoed ? { reason, by: principal.userId, at: now.toISOString() } : null,
    );
    const after = await this.get(principal, l.a.id);
    // A concurrent edit or reopening voids the release: say so rather than pretend.
    if (after.status !== 'released' || after.publishedRevision !== l.a.revision)
      throw new AppError('conflict', 'release voided by a concurrent change', {
        publicMessage: 'The advisory changed while it was being released; nothing was released. Reload it.',
      });
    return after;
  }

  /** The job: release what is due — unless the embargo moved later since the job was queued. */
  async releaseDue(payload: { caseId?: string; advisoryId?: string }): Promise<void> {
    const now = this.clock.now();
    const candidates = payload.advisoryId
      ? [await this.uow.read.advisories.findAdvisory(payload.advisoryId)]
      : payload.caseId
        ? await this.uow.read.advisories.advisoriesOfCase(payload.caseId)
        : [];
    for (const a of candidates) {
      if (!a || a.status !== 'approved' || !a.caseId) continue;
      const facts = await this.cases.facts(a.caseId);
      if (!facts) continue;
      // The embargo is the truth at run time: an extended embargo's own job releases it later.
      if (facts.embargoEndsAt !== null && Date.parse(facts.embargoEndsAt) > now.getTime()) continue;
      await this.release(a.id, system('release-scheduler'), null);
    }
  }

  private async release(
    advisoryId: string,
    principal: Principal,
    early: { reason: string; by: string; at: string } | null,
  ): Promise<void> {
    const now = this.clock.now();
    const a = await this.uow.read.advisories.findAdvisory(advisoryId);
    if (!a || a.status !== 'approved') return;
    const revision = await this.currentRevision(a);
    const prepared = await this.prepareCsaf(a, revision.content, now);
    const validation = await validateCsaf(prepared.document);
    if (!validation.valid) throw refused(validation.problems);
    const body = `${JSON.stringify(prepared.document, null, 2)}\n`;
    const signature = await this.keyring.sign(body);
    const sha256 = sha256Hex(body);
    const sha512 = sha512Hex(body);
    await this.tx(async (r) => {
      const locked = await r.advisories.lockAdvisory(a.id);
      // Someone edited, reopened or released it meanwhile: this release is void.
      if (!locked || locked.status !== 'approved' || locked.revision !== a.revision) return;
      const facts = await this.cases.facts(locked.caseId ?? '', r);
      if (!facts) return;
      const at = now.toISOString();
      // Someone may have agreed a later embargo since this release was prepared.
      if (!early && facts.embargoEndsAt !== null && Date.parse(facts.embargoEndsAt) > now.getTime()) return;
      const red = revision.content.tlp === 'RED' || facts.participation.restricted === true;
      const audience: Audience = {
        orgIds: red ? [] : [...facts.participation.participantOrgIds],
        clientOrgIds: red ? [] : facts.clientOrgIds,
        userIds: [...facts.participation.participantUserIds],
      };
      await r.advisories.publishCsafDocument({
        id: newId('csafDocument'),
        advisoryId: a.id,
        revision: a.revision,
        trackingId: a.ref,
        title: revision.content.title,
        tlp: revision.content.tlp,
        folder: prepared.path.split('/')[0] ?? 'white',
        path: prepared.path,
        body,
        sha256,
        sha512,
        signature: signature.armoredSignature,
        keyFingerprint: signature.fingerprint,
        audience,
        initialReleaseDate: prepared.initialReleaseDate,
        currentReleaseDate: at,
        publishedAt: at,
      });
      const content = revision.content;
      // OSV and CVE records are public by nature: only a TLP:CLEAR advisory becomes one.
      // OSV and CVE records are public by nature: only a TLP:CLEAR revision has them; a revision
      // that is not CLEAR (or no longer names a vulnerability) withdraws what an earlier one published.
      const kept =
        content.tlp === 'CLEAR'
          ? await this.publishRecords(r, a, content, prepared.url, now)
          : new Set<string>();
      await this.withdrawRecords(r, a.id, kept, now);
      await r.advisories.markRevisionReleased(a.id, a.revision, at, sha256);
      await r.advisories.updateAdvisory(
        a.id,
        { status: 'approved', revision: a.revision },
        {
          status: 'released',
          publishedRevision: a.revision,
          published: { tlp: content.tlp, title: content.title, cves: cvesOf(content) },
          releasedAt: a.releasedAt ?? at,
          releaseAt: null,
          ...(early && { earlyRelease: early }),
          updatedAt: at,
        },
      );
      await this.cases.markPublished(r, facts.id, now);
      // Operators' inventories are matched against what was just released.
      await enqueue(r, INDEX_SOURCE, { kind: 'advisory', id: a.id }, { now });
      await this.audit(
        r,
        principal,
        a.id,
        early ? 'advisory.released_early' : 'advisory.released',
        {
          revision: a.revision,
          version: prepared.version,
          sha256,
          ...(early && { reason: early.reason }),
        },
        now,
      );
      const releasedRecord: AdvisoryRecord = {
        ...locked,
        tlp: content.tlp,
        published: { tlp: content.tlp, title: content.title, cves: cvesOf(content) },
      };
      const loaded: Loaded = { a: releasedRecord, facts, access: accessOf(releasedRecord, facts) };
      await this.tellParticipants(r, loaded, 'advisory.released', now, {
        title: `${a.ref} is released`,
        body: `Advisory ${a.ref} of case ${facts.ref} is now published${prepared.version > 1 ? ` (version ${prepared.version})` : ''}.`,
        mail: true,
      });
    });
  }

  private async publishRecords(
    r: Repositories,
    a: AdvisoryRecord,
    content: AdvisoryContent,
    selfUrl: string,
    now: Date,
  ) {
    const year = now.getUTCFullYear();
    const ids = new Map<string, string>();
    for (const [i, v] of content.vulnerabilities.entries()) {
      const key = v.caseVulnerabilityId ?? `#${i}`;
      const existing = await r.advisories.osvIdFor(a.id, key);
      if (existing) ids.set(key, existing);
    }
    const records = renderOsvRecords(
      this.settings,
      content,
      { ref: a.ref, selfUrl },
      (key) => ids.get(key),
      now,
    );
    const kept = new Set<string>();
    for (const o of records) {
      if (!o.record) continue;
      let id = ids.get(o.key);
      if (!id) {
        const n = await r.reports.nextCounter(`osv:${year}`);
        // OSV accepts registered prefixes only; ours is served as `x_CH-…` until it is registered.
        id = osvRecordId(`${this.settings.osvIdPrefix}-${year}-${String(n).padStart(4, '0')}`);
      }
      const record = { ...o.record, id };
      kept.add(id);
      const previous = await r.advisories.osvRecord(id);
      const published = previous
        ? (JSON.parse(previous.body) as { published?: string }).published
        : undefined;
      const final = { ...record, published: published ?? record.published };
      await r.advisories.putOsvRecord(
        {
          id,
          source: 'local',
          advisoryId: a.id,
          vulnerabilityKey: o.key,
          body: JSON.stringify(final),
          published: final.published ?? null,
          modified: final.modified,
        },
        o.packages,
        now.toISOString(),
      );
    }
    for (const c of renderCveRecords(this.settings, content, { selfUrl }, now)) {
      if (!c.record) continue;
      kept.add(c.cveId);
      const previous = await r.advisories.cveRecord(c.cveId);
      await r.advisories.putCveRecord({
        cveId: c.cveId,
        advisoryId: a.id,
        body: JSON.stringify(c.record),
        exploited: c.kev !== null,
        kev: c.kev,
        publishedAt: previous?.publishedAt ?? now.toISOString(),
        updatedAt: now.toISOString(),
      });
      // CVE Services publishes at once, so it hears of the record only now, at release.
      if (this.settings.cveServicesEnabled)
        await enqueue(
          r,
          SUBMIT_CVE,
          { cveId: c.cveId },
          { now, idempotencyKey: `cve:${c.cveId}:${now.toISOString()}` },
        );
    }
    return kept;
  }

  /**
   * Records of the advisory a new release no longer carries: OSV records are marked withdrawn (as
   * OSV does), CVE records leave our export and the KEV list.
   */
  private async withdrawRecords(r: Repositories, advisoryId: string, kept: Set<string>, now: Date) {
    for (const o of await r.advisories.osvRecordsOfAdvisory(advisoryId)) {
      if (kept.has(o.id)) continue;
      const body = JSON.parse(o.body) as { withdrawn?: string };
      if (body.withdrawn) continue;
      const at = now.toISOString();
      await r.advisories.putOsvRecord(
        {
          ...o,
          vulnerabilityKey: null,
          body: JSON.stringify({ ...body, withdrawn: at, modified: at }),
          published: (body as { published?: string }).published ?? null,
          modified: at,
        },
        [],
        at,
      );
    }
    for (const c of await r.advisories.cveRecordsOf(advisoryId))
      if (!kept.has(c.cveId)) await r.advisories.deleteCveRecord(c.cveId);
  }

  /** The CSAF document a release of this revision would produce, and where it would be served. */
  private async prepareCsaf(a: AdvisoryRecord, content: AdvisoryContent, now: Date) {
    const released = (await this.uow.read.advisories.revisions(a.id)).filter((x) => x.releasedAt !== null);
    const version = released.length + 1;
    const at = now.toISOString();
    const initialReleaseDate = a.releasedAt ?? at;
    const path = documentPath(CSAF_TLP_LABELS[content.tlp], initialReleaseDate, a.ref);
    const url = `${this.settings.publicUrl}/.well-known/csaf/${path}`;
    const history = [
      ...released.map((x, i) => ({
        number: i + 1,
        date: x.releasedAt ?? at,
        summary: i === 0 ? 'Initial release.' : x.summary,
      })),
      {
        number: version,
        date: at,
        summary: version === 1 ? 'Initial release.' : (await this.currentRevision(a)).summary,
      },
    ];
    const document = buildCsafDocument(content, {
      trackingId: a.ref,
      status: 'final',
      version,
      revisionHistory: history,
      initialReleaseDate,
      currentReleaseDate: at,
      publisher: {
        name: this.settings.publisherName,
        namespace: this.settings.publisherNamespace,
        category: 'coordinator',
        contactDetails: this.settings.contact,
      },
      generator: this.settings.generator,
      selfUrl: url,
    });
    return { document, path, url, version, initialReleaseDate };
  }

  // ---- reading ------------------------------------------------------------------------------

  async list(
    principal: Principal,
    query: AdvisoryListQuery,
  ): Promise<{ items: AdvisorySummary[]; nextCursor: string | null }> {
    const user = principal.kind === 'user' ? principal : undefined;
    const staff =
      user !== undefined &&
      (user.globalRoles.has('admin') ||
        user.globalRoles.has('coordinator') ||
        user.globalRoles.has('analyst'));
    const cursor = decodeCursor(query.cursor);
    const after =
      cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string'
        ? { updatedAt: cursor[0], id: cursor[1] }
        : undefined;
    let caseIds: string[] | null = [];
    if (staff) caseIds = null;
    else if (user) caseIds = await this.cases.participatingCaseIds(user);
    const rows = await this.uow.read.advisories.listAdvisories({
      caseIds,
      includePublic: true,
      q: query.q,
      status: query.status,
      cve: query.cve,
      caseId: query.caseId,
      limit: query.limit + 1,
      after,
    });
    const limit = query.limit;
    const page = rows.slice(0, limit);
    const items: AdvisorySummary[] = [];
    for (const a of page) {
      const l = await this.load(a.id);
      if (!l || !can(principal, 'advisory.read', l.access)) continue;
      items.push(await this.summary(principal, l));
    }
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor([last.updatedAt, last.id]) : null,
    };
  }

  private async summary(principal: Principal, l: Loaded): Promise<AdvisorySummary> {
    const revisionNumber = this.visibleRevision(principal, l);
    const rev = await this.uow.read.advisories.revision(l.a.id, revisionNumber);
    const content = rev?.content;
    const outsider =
      !this.manages(principal, l) &&
      revisionNumber === l.a.publishedRevision &&
      l.a.revision !== revisionNumber;
    return {
      id: l.a.id,
      ref: l.a.ref,
      title: content?.title ?? l.a.title,
      tlp: content?.tlp ?? l.a.tlp,
      // Readers of the released revision do not see that a new draft is in progress.
      status: outsider ? 'released' : l.a.status,
      caseId:
        principal.kind === 'user' && can(principal, 'case.read', l.facts.participation) ? l.facts.id : null,
      caseRef:
        principal.kind === 'user' && can(principal, 'case.read', l.facts.participation) ? l.facts.ref : null,
      cves: content ? cvesOf(content) : l.a.cves,
      releaseAt: this.manages(principal, l) ? l.a.releaseAt : null,
      releasedAt: l.a.releasedAt,
      updatedAt: outsider ? (l.a.releasedAt ?? l.a.updatedAt) : l.a.updatedAt,
      source: 'local',
    };
  }

  async get(principal: Principal, idOrRef: string): Promise<Advisory> {
    const l = await this.readable(principal, idOrRef);
    const number = this.visibleRevision(principal, l);
    const rev = await this.uow.read.advisories.revision(l.a.id, number);
    if (!rev) throw notFound('Advisory', idOrRef);
    const manages = this.manages(principal, l);
    const revisions = (await this.uow.read.advisories.revisions(l.a.id)).filter(
      // Readers who are not editors see the history of releases only, never draft notes.
      (x) => manages || (x.number <= number && x.releasedAt !== null) || x.number === number,
    );
    const names = new Map<string, string>();
    for (const userId of new Set([
      ...revisions.flatMap((x) => (x.authorId ? [x.authorId] : [])),
      ...(l.a.approvedBy ? [l.a.approvedBy] : []),
      ...(l.a.earlyRelease ? [l.a.earlyRelease.by] : []),
    ])) {
      const u = await this.uow.read.users.findById(userId);
      if (u) names.set(userId, u.name);
    }
    const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? 'Unknown' } : null);
    const doc = await this.uow.read.advisories.currentDocumentOf(l.a.id);
    const osv = l.a.publishedRevision === null ? [] : await this.osvIdsOf(l.a.id);
    return {
      ...(await this.summary(principal, l)),
      revision: number,
      publishedRevision: l.a.publishedRevision,
      content: rev.content,
      revisions: revisions.map((x) => ({
        number: x.number,
        summary: x.summary,
        author: manages ? ref(x.authorId) : null,
        createdAt: x.createdAt,
        releasedAt: x.releasedAt,
        sha256: x.sha256,
      })),
      approvedBy: manages ? ref(l.a.approvedBy) : null,
      approvedAt: manages ? l.a.approvedAt : null,
      earlyRelease: l.a.earlyRelease
        ? {
            reason: l.a.earlyRelease.reason,
            // Who broke the embargo is for the editors; readers learn why and when.
            by: manages
              ? (ref(l.a.earlyRelease.by) ?? { id: '', name: 'Unknown' })
              : { id: '', name: this.settings.publisherName },
            at: l.a.earlyRelease.at,
          }
        : null,
      documents: {
        csaf: doc ? `${this.settings.publicUrl}/.well-known/csaf/${doc.path}` : null,
        osv: osv.map((id) => ({ id, url: `${this.settings.publicUrl}/v1/vulns/${id}` })),
      },
      canEdit: manages,
      embargoEndsAt: manages ? l.facts.embargoEndsAt : null,
    };
  }

  private async osvIdsOf(advisoryId: string): Promise<string[]> {
    return (await this.uow.read.advisories.osvRecordsOfAdvisory(advisoryId)).map((o) => o.id);
  }

  /** The released CSAF document (exact bytes); editors may preview the draft's rendering. */
  async csafDocument(
    principal: Principal,
    idOrRef: string,
    opts: { preview?: boolean } = {},
  ): Promise<string> {
    const l = await this.readable(principal, idOrRef);
    if (opts.preview && this.manages(principal, l)) {
      const prepared = await this.prepareCsaf(
        l.a,
        (await this.currentRevision(l.a)).content,
        this.clock.now(),
      );
      return `${JSON.stringify({ ...prepared.document, document: { ...prepared.document.document, tracking: { ...prepared.document.document.tracking, status: 'draft' } } }, null, 2)}\n`;
    }
    const doc = await this.uow.read.advisories.currentDocumentOf(l.a.id);
    if (!doc)
      throw new AppError('not_found', 'not released', { publicMessage: 'The advisory is not released yet.' });
    return doc.body;
  }

  async osvRecords(principal: Principal, idOrRef: string): Promise<unknown[]> {
    const l = await this.readable(principal, idOrRef);
    return (await this.uow.read.advisories.osvRecordsOfAdvisory(l.a.id)).map(
      (o) => JSON.parse(o.body) as unknown,
    );
  }

  async cveRecords(principal: Principal, idOrRef: string): Promise<unknown[]> {
    const l = await this.readable(principal, idOrRef);
    if (l.a.publishedRevision === null) {
      if (!this.manages(principal, l)) return [];
      // Editors preview the records the release will submit.
      const content = (await this.currentRevision(l.a)).content;
      return renderCveRecords(this.settings, content, { selfUrl: '' }, this.clock.now()).flatMap((c) =>
        c.record ? [c.record] : [],
      );
    }
    return (await this.uow.read.advisories.cveRecordsOf(l.a.id)).map((c) => JSON.parse(c.body) as unknown);
  }

  /** The job: hand a released CVE record's CNA container to CVE Services (which publishes at once). */
  async submitCve(cveId: string, client: CveServicesClient): Promise<void> {
    const row = await this.uow.read.advisories.cveRecord(cveId);
    if (!row) return;
    const record = JSON.parse(row.body) as { containers: { cna: object } };
    try {
      await client.publishCnaContainer(cveId, record.containers.cna);
      await this.uow.transaction((r) =>
        r.advisories.markCveSubmitted(cveId, this.clock.now().toISOString(), null),
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.uow.transaction((r) => r.advisories.markCveSubmitted(cveId, null, message.slice(0, 1000)));
      throw e;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async tellParticipants(
    r: Repositories,
    l: Loaded,
    kind: string,
    now: Date,
    message: { title: string; body: string; mail: boolean },
  ) {
    // TLP:RED reaches the people taking part in person, not their colleagues.
    const named = new Set(l.access.participation.participantUserIds);
    const recipients = l.access.participation.restricted
      ? l.facts.recipients.filter((p) => named.has(p.userId))
      : l.facts.recipients;
    for (const p of recipients) {
      await r.cases.insertNotification({
        id: newId('notification'),
        userId: p.userId,
        kind,
        title: message.title,
        body: message.body,
        link: `/advisories/${l.a.id}`,
        createdAt: now.toISOString(),
      });
      if (message.mail)
        await enqueue(
          r,
          SEND_MAIL,
          {
            to: p.email,
            subject: `[${l.a.ref}] ${message.title}`,
            text: [
              message.body,
              '',
              `Read it here: ${this.settings.publicUrl}/advisories/${l.a.id}`,
              '',
              `The advisory is TLP:${l.a.tlp}.`,
            ].join('\n'),
          },
          { now, idempotencyKey: `${kind}:${l.a.id}:${l.a.revision}:${p.userId}` },
        );
    }
  }

  private async audit(
    r: Repositories,
    principal: Principal,
    advisoryId: string,
    action: string,
    data: Record<string, unknown>,
    now: Date,
  ) {
    await recordAudit(r, principal, action, { targetType: 'advisory', targetId: advisoryId, data }, now);
  }
}

/**
 * Who may read: the released revision is judged by its own label (a draft relabelled CLEAR does not
 * open the released AMBER text); a TLP:RED label, on the case or on either revision, narrows the
 * audience to the people taking part in person.
 */
function accessOf(a: AdvisoryRecord, facts: CaseFacts): AdvisoryAccess {
  const restricted = facts.participation.restricted === true || a.tlp === 'RED' || a.published?.tlp === 'RED';
  return {
    participation: restricted
      ? { ...facts.participation, participantOrgIds: [], restricted: true }
      : facts.participation,
    clientOrgIds: restricted ? [] : facts.clientOrgIds,
    tlp: a.published?.tlp ?? a.tlp,
    shared: a.status === 'review' || a.status === 'approved',
    released: a.publishedRevision !== null,
  };
}

function cvesOf(content: AdvisoryContent): string[] {
  return [...new Set(content.vulnerabilities.flatMap((v) => (v.cveId ? [v.cveId] : [])))];
}

function staleRevision(): AppError {
  return new AppError('conflict', 'stale advisory revision', {
    publicMessage: 'Someone changed the advisory meanwhile. Reload it and apply your change again.',
  });
}

function refused(problems: { test: string; path: string; message: string }[]): AppError {
  return new AppError('validation_failed', 'CSAF validation failed', {
    publicMessage: 'The advisory does not pass CSAF validation; it was not published.',
    details: problems.map((p) => ({ path: p.path || '/', message: `${p.test}: ${p.message}`, code: p.test })),
  });
}
