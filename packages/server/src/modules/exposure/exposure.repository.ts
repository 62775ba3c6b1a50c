import { z } from 'zod';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AffectRule, ComponentHash } from '@clearinghouse/shared/matching';
import type { Database } from '../../db/schema.js';
import type { ExposureTables } from '../../db/schema-exposure.js';
import type { Dialect } from '../../db/database.js';
import { fromJson, toJson } from '../../db/json.js';

/** SQL of the exposure module: inventories, components and their keys, affect rules, exposures. */

export type InventoryRow = Selectable<ExposureTables['inventories']>;
export type UploadRow = Selectable<ExposureTables['inventory_uploads']>;
export type SuppressionRow = Selectable<ExposureTables['suppressions']>;
export type EventRow = Selectable<ExposureTables['exposure_events']>;

export interface ComponentRecord {
  id: string;
  inventoryId: string;
  orgId: string;
  identityKey: string;
  name: string;
  vendor: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  modelNumber: string | null;
  hashes: ComponentHash[];
  site: string | null;
  source: 'upload' | 'manual';
  removedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SourceRecord {
  id: string;
  kind: 'advisory' | 'csaf' | 'osv';
  refId: string;
  trackingId: string;
  title: string;
  publisher: string;
  url: string | null;
  tlp: string;
  audience: string[] | null;
  active: boolean;
  updatedAt: string;
}

export interface ExposureRecord {
  id: string;
  orgId: string;
  inventoryId: string;
  componentId: string;
  vulnKey: string;
  confidence: string;
  triage: 'auto' | 'promoted' | 'dismissed';
  alerting: boolean;
  status: string;
  justification: string | null;
  note: string;
  riskAcceptedUntil: string | null;
  suppressionId: string | null;
  productLabel: string;
  fixedVersion: string | null;
  sourceIds: string[];
  matched: boolean;
  priorityTier: string;
  priorityScore: number;
  firstSeenAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  updatedAt: string;
}

const Hashes = z.array(z.object({ alg: z.string(), value: z.string() }));
const Strings = z.array(z.string());
const AnyJson = z.unknown();

const toComponent = (r: Selectable<ExposureTables['components']>): ComponentRecord => ({
  id: r.id,
  inventoryId: r.inventory_id,
  orgId: r.org_id,
  identityKey: r.identity_key,
  name: r.name,
  vendor: r.vendor,
  version: r.version,
  purl: r.purl,
  cpe: r.cpe,
  modelNumber: r.model_number,
  hashes: fromJson(Hashes, r.hashes),
  site: r.site,
  source: r.source === 'manual' ? 'manual' : 'upload',
  removedAt: r.removed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toExposure = (r: Selectable<ExposureTables['exposures']>): ExposureRecord => ({
  id: r.id,
  orgId: r.org_id,
  inventoryId: r.inventory_id,
  componentId: r.component_id,
  vulnKey: r.vuln_key,
  confidence: r.confidence,
  triage: r.triage === 'promoted' || r.triage === 'dismissed' ? r.triage : 'auto',
  alerting: r.alerting === 1,
  status: r.status,
  justification: r.justification,
  note: r.note,
  riskAcceptedUntil: r.risk_accepted_until,
  suppressionId: r.suppression_id,
  productLabel: r.product_label,
  fixedVersion: r.fixed_version,
  sourceIds: fromJson(Strings, r.source_ids),
  matched: r.matched === 1,
  priorityTier: r.priority_tier,
  priorityScore: r.priority_score,
  firstSeenAt: r.first_seen_at,
  acknowledgedAt: r.acknowledged_at,
  resolvedAt: r.resolved_at,
  updatedAt: r.updated_at,
});

const exposureRow = (e: ExposureRecord): Selectable<ExposureTables['exposures']> => ({
  id: e.id,
  org_id: e.orgId,
  inventory_id: e.inventoryId,
  component_id: e.componentId,
  vuln_key: e.vulnKey,
  confidence: e.confidence,
  triage: e.triage,
  alerting: e.alerting ? 1 : 0,
  status: e.status,
  justification: e.justification,
  note: e.note,
  risk_accepted_until: e.riskAcceptedUntil,
  suppression_id: e.suppressionId,
  product_label: e.productLabel,
  fixed_version: e.fixedVersion,
  source_ids: toJson(e.sourceIds),
  matched: e.matched ? 1 : 0,
  priority_tier: e.priorityTier,
  priority_score: e.priorityScore,
  first_seen_at: e.firstSeenAt,
  acknowledged_at: e.acknowledgedAt,
  resolved_at: e.resolvedAt,
  updated_at: e.updatedAt,
});

/** SQLite allows 32,766 bound parameters; PostgreSQL 65,535. Stay well below both. */
const CHUNK = 500;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ExposureListFilter {
  orgId: string | null;
  inventoryId?: string | undefined;
  statuses: readonly string[];
  alerting: 'true' | 'false' | 'all';
  vulnKey?: string | undefined;
  after?: { score: number; id: string } | undefined;
  limit: number;
}

export class ExposureRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // ---- inventories ----------------------------------------------------------------------------

  async insertInventory(row: InventoryRow): Promise<void> {
    await this.db.insertInto('inventories').values(row).execute();
  }

  async inventory(id: string): Promise<InventoryRow | undefined> {
    return this.db.selectFrom('inventories').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the inventory row for the rest of the transaction (PostgreSQL; SQLite writes are serial). */
  async lockInventory(id: string): Promise<InventoryRow | undefined> {
    let q = this.db.selectFrom('inventories').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async inventories(orgId: string | null): Promise<InventoryRow[]> {
    let q = this.db.selectFrom('inventories').selectAll().orderBy('name').orderBy('id');
    if (orgId !== null) q = q.where('org_id', '=', orgId);
    return q.limit(1000).execute();
  }

  async updateInventory(id: string, patch: Partial<InventoryRow>): Promise<void> {
    await this.db.updateTable('inventories').set(patch).where('id', '=', id).execute();
  }

  async deleteInventory(id: string): Promise<void> {
    await this.db.deleteFrom('inventories').where('id', '=', id).execute();
  }

  /** Live component counts and open alerting exposure counts per inventory. */
  async inventoryCounts(ids: readonly string[]): Promise<Map<string, { components: number; open: number }>> {
    const out = new Map<string, { components: number; open: number }>();
    if (ids.length === 0) return out;
    const comps = await this.db
      .selectFrom('components')
      .select(['inventory_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('inventory_id', 'in', ids)
      .where('removed_at', 'is', null)
      .groupBy('inventory_id')
      .execute();
    const open = await this.db
      .selectFrom('exposures')
      .select(['inventory_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('inventory_id', 'in', ids)
      .where('status', 'in', ['open', 'acknowledged'])
      .where('alerting', '=', 1)
      .where('matched', '=', 1)
      .groupBy('inventory_id')
      .execute();
    for (const id of ids) out.set(id, { components: 0, open: 0 });
    for (const c of comps) out.set(c.inventory_id, { components: c.n, open: 0 });
    for (const o of open)
      out.set(o.inventory_id, { components: out.get(o.inventory_id)?.components ?? 0, open: o.n });
    return out;
  }

  async insertUpload(row: UploadRow): Promise<void> {
    await this.db
      .insertInto('inventory_uploads')
      .values({ ...row, report: toJson(row.report) })
      .execute();
  }

  async upload(id: string): Promise<UploadRow | undefined> {
    const r = await this.db
      .selectFrom('inventory_uploads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { ...r, report: fromJson(AnyJson, r.report) };
  }

  /** Filename, format and time of these uploads, without their reports. */
  async uploadHeads(
    ids: readonly string[],
  ): Promise<Map<string, { filename: string; format: string; at: string }>> {
    const out = new Map<string, { filename: string; format: string; at: string }>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db
        .selectFrom('inventory_uploads')
        .select(['id', 'filename', 'format', 'created_at'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, { filename: r.filename, format: r.format, at: r.created_at });
    }
    return out;
  }

  async inventoryNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db
        .selectFrom('inventories')
        .select(['id', 'name'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }

  async uploads(inventoryId: string, limit: number): Promise<UploadRow[]> {
    const rows = await this.db
      .selectFrom('inventory_uploads')
      .selectAll()
      .where('inventory_id', '=', inventoryId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, report: fromJson(AnyJson, r.report) }));
  }

  // ---- components -------------------------------------------------------------------------------

  async liveComponents(inventoryId: string): Promise<ComponentRecord[]> {
    const rows = await this.db
      .selectFrom('components')
      .selectAll()
      .where('inventory_id', '=', inventoryId)
      .where('removed_at', 'is', null)
      .execute();
    return rows.map(toComponent);
  }

  async component(id: string): Promise<ComponentRecord | undefined> {
    const r = await this.db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toComponent(r);
  }

  async componentsByIds(ids: readonly string[]): Promise<ComponentRecord[]> {
    const out: ComponentRecord[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db.selectFrom('components').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(toComponent));
    }
    return out;
  }

  async listComponents(f: {
    inventoryId: string;
    q?: string | undefined;
    afterId?: string | undefined;
    limit: number;
  }): Promise<ComponentRecord[]> {
    let q = this.db
      .selectFrom('components')
      .selectAll()
      .where('inventory_id', '=', f.inventoryId)
      .where('removed_at', 'is', null);
    if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(name)`, 'like', like),
          eb(sql`lower(coalesce(vendor, ''))`, 'like', like),
          eb(sql`lower(coalesce(purl, ''))`, 'like', like),
          eb(sql`lower(coalesce(cpe, ''))`, 'like', like),
        ]),
      );
    }
    if (f.afterId) q = q.where('id', '>', f.afterId);
    const rows = await q.orderBy('id').limit(f.limit).execute();
    return rows.map(toComponent);
  }

  async insertComponents(
    components: readonly ComponentRecord[],
    keys: ReadonlyMap<string, readonly string[]>,
  ) {
    for (const part of chunks(components, 200)) {
      await this.db
        .insertInto('components')
        .values(
          part.map((c) => ({
            id: c.id,
            inventory_id: c.inventoryId,
            org_id: c.orgId,
            identity_key: c.identityKey,
            name: c.name,
            vendor: c.vendor,
            version: c.version,
            purl: c.purl,
            cpe: c.cpe,
            model_number: c.modelNumber,
            hashes: toJson(c.hashes),
            site: c.site,
            source: c.source,
            removed_at: null,
            created_at: c.createdAt,
            updated_at: c.updatedAt,
          })),
        )
        .execute();
    }
    await this.insertKeys(
      components.flatMap((c) => (keys.get(c.id) ?? []).map((key) => ({ key, component_id: c.id }))),
    );
  }

  private async insertKeys(rows: { key: string; component_id: string }[]): Promise<void> {
    for (const part of chunks(rows)) await this.db.insertInto('component_keys').values(part).execute();
  }

  /** A new version (and identity details) of a component kept across an upload; its keys follow. */
  async updateComponent(c: ComponentRecord, keys: readonly string[]): Promise<void> {
    await this.db
      .updateTable('components')
      .set({
        name: c.name,
        vendor: c.vendor,
        version: c.version,
        purl: c.purl,
        cpe: c.cpe,
        model_number: c.modelNumber,
        hashes: toJson(c.hashes),
        site: c.site,
        updated_at: c.updatedAt,
      })
      .where('id', '=', c.id)
      .execute();
    await this.db.deleteFrom('component_keys').where('component_id', '=', c.id).execute();
    await this.insertKeys(keys.map((key) => ({ key, component_id: c.id })));
  }

  async removeComponents(ids: readonly string[], at: string): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db
        .updateTable('components')
        .set({ removed_at: at, updated_at: at })
        .where('id', 'in', part)
        .execute();
      await this.db.deleteFrom('component_keys').where('component_id', 'in', part).execute();
    }
  }

  /** Live components looked up under any of these keys (the reverse index of matching). */
  async componentsUnderKeys(keys: readonly string[]): Promise<ComponentRecord[]> {
    const byId = new Map<string, ComponentRecord>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.db
        .selectFrom('component_keys as k')
        .innerJoin('components as c', 'c.id', 'k.component_id')
        .selectAll('c')
        .where('k.key', 'in', part)
        .where('c.removed_at', 'is', null)
        .execute();
      for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, toComponent(r));
    }
    return [...byId.values()];
  }

  // ---- sources, rules, vulnerabilities -------------------------------------------------------------

  async source(id: string): Promise<SourceRecord | undefined> {
    const r = await this.db.selectFrom('vuln_sources').selectAll().where('id', '=', id).executeTakeFirst();
    return r && this.toSource(r);
  }

  async sources(ids: readonly string[]): Promise<SourceRecord[]> {
    if (ids.length === 0) return [];
    const out: SourceRecord[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db.selectFrom('vuln_sources').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map((r) => this.toSource(r)));
    }
    return out;
  }

  private toSource(r: Selectable<ExposureTables['vuln_sources']>): SourceRecord {
    return {
      id: r.id,
      kind: r.kind === 'csaf' || r.kind === 'osv' ? r.kind : 'advisory',
      refId: r.ref_id,
      trackingId: r.tracking_id,
      title: r.title,
      publisher: r.publisher,
      url: r.url,
      tlp: r.tlp,
      audience: r.audience === null ? null : fromJson(Strings, r.audience),
      active: r.active === 1,
      updatedAt: r.updated_at,
    };
  }

  async putSource(s: SourceRecord): Promise<void> {
    const row = {
      id: s.id,
      kind: s.kind,
      ref_id: s.refId,
      tracking_id: s.trackingId,
      title: s.title,
      publisher: s.publisher,
      url: s.url,
      tlp: s.tlp,
      audience: s.audience === null ? null : toJson(s.audience),
      active: s.active ? 1 : 0,
      updated_at: s.updatedAt,
    };
    await this.db
      .insertInto('vuln_sources')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  /** The vulnerability keys a source's rules named before, then its rules replaced by these. */
  async replaceRules(sourceId: string, rules: readonly AffectRule[]): Promise<string[]> {
    const before = await this.db
      .selectFrom('vuln_rules')
      .select('vuln_key')
      .distinct()
      .where('source_id', '=', sourceId)
      .execute();
    await this.db.deleteFrom('vuln_rules').where('source_id', '=', sourceId).execute();
    for (const part of chunks(rules, 300)) {
      await this.db
        .insertInto('vuln_rules')
        .values(part.map((r) => ({ source_id: sourceId, vuln_key: r.vulnKey, key: r.key, rule: toJson(r) })))
        .execute();
    }
    return before.map((b) => b.vuln_key);
  }

  /** Rules of active sources under any of these keys, with the source each came from. */
  async rulesUnderKeys(keys: readonly string[]): Promise<{ sourceId: string; rule: AffectRule }[]> {
    const out: { sourceId: string; rule: AffectRule }[] = [];
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.db
        .selectFrom('vuln_rules as r')
        .innerJoin('vuln_sources as s', 's.id', 'r.source_id')
        .select(['r.source_id', 'r.rule'])
        .where('r.key', 'in', part)
        .where('s.active', '=', 1)
        .execute();
      for (const r of rows)
        out.push({
          sourceId: r.source_id,
          rule: (typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule) as AffectRule,
        });
    }
    return out;
  }

  /** Every rule of the sources an audience may read: for the scan endpoint and the feed bundle. */
  async allRules(sourceIds: readonly string[]): Promise<{ sourceId: string; rule: AffectRule }[]> {
    const out: { sourceId: string; rule: AffectRule }[] = [];
    for (const part of chunks(sourceIds)) {
      const rows = await this.db
        .selectFrom('vuln_rules')
        .select(['source_id', 'rule'])
        .where('source_id', 'in', part)
        .execute();
      for (const r of rows)
        out.push({
          sourceId: r.source_id,
          rule: (typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule) as AffectRule,
        });
    }
    return out;
  }

  async activeSources(): Promise<SourceRecord[]> {
    const rows = await this.db.selectFrom('vuln_sources').selectAll().where('active', '=', 1).execute();
    return rows.map((r) => this.toSource(r));
  }

  /** A stamp that changes whenever any source changes (caches of the scan index use it). */
  async sourcesStamp(): Promise<string> {
    const r = await this.db
      .selectFrom('vuln_sources')
      .select([(eb) => eb.fn.max('updated_at').as('at'), (eb) => eb.fn.countAll<number>().as('n')])
      .executeTakeFirst();
    return `${r?.at ?? ''}/${r?.n ?? 0}`;
  }

  /** What a source says of its vulnerabilities, replacing what it said before. */
  async replaceSourceVulnerabilities(
    sourceId: string,
    facts: readonly { vulnKey: string; summary: unknown }[],
  ) {
    await this.db.deleteFrom('source_vulnerabilities').where('source_id', '=', sourceId).execute();
    for (const part of chunks(facts, 300))
      await this.db
        .insertInto('source_vulnerabilities')
        .values(part.map((f) => ({ source_id: sourceId, vuln_key: f.vulnKey, summary: toJson(f.summary) })))
        .execute();
  }

  /** The facts sources give of these vulnerabilities (only from the sources named, when given). */
  async sourceFacts(
    vulnKeys: readonly string[],
    sourceIds?: readonly string[],
  ): Promise<{ sourceId: string; vulnKey: string; summary: unknown }[]> {
    const out: { sourceId: string; vulnKey: string; summary: unknown }[] = [];
    if (sourceIds !== undefined && sourceIds.length === 0) return out;
    for (const part of chunks([...new Set(vulnKeys)])) {
      let q = this.db.selectFrom('source_vulnerabilities').selectAll().where('vuln_key', 'in', part);
      if (sourceIds !== undefined) q = q.where('source_id', 'in', [...new Set(sourceIds)]);
      for (const r of await q.execute())
        out.push({ sourceId: r.source_id, vulnKey: r.vuln_key, summary: fromJson(AnyJson, r.summary) });
    }
    return out;
  }

  /**
   * Serializes the matcher's writes (indexing a source, matching an upload, status changes) on
   * PostgreSQL, so two of them never work from each other's stale reads; SQLite writes are serial.
   */
  async lockMatcher(): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(727274)`.execute(this.db);
  }

  // ---- exposures ------------------------------------------------------------------------------------

  async exposure(id: string): Promise<ExposureRecord | undefined> {
    const r = await this.db.selectFrom('exposures').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toExposure(r);
  }

  async exposuresByIds(ids: readonly string[]): Promise<ExposureRecord[]> {
    const out: ExposureRecord[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db.selectFrom('exposures').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(toExposure));
    }
    return out;
  }

  async exposuresOfComponents(componentIds: readonly string[]): Promise<ExposureRecord[]> {
    const out: ExposureRecord[] = [];
    for (const part of chunks(componentIds)) {
      const rows = await this.db
        .selectFrom('exposures')
        .selectAll()
        .where('component_id', 'in', part)
        .execute();
      out.push(...rows.map(toExposure));
    }
    return out;
  }

  async exposuresOfVulnerabilities(vulnKeys: readonly string[]): Promise<ExposureRecord[]> {
    const out: ExposureRecord[] = [];
    for (const part of chunks([...new Set(vulnKeys)])) {
      const rows = await this.db.selectFrom('exposures').selectAll().where('vuln_key', 'in', part).execute();
      out.push(...rows.map(toExposure));
    }
    return out;
  }

  async insertExposure(e: ExposureRecord): Promise<void> {
    await this.db.insertInto('exposures').values(exposureRow(e)).execute();
  }

  async updateExposure(e: ExposureRecord): Promise<void> {
    const { id, ...rest } = exposureRow(e);
    await this.db.updateTable('exposures').set(rest).where('id', '=', id).execute();
  }

  async insertEvent(row: EventRow): Promise<void> {
    await this.db.insertInto('exposure_events').values(row).execute();
  }

  async events(exposureId: string): Promise<EventRow[]> {
    return this.db
      .selectFrom('exposure_events')
      .selectAll()
      .where('exposure_id', '=', exposureId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /** Ranked: highest priority first, then the id (stable keyset paging). */
  async listExposures(f: ExposureListFilter): Promise<ExposureRecord[]> {
    let q = this.db
      .selectFrom('exposures')
      .selectAll()
      .where('matched', '=', 1)
      .where('status', 'in', [...f.statuses]);
    if (f.orgId !== null) q = q.where('org_id', '=', f.orgId);
    if (f.inventoryId) q = q.where('inventory_id', '=', f.inventoryId);
    if (f.vulnKey) q = q.where('vuln_key', '=', f.vulnKey);
    if (f.alerting !== 'all') q = q.where('alerting', '=', f.alerting === 'true' ? 1 : 0);
    const after = f.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('priority_score', '<', after.score),
          eb.and([eb('priority_score', '=', after.score), eb('id', '>', after.id)]),
        ]),
      );
    const rows = await q.orderBy('priority_score', 'desc').orderBy('id').limit(f.limit).execute();
    return rows.map(toExposure);
  }

  /** Every exposure of an organization (for its VEX export), matched or not. */
  async exposuresOfOrg(orgId: string): Promise<ExposureRecord[]> {
    const rows = await this.db.selectFrom('exposures').selectAll().where('org_id', '=', orgId).execute();
    return rows.map(toExposure);
  }

  /** Alerting exposures for metrics: those still covered, or resolved (an upgrade also un-matches). */
  async exposuresForMetrics(orgId: string | null): Promise<ExposureRecord[]> {
    let q = this.db
      .selectFrom('exposures')
      .selectAll()
      .where('alerting', '=', 1)
      .where((eb) => eb.or([eb('matched', '=', 1), eb('status', 'not in', ['open', 'acknowledged'])]));
    if (orgId !== null) q = q.where('org_id', '=', orgId);
    return (await q.execute()).map(toExposure);
  }

  /** Exposures of every component of an organization with this identity (any version, any inventory). */
  async exposuresOfIdentity(
    orgId: string,
    identityKey: string,
    vulnKey: string | null,
  ): Promise<ExposureRecord[]> {
    let q = this.db
      .selectFrom('exposures as e')
      .innerJoin('components as c', 'c.id', 'e.component_id')
      .selectAll('e')
      .where('e.org_id', '=', orgId)
      .where('c.identity_key', '=', identityKey);
    if (vulnKey !== null) q = q.where('e.vuln_key', '=', vulnKey);
    return (await q.execute()).map(toExposure);
  }

  async exposuresOfSuppression(suppressionId: string): Promise<ExposureRecord[]> {
    const rows = await this.db
      .selectFrom('exposures')
      .selectAll()
      .where('suppression_id', '=', suppressionId)
      .execute();
    return rows.map(toExposure);
  }

  async expiredAcceptances(now: string): Promise<ExposureRecord[]> {
    const rows = await this.db
      .selectFrom('exposures')
      .selectAll()
      .where('status', '=', 'risk_accepted')
      .where('risk_accepted_until', '<=', now)
      .execute();
    return rows.map(toExposure);
  }

  // ---- suppressions ----------------------------------------------------------------------------------

  async suppressions(orgId: string | null, now: string): Promise<SuppressionRow[]> {
    let q = this.db.selectFrom('suppressions').selectAll().where('expires_at', '>', now);
    if (orgId !== null) q = q.where('org_id', '=', orgId);
    return q.orderBy('created_at', 'desc').limit(1000).execute();
  }

  /** The organization's active suppressions of one identity. */
  async suppressionsOf(orgId: string, identityKey: string, now: string): Promise<SuppressionRow[]> {
    return this.db
      .selectFrom('suppressions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('identity_key', '=', identityKey)
      .where('expires_at', '>', now)
      .execute();
  }

  async expiredSuppressions(now: string): Promise<SuppressionRow[]> {
    return this.db
      .selectFrom('suppressions')
      .selectAll()
      .where('expires_at', '<=', now)
      .limit(1000)
      .execute();
  }

  async suppression(id: string): Promise<SuppressionRow | undefined> {
    return this.db.selectFrom('suppressions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertSuppression(row: SuppressionRow): Promise<void> {
    await this.db.insertInto('suppressions').values(row).execute();
  }

  async deleteSuppression(id: string): Promise<void> {
    await this.db.deleteFrom('suppressions').where('id', '=', id).execute();
  }
}
