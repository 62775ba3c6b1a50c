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
  type ScanResult,
  type Suppression,
  type Tlp,
} from '@clearinghouse/shared';
import { mostRestrictiveTlp, type ScanRequest as ScanRequestSchema } from '@clearinghouse/shared';
import type { z } from 'zod';

type ScanRequestParsed = z.output<typeof ScanRequestSchema>;
import {
  MatchIndex,
  rulesFromOsv,
  rulesFromProducts,
  type AffectRule,
  type ComponentIdentity,
} from '@clearinghouse/shared/matching';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { authorize, can } from '../../policy/policy.js';
import { isStaff, system, type Principal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { MatchingSource, MatchingSources } from '../advisories/matching-source.js';
import type { ExposureNoticeSource } from '../notifications/exposure-notices.js';
import type { ComponentRecord, ExposureRecord, SourceRecord } from './exposure.repository.js';
import { notify, requireUser, singleOrg } from './inventories.service.js';
import { EXPIRE_ACCEPTANCES } from './jobs.js';
import { actionFor, type StoredVulnerability } from './ranking.js';
import { alertingOf, matchSource, orgMayRead, Resolver } from './resolver.js';
import { factsOf, mergeFacts } from './facts.js';
import { buildVex } from './vex.js';

const ANONYMOUS_SCAN_MAX = 5_000;
const MAX_ACCEPTANCE_MS = 366 * 86_400_000;
const CLOSED: readonly ExposureStatus[] = ['remediated', 'mitigated', 'not_affected', 'risk_accepted'];

/**
 * Exposures: the matcher's side (index a released or imported source, expire accepted risks) and the
 * operator's (the ranked list, status changes with VEX reasons, triage of low-confidence matches,
 * suppressions, the VEX export, metrics), plus the stateless scan and the offline feed the CLI uses.
 */
export class ExposuresService implements ExposureNoticeSource {
  private readonly scanCache = new Map<
    string,
    { stamp: string; index: MatchIndex; sources: Map<string, SourceRecord> }
  >();
  private readonly feedCache = new Map<string, { stamp: string; json: string }>();

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
    const now = this.clock.now();
    const at = now.toISOString();
    const result = await this.uow.transaction(async (r) => {
      // Read the source after taking the lock: a later release indexed meanwhile is what we see.
      await r.exposure.lockMatcher();
      const source =
        kind === 'advisory' ? await this.sources.advisory(id, r) : await this.sources.imported(id, r);
      if (!source) return { rules: 0, alerted: [] as ExposureRecord[] };
      const rules = source.active ? rulesOf(source) : [];
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
      // An inactive source (RED, or an imported document not to be shared) says nothing to anyone.
      await r.exposure.replaceSourceVulnerabilities(
        source.id,
        source.active
          ? source.vulnerabilities.map((v) => ({
              vulnKey: v.summary.key,
              summary: { ...v.summary, fix: v.fix },
            }))
          : [],
      );
      const previous = await r.exposure.replaceRules(source.id, rules);
      const candidates = await r.exposure.componentsUnderKeys(rules.map((x) => x.key));
      const found = await new Resolver(r, now).applySource(record, matchSource(rules, candidates), previous);
      await notify(r, found, now);
      await recordAudit(
        r,
        system('matcher'),
        'exposure.source_indexed',
        {
          targetType: 'vuln_source',
          targetId: source.id,
          data: { rules: rules.length, alerted: found.length, active: source.active },
        },
        now,
      );
      return { rules: rules.length, alerted: found };
    });
    if (result.alerted.length > 0) this.poke();
    return { rules: result.rules, alerted: result.alerted.length };
  }

  /** Accepted risks whose time is up are open again (and told); expired suppressions lift. */
  async expireAcceptances(): Promise<{ reopened: number }> {
    const now = this.clock.now();
    const at = now.toISOString();
    const reopened = await this.uow.transaction(async (r) => {
      await r.exposure.lockMatcher();
      const told: ExposureRecord[] = [];
      for (const e of await r.exposure.expiredAcceptances(at)) {
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
        if (next.alerting && next.matched) told.push(next);
      }
      for (const s of await r.exposure.expiredSuppressions(at))
        told.push(...(await this.lift(r, s.id, 'The suppression expired.', null)));
      await notify(r, told, now);
      if (told.length > 0)
        await recordAudit(
          r,
          system('matcher'),
          'exposure.reopened',
          { data: { exposures: told.map((e) => e.id) } },
          now,
        );
      return told;
    });
    if (reopened.length > 0) this.poke();
    return { reopened: reopened.length };
  }

  /** A suppression ends: the exposures it dismissed are judged again; those alerting now are returned. */
  private async lift(r: Repositories, suppressionId: string, note: string, actorId: string | null) {
    const at = this.clock.now().toISOString();
    const alerting: ExposureRecord[] = [];
    for (const e of await r.exposure.exposuresOfSuppression(suppressionId)) {
      const next = {
        ...e,
        triage: 'auto' as const,
        suppressionId: null,
        alerting: alertingOf('auto', e.confidence),
        updatedAt: at,
      };
      await r.exposure.updateExposure(next);
      await r.exposure.insertEvent({
        id: newId('exposureEvent'),
        exposure_id: e.id,
        actor_id: actorId,
        from_status: e.status,
        to_status: e.status,
        note,
        at,
      });
      if (next.alerting && next.matched && ACTIVE_EXPOSURE_STATUSES.includes(next.status as ExposureStatus))
        alerting.push(next);
    }
    await r.exposure.deleteSuppression(suppressionId);
    return alerting;
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
    const until = change.until === null ? null : Date.parse(change.until);
    if (until !== null && (until <= now.getTime() || until > now.getTime() + MAX_ACCEPTANCE_MS))
      throw new AppError('validation_failed', 'until out of range', {
        publicMessage: 'An accepted risk ends in the future, at most a year from now.',
        details: [{ path: 'until', message: 'Give a time in the future, at most a year ahead.' }],
      });
    const closing = CLOSED.includes(change.status);
    await this.uow.transaction(async (r) => {
      // Work from the row as it is now, under the matcher's lock: no lost update either way.
      await r.exposure.lockMatcher();
      const cur = (await r.exposure.exposure(e.id)) ?? e;
      const next: ExposureRecord = {
        ...cur,
        status: change.status,
        justification: change.justification,
        note: change.note || cur.note,
        riskAcceptedUntil: change.until,
        acknowledgedAt: cur.acknowledgedAt ?? (change.status !== 'open' ? at : null),
        resolvedAt: closing ? at : null,
        updatedAt: at,
      };
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
    await this.uow.transaction(async (r) => {
      await r.exposure.lockMatcher();
      const cur = (await r.exposure.exposure(e.id)) ?? e;
      await r.exposure.updateExposure({
        ...cur,
        triage,
        suppressionId: null,
        alerting: alertingOf(triage, cur.confidence),
        updatedAt: at,
      });
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
      createdBy: s.created_by ? { id: s.created_by, name: '' } : null,
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
      await r.exposure.lockMatcher();
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
      for (const e of await r.exposure.exposuresOfIdentity(c.orgId, c.identityKey, s.vulnerabilityKey)) {
        if (e.triage === 'dismissed') continue;
        await r.exposure.updateExposure({
          ...e,
          triage: 'dismissed',
          suppressionId: id,
          alerting: false,
          updatedAt: at,
        });
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
      // Lifted by the hourly-or-sooner expiry job at its end.
      await enqueue(
        r,
        EXPIRE_ACCEPTANCES,
        {},
        { now, runAt: new Date(s.expiresAt), idempotencyKey: `expire:${id}` },
      );
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
    const alerting = await this.uow.transaction(async (r) => {
      await r.exposure.lockMatcher();
      const told = await this.lift(
        r,
        id,
        'The suppression was lifted.',
        principal.kind === 'user' ? principal.userId : null,
      );
      await notify(r, told, now);
      await recordAudit(
        r,
        principal,
        'exposure.unsuppressed',
        { organizationId: s.org_id, targetType: 'suppression', targetId: id },
        now,
      );
      return told;
    });
    if (alerting.length > 0) this.poke();
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
    const sources = await this.uow.read.exposure.sources(exposures.flatMap((e) => e.sourceIds));
    const readable = new Set(sources.filter((x) => orgMayRead(x, scope)).map((x) => x.id));
    const facts = await this.uow.read.exposure.sourceFacts(
      exposures.map((e) => e.vulnKey),
      [...readable],
    );
    const org = await this.uow.read.organizations.findById(scope);
    return buildVex({
      organization: org?.name ?? scope,
      generatedAt: this.clock.now().toISOString(),
      tool: { name: 'Clearinghouse', url: this.settings.publicUrl },
      exposures,
      components,
      vulnerabilities: mergeFacts(facts, (id) => readable.has(id)),
      sources: new Map(sources.map((s) => [s.id, s])),
    });
  }

  /** Time to acknowledge and to remediate, per organization or sector. */
  async metrics(principal: Principal, groupBy: 'organization' | 'sector'): Promise<ExposureMetrics> {
    const user = requireUser(principal);
    const own = isStaff(user) ? null : singleOrg(user);
    if (own === null) authorize(user, 'exposure.metrics', { orgId: null });
    else authorize(user, 'exposure.metrics', { orgId: own });
    const all = await this.uow.read.exposure.exposuresForMetrics(own);
    const orgs = await this.uow.read.organizations.summaries(all.map((e) => e.orgId));
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
  async scan(principal: Principal, req: ScanRequestParsed): Promise<ScanResult> {
    // Anonymous callers get a smaller allowance: the endpoint is public and the work is ours.
    if (principal.kind !== 'user' && req.components.length > ANONYMOUS_SCAN_MAX)
      throw new AppError('payload_too_large', 'anonymous scan too large', {
        publicMessage: `Sign in to scan more than ${ANONYMOUS_SCAN_MAX} components at once.`,
      });
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

  /** Everything `clearinghouse scan --offline` needs, limited to what the caller may read, as JSON. */
  async feedBundle(principal: Principal): Promise<string> {
    const set = await this.readableSet(principal);
    const cached = this.feedCache.get(set.key);
    if (cached?.stamp === set.stamp) return cached.json;
    const rows = await this.uow.read.exposure.allRules([...set.sources.keys()]);
    const rules = rows.map((r) => r.rule);
    const vulnerabilities = await this.vulnerabilityViews(
      [...new Set(rules.map((r) => r.vulnKey))],
      set.sources,
      rows,
    );
    const bundle: FeedBundle = {
      format: FEED_BUNDLE_FORMAT,
      generatedAt: this.clock.now().toISOString(),
      publisher: this.settings.publisherName,
      ruleCount: rules.length,
      vulnerabilityCount: Object.keys(vulnerabilities).length,
      rules,
      vulnerabilities,
    };
    const json = JSON.stringify(bundle);
    remember(this.feedCache, set.key, { stamp: set.stamp, json });
    return json;
  }

  /** The active sources a principal may read, a key naming that set, and the sources' stamp. */
  private async readableSet(principal: Principal) {
    const stamp = await this.uow.read.exposure.sourcesStamp();
    const readable = (await this.uow.read.exposure.activeSources()).filter((s) =>
      this.principalMayRead(principal, s),
    );
    const key = readable
      .map((s) => s.id)
      .sort()
      .join(',');
    return { stamp, key, sources: new Map(readable.map((s) => [s.id, s])) };
  }

  private async readableIndex(principal: Principal) {
    const set = await this.readableSet(principal);
    const cached = this.scanCache.get(set.key);
    if (cached?.stamp === set.stamp) return cached;
    const rows = await this.uow.read.exposure.allRules([...set.sources.keys()]);
    const entry = { stamp: set.stamp, index: new MatchIndex(rows.map((r) => r.rule)), sources: set.sources };
    remember(this.scanCache, set.key, entry);
    return entry;
  }

  /** TLP through the policy module: CLEAR for all, GREEN the community, AMBER its audience only. */
  private principalMayRead(principal: Principal, s: SourceRecord): boolean {
    if (!s.active) return false;
    return can(principal, 'object.read', {
      tlp: s.tlp as Tlp,
      sourceOrgId: null,
      recipientOrgIds: s.audience ?? [],
      recipientClientOrgIds: [],
      namedUserIds: [],
    });
  }

  /** Vulnerability summaries merged over the given (readable) sources only. */
  private async vulnerabilityViews(
    keys: string[],
    sources: Map<string, SourceRecord>,
    rows?: { sourceId: string; rule: AffectRule }[],
  ): Promise<ScanResult['vulnerabilities']> {
    const facts = mergeFacts(await this.uow.read.exposure.sourceFacts(keys, [...sources.keys()]), (id) =>
      sources.has(id),
    );
    const bySource = new Map<string, Set<string>>();
    const ruleRows = rows ?? (await this.uow.read.exposure.allRules([...sources.keys()]));
    for (const r of ruleRows) {
      const set = bySource.get(r.rule.vulnKey) ?? new Set<string>();
      set.add(r.sourceId);
      bySource.set(r.rule.vulnKey, set);
    }
    const out: ScanResult['vulnerabilities'] = {};
    for (const key of keys) {
      const { fix: _fix, ...summary } = facts.get(key) ?? emptyVulnerability(key);
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
    const sources = new Map(
      (await this.uow.read.exposure.sources(rows.flatMap((e) => e.sourceIds))).map((s) => [s.id, s]),
    );
    const facts = await this.uow.read.exposure.sourceFacts(
      rows.map((e) => e.vulnKey),
      [...sources.keys()],
    );
    const names = await this.uow.read.organizations.summaries(rows.map((e) => e.orgId));
    const inventories = await this.uow.read.exposure.inventoryNames(rows.map((e) => e.inventoryId));
    return rows.map((e) => {
      const c = components.get(e.componentId) as ComponentRecord;
      // Only the exposure's own sources its organization may still read speak of it.
      const readable = e.sourceIds
        .map((id) => sources.get(id))
        .filter((s): s is SourceRecord => s !== undefined && orgMayRead(s, forOrg ?? e.orgId));
      const { fix, ...summary } =
        factsOf(
          facts,
          e.vulnKey,
          readable.map((s) => s.id),
        ) ?? emptyVulnerability(e.vulnKey);
      const advisoryUrl = readable[0]?.url ? absolute(readable[0].url, this.settings.publicUrl) : null;
      return {
        id: e.id,
        org: { id: e.orgId, name: names.get(e.orgId)?.name ?? '' },
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

/** A small LRU: the few audiences (anonymous, community, each AMBER audience) that ask most. */
function remember<V>(cache: Map<string, V>, key: string, value: V, max = 8): void {
  cache.delete(key);
  cache.set(key, value);
  for (const k of cache.keys()) {
    if (cache.size <= max) break;
    cache.delete(k);
  }
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
