import {
  ACTIVE_EXPOSURE_STATUSES,
  ExposureStatusChange,
  FEED_BUNDLE_FORMAT,
  SuppressionCreate,
  type Exposure,
  type ExposureDetail,
  type ExposureMetrics,
  type ExposureNotice,
  type ExposureSource,
  type ExposureStatus,
  type FeedBundle,
  type ScanRequest,
  type ScanResult,
  type Suppression,
  type Tlp,
} from '@clearinghouse/shared';
import { mostRestrictiveTlp, ScanRequest as ScanRequestSchema } from '@clearinghouse/shared';
import {
  MatchIndex,
  rulesFromOsv,
  rulesFromProducts,
  type AffectRule,
  type ComponentIdentity,
} from '@clearinghouse/shared/matching';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { authorize, can } from '../../policy/policy.js';
import { isStaff, type Principal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { MatchingSource, MatchingSources } from '../advisories/matching-source.js';
import type { ExposureNoticeSource } from '../notifications/exposure-notices.js';
import type { ComponentRecord, ExposureRecord, SourceRecord } from './exposure.repository.js';
import { notify, requireUser, singleOrg } from './inventories.service.js';
import { EXPIRE_ACCEPTANCES } from './jobs.js';
import { actionFor, mergeVulnerability, priorityOf, type StoredVulnerability } from './ranking.js';
import { alertingOf, matchSource, Resolver } from './resolver.js';
import { buildVex } from './vex.js';

const CLOSED: readonly ExposureStatus[] = ['remediated', 'mitigated', 'not_affected', 'risk_accepted'];

/**
 * Exposures: the matcher's side (index a released or imported source, expire accepted risks) and the
 * operator's (the ranked list, status changes with VEX reasons, triage of low-confidence matches,
 * suppressions, the VEX export, metrics), plus the stateless scan and the offline feed the CLI uses.
 */
export class ExposuresService implements ExposureNoticeSource {
  private scanCache:
    { stamp: string; key: string; index: MatchIndex; sources: Map<string, SourceRecord> } | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly sources: MatchingSources,
    private readonly settings: { publicUrl: string; publisherName: string },
    private readonly poke: () => void,
  ) {}

  // ---- the matcher -----------------------------------------------------------------------------

  /** Rebuild one source's rules and resolve them against every inventory (job INDEX_SOURCE). */
  async indexSource(kind: 'advisory' | 'import', id: string): Promise<{ rules: number; alerted: number }> {
    const source = kind === 'advisory' ? await this.sources.advisory(id) : await this.sources.imported(id);
    if (!source) return { rules: 0, alerted: 0 };
    const rules = source.active ? rulesOf(source) : [];
    const now = this.clock.now();
    const at = now.toISOString();
    const alerted = await this.uow.transaction(async (r) => {
      const record: SourceRecord = {
        id: source.id,
        kind: source.kind,
        refId: source.refId,
        trackingId: source.trackingId,
        title: source.title,
        publisher: source.publisher,
        url: source.url,
        tlp: source.tlp,
        audience: source.audienceOrgIds,
        active: source.active,
        updatedAt: at,
      };
      await r.exposure.putSource(record);
      for (const v of source.vulnerabilities) {
        const current = (await r.exposure.vulnerabilities([v.summary.key])).get(v.summary.key) as
          StoredVulnerability | undefined;
        await r.exposure.putVulnerability(
          v.summary.key,
          mergeVulnerability(current, { ...v.summary, fix: v.fix }),
          at,
        );
      }
      const previous = await r.exposure.replaceRules(source.id, rules);
      const candidates = await r.exposure.componentsUnderKeys(rules.map((x) => x.key));
      const found = await new Resolver(r, now).applySource(record, matchSource(rules, candidates), previous);
      await this.refreshPriorities(r, [...new Set([...previous, ...rules.map((x) => x.vulnKey)])]);
      await notify(r, found, now);
      return found;
    });
    if (alerted.length > 0) this.poke();
    return { rules: rules.length, alerted: alerted.length };
  }

  /** A vulnerability's facts changed (exploited, SSVC): its exposures move in the ranking. */
  private async refreshPriorities(
    r: Parameters<Parameters<UnitOfWork['transaction']>[0]>[0],
    vulnKeys: string[],
  ) {
    const vulns = await r.exposure.vulnerabilities(vulnKeys);
    for (const e of await r.exposure.exposuresOfVulnerabilities(vulnKeys)) {
      const v = vulns.get(e.vulnKey) as StoredVulnerability | undefined;
      if (!v) continue;
      const p = priorityOf(v, e.confidence as 'purl');
      if (p.score !== e.priorityScore || p.tier !== e.priorityTier)
        await r.exposure.updateExposure({ ...e, priorityTier: p.tier, priorityScore: p.score });
    }
  }

  /** Accepted risks whose time is up are open again (and told); expired suppressions lift. */
  async expireAcceptances(): Promise<{ reopened: number }> {
    const now = this.clock.now();
    const at = now.toISOString();
    const expired = await this.uow.read.exposure.expiredAcceptances(at);
    await this.uow.transaction(async (r) => {
      const reopened: ExposureRecord[] = [];
      for (const e of expired) {
        const next = { ...e, status: 'open', riskAcceptedUntil: null, resolvedAt: null, updatedAt: at };
        await r.exposure.updateExposure(next);
        await r.exposure.insertEvent({
          id: newId('exposureEvent'),
          exposure_id: e.id,
          actor_id: null,
          from_status: 'risk_accepted',
          to_status: 'open',
          note: 'The accepted risk expired.',
          at,
        });
        if (next.alerting && next.matched) reopened.push(next);
      }
      await notify(r, reopened, now);
    });
    if (expired.length > 0) this.poke();
    return { reopened: expired.length };
  }

  // ---- the operator's view ---------------------------------------------------------------------

  async list(
    principal: Principal,
    query: {
      orgId?: string | undefined;
      inventoryId?: string | undefined;
      status: ExposureStatus[];
      alerting: 'true' | 'false' | 'all';
      cursor?: string | undefined;
      limit: number;
    },
  ): Promise<{ items: Exposure[]; nextCursor: string | null }> {
    const user = requireUser(principal);
    const orgId = query.orgId ?? singleOrg(user);
    if (orgId === null && !isStaff(user))
      throw new AppError('validation_failed', 'no organization', {
        publicMessage: 'Say which organization (orgId).',
        details: [{ path: 'orgId', message: 'You belong to several organizations, or none: give orgId.' }],
      });
    if (orgId !== null) authorize(user, 'exposure.read', { orgId });
    else authorize(user, 'exposure.metrics', { orgId: null });
    const cursor = decodeCursor(query.cursor);
    const after =
      cursor && typeof cursor[0] === 'number' && typeof cursor[1] === 'string'
        ? { score: cursor[0], id: cursor[1] }
        : undefined;
    const limit = query.limit;
    const rows = await this.uow.read.exposure.listExposures({
      orgId,
      inventoryId: query.inventoryId,
      statuses: query.status,
      alerting: query.alerting,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page),
      nextCursor: rows.length > limit && last ? encodeCursor([last.priorityScore, last.id]) : null,
    };
  }

  async get(principal: Principal, id: string): Promise<ExposureDetail> {
    const e = await this.readable(principal, id);
    const [view] = await this.views([e]);
    if (!view) throw notFound('Exposure', id);
    const events = await this.uow.read.exposure.events(e.id);
    const names = new Map<string, string>();
    for (const ev of events)
      if (ev.actor_id && !names.has(ev.actor_id))
        names.set(ev.actor_id, (await this.uow.read.users.findById(ev.actor_id))?.name ?? '');
    return {
      ...view,
      history: events.map((ev) => ({
        at: ev.at,
        actor: ev.actor_id ? { id: ev.actor_id, name: names.get(ev.actor_id) ?? '' } : null,
        from: (ev.from_status as ExposureStatus | null) ?? null,
        to: ev.to_status as ExposureStatus,
        note: ev.note,
      })),
    };
  }

  async changeStatus(principal: Principal, id: string, input: unknown): Promise<ExposureDetail> {
    const e = await this.readable(principal, id);
    authorize(principal, 'exposure.manage', { orgId: e.orgId });
    const change = ExposureStatusChange.parse(input);
    const now = this.clock.now();
    const at = now.toISOString();
    if (change.status === e.status && change.status !== 'risk_accepted')
      throw new AppError('invalid_state', 'same status', {
        publicMessage: `The exposure is already ${e.status}.`,
      });
    if (change.status === 'risk_accepted' && Date.parse(change.until ?? '') <= now.getTime())
      throw new AppError('validation_failed', 'until in the past', {
        publicMessage: 'The end of an accepted risk must be in the future.',
        details: [{ path: 'until', message: 'Give a time in the future.' }],
      });
    const closing = CLOSED.includes(change.status);
    const next: ExposureRecord = {
      ...e,
      status: change.status,
      justification: change.justification,
      note: change.note || e.note,
      riskAcceptedUntil: change.until,
      acknowledgedAt: e.acknowledgedAt ?? (change.status !== 'open' ? at : null),
      resolvedAt: closing ? at : null,
      updatedAt: at,
    };
    await this.uow.transaction(async (r) => {
      await r.exposure.updateExposure(next);
      await r.exposure.insertEvent({
        id: newId('exposureEvent'),
        exposure_id: e.id,
        actor_id: principal.kind === 'user' ? principal.userId : null,
        from_status: e.status,
        to_status: change.status,
        note: [
          change.note,
          change.justification ? `VEX: ${change.justification}` : '',
          change.until ? `until ${change.until}` : '',
        ]
          .filter(Boolean)
          .join(' — '),
        at,
      });
      // Wake up when the accepted risk ends, to reopen it.
      if (change.until !== null)
        await enqueue(
          r,
          EXPIRE_ACCEPTANCES,
          {},
          { now, runAt: new Date(change.until), idempotencyKey: `expire:${e.id}:${change.until}` },
        );
      await recordAudit(
        r,
        principal,
        'exposure.status_changed',
        {
          organizationId: e.orgId,
          targetType: 'exposure',
          targetId: e.id,
          data: {
            from: e.status,
            to: change.status,
            justification: change.justification,
            until: change.until,
          },
        },
        now,
      );
    });
    return this.get(principal, id);
  }

  /** Promote a low-confidence match so it alerts, dismiss one, or undo either. */
  async triage(
    principal: Principal,
    id: string,
    triage: 'promoted' | 'dismissed' | 'auto',
  ): Promise<ExposureDetail> {
    const e = await this.readable(principal, id);
    authorize(principal, 'exposure.manage', { orgId: e.orgId });
    const now = this.clock.now();
    const at = now.toISOString();
    const next = { ...e, triage, alerting: alertingOf(triage, e.confidence), updatedAt: at };
    await this.uow.transaction(async (r) => {
      await r.exposure.updateExposure(next);
      await r.exposure.insertEvent({
        id: newId('exposureEvent'),
        exposure_id: e.id,
        actor_id: principal.kind === 'user' ? principal.userId : null,
        from_status: e.status,
        to_status: e.status,
        note: `Triage: ${triage}.`,
        at,
      });
      await recordAudit(
        r,
        principal,
        'exposure.triaged',
        { organizationId: e.orgId, targetType: 'exposure', targetId: e.id, data: { triage } },
        now,
      );
    });
    return this.get(principal, id);
  }

  // ---- suppressions -------------------------------------------------------------------------

  async suppressions(principal: Principal, orgId?: string): Promise<Suppression[]> {
    const user = requireUser(principal);
    const scope = orgId ?? singleOrg(user);
    if (scope === null) return [];
    authorize(user, 'exposure.read', { orgId: scope });
    const rows = await this.uow.read.exposure.suppressions(scope, this.clock.now().toISOString());
    return rows.map((s) => ({
      id: s.id,
      orgId: s.org_id,
      identity: s.identity_key,
      label: s.label,
      vulnerabilityKey: s.vuln_key,
      reason: s.reason,
      expiresAt: s.expires_at,
      createdBy: null,
      createdAt: s.created_at,
    }));
  }

  async suppress(principal: Principal, input: unknown): Promise<Suppression> {
    const s = SuppressionCreate.parse(input);
    const c = await this.uow.read.exposure.component(s.componentId);
    if (!c || !can(principal, 'exposure.read', { orgId: c.orgId }))
      throw notFound('Component', s.componentId);
    authorize(principal, 'exposure.manage', { orgId: c.orgId });
    const now = this.clock.now();
    if (
      Date.parse(s.expiresAt) <= now.getTime() ||
      Date.parse(s.expiresAt) > now.getTime() + 366 * 86_400_000
    )
      throw new AppError('validation_failed', 'bad expiry', {
        publicMessage: 'A suppression expires within a year from now.',
        details: [{ path: 'expiresAt', message: 'Give a time in the future, at most a year ahead.' }],
      });
    const id = newId('suppression');
    const at = now.toISOString();
    const label = [c.vendor, c.name].filter(Boolean).join(' ');
    await this.uow.transaction(async (r) => {
      await r.exposure.insertSuppression({
        id,
        org_id: c.orgId,
        identity_key: c.identityKey,
        label,
        vuln_key: s.vulnerabilityKey,
        reason: s.reason,
        expires_at: s.expiresAt,
        created_by: principal.kind === 'user' ? principal.userId : null,
        created_at: at,
      });
      // Exposures of every component with this identity, in any inventory of the organization.
      for (const e of await r.exposure.exposuresOfOrg(c.orgId)) {
        if (s.vulnerabilityKey !== null && e.vulnKey !== s.vulnerabilityKey) continue;
        const comp = e.componentId === c.id ? c : await r.exposure.component(e.componentId);
        if (comp?.identityKey !== c.identityKey || e.triage === 'dismissed') continue;
        await r.exposure.updateExposure({ ...e, triage: 'dismissed', alerting: false, updatedAt: at });
        await r.exposure.insertEvent({
          id: newId('exposureEvent'),
          exposure_id: e.id,
          actor_id: principal.kind === 'user' ? principal.userId : null,
          from_status: e.status,
          to_status: e.status,
          note: `Suppressed until ${s.expiresAt}: ${s.reason}`,
          at,
        });
      }
      await recordAudit(
        r,
        principal,
        'exposure.suppressed',
        {
          organizationId: c.orgId,
          targetType: 'suppression',
          targetId: id,
          data: { identity: c.identityKey, vulnerabilityKey: s.vulnerabilityKey, expiresAt: s.expiresAt },
        },
        now,
      );
    });
    const created = (await this.suppressions(principal, c.orgId)).find((x) => x.id === id);
    if (!created) throw notFound('Suppression', id);
    return created;
  }

  async unsuppress(principal: Principal, id: string): Promise<void> {
    const s = await this.uow.read.exposure.suppression(id);
    if (!s || !can(principal, 'exposure.read', { orgId: s.org_id })) throw notFound('Suppression', id);
    authorize(principal, 'exposure.manage', { orgId: s.org_id });
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.exposure.deleteSuppression(id);
      await recordAudit(
        r,
        principal,
        'exposure.unsuppressed',
        { organizationId: s.org_id, targetType: 'suppression', targetId: id },
        now,
      );
    });
  }

  // ---- exports ------------------------------------------------------------------------------

  /** The organization's statuses as a CycloneDX 1.6 VEX document. */
  async vex(principal: Principal, orgId?: string): Promise<unknown> {
    const user = requireUser(principal);
    const scope = orgId ?? singleOrg(user);
    if (scope === null)
      throw new AppError('validation_failed', 'no organization', {
        publicMessage: 'Say which organization (orgId).',
        details: [{ path: 'orgId', message: 'required' }],
      });
    authorize(user, 'exposure.read', { orgId: scope });
    const exposures = (await this.uow.read.exposure.exposuresOfOrg(scope)).filter(
      (e) => e.matched && e.triage !== 'dismissed',
    );
    const components = await this.uow.read.exposure.componentsByIds([
      ...new Set(exposures.map((e) => e.componentId)),
    ]);
    const vulns = await this.uow.read.exposure.vulnerabilities(exposures.map((e) => e.vulnKey));
    const sources = await this.uow.read.exposure.sources(exposures.flatMap((e) => e.sourceIds));
    const org = await this.uow.read.organizations.findById(scope);
    return buildVex({
      organization: org?.name ?? scope,
      generatedAt: this.clock.now().toISOString(),
      tool: { name: 'Clearinghouse', url: this.settings.publicUrl },
      exposures,
      components,
      vulnerabilities: vulns as Map<string, StoredVulnerability>,
      sources: new Map(sources.map((s) => [s.id, s])),
    });
  }

  /** Time to acknowledge and to remediate, per organization or sector. */
  async metrics(principal: Principal, groupBy: 'organization' | 'sector'): Promise<ExposureMetrics> {
    const user = requireUser(principal);
    const own = isStaff(user) ? null : singleOrg(user);
    if (own === null) authorize(user, 'exposure.metrics', { orgId: null });
    else authorize(user, 'exposure.metrics', { orgId: own });
    const all = (await this.uow.read.exposure.exposuresForMetrics()).filter(
      (e) => own === null || e.orgId === own,
    );
    const orgs = new Map<string, { name: string; sectors: string[] }>();
    for (const id of new Set(all.map((e) => e.orgId))) {
      const o = await this.uow.read.organizations.findById(id);
      orgs.set(id, { name: o?.name ?? id, sectors: o?.sectors ?? [] });
    }
    const groups = new Map<string, { label: string; items: ExposureRecord[] }>();
    for (const e of all) {
      const keys =
        groupBy === 'organization'
          ? [e.orgId]
          : (orgs.get(e.orgId)?.sectors ?? []).length > 0
            ? (orgs.get(e.orgId)?.sectors ?? [])
            : ['unspecified'];
      for (const k of keys) {
        const g = groups.get(k) ?? {
          label: groupBy === 'organization' ? (orgs.get(k)?.name ?? k) : k,
          items: [],
        };
        g.items.push(e);
        groups.set(k, g);
      }
    }
    const hours = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000;
    return {
      groupBy,
      rows: [...groups.entries()]
        .map(([key, g]) => ({
          key,
          label: g.label,
          exposures: g.items.length,
          open: g.items.filter((e) => e.status === 'open').length,
          acknowledged: g.items.filter((e) => e.status === 'acknowledged').length,
          resolved: g.items.filter((e) => CLOSED.includes(e.status as ExposureStatus)).length,
          medianHoursToAcknowledge: median(
            g.items.flatMap((e) => (e.acknowledgedAt ? [hours(e.firstSeenAt, e.acknowledgedAt)] : [])),
          ),
          medianHoursToRemediate: median(
            g.items.flatMap((e) =>
              e.resolvedAt && (e.status === 'remediated' || e.status === 'mitigated')
                ? [hours(e.firstSeenAt, e.resolvedAt)]
                : [],
            ),
          ),
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    };
  }

  // ---- notices (for the notifications module) ---------------------------------------------------

  async notices(orgId: string, exposureIds: readonly string[]): Promise<ExposureNotice[]> {
    const exposures = (await this.uow.read.exposure.exposuresByIds(exposureIds)).filter(
      (e) =>
        e.orgId === orgId &&
        e.matched &&
        e.alerting &&
        ACTIVE_EXPOSURE_STATUSES.includes(e.status as ExposureStatus),
    );
    const out: ExposureNotice[] = [];
    for (const view of await this.views(exposures, orgId)) {
      // Read again at send time: a source withdrawn or narrowed since the match is not told.
      if (view.sources.length === 0) continue;
      out.push({
        exposureId: view.id,
        orgId,
        inventoryId: view.inventory.id,
        inventoryName: view.inventory.name,
        component: [view.component.vendor, view.component.name, view.component.version]
          .filter(Boolean)
          .join(' '),
        vulnerability: view.vulnerability,
        priority: view.priority,
        action: view.action,
        tlp: mostRestrictiveOf(view.sources.map((s) => s.tlp)),
        webPath: `/exposures/${view.id}`,
        firstSeenAt: view.firstSeenAt,
      });
    }
    return out.sort((a, b) => b.priority.score - a.priority.score);
  }

  // ---- scan and feed --------------------------------------------------------------------------

  /** Match components sent by a client (the CLI) without storing anything. */
  async scan(principal: Principal, input: ScanRequest): Promise<ScanResult> {
    const req = ScanRequestSchema.parse(input);
    const { index, sources } = await this.readableIndex(principal);
    const matches: ScanResult['matches'] = [];
    const keys = new Set<string>();
    req.components.forEach((c, i) => {
      const identity: ComponentIdentity = { ...c, hashes: [], site: null };
      for (const m of index.match(identity)) {
        if (!req.includeLowConfidence && m.confidence === 'name') continue;
        matches.push({
          componentIndex: i,
          vulnerabilityKey: m.rule.vulnKey,
          confidence: m.confidence,
          productLabel: m.rule.productLabel,
          fixedVersion: m.rule.fixedVersion,
        });
        keys.add(m.rule.vulnKey);
      }
    });
    return { matches, vulnerabilities: await this.vulnerabilityViews([...keys], sources) };
  }

  /** Everything `clearinghouse scan --offline` needs, limited to what the caller may read. */
  async feedBundle(principal: Principal): Promise<FeedBundle> {
    const readable = (await this.uow.read.exposure.activeSources()).filter((s) =>
      this.principalMayRead(principal, s),
    );
    const rows = await this.uow.read.exposure.allRules(readable.map((s) => s.id));
    const rules = rows.map((r) => r.rule);
    const sources = new Map(readable.map((s) => [s.id, s]));
    const vulnerabilities = await this.vulnerabilityViews(
      [...new Set(rules.map((r) => r.vulnKey))],
      sources,
      rows,
    );
    return {
      format: FEED_BUNDLE_FORMAT,
      generatedAt: this.clock.now().toISOString(),
      publisher: this.settings.publisherName,
      ruleCount: rules.length,
      vulnerabilityCount: Object.keys(vulnerabilities).length,
      rules,
      vulnerabilities,
    };
  }

  private async readableIndex(principal: Principal) {
    const stamp = await this.uow.read.exposure.sourcesStamp();
    const readable = (await this.uow.read.exposure.activeSources()).filter((s) =>
      this.principalMayRead(principal, s),
    );
    const key = readable
      .map((s) => s.id)
      .sort()
      .join(',');
    if (this.scanCache?.stamp === stamp && this.scanCache.key === key) return this.scanCache;
    const rows = await this.uow.read.exposure.allRules(readable.map((s) => s.id));
    this.scanCache = {
      stamp,
      key,
      index: new MatchIndex(rows.map((r) => r.rule)),
      sources: new Map(readable.map((s) => [s.id, s])),
    };
    return this.scanCache;
  }

  private principalMayRead(principal: Principal, s: SourceRecord): boolean {
    if (!s.active) return false;
    if (s.tlp === 'CLEAR') return true;
    if (principal.kind !== 'user') return false;
    if (isStaff(principal)) return true;
    if (s.tlp === 'GREEN') return principal.memberships.size > 0;
    return s.audience !== null && s.audience.some((o) => principal.memberships.has(o));
  }

  private async vulnerabilityViews(
    keys: string[],
    sources: Map<string, SourceRecord>,
    rows?: { sourceId: string; rule: AffectRule }[],
  ): Promise<ScanResult['vulnerabilities']> {
    const stored = await this.uow.read.exposure.vulnerabilities(keys);
    const bySource = new Map<string, Set<string>>();
    const ruleRows = rows ?? (await this.uow.read.exposure.allRules([...sources.keys()]));
    for (const r of ruleRows) {
      const set = bySource.get(r.rule.vulnKey) ?? new Set<string>();
      set.add(r.sourceId);
      bySource.set(r.rule.vulnKey, set);
    }
    const out: ScanResult['vulnerabilities'] = {};
    for (const key of keys) {
      const v = stored.get(key) as StoredVulnerability | undefined;
      if (!v) continue;
      const { fix: _fix, ...summary } = v;
      out[key] = {
        ...summary,
        sources: [...(bySource.get(key) ?? [])].flatMap((id) => {
          const s = sources.get(id);
          return s ? [this.sourceView(s)] : [];
        }),
      };
    }
    return out;
  }

  // ---- views --------------------------------------------------------------------------------

  private async readable(principal: Principal, id: string): Promise<ExposureRecord> {
    const e = await this.uow.read.exposure.exposure(id);
    if (!e || !can(principal, 'exposure.read', { orgId: e.orgId })) throw notFound('Exposure', id);
    return e;
  }

  private sourceView(s: SourceRecord): ExposureSource {
    return {
      kind: s.kind,
      id: s.refId,
      trackingId: s.trackingId,
      title: s.title,
      publisher: s.publisher,
      url: s.url,
      tlp: s.tlp as Tlp,
    };
  }

  private async views(rows: readonly ExposureRecord[], forOrg?: string): Promise<Exposure[]> {
    if (rows.length === 0) return [];
    const components = new Map(
      (await this.uow.read.exposure.componentsByIds([...new Set(rows.map((e) => e.componentId))])).map(
        (c) => [c.id, c],
      ),
    );
    const vulns = await this.uow.read.exposure.vulnerabilities(rows.map((e) => e.vulnKey));
    const sources = new Map(
      (await this.uow.read.exposure.sources(rows.flatMap((e) => e.sourceIds))).map((s) => [s.id, s]),
    );
    const names = new Map<string, string>();
    const inventories = new Map<string, string>();
    for (const e of rows) {
      if (!names.has(e.orgId))
        names.set(e.orgId, (await this.uow.read.organizations.findById(e.orgId))?.name ?? '');
      if (!inventories.has(e.inventoryId))
        inventories.set(e.inventoryId, (await this.uow.read.exposure.inventory(e.inventoryId))?.name ?? '');
    }
    return rows.map((e) => {
      const c = components.get(e.componentId) as ComponentRecord;
      const v = (vulns.get(e.vulnKey) as StoredVulnerability | undefined) ?? emptyVulnerability(e.vulnKey);
      const { fix, ...summary } = v;
      const readable = e.sourceIds
        .map((id) => sources.get(id))
        .filter(
          (s): s is SourceRecord =>
            s !== undefined && s.active && (s.audience === null || s.audience.includes(forOrg ?? e.orgId)),
        );
      const advisoryUrl = readable[0]?.url ? absolute(readable[0].url, this.settings.publicUrl) : null;
      return {
        id: e.id,
        org: { id: e.orgId, name: names.get(e.orgId) ?? '' },
        inventory: { id: e.inventoryId, name: inventories.get(e.inventoryId) ?? '' },
        component: {
          id: c.id,
          name: c.name,
          vendor: c.vendor,
          version: c.version,
          purl: c.purl,
          cpe: c.cpe,
          modelNumber: c.modelNumber,
          site: c.site,
        },
        vulnerability: summary,
        sources: readable.map((s) => this.sourceView(s)),
        confidence: e.confidence as Exposure['confidence'],
        alerting: e.alerting,
        triage: e.triage,
        status: e.status as ExposureStatus,
        justification: e.justification as Exposure['justification'],
        note: e.note,
        riskAcceptedUntil: e.riskAcceptedUntil,
        priority: { tier: e.priorityTier as Exposure['priority']['tier'], score: e.priorityScore },
        action: actionFor(c, e.fixedVersion, fix, advisoryUrl),
        withdrawn: !e.matched,
        firstSeenAt: e.firstSeenAt,
        acknowledgedAt: e.acknowledgedAt,
        resolvedAt: e.resolvedAt,
        updatedAt: e.updatedAt,
      };
    });
  }
}

/** Every affect rule of a source: its products and statuses, and its OSV records. */
export function rulesOf(source: MatchingSource): AffectRule[] {
  return [
    ...rulesFromProducts(
      source.products,
      source.vulnerabilities.map((v) => v.known),
    ),
    ...source.osv.flatMap((r) => rulesFromOsv(r)),
  ];
}

function emptyVulnerability(key: string): StoredVulnerability {
  return {
    key,
    title: key,
    aliases: [],
    cvss: null,
    ssvcDecision: null,
    exploited: false,
    kev: null,
    cwe: null,
    fix: null,
  };
}

function absolute(url: string, base: string): string {
  return url.startsWith('/') ? new URL(url, base).toString() : url;
}

function mostRestrictiveOf(labels: Tlp[]): Tlp {
  return mostRestrictiveTlp(labels);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const at = (i: number) => s[i] ?? 0;
  const m = s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return Math.round(m * 10) / 10;
}
