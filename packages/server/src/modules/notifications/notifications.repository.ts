import {
  DeliveryAttempt,
  DeliveryStatus,
  NotificationCadence,
  NotificationChannel,
  OrgRole,
  SubscriptionFilters,
  WebhookEvent,
} from '@clearinghouse/shared';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Dialect } from '../../db/database.js';
import { fromJson, toJson } from '../../db/json.js';
import type {
  NotificationSubscriptionsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from '../../db/schema-notifications.js';
import type { Database } from '../../db/schema.js';

export interface SubscriptionRecord {
  id: string;
  orgId: string;
  userId: string | null;
  channel: NotificationChannel;
  webhookId: string | null;
  filters: SubscriptionFilters;
  cadence: NotificationCadence;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointRecord {
  id: string;
  orgId: string;
  name: string;
  url: string;
  secretSealed: string;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  lastDeliveryAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  orgId: string;
  event: WebhookEvent;
  exposureIds: string[];
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  responseBodyExcerpt: string;
  error: string | null;
  durationMs: number;
  nextAttemptAt: string | null;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A member who may be written to: an enabled account in the organization now. */
export interface Recipient {
  userId: string;
  email: string;
  name: string;
  role: OrgRole;
}

const toSubscription = (r: Selectable<NotificationSubscriptionsTable>): SubscriptionRecord => ({
  id: r.id,
  orgId: r.organization_id,
  userId: r.user_id,
  channel: NotificationChannel.parse(r.channel),
  webhookId: r.webhook_id,
  filters: fromJson(SubscriptionFilters, r.filters),
  cadence: NotificationCadence.parse(r.cadence),
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toEndpoint = (r: Selectable<WebhookEndpointsTable>): EndpointRecord => ({
  id: r.id,
  orgId: r.organization_id,
  name: r.name,
  url: r.url,
  secretSealed: r.secret_sealed,
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  consecutiveFailures: r.consecutive_failures,
  failingSince: r.failing_since,
  lastDeliveryAt: r.last_delivery_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDelivery = (r: Selectable<WebhookDeliveriesTable>): DeliveryRecord => ({
  id: r.id,
  endpointId: r.endpoint_id,
  orgId: r.organization_id,
  event: WebhookEvent.parse(r.event),
  exposureIds: fromJson(z.array(z.string()), r.exposure_ids),
  status: DeliveryStatus.parse(r.status),
  attempts: r.attempts,
  responseStatus: r.response_status,
  responseBodyExcerpt: r.response_body_excerpt,
  error: r.error,
  durationMs: r.duration_ms,
  nextAttemptAt: r.next_attempt_at,
  firstAttemptAt: r.first_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const bit = (b: boolean) => (b ? 1 : 0);

export class NotificationsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  // ---- subscriptions ----

  async insertSubscription(s: SubscriptionRecord): Promise<void> {
    await this.db
      .insertInto('notification_subscriptions')
      .values({
        id: s.id,
        organization_id: s.orgId,
        user_id: s.userId,
        channel: s.channel,
        webhook_id: s.webhookId,
        filters: toJson(s.filters),
        cadence: s.cadence,
        enabled: bit(s.enabled),
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  async findSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const row = await this.db
      .selectFrom('notification_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSubscription(row);
  }

  async updateSubscription(
    id: string,
    s: Pick<SubscriptionRecord, 'filters' | 'cadence' | 'enabled' | 'webhookId' | 'updatedAt'>,
  ): Promise<void> {
    await this.db
      .updateTable('notification_subscriptions')
      .set({
        filters: toJson(s.filters),
        cadence: s.cadence,
        enabled: bit(s.enabled),
        webhook_id: s.webhookId,
        updated_at: s.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.db.deleteFrom('notification_subscriptions').where('id', '=', id).execute();
  }

  /**
   * Subscriptions the caller may see: `orgIds` (organization-wide and personal ones there) and,
   * elsewhere, only `ownUserId`'s own. `orgIds` undefined: every organization (clearinghouse admins).
   */
  async listSubscriptions(opts: {
    orgIds: readonly string[] | undefined;
    ownUserId: string;
    onlyOrgId?: string | undefined;
  }): Promise<SubscriptionRecord[]> {
    let q = this.db.selectFrom('notification_subscriptions').selectAll();
    if (opts.onlyOrgId !== undefined) q = q.where('organization_id', '=', opts.onlyOrgId);
    const { orgIds } = opts;
    if (orgIds !== undefined) {
      q = q.where((eb) =>
        eb.or([
          eb('user_id', '=', opts.ownUserId),
          ...(orgIds.length > 0 ? [eb('organization_id', 'in', orgIds)] : []),
        ]),
      );
    }
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(toSubscription);
  }

  /** Every subscription of an organization and of its members there, enabled or not. */
  async subscriptionsOfOrg(orgId: string): Promise<SubscriptionRecord[]> {
    const rows = await this.db
      .selectFrom('notification_subscriptions')
      .selectAll()
      .where('organization_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  // ---- webhook endpoints ----

  async insertEndpoint(e: EndpointRecord): Promise<void> {
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: e.id,
        organization_id: e.orgId,
        name: e.name,
        url: e.url,
        secret_sealed: e.secretSealed,
        enabled: bit(e.enabled),
        disabled_reason: e.disabledReason,
        consecutive_failures: e.consecutiveFailures,
        failing_since: e.failingSince,
        last_delivery_at: e.lastDeliveryAt,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  async findEndpoint(id: string): Promise<EndpointRecord | undefined> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  /** The endpoint, locked until the transaction ends (PostgreSQL), so two outcomes do not race. */
  async lockEndpoint(id: string): Promise<EndpointRecord | undefined> {
    let q = this.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toEndpoint(row);
  }

  /** `orgIds` undefined: every organization's. */
  async listEndpoints(orgIds: readonly string[] | undefined): Promise<EndpointRecord[]> {
    if (orgIds?.length === 0) return [];
    let q = this.db.selectFrom('webhook_endpoints').selectAll();
    if (orgIds !== undefined) q = q.where('organization_id', 'in', orgIds);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(toEndpoint);
  }

  async updateEndpoint(
    id: string,
    e: Partial<
      Pick<
        EndpointRecord,
        | 'name'
        | 'url'
        | 'secretSealed'
        | 'enabled'
        | 'disabledReason'
        | 'consecutiveFailures'
        | 'failingSince'
        | 'lastDeliveryAt'
      >
    > & { updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({
        ...(e.name !== undefined && { name: e.name }),
        ...(e.url !== undefined && { url: e.url }),
        ...(e.secretSealed !== undefined && { secret_sealed: e.secretSealed }),
        ...(e.enabled !== undefined && { enabled: bit(e.enabled) }),
        ...(e.disabledReason !== undefined && { disabled_reason: e.disabledReason }),
        ...(e.consecutiveFailures !== undefined && { consecutive_failures: e.consecutiveFailures }),
        ...(e.failingSince !== undefined && { failing_since: e.failingSince }),
        ...(e.lastDeliveryAt !== undefined && { last_delivery_at: e.lastDeliveryAt }),
        updated_at: e.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  }

  // ---- deliveries ----

  /** False when a delivery with this id exists already (a re-run of the job that made it). */
  async insertDelivery(d: DeliveryRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: d.id,
        endpoint_id: d.endpointId,
        organization_id: d.orgId,
        event: d.event,
        exposure_ids: toJson(d.exposureIds),
        status: d.status,
        attempts: d.attempts,
        response_status: d.responseStatus,
        response_body_excerpt: d.responseBodyExcerpt,
        error: d.error,
        duration_ms: d.durationMs,
        next_attempt_at: d.nextAttemptAt,
        first_attempt_at: d.firstAttemptAt,
        last_attempt_at: d.lastAttemptAt,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async findDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Records one attempt and the delivery's state after it. */
  async recordAttempt(
    d: Pick<
      DeliveryRecord,
      | 'id'
      | 'status'
      | 'attempts'
      | 'responseStatus'
      | 'responseBodyExcerpt'
      | 'error'
      | 'durationMs'
      | 'nextAttemptAt'
      | 'firstAttemptAt'
      | 'lastAttemptAt'
    >,
  ): Promise<void> {
    const at = d.lastAttemptAt ?? '';
    await this.db
      .insertInto('webhook_delivery_attempts')
      .values({
        delivery_id: d.id,
        number: d.attempts,
        at,
        response_status: d.responseStatus,
        error: d.error,
        duration_ms: d.durationMs,
      })
      .execute();
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: d.status,
        attempts: d.attempts,
        response_status: d.responseStatus,
        response_body_excerpt: d.responseBodyExcerpt,
        error: d.error,
        duration_ms: d.durationMs,
        next_attempt_at: d.nextAttemptAt,
        first_attempt_at: d.firstAttemptAt,
        last_attempt_at: d.lastAttemptAt,
        updated_at: at,
      })
      .where('id', '=', d.id)
      .execute();
  }

  /** Ends a delivery without an attempt (its endpoint went away, or nothing is left to send). */
  async closeDelivery(id: string, status: DeliveryStatus, error: string, now: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status, error, next_attempt_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Newest first; `after` is the last row of the previous page. */
  async listDeliveries(
    endpointId: string,
    opts: { limit: number; after?: { createdAt: string; id: string } | undefined },
  ): Promise<DeliveryRecord[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
    const after = opts.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map(toDelivery);
  }

  async attemptsOf(deliveryIds: readonly string[]): Promise<Map<string, DeliveryAttempt[]>> {
    const out = new Map<string, DeliveryAttempt[]>(deliveryIds.map((id) => [id, []]));
    if (deliveryIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('webhook_delivery_attempts')
      .selectAll()
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('number')
      .execute();
    for (const r of rows) {
      out.get(r.delivery_id)?.push(
        DeliveryAttempt.parse({
          number: r.number,
          at: r.at,
          responseStatus: r.response_status,
          error: r.error,
          durationMs: r.duration_ms,
        }),
      );
    }
    return out;
  }

  // ---- digests ----

  /** Adds an exposure to a subscription's digest of `day`; an exposure already there stays once. */
  async addDigestEntry(e: {
    id: string;
    subscriptionId: string;
    orgId: string;
    exposureId: string;
    day: string;
    createdAt: string;
  }): Promise<void> {
    await this.db
      .insertInto('notification_digest_entries')
      .values({
        id: e.id,
        subscription_id: e.subscriptionId,
        organization_id: e.orgId,
        exposure_id: e.exposureId,
        digest_day: e.day,
        created_at: e.createdAt,
      })
      .onConflict((oc) => oc.columns(['subscription_id', 'digest_day', 'exposure_id']).doNothing())
      .execute();
  }

  async digestExposureIds(subscriptionId: string, day: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('notification_digest_entries')
      .select('exposure_id')
      .where('subscription_id', '=', subscriptionId)
      .where('digest_day', '=', day)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.exposure_id);
  }

  async clearDigest(subscriptionId: string, day: string): Promise<void> {
    await this.db
      .deleteFrom('notification_digest_entries')
      .where('subscription_id', '=', subscriptionId)
      .where('digest_day', '=', day)
      .execute();
  }

  // ---- recipients and the inbox ----

  /** The organization's members now, leaving out disabled accounts. */
  async recipients(orgId: string): Promise<Recipient[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id as userId', 'u.email', 'u.name', 'm.role'])
      .where('m.organization_id', '=', orgId)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.id')
      .execute();
    return rows.map((r) => ({ userId: r.userId, email: r.email, name: r.name, role: OrgRole.parse(r.role) }));
  }

  /**
   * One notice in a person's in-app inbox (the `notifications` table the inbox routes read). A
   * notice whose id exists already is left as it is: ids derived from the job make re-runs no-ops.
   */
  async insertInboxNotice(n: {
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
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
