import {
  HIGH_CONFIDENCE,
  MatchIndex,
  matchKeysOf,
  type AffectRule,
  type ComponentIdentity,
  type MatchConfidence,
} from '@clearinghouse/shared/matching';
import type { Repositories } from '../../db/unit-of-work.js';
import { newId } from '../../lib/ids.js';
import type { ComponentRecord, ExposureRecord, SourceRecord } from './exposure.repository.js';
import { factsOf } from './facts.js';
import { priorityOf } from '@clearinghouse/shared';

const NO_FACTS = { exploited: false, kev: null, ssvcDecision: null, cvss: null } as const;

/**
 * Turns matches into exposures, inside the caller's transaction. Both directions end here: a source
 * (released or revised advisory) against the components found under its keys, and an inventory's
 * components against the rules found under theirs. Returns the exposures that became alerting now
 * (new, or covered again), for notification.
 */

const CONFIDENCE_RANK: Readonly<Record<MatchConfidence, number>> = { purl: 0, cpe: 1, model: 2, name: 3 };
const ACTIVE = new Set(['open', 'acknowledged']);

export const componentIdentity = (c: ComponentRecord): ComponentIdentity => ({
  name: c.name,
  vendor: c.vendor,
  version: c.version,
  purl: c.purl,
  cpe: c.cpe,
  modelNumber: c.modelNumber,
  hashes: c.hashes,
  site: c.site,
});

/** Whether an organization is in the audience of a source (TLP enforced on the write path). */
export function orgMayRead(source: Pick<SourceRecord, 'active' | 'audience'>, orgId: string): boolean {
  return source.active && (source.audience === null || source.audience.includes(orgId));
}

interface Found {
  component: ComponentRecord;
  rule: AffectRule;
  confidence: MatchConfidence;
}

/** Matches of one source's rules among candidate components (those sharing a key with the rules). */
export function matchSource(rules: readonly AffectRule[], candidates: readonly ComponentRecord[]): Found[] {
  if (rules.length === 0) return [];
  const index = new MatchIndex(rules);
  const out: Found[] = [];
  for (const component of candidates)
    for (const m of index.match(componentIdentity(component)))
      out.push({ component, rule: m.rule, confidence: m.confidence });
  return out;
}

export class Resolver {
  constructor(
    private readonly r: Repositories,
    private readonly now: Date,
  ) {}

  private async suppressed(orgId: string, identityKey: string, vulnKey: string) {
    const active = await this.r.exposure.suppressionsOf(orgId, identityKey, this.now.toISOString());
    return active.find((s) => s.vuln_key === null || s.vuln_key === vulnKey);
  }

  /**
   * Each exposure ranked from its own sources' facts (never from a source its organization may not
   * read), after a run changed sources or facts of these vulnerabilities.
   */
  async refreshPriorities(vulnKeys: readonly string[]) {
    if (vulnKeys.length === 0) return;
    const facts = await this.r.exposure.sourceFacts(vulnKeys);
    for (const e of await this.r.exposure.exposuresOfVulnerabilities(vulnKeys)) {
      const p = priorityOf(
        factsOf(facts, e.vulnKey, e.sourceIds) ?? NO_FACTS,
        e.confidence as MatchConfidence,
      );
      if (p.score !== e.priorityScore || p.tier !== e.priorityTier)
        await this.r.exposure.updateExposure({ ...e, priorityTier: p.tier, priorityScore: p.score });
    }
  }

  /**
   * A source's matches replace what it covered before: exposures it covers now gain it as a source
   * (created, or covered again), those it no longer covers lose it, and an exposure no source covers
   * any more is closed as withdrawn (kept, with its history).
   */
  async applySource(source: SourceRecord, found: readonly Found[], previousVulnKeys: readonly string[]) {
    const allowed = found.filter((f) => orgMayRead(source, f.component.orgId));
    const vulnKeys = [...new Set([...previousVulnKeys, ...allowed.map((f) => f.rule.vulnKey)])];
    const existing = await this.r.exposure.exposuresOfVulnerabilities(vulnKeys);
    const byPair = new Map(existing.map((e) => [`${e.componentId}\n${e.vulnKey}`, e]));
    const covered = new Set<string>();
    const alerted: ExposureRecord[] = [];
    for (const f of best(allowed)) {
      const pair = `${f.component.id}\n${f.rule.vulnKey}`;
      covered.add(pair);
      const result = await this.cover(byPair.get(pair), f, source.id);
      if (result.alerted) alerted.push(result.record);
    }
    for (const e of existing) {
      if (!e.sourceIds.includes(source.id) || covered.has(`${e.componentId}\n${e.vulnKey}`)) continue;
      // Neutral words: the organization may have left the audience of a relabelled advisory.
      await this.uncover(
        e,
        source.id,
        'No source covers this component any more (an advisory was revised or withdrawn).',
      );
    }
    await this.refreshPriorities(vulnKeys);
    return alerted;
  }

