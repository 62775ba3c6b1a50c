import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  ComponentInput,
  InventoryFormatName,
  type Component,
  type ComponentChange,
  type ComponentListQuery,
  type Inventory,
  type InventoryCreate,
  type InventoryUpdate,
  type InventoryUploadReport,
} from '@clearinghouse/shared';
import {
  componentFingerprint,
  identityKey,
  matchKeysOf,
  parseInventory,
  type ComponentIdentity,
  type InventoryProblem,
} from '@clearinghouse/shared/matching';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { readLimited } from '../../lib/read-limited.js';
import { authorize, can } from '../../policy/policy.js';
import { isStaff, type Principal, type UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { NOTIFY_EXPOSURES } from '../notifications/jobs.js';
import type { ComponentRecord, InventoryRow } from './exposure.repository.js';
import { componentIdentity, Resolver } from './resolver.js';
import type { ExposureRecord } from './exposure.repository.js';

const REPORT_LIST_MAX = 500;
/** Larger inventories are split: one upload is matched inside its own request. */
const MAX_UPLOAD_COMPONENTS = 100_000;

/**
 * Inventories of what an organization runs: created by hand or filled by uploads (CycloneDX, SPDX,
 * CSV, package-lock.json). An upload replaces the inventory's uploaded components as one transaction:
 * a file with any error changes nothing. Components keep their id across uploads while their identity
 * (purl without version, CPE vendor:product, vendor + name + model) stays, so exposure history and
 * suppressions survive upgrades.
 */
export class InventoriesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly uploadLimitBytes: number,
    private readonly poke: () => void,
  ) {}

  async list(principal: Principal, orgId?: string): Promise<Inventory[]> {
    const user = requireUser(principal);
    const scope = orgId ?? (isStaff(user) ? null : singleOrg(user));
    if (scope !== null) authorize(user, 'inventory.read', { orgId: scope });
    else authorize(user, 'exposure.metrics', { orgId: null });
    const rows = await this.uow.read.exposure.inventories(scope);
    return this.views(rows);
  }

  async get(principal: Principal, id: string): Promise<Inventory> {
    const row = await this.readable(principal, id);
    const [view] = await this.views([row]);
    if (!view) throw notFound('Inventory', id);
    return view;
  }

  async create(principal: Principal, input: InventoryCreate & { description: string }): Promise<Inventory> {
    const user = requireUser(principal);
    const orgId = input.orgId ?? singleOrg(user);
    if (orgId === null)
      throw new AppError('validation_failed', 'no organization', {
        publicMessage: 'Say which organization the inventory belongs to (orgId).',
        details: [{ path: 'orgId', message: 'You belong to several organizations, or none: give orgId.' }],
      });
    authorize(user, 'inventory.manage', { orgId });
    const now = this.clock.now().toISOString();
    const row: InventoryRow = {
      id: newId('inventory'),
      org_id: orgId,
      name: input.name,
      description: input.description,
      last_upload_id: null,
      created_by: user.userId,
      created_at: now,
      updated_at: now,
    };
    await this.uow.transaction(async (r) => {
      await r.exposure.insertInventory(row);
      await recordAudit(
        r,
        user,
        'inventory.created',
        { organizationId: orgId, targetType: 'inventory', targetId: row.id, data: { name: row.name } },
        this.clock.now(),
      );
    });
    return this.get(user, row.id);
  }

  async update(principal: Principal, id: string, patch: InventoryUpdate): Promise<Inventory> {
    const row = await this.manageable(principal, id);
    await this.uow.transaction(async (r) => {
      await r.exposure.updateInventory(id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        updated_at: this.clock.now().toISOString(),
      });
      await recordAudit(
        r,
        principal,
        'inventory.updated',
        { organizationId: row.org_id, targetType: 'inventory', targetId: id, data: { ...patch } },
        this.clock.now(),
      );
    });
    return this.get(principal, id);
  }

  /** Deleting takes the exposure history with it: organization admins only. */
  async remove(principal: Principal, id: string): Promise<void> {
    const row = await this.manageable(principal, id);
    authorize(principal, 'inventory.delete', { orgId: row.org_id });
    await this.uow.transaction(async (r) => {
      await r.exposure.deleteInventory(id);
      await recordAudit(
        r,
        principal,
        'inventory.deleted',
        { organizationId: row.org_id, targetType: 'inventory', targetId: id, data: { name: row.name } },
        this.clock.now(),
      );
    });
  }

  async components(
    principal: Principal,
    inventoryId: string,
    query: ComponentListQuery,
  ): Promise<{ items: Component[]; nextCursor: string | null }> {
    await this.readable(principal, inventoryId);
    const cursor = decodeCursor(query.cursor);
    const afterId = typeof cursor?.[0] === 'string' ? cursor[0] : undefined;
    const rows = await this.uow.read.exposure.listComponents({
      inventoryId,
      q: query.q,
      afterId,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const open = await this.openCounts(page.map((c) => c.id));
    return {
      items: page.map((c) => componentView(c, open.get(c.id) ?? 0)),
      nextCursor:
        rows.length > query.limit && page.length > 0 ? encodeCursor([page[page.length - 1]?.id ?? '']) : null,
    };
  }

  /** A component added by hand (an operator without any SBOM): matched at once. */
  async addComponent(principal: Principal, inventoryId: string, input: ComponentInput): Promise<Component> {
    const inv = await this.manageable(principal, inventoryId);
    const parsed = ComponentInput.parse(input);
    // The same checks an uploaded CSV row gets.
    const csv = toCsvRow(parsed);
    const check = parseInventory(csv, { filename: 'component.csv' });
    const errors = check.problems.filter((p) => p.severity === 'error');
    const identity = check.components[0];
    if (errors.length > 0 || !identity || check.components.length !== 1)
      throw new AppError('validation_failed', 'invalid component', {
        publicMessage: 'The component has problems; nothing was saved.',
        details: errors.map((p) => ({ path: columnOf(p), message: p.message })),
      });
    const now = this.clock.now();
    const record = newComponent(inv, identity, 'manual', now.toISOString());
    const alerted = await this.uow.transaction(async (r) => {
      await r.exposure.lockMatcher();
      await r.exposure.insertComponents([record], new Map([[record.id, matchKeysOf(identity)]]));
      await r.exposure.updateInventory(inv.id, { updated_at: now.toISOString() });
      const found = await new Resolver(r, now).applyComponents([record]);
      await notify(r, found, now);
      await recordAudit(
        r,
        principal,
        'inventory.component_added',
        {
          organizationId: inv.org_id,
          targetType: 'inventory',
          targetId: inv.id,
          data: { componentId: record.id, name: record.name, version: record.version },
        },
        now,
      );
      return found;
    });
    if (alerted.length > 0) this.poke();
    return componentView(record, alerted.length);
  }

  async removeComponent(principal: Principal, inventoryId: string, componentId: string): Promise<void> {
    const inv = await this.manageable(principal, inventoryId);
    const c = await this.uow.read.exposure.component(componentId);
    if (!c || c.inventoryId !== inv.id || c.removedAt !== null) throw notFound('Component', componentId);
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.exposure.lockMatcher();
      await r.exposure.removeComponents([c.id], now.toISOString());
      await new Resolver(r, now).componentsRemoved([c.id]);
      await recordAudit(
        r,
        principal,
        'inventory.component_removed',
        {
          organizationId: inv.org_id,
          targetType: 'inventory',
          targetId: inv.id,
          data: { componentId: c.id, name: c.name },
        },
        now,
      );
    });
  }

  /**
   * Replace the inventory's uploaded components with a file's. Refused whole (422, every problem
   * located) when the file has any error; otherwise the change report, with the exposures revealed.
   */
  async upload(
    principal: Principal,
    inventoryId: string,
    file: { filename: string; contentType?: string | undefined; body: Readable },
  ): Promise<InventoryUploadReport> {
    const inv = await this.manageable(principal, inventoryId);
    const user = requireUser(principal);
    const bytes = await readLimited(file.body, this.uploadLimitBytes);
    const text = decodeText(bytes);
    const parsed = parseInventory(text, {
      filename: file.filename,
      ...(file.contentType && { contentType: file.contentType }),
    });
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (parsed.components.length > MAX_UPLOAD_COMPONENTS)
      errors.push({
        severity: 'error',
        location: '/',
        message: `The file lists ${parsed.components.length} components; an upload holds at most ${MAX_UPLOAD_COMPONENTS}. Split it into several inventories.`,
      });
    if (errors.length > 0)
      throw new AppError('validation_failed', 'inventory file refused', {
        publicMessage: `The file has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`,
        details: errors
          .slice(0, 1000)
          .map((p) => ({ path: p.location, message: p.message, code: 'inventory_problem' })),
      });
    const now = this.clock.now();
    const at = now.toISOString();
    const uploadId = newId('inventoryUpload');
    const report = await this.uow.transaction(async (r) => {
      // One matcher at a time: an advisory indexed meanwhile sees these components, or they see it.
      await r.exposure.lockMatcher();
      const locked = await r.exposure.lockInventory(inv.id);
      if (!locked) throw notFound('Inventory', inv.id);
      const live = (await r.exposure.liveComponents(inv.id)).filter((c) => c.source === 'upload');
      const diff = diffComponents(live, parsed.components, locked, at);
      if (diff.added.length > 0)
        await r.exposure.insertComponents(
          diff.added,
          new Map(diff.added.map((c) => [c.id, matchKeysOf(componentIdentity(c))])),
        );
      for (const c of diff.changed)
        await r.exposure.updateComponent(c.after, matchKeysOf(componentIdentity(c.after)));
      if (diff.removed.length > 0) {
        await r.exposure.removeComponents(
          diff.removed.map((c) => c.id),
          at,
        );
        await new Resolver(r, now).componentsRemoved(diff.removed.map((c) => c.id));
      }
      const found = await new Resolver(r, now).applyComponents([
        ...diff.added,
        ...diff.changed.map((c) => c.after),
      ]);
      await notify(r, found, now);
      const result: InventoryUploadReport = {
        id: uploadId,
        inventoryId: inv.id,
        filename: file.filename,
        format: parsed.format,
        specVersion: parsed.specVersion,
        counts: {
          components: parsed.components.length,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged,
        },
        added: diff.added.slice(0, REPORT_LIST_MAX).map((c) => change(c, null, c.version)),
        removed: diff.removed.slice(0, REPORT_LIST_MAX).map((c) => change(c, c.version, null)),
        changed: diff.changed
          .slice(0, REPORT_LIST_MAX)
          .map((c) => change(c.after, c.before.version, c.after.version)),
        problems: parsed.problems.slice(0, 1000),
        exposuresFound: found.length,
        uploadedBy: { id: user.userId, name: user.email },
        createdAt: at,
      };
      await r.exposure.insertUpload({
        id: uploadId,
        inventory_id: inv.id,
        filename: file.filename,
        format: parsed.format,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        report: result,
        created_by: user.userId,
        created_at: at,
      });
      await r.exposure.updateInventory(inv.id, { last_upload_id: uploadId, updated_at: at });
      await recordAudit(
        r,
        principal,
        'inventory.uploaded',
        {
          organizationId: inv.org_id,
          targetType: 'inventory',
          targetId: inv.id,
          data: { uploadId, format: parsed.format, ...result.counts, exposuresFound: found.length },
        },
        now,
      );
      return result;
    });
    if (report.exposuresFound > 0) this.poke();
    return report;
  }

  async uploads(principal: Principal, inventoryId: string): Promise<InventoryUploadReport[]> {
    await this.readable(principal, inventoryId);
    const rows = await this.uow.read.exposure.uploads(inventoryId, 50);
    return rows.map((r) => r.report as InventoryUploadReport);
  }

  async uploadReport(
    principal: Principal,
    inventoryId: string,
    uploadId: string,
  ): Promise<InventoryUploadReport> {
    await this.readable(principal, inventoryId);
    const row = await this.uow.read.exposure.upload(uploadId);
    if (!row || row.inventory_id !== inventoryId) throw notFound('Upload', uploadId);
    return row.report as InventoryUploadReport;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async readable(principal: Principal, id: string): Promise<InventoryRow> {
    const row = await this.uow.read.exposure.inventory(id);
    if (!row || !can(principal, 'inventory.read', { orgId: row.org_id })) throw notFound('Inventory', id);
    return row;
  }

  private async manageable(principal: Principal, id: string): Promise<InventoryRow> {
    const row = await this.readable(principal, id);
    authorize(principal, 'inventory.manage', { orgId: row.org_id });
    return row;
  }

  private async openCounts(componentIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const e of await this.uow.read.exposure.exposuresOfComponents(componentIds))
      if (e.matched && e.alerting && (e.status === 'open' || e.status === 'acknowledged'))
        out.set(e.componentId, (out.get(e.componentId) ?? 0) + 1);
    return out;
  }

  private async views(rows: InventoryRow[]): Promise<Inventory[]> {
    const counts = await this.uow.read.exposure.inventoryCounts(rows.map((r) => r.id));
    const orgs = await this.uow.read.organizations.summaries(rows.map((r) => r.org_id));
    const uploads = await this.uow.read.exposure.uploadHeads(
      rows.flatMap((r) => (r.last_upload_id ? [r.last_upload_id] : [])),
    );
    return rows.map((row) => {
      const last = row.last_upload_id ? uploads.get(row.last_upload_id) : undefined;
      return {
        id: row.id,
        org: { id: row.org_id, name: orgs.get(row.org_id)?.name ?? '' },
        name: row.name,
        description: row.description,
        componentCount: counts.get(row.id)?.components ?? 0,
        openExposures: counts.get(row.id)?.open ?? 0,
        lastUpload:
          last && row.last_upload_id
            ? {
                id: row.last_upload_id,
                filename: last.filename,
                format: InventoryFormatName.parse(last.format),
                at: last.at,
              }
            : null,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    });
  }
}

