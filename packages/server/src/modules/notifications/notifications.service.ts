import {
  WEBHOOK_SECRET_PREFIX,
  type ErrorDetail,
  type SubscriptionCreate,
  type Subscription,
  type SubscriptionUpdate,
  type WebhookCreate,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookUpdate,
} from '@clearinghouse/shared';
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { OutboundClient } from '../../lib/outbound.js';
import type { SealedBox } from '../../lib/sealed-box.js';
import { randomSecret } from '../../lib/secrets.js';
import { authorize, can } from '../../policy/policy.js';
import type { UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { secretContext, type NotificationDeliveryService } from './delivery.service.js';
import type { DeliveryRecord, EndpointRecord, SubscriptionRecord } from './notifications.repository.js';

type NewSubscription = z.output<typeof SubscriptionCreate>;
type NewWebhook = z.output<typeof WebhookCreate>;

const presentSubscription = (s: SubscriptionRecord): Subscription => ({
  id: s.id,
  orgId: s.orgId,
  userId: s.userId,
  channel: s.channel,
  webhookId: s.webhookId,
  filters: s.filters,
  cadence: s.cadence,
  enabled: s.enabled,
  createdAt: s.createdAt,
});

const presentEndpoint = (e: EndpointRecord): WebhookEndpoint => ({
  id: e.id,
  orgId: e.orgId,
  name: e.name,
  url: e.url,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  consecutiveFailures: e.consecutiveFailures,
  lastDeliveryAt: e.lastDeliveryAt,
  createdAt: e.createdAt,
});

const presentDelivery = (d: DeliveryRecord, attemptLog: WebhookDelivery['attemptLog']): WebhookDelivery => ({
  id: d.id,
  endpointId: d.endpointId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  responseBodyExcerpt: d.responseBodyExcerpt,
  error: d.error,
  durationMs: d.durationMs,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
  createdAt: d.createdAt,
  lastAttemptAt: d.lastAttemptAt,
  attemptLog,
});

const invalid = (details: ErrorDetail[]) =>
  new AppError(
    'validation_failed',
    `notification settings refused: ${details.map((d) => d.message).join('; ')}`,
    {
      details,
    },
  );

/** Host of a URL for the audit log: never the path or query, which may carry a receiver's token. */
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/**
 * Notification settings: subscriptions (organization-wide by its admins, personal by each member)
 * and webhook endpoints (organization admins), each change audited in its transaction.
 */
export class NotificationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly box: SealedBox,
    private readonly outbound: Pick<OutboundClient, 'allowListed'>,
    private readonly delivery: NotificationDeliveryService,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  private async tx<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    const out = await this.uow.transaction(fn);
    this.onEnqueued();
    return out;
  }

  /** The organization named, or the caller's only one. */
  private orgOf(p: UserPrincipal, orgId: string | undefined): string {
    if (orgId !== undefined) return orgId;
    const [only, ...more] = [...p.memberships.keys()];
    if (only === undefined || more.length > 0) {
      throw invalid([
        { path: 'orgId', message: 'Say which organization (orgId): you belong to several or none.' },
      ]);
    }
    return only;
  }

  private adminOrgIds(p: UserPrincipal): string[] | undefined {
    if (p.globalRoles.has('admin')) return undefined;
    return [...p.memberships].filter(([, role]) => role === 'admin').map(([id]) => id);
  }

  // ---- subscriptions ----------------------------------------------------------------------------

  async listSubscriptions(
    p: UserPrincipal,
    query: { orgId?: string | undefined },
  ): Promise<{ items: Subscription[] }> {
    const rows = await this.uow.read.notifications.listSubscriptions({
      orgIds: this.adminOrgIds(p),
      ownUserId: p.userId,
      onlyOrgId: query.orgId,
    });
    return { items: rows.map(presentSubscription) };
  }

  async createSubscription(p: UserPrincipal, input: NewSubscription): Promise<Subscription> {
    const orgId = this.orgOf(p, input.orgId);
    const userId = input.scope === 'organization' ? null : p.userId;
    if (userId === null) authorize(p, 'notifications.org.manage', { orgId });
    else authorize(p, 'notifications.own.manage', { orgId, userId });
    await this.checkWebhook(orgId, input.webhookId);
    const now = this.clock.now().toISOString();
    const sub: SubscriptionRecord = {
      id: newId('subscription'),
      orgId,
      userId,
      channel: input.channel,
      webhookId: input.channel === 'webhook' ? input.webhookId : null,
      filters: input.filters,
      cadence: input.cadence,
      enabled: input.enabled,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx(async (r) => {
      await r.notifications.insertSubscription(sub);
      await this.audit(r, p, 'notifications.subscription_created', sub.orgId, 'subscription', sub.id, {
        channel: sub.channel,
        cadence: sub.cadence,
        scope: input.scope,
      });
    });
    return presentSubscription(sub);
  }

  async updateSubscription(p: UserPrincipal, id: string, patch: SubscriptionUpdate): Promise<Subscription> {
    const sub = await this.subscriptionToManage(p, id);
    if (patch.webhookId !== undefined) {
      if (sub.channel !== 'webhook') {
        throw invalid([{ path: 'webhookId', message: 'Only a webhook subscription has a webhookId.' }]);
      }
      await this.checkWebhook(sub.orgId, patch.webhookId);
    }
    const next = {
      filters: { ...sub.filters, ...patch.filters },
      cadence: patch.cadence ?? sub.cadence,
      enabled: patch.enabled ?? sub.enabled,
      webhookId: patch.webhookId ?? sub.webhookId,
      updatedAt: this.clock.now().toISOString(),
    };
    await this.tx(async (r) => {
      await r.notifications.updateSubscription(sub.id, next);
      await this.audit(r, p, 'notifications.subscription_updated', sub.orgId, 'subscription', sub.id, {
        changed: Object.keys(patch),
      });
    });
    return presentSubscription({ ...sub, ...next });
  }

  async deleteSubscription(p: UserPrincipal, id: string): Promise<void> {
    const sub = await this.subscriptionToManage(p, id);
    await this.tx(async (r) => {
      await r.notifications.deleteSubscription(sub.id);
      await this.audit(r, p, 'notifications.subscription_deleted', sub.orgId, 'subscription', sub.id, {
        channel: sub.channel,
      });
    });
  }

  /** Someone who may not even see it is told it does not exist; someone who may see it, why not. */
  private async subscriptionToManage(p: UserPrincipal, id: string): Promise<SubscriptionRecord> {
    const sub = await this.uow.read.notifications.findSubscription(id);
    const visible =
      sub !== undefined &&
      (sub.userId === null
        ? can(p, 'notifications.org.read', { orgId: sub.orgId })
        : sub.userId === p.userId);
    if (!sub || !visible) throw notFound('Subscription', id);
    if (sub.userId === null) authorize(p, 'notifications.org.manage', { orgId: sub.orgId });
    else authorize(p, 'notifications.own.manage', { orgId: sub.orgId, userId: sub.userId });
    return sub;
  }

  private async checkWebhook(orgId: string, webhookId: string | null): Promise<void> {
    if (webhookId === null) return;
    const endpoint = await this.uow.read.notifications.findEndpoint(webhookId);
    if (endpoint?.orgId !== orgId) {
      throw invalid([
        { path: 'webhookId', message: 'No webhook endpoint of this organization has that id.' },
      ]);
    }
  }

  // ---- webhook endpoints ------------------------------------------------------------------------

  async listWebhooks(
    p: UserPrincipal,
    query: { orgId?: string | undefined },
  ): Promise<{ items: WebhookEndpoint[] }> {
    const orgIds = this.adminOrgIds(p);
    const scoped =
      query.orgId === undefined
        ? orgIds
        : orgIds === undefined || orgIds.includes(query.orgId)
          ? [query.orgId]
          : [];
    return { items: (await this.uow.read.notifications.listEndpoints(scoped)).map(presentEndpoint) };
  }

  async getWebhook(p: UserPrincipal, id: string): Promise<WebhookEndpoint> {
    return presentEndpoint(await this.endpointFor(p, id, 'read'));
  }

  async createWebhook(p: UserPrincipal, input: NewWebhook): Promise<WebhookEndpointWithSecret> {
    const orgId = this.orgOf(p, input.orgId);
    authorize(p, 'notifications.org.manage', { orgId });
    this.checkUrl(input.url);
    const now = this.clock.now().toISOString();
    const id = newId('webhookEndpoint');
    const secret = randomSecret(WEBHOOK_SECRET_PREFIX);
    const endpoint: EndpointRecord = {
      id,
      orgId,
      name: input.name,
      url: input.url,
      secretSealed: this.box.seal(secret, secretContext(id)),
      enabled: input.enabled,
      disabledReason: input.enabled ? null : `disabled by ${p.email}`,
      consecutiveFailures: 0,
      failingSince: null,
      lastDeliveryAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx(async (r) => {
      await r.notifications.insertEndpoint(endpoint);
      await this.audit(r, p, 'notifications.webhook_created', orgId, 'webhook', id, {
        name: input.name,
        host: hostOf(input.url),
      });
    });
    return { ...presentEndpoint(endpoint), secret };
  }

  async updateWebhook(p: UserPrincipal, id: string, patch: WebhookUpdate): Promise<WebhookEndpoint> {
    const endpoint = await this.endpointFor(p, id, 'manage');
    if (patch.url !== undefined) this.checkUrl(patch.url);
    const now = this.clock.now().toISOString();
    const toggled = patch.enabled !== undefined && patch.enabled !== endpoint.enabled;
    const fields = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.url !== undefined && { url: patch.url }),
      ...(toggled && patch.enabled === false && { enabled: false, disabledReason: `disabled by ${p.email}` }),
      ...(toggled && patch.enabled === true && this.healthy()),
      updatedAt: now,
    };
    await this.tx(async (r) => {
      await r.notifications.updateEndpoint(id, fields);
      await this.audit(r, p, 'notifications.webhook_updated', endpoint.orgId, 'webhook', id, {
        changed: Object.keys(patch),
        ...(patch.url !== undefined && { host: hostOf(patch.url) }),
      });
    });
    return presentEndpoint({ ...endpoint, ...fields });
  }

  async deleteWebhook(p: UserPrincipal, id: string): Promise<void> {
    const endpoint = await this.endpointFor(p, id, 'manage');
    await this.tx(async (r) => {
      // Its subscriptions and delivery log go with it (foreign keys cascade).
      await r.notifications.deleteEndpoint(id);
      await this.audit(r, p, 'notifications.webhook_deleted', endpoint.orgId, 'webhook', id, {
        name: endpoint.name,
      });
    });
  }

  async rotateSecret(p: UserPrincipal, id: string): Promise<WebhookEndpointWithSecret> {
    const endpoint = await this.endpointFor(p, id, 'manage');
    const secret = randomSecret(WEBHOOK_SECRET_PREFIX);
    const updatedAt = this.clock.now().toISOString();
    await this.tx(async (r) => {
      await r.notifications.updateEndpoint(id, {
        secretSealed: this.box.seal(secret, secretContext(id)),
        updatedAt,
      });
      await this.audit(r, p, 'notifications.webhook_secret_rotated', endpoint.orgId, 'webhook', id, {});
    });
    return { ...presentEndpoint(endpoint), secret };
  }

  /** Turns an endpoint back on (after it was disabled by hand or automatically), with a clean slate. */
  async enableWebhook(p: UserPrincipal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpointFor(p, id, 'manage');
    const fields = { ...this.healthy(), updatedAt: this.clock.now().toISOString() };
    await this.tx(async (r) => {
      await r.notifications.updateEndpoint(id, fields);
      await this.audit(r, p, 'notifications.webhook_enabled', endpoint.orgId, 'webhook', id, {
        previousReason: endpoint.disabledReason,
      });
    });
    return presentEndpoint({ ...endpoint, ...fields });
  }

  /** Sends a signed `ping` now and returns its delivery (retried like any other when it fails). */
  async testWebhook(p: UserPrincipal, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpointFor(p, id, 'manage');
    const now = this.clock.now();
    const delivery = await this.tx(async (r) => {
      const d = await this.delivery.createDelivery(r, endpoint, 'ping', [], now, {
        enqueueFirstAttempt: false,
      });
      await this.audit(r, p, 'notifications.webhook_tested', endpoint.orgId, 'webhook', id, {
        deliveryId: d.id,
      });
      return d;
    });
    await this.delivery.attempt(delivery.id);
    return this.presentOne(delivery.id);
  }

  async listDeliveries(
    p: UserPrincipal,
    id: string,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    await this.endpointFor(p, id, 'read');
    const cursor = decodeCursor(query.cursor);
    if (query.cursor !== undefined && (typeof cursor?.[0] !== 'string' || typeof cursor[1] !== 'string')) {
      throw invalid([{ path: 'cursor', message: 'Not a cursor this list gave out.' }]);
    }
    const after =
      typeof cursor?.[0] === 'string' && typeof cursor[1] === 'string'
        ? { createdAt: cursor[0], id: cursor[1] }
        : undefined;
    const rows = await this.uow.read.notifications.listDeliveries(id, { limit: query.limit + 1, after });
    const page = rows.slice(0, query.limit);
    const attempts = await this.uow.read.notifications.attemptsOf(page.map((d) => d.id));
    const last = page[page.length - 1];
    return {
      items: page.map((d) => presentDelivery(d, attempts.get(d.id) ?? [])),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  private async presentOne(deliveryId: string): Promise<WebhookDelivery> {
    const d = await this.uow.read.notifications.findDelivery(deliveryId);
    if (!d) throw notFound('Delivery', deliveryId);
    const attempts = await this.uow.read.notifications.attemptsOf([d.id]);
    return presentDelivery(d, attempts.get(d.id) ?? []);
  }

  private healthy() {
    return { enabled: true, disabledReason: null, consecutiveFailures: 0, failingSince: null };
  }

  private async endpointFor(p: UserPrincipal, id: string, need: 'read' | 'manage'): Promise<EndpointRecord> {
    const endpoint = await this.uow.read.notifications.findEndpoint(id);
    if (!endpoint || !can(p, 'notifications.org.read', { orgId: endpoint.orgId })) {
      throw notFound('Webhook endpoint', id);
    }
    if (need === 'manage') authorize(p, 'notifications.org.manage', { orgId: endpoint.orgId });
    return endpoint;
  }

  /**
   * Syntactic checks, every problem at once: https (or http to a host the operator allow-listed),
   * no user name or password. Where the name leads is checked at every connection (OutboundClient).
   */
  private checkUrl(text: string): void {
    const problems: string[] = [];
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      problems.push('The URL is not an absolute URL (https://…).');
    }
    if (url) {
      const plainAllowed = url.protocol === 'http:' && this.outbound.allowListed(url.hostname);
      if (url.protocol !== 'https:' && !plainAllowed) {
        problems.push(
          url.protocol === 'http:'
            ? 'Webhook URLs must use https (plain http only to hosts the operator allow-listed).'
            : `The scheme ${url.protocol.slice(0, -1)} is not allowed; use https.`,
        );
      }
      if (url.username !== '' || url.password !== '') {
        problems.push('The URL must not carry a user name or password; the signature authenticates us.');
      }
      if (url.hash !== '') problems.push('The URL must not have a #fragment.');
    }
    if (problems.length > 0) throw invalid(problems.map((message) => ({ path: 'url', message })));
  }

  private audit(
    r: Repositories,
    p: UserPrincipal,
    action: string,
    orgId: string,
    targetType: string,
    targetId: string,
    data: Record<string, unknown>,
  ) {
    return recordAudit(r, p, action, { organizationId: orgId, targetType, targetId, data }, this.clock.now());
  }
}