  /** An inventory's (new or changed) components against every rule under their keys. */
  async applyComponents(components: readonly ComponentRecord[]) {
    if (components.length === 0) return [];
    const keys = new Set<string>();
    for (const c of components) for (const k of matchKeysOf(componentIdentity(c))) keys.add(k);
    const rules = await this.r.exposure.rulesUnderKeys([...keys]);
    const bySource = new Map<string, AffectRule[]>();
    for (const { sourceId, rule } of rules) {
      const list = bySource.get(sourceId);
      if (list) list.push(rule);
      else bySource.set(sourceId, [rule]);
    }
    const sources = new Map((await this.r.exposure.sources([...bySource.keys()])).map((s) => [s.id, s]));
    const found: (Found & { sourceId: string })[] = [];
    for (const [sourceId, list] of bySource) {
      const source = sources.get(sourceId);
      if (!source) continue;
      for (const f of matchSource(list, components))
        if (orgMayRead(source, f.component.orgId)) found.push({ ...f, sourceId });
    }
    const existing = await this.r.exposure.exposuresOfComponents(components.map((c) => c.id));
    const byPair = new Map(existing.map((e) => [`${e.componentId}\n${e.vulnKey}`, e]));
    const covered = new Map<string, Set<string>>();
    const alerted: ExposureRecord[] = [];
    for (const f of found) {
      const pair = `${f.component.id}\n${f.rule.vulnKey}`;
      const seen = covered.get(pair) ?? new Set<string>();
      covered.set(pair, seen);
      seen.add(f.sourceId);
      const result = await this.cover(byPair.get(pair), f, f.sourceId);
      byPair.set(pair, result.record);
      if (result.alerted && !alerted.some((a) => a.id === result.record.id)) alerted.push(result.record);
    }
    // Exposures still covered keep exactly the sources that cover the component's version now.
    for (const [pair, sourceIds] of covered) {
      const e = byPair.get(pair);
      if (!e || !e.matched) continue;
      const now = e.sourceIds.filter((id) => sourceIds.has(id));
      if (now.length > 0 && now.length !== e.sourceIds.length) {
        const next = { ...e, sourceIds: now, updatedAt: this.now.toISOString() };
        await this.r.exposure.updateExposure(next);
        byPair.set(pair, next);
      }
    }
    // A component whose new version no longer matches: its exposures are no longer covered.
    for (const e of existing) {
      if (!e.matched || covered.has(`${e.componentId}\n${e.vulnKey}`)) continue;
      const component = components.find((c) => c.id === e.componentId);
      await this.close(
        e,
        component?.version
          ? `Version ${component.version} is not affected: the component changed.`
          : 'The component changed and is no longer affected.',
        'remediated',
      );
    }
    await this.refreshPriorities([...new Set(found.map((f) => f.rule.vulnKey))]);
    return alerted;
  }

  /** Exposures of components taken out of an inventory: closed, history kept. */
  async componentsRemoved(componentIds: readonly string[]) {
    for (const e of await this.r.exposure.exposuresOfComponents(componentIds))
      if (e.matched) await this.close(e, 'The component was removed from the inventory.', null);
  }