/** Tell the organizations about exposures that became alerting, in the same transaction. */
export async function notify(r: Repositories, alerted: readonly ExposureRecord[], now: Date): Promise<void> {
  const byOrg = new Map<string, string[]>();
  for (const e of alerted) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e.id]);
  for (const [orgId, ids] of byOrg)
    for (let i = 0; i < ids.length; i += 10_000)
      await enqueue(r, NOTIFY_EXPOSURES, { orgId, exposureIds: ids.slice(i, i + 10_000) }, { now });
}

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user')
    throw new AppError('unauthenticated', 'sign-in required', { publicMessage: 'Sign in first.' });
  return principal;
}

/** The one organization a user belongs to, or null when none or several. */
export function singleOrg(user: UserPrincipal): string | null {
  return user.memberships.size === 1 ? ([...user.memberships.keys()][0] ?? null) : null;
}

function newComponent(
  inv: InventoryRow,
  c: ComponentIdentity,
  source: 'upload' | 'manual',
  at: string,
): ComponentRecord {
  return {
    id: newId('component'),
    inventoryId: inv.id,
    orgId: inv.org_id,
    identityKey: identityKey(c),
    name: c.name,
    vendor: c.vendor,
    version: c.version,
    purl: c.purl,
    cpe: c.cpe,
    modelNumber: c.modelNumber,
    hashes: c.hashes,
    site: c.site,
    source,
    removedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Old components against a new file: the same fingerprint (identity + version) is unchanged; the same
 * identity with another version is changed (the component keeps its id); the rest added or removed.
 */
function diffComponents(
  live: ComponentRecord[],
  incoming: readonly ComponentIdentity[],
  inv: InventoryRow,
  at: string,
) {
  const byFingerprint = new Map<string, ComponentRecord[]>();
  for (const c of live) push(byFingerprint, componentFingerprint(componentIdentity(c)), c);
  const rest: ComponentIdentity[] = [];
  const kept = new Set<string>();
  let unchanged = 0;
  for (const c of incoming) {
    const same = byFingerprint.get(componentFingerprint(c))?.find((x) => !kept.has(x.id));
    if (same) {
      kept.add(same.id);
      unchanged += 1;
    } else rest.push(c);
  }
  const byIdentity = new Map<string, ComponentRecord[]>();
  for (const c of live) if (!kept.has(c.id)) push(byIdentity, c.identityKey, c);
  const added: ComponentRecord[] = [];
  const changed: { before: ComponentRecord; after: ComponentRecord }[] = [];
  for (const c of rest) {
    const before = byIdentity.get(identityKey(c))?.find((x) => !kept.has(x.id));
    if (before) {
      kept.add(before.id);
      changed.push({
        before,
        after: { ...newComponent(inv, c, 'upload', at), id: before.id, createdAt: before.createdAt },
      });
    } else added.push(newComponent(inv, c, 'upload', at));
  }
  const removed = live.filter((c) => !kept.has(c.id));
  return { added, changed, removed, unchanged };
}

function push<T>(m: Map<string, T[]>, k: string, v: T) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function change(c: ComponentRecord, before: string | null, after: string | null): ComponentChange {
  return { name: c.name, vendor: c.vendor, purl: c.purl, cpe: c.cpe, before, after };
}

export function componentView(c: ComponentRecord, openExposures: number): Component {
  return {
    id: c.id,
    inventoryId: c.inventoryId,
    name: c.name,
    vendor: c.vendor,
    version: c.version,
    purl: c.purl,
    cpe: c.cpe,
    modelNumber: c.modelNumber,
    hashes: c.hashes,
    site: c.site,
    source: c.source,
    openExposures,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** Text of an upload: UTF-8 (a BOM is dropped); UTF-16 with a BOM as spreadsheet programs write it. */
function decodeText(body: Buffer): string {
  if (body[0] === 0xff && body[1] === 0xfe) return body.subarray(2).toString('utf16le');
  if (body[0] === 0xfe && body[1] === 0xff) return Buffer.from(body.subarray(2)).swap16().toString('utf16le');
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const CSV_COLUMNS = ['vendor', 'product', 'version', 'purl', 'cpe', 'model number', 'site'] as const;

function toCsvRow(c: ReturnType<typeof ComponentInput.parse>): string {
  const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  return `${CSV_COLUMNS.join(',')}\n${[c.vendor, c.name, c.version, c.purl, c.cpe, c.modelNumber, c.site].map(cell).join(',')}\n`;
}

/** `line 2, column purl` → `purl` (the field of the manual form). */
function columnOf(p: InventoryProblem): string {
  const m = /column (.+)$/.exec(p.location);
  const col = m?.[1] ?? '';
  return col === 'product' ? 'name' : col === 'model number' ? 'modelNumber' : col || 'component';
}