  private async cover(
    e: ExposureRecord | undefined,
    f: Found,
    sourceId: string,
  ): Promise<{ record: ExposureRecord; alerted: boolean }> {
    const at = this.now.toISOString();
    if (!e) {
      // Ranked by refreshPriorities once every source of this run is applied.
      const priority = priorityOf(NO_FACTS, f.confidence);
      const suppression = await this.suppressed(f.component.orgId, f.component.identityKey, f.rule.vulnKey);
      const triage = suppression ? 'dismissed' : 'auto';
      const created: ExposureRecord = {
        id: newId('exposure'),
        orgId: f.component.orgId,
        inventoryId: f.component.inventoryId,
        componentId: f.component.id,
        vulnKey: f.rule.vulnKey,
        confidence: f.confidence,
        triage,
        alerting: alertingOf(triage, f.confidence),
        status: 'open',
        justification: null,
        note: suppression ? `Suppressed until ${suppression.expires_at}: ${suppression.reason}` : '',
        riskAcceptedUntil: null,
        suppressionId: suppression?.id ?? null,
        productLabel: f.rule.productLabel,
        fixedVersion: f.rule.fixedVersion,
        sourceIds: [sourceId],
        matched: true,
        priorityTier: priority.tier,
        priorityScore: priority.score,
        firstSeenAt: at,
        acknowledgedAt: null,
        resolvedAt: null,
        updatedAt: at,
      };
      await this.r.exposure.insertExposure(created);
      await this.event(created.id, null, 'open', `Found by the matcher (${f.confidence} match).`);
      return { record: created, alerted: created.alerting };
    }
    const wasMatched = e.matched;
    const better = CONFIDENCE_RANK[f.confidence] < CONFIDENCE_RANK[e.confidence as MatchConfidence];
    const confidence = better ? f.confidence : (e.confidence as MatchConfidence);
    const next: ExposureRecord = {
      ...e,
      confidence,
      alerting: alertingOf(e.triage, confidence),
      sourceIds: e.sourceIds.includes(sourceId) ? e.sourceIds : [...e.sourceIds, sourceId],
      fixedVersion: f.rule.fixedVersion ?? e.fixedVersion,
      productLabel: better ? f.rule.productLabel : e.productLabel,
      matched: true,
      updatedAt: at,
    };
    // Covered again after a withdrawal or a version change: it is open again.
    if (!wasMatched) {
      next.status = 'open';
      next.resolvedAt = null;
      next.justification = null;
      next.riskAcceptedUntil = null;
    }
    await this.r.exposure.updateExposure(next);
    if (!wasMatched) {
      await this.event(e.id, e.status, 'open', 'Affected again: a source covers this component.');
      return { record: next, alerted: next.alerting };
    }
    return { record: next, alerted: false };
  }

  private async uncover(e: ExposureRecord, sourceId: string, note: string) {
    const sourceIds = e.sourceIds.filter((s) => s !== sourceId);
    if (sourceIds.length > 0) {
      await this.r.exposure.updateExposure({ ...e, sourceIds, updatedAt: this.now.toISOString() });
      return;
    }
    await this.close({ ...e, sourceIds }, note, null);
  }

  /** No source covers it any more: closed by the matcher (`to` for a version change), never deleted. */
  private async close(e: ExposureRecord, note: string, to: 'remediated' | null) {
    const at = this.now.toISOString();
    const status = to !== null && ACTIVE.has(e.status) ? to : e.status;
    await this.r.exposure.updateExposure({
      ...e,
      matched: false,
      status,
      resolvedAt: status !== e.status ? at : e.resolvedAt,
      updatedAt: at,
    });
    await this.event(e.id, e.status, status, note);
  }

  private async event(exposureId: string, from: string | null, to: string, note: string) {
    await this.r.exposure.insertEvent({
      id: newId('exposureEvent'),
      exposure_id: exposureId,
      actor_id: null,
      from_status: from,
      to_status: to,
      note,
      at: this.now.toISOString(),
    });
  }
}

export function alertingOf(triage: string, confidence: string): boolean {
  if (triage === 'dismissed') return false;
  return triage === 'promoted' || (HIGH_CONFIDENCE as readonly string[]).includes(confidence);
}

/** One match per component × vulnerability: the most confident rule of the source. */
function best(found: readonly Found[]): Found[] {
  const out = new Map<string, Found>();
  for (const f of found) {
    const pair = `${f.component.id}\n${f.rule.vulnKey}`;
    const current = out.get(pair);
    if (!current || CONFIDENCE_RANK[f.confidence] < CONFIDENCE_RANK[current.confidence]) out.set(pair, f);
  }
  return [...out.values()];
}
