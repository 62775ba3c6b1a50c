import type {
  ExposureNotice,
  NotificationChannel,
  SubscriptionFilters,
  WebhookEvent,
  WebhookPayload,
} from '@clearinghouse/shared';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { derivedId } from '../../lib/derived-id.js';
import { newId } from '../../lib/ids.js';
import { isBlockedAddress, OutboundError, type OutboundClient } from '../../lib/outbound.js';
import type { SealedBox } from '../../lib/sealed-box.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { system } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { ExposureNoticeSource } from './exposure-notices.js';
import { DELIVER_WEBHOOK, SEND_DIGEST } from './jobs.js';
import {
  matchesFilters,
  messageTlp,
  renderEndpointDisabled,
  renderExposureMail,
  renderInboxNotice,
} from './messages.js';
import type {
  DeliveryRecord,
  EndpointRecord,
  Recipient,
  SubscriptionRecord,
} from './notifications.repository.js';
import { signatureHeader } from './webhook-signature.js';

/** Retries: about 30 s, doubling, capped at one hour, ±20 % jitter; given up 24 h after the first attempt. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** Deliveries in a row that may end without success before the endpoint is disabled. */
export const MAX_CONSECUTIVE_FAILURES = 5;
/**
 * Attempts a delivery gets while the receiver refuses the request itself (a 4xx other than 408 and
 * 429, or a redirect, which is not followed): waiting a day will not change its mind.
 */
export const MAX_REFUSED_ATTEMPTS = 3;
/** Response bytes read from a receiver; only the first 500 characters are kept anyway. */
export const WEBHOOK_RESPONSE_MAX_BYTES = 64 * 1024;
const EXCERPT_CHARS = 500;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.min(RETRY_CAP_MS, Math.round(base * (0.8 + 0.4 * random())));
}

/** The sealed secret is bound to its endpoint: a value copied onto another row does not open. */
export const secretContext = (endpointId: string) => `webhook-secret:${endpointId}`;

/** When the digest that an entry made now belongs to goes out, and its UTC day. */
export function nextDigest(now: Date, hourUtc: number): { at: Date; day: string } {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return { at, day: at.toISOString().slice(0, 10) };
}

/** Who gets what from one batch: exposure ids per recipient and channel, and per endpoint. */
interface Plan {
  mail: Map<string, Set<string>>;
  inbox: Map<string, Set<string>>;
  webhooks: Map<string, Set<string>>;
}

/** A subscription as the planner uses it; the defaults are ones no row holds. */
interface Rule {
  subscriptionId: string | null;
  userId: string | null;
  channel: NotificationChannel;
  webhookId: string | null;
  filters: SubscriptionFilters;
  daily: boolean;
  onlyAdmins?: boolean;
}

const NO_FILTERS: SubscriptionFilters = {
  exploitedOnly: false,
  minSsvc: null,
  minCvss: null,
  inventoryIds: [],
};

type AttemptOutcome =
  | { kind: 'success'; status: number; excerpt: string }
  | { kind: 'gone'; status: number; excerpt: string }
  | { kind: 'retry'; status: number | null; excerpt: string; error: string }
  /** The receiver turned the request down (4xx, 3xx, a reply too large): a few tries, then failed. */
  | { kind: 'rejected'; status: number | null; excerpt: string; error: string }
  | { kind: 'refused'; error: string };

export interface DeliverySettings {
  publicUrl: string;
  digestHourUtc: number;
  random?: () => number;
}

/**
 * Sends what subscriptions ask for: inbox notices, e-mail (through the SEND_MAIL job) and signed
 * webhook deliveries with their retries, and the daily digests. Whatever it sends it has just
 * asked the exposure module for, so a notice withdrawn, closed or no longer readable is not sent.
 */
export class NotificationDeliveryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly source: ExposureNoticeSource,
    private readonly outbound: OutboundClient,
    private readonly box: SealedBox,
    private readonly settings: DeliverySettings,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  // ---- NOTIFY_EXPOSURES -------------------------------------------------------------------------

  async notifyExposures(payload: { orgId: string; exposureIds: string[] }, jobId: string): Promise<void> {
    const notices = await this.source.notices(payload.orgId, payload.exposureIds);
    if (notices.length === 0) return;
    const now = this.clock.now();
    const subscriptions = await this.uow.read.notifications.subscriptionsOfOrg(payload.orgId);
    const rules = rulesOf(subscriptions);
    await this.uow.transaction(async (r) => {
      const recipients = await r.notifications.recipients(payload.orgId);
      const plan: Plan = { mail: new Map(), inbox: new Map(), webhooks: new Map() };
      for (const rule of rules) {
        const matching = notices.filter((n) => matchesFilters(n, rule.filters));
        if (matching.length === 0) continue;
        if (rule.daily && rule.subscriptionId !== null) {
          await this.addToDigest(r, rule.subscriptionId, payload.orgId, matching, now);
          continue;
        }
        addToPlan(plan, rule, recipients, matching);
      }
      await this.carryOut(r, plan, notices, payload.orgId, 'exposures.opened', {
        jobId,
        key: `exposures:${jobId}`,
        digest: false,
        now,
      });
    });
    this.onEnqueued();
  }

  private async addToDigest(
    r: Repositories,
    subscriptionId: string,
    orgId: string,
    notices: readonly ExposureNotice[],
    now: Date,
  ): Promise<void> {
    const { at, day } = nextDigest(now, this.settings.digestHourUtc);
    for (const n of notices) {
      await r.notifications.addDigestEntry({
        id: newId('digestEntry'),
        subscriptionId,
        orgId,
        exposureId: n.exposureId,
        day,
        createdAt: now.toISOString(),
      });
    }
    await enqueue(
      r,
      SEND_DIGEST,
      { subscriptionId, day },
      { now, runAt: at, idempotencyKey: `digest:${subscriptionId}:${day}` },
    );
  }

  /**
   * Inbox notices, e-mails and webhook deliveries for a plan, in the caller's transaction. Each is
   * keyed by the job (`key`, and ids derived from `jobId`), so a re-run of the job — the worker died
   * after the commit but before recording success — finds them written and adds nothing.
   */
  private async carryOut(
    r: Repositories,
    plan: Plan,
    notices: readonly ExposureNotice[],
    orgId: string,
    event: WebhookEvent,
    run: { jobId: string; key: string; digest: boolean; now: Date },
  ): Promise<void> {
    const { jobId, key, digest, now } = run;
    const org = await r.organizations.findById(orgId);
    if (!org) return;
    const recipients = new Map((await r.notifications.recipients(orgId)).map((m) => [m.userId, m]));
    // The order the exposure module gave (most urgent first) is kept in every message.
    const pick = (ids: Set<string>) => notices.filter((n) => ids.has(n.exposureId));
    for (const [userId, ids] of plan.inbox) {
      if (!recipients.has(userId)) continue;
      for (const n of pick(ids)) {
        await r.notifications.insertInboxNotice({
          id: derivedId('notification', jobId, `${key}:inbox:${userId}:${n.exposureId}`),
          userId,
          kind: 'exposure',
          ...renderInboxNotice(n),
          createdAt: now.toISOString(),
        });
      }
    }
    for (const [userId, ids] of plan.mail) {
      const to = recipients.get(userId);
      const chosen = pick(ids);
      if (!to || chosen.length === 0) continue;
      const mail = renderExposureMail({
        orgName: org.name,
        notices: chosen,
        publicUrl: this.settings.publicUrl,
        digest,
      });
      await enqueue(
        r,
        SEND_MAIL,
        { to: to.email, ...mail },
        { now, idempotencyKey: `${key}:mail:${userId}` },
      );
    }
    for (const [endpointId, ids] of plan.webhooks) {
      const endpoint = await r.notifications.findEndpoint(endpointId);
      if (!endpoint?.enabled || endpoint.orgId !== orgId) continue;
      await this.createDelivery(r, endpoint, event, [...ids], now, {
        id: derivedId('webhookDelivery', jobId, `${key}:webhook:${endpointId}`),
      });
    }
  }

  /**
   * A pending delivery and the job of its first attempt. With an `id` that exists already (the
   * same job's re-run) the delivery that has it is returned and nothing new is made.
   */
  async createDelivery(
    r: Repositories,
    endpoint: EndpointRecord,
    event: WebhookEvent,
    exposureIds: string[],
    now: Date,
    opts: { id?: string; enqueueFirstAttempt?: boolean } = {},
  ): Promise<DeliveryRecord> {
    const delivery: DeliveryRecord = {
      id: opts.id ?? newId('webhookDelivery'),
      endpointId: endpoint.id,
      orgId: endpoint.orgId,
      event,
      exposureIds,
      status: 'pending',
      attempts: 0,
      responseStatus: null,
      responseBodyExcerpt: '',
      error: null,
      durationMs: 0,
      nextAttemptAt: now.toISOString(),
      firstAttemptAt: null,
      lastAttemptAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    if (!(await r.notifications.insertDelivery(delivery))) {
      return (await r.notifications.findDelivery(delivery.id)) ?? delivery;
    }
    if (opts.enqueueFirstAttempt ?? true) {
      await enqueue(
        r,
        DELIVER_WEBHOOK,
        { deliveryId: delivery.id },
        { now, idempotencyKey: `webhook:${delivery.id}:1` },
      );
    }
    return delivery;
  }

  // ---- digests ----------------------------------------------------------------------------------

  async sendDigest(payload: { subscriptionId: string; day: string }, jobId: string): Promise<void> {
    const sub = await this.uow.read.notifications.findSubscription(payload.subscriptionId);
    if (!sub) return;
    const ids = await this.uow.read.notifications.digestExposureIds(sub.id, payload.day);
    const notices =
      sub.enabled && ids.length > 0
        ? (await this.source.notices(sub.orgId, ids)).filter((n) => matchesFilters(n, sub.filters))
        : [];
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.notifications.clearDigest(sub.id, payload.day);
      if (notices.length === 0) return;
      const plan: Plan = { mail: new Map(), inbox: new Map(), webhooks: new Map() };
      addToPlan(plan, ruleOf(sub), await r.notifications.recipients(sub.orgId), notices);
      await this.carryOut(r, plan, notices, sub.orgId, 'digest', {
        jobId,
        key: `digest:${sub.id}:${payload.day}`,
        digest: true,
        now,
      });
    });
    this.onEnqueued();
  }

  // ---- webhook attempts -------------------------------------------------------------------------

  /** One attempt of a pending delivery; records it and schedules the next one when it may retry. */
  async attempt(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const d = await this.uow.read.notifications.findDelivery(deliveryId);
    if (d?.status !== 'pending') return d;
    const now = this.clock.now();
    // A duplicate run of an earlier attempt's job: the next attempt is not due yet.
    if (d.nextAttemptAt !== null && d.nextAttemptAt > now.toISOString()) return d;
    const endpoint = await this.uow.read.notifications.findEndpoint(d.endpointId);
    if (!endpoint) return d;
    if (!endpoint.enabled && d.event !== 'ping') {
      return this.close(
        d,
        'abandoned',
        `not sent: the endpoint is disabled (${endpoint.disabledReason ?? 'by hand'})`,
      );
    }
    const org = await this.uow.read.organizations.findById(d.orgId);
    let notices: ExposureNotice[] = [];
    if (d.event !== 'ping') {
      notices = await this.source.notices(d.orgId, d.exposureIds);
      if (notices.length === 0) {
        return this.close(
          d,
          'abandoned',
          'nothing left to send: the exposures were closed or may no longer be shared',
        );
      }
    }
    const payload: WebhookPayload = {
      type: d.event,
      id: d.id,
      createdAt: d.createdAt,
      organization: { id: d.orgId, name: org?.name ?? '' },
      tlp: notices.length > 0 ? messageTlp(notices) : null,
      notices,
    };
    const body = JSON.stringify(payload);
    const secret = this.box.open(endpoint.secretSealed, secretContext(endpoint.id));
    const started = performance.now();
    const outcome = await this.post(endpoint.url, body, {
      'content-type': 'application/json',
      'x-clearinghouse-event': d.event,
      'x-clearinghouse-delivery': d.id,
      'x-clearinghouse-signature': signatureHeader(secret, Math.floor(now.getTime() / 1000), body),
    });
    const durationMs = Math.round(performance.now() - started);
    await this.uow.transaction((r) => this.record(r, d, outcome, durationMs));
    this.onEnqueued();
    return this.uow.read.notifications.findDelivery(d.id);
  }

  private async post(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome> {
    try {
      const res = await this.outbound.post(url, body, {
        headers,
        accept: 'application/json, text/plain, */*',
      });
      const excerpt = res.body.toString('utf8').slice(0, EXCERPT_CHARS);
      const { status } = res;
      if (status >= 200 && status < 300) return { kind: 'success', status, excerpt };
      if (status === 410) return { kind: 'gone', status, excerpt };
      const error = `the receiver answered HTTP ${status}`;
      // 408 Request Timeout and 429 Too Many Requests ask to come back later; 5xx is the receiver's
      // own trouble. Any other 4xx, and a redirect (not followed for a POST), refuses the request.
      if (status === 408 || status === 429 || status >= 500) {
        return { kind: 'retry', status, excerpt, error };
      }
      return { kind: 'rejected', status, excerpt, error };
    } catch (error) {
      if (error instanceof OutboundError && error.reason === 'blocked_address') {
        const cls = isBlockedAddress(error.address ?? '').reason ?? 'invalid';
        return { kind: 'refused', error: `destination refused: ${cls} (${error.message}); not retried` };
      }
      if (error instanceof OutboundError && error.reason === 'too_large') {
        // The status is unknown; a receiver that answers this much will most likely do so again.
        return {
          kind: 'rejected',
          status: null,
          excerpt: '',
          error: `the reply was larger than ${WEBHOOK_RESPONSE_MAX_BYTES / 1024} KiB`,
        };
      }
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof OutboundError) return { kind: 'retry', status: null, excerpt: '', error: message };
      // Not an outbound failure (the URL itself was refused): retrying cannot help.
      return { kind: 'refused', error: `destination refused: ${message}; not retried` };
    }
  }

  /** The attempt's row, the delivery's new state, the endpoint's health — one transaction. */
  private async record(r: Repositories, d: DeliveryRecord, outcome: AttemptOutcome, durationMs: number) {
    const now = this.clock.now();
    const at = now.toISOString();
    const attempts = d.attempts + 1;
    const firstAttemptAt = d.firstAttemptAt ?? at;
    const endpoint = await r.notifications.lockEndpoint(d.endpointId);
    let status: DeliveryRecord['status'] = 'failed';
    let error: string | null = null;
    let nextAttemptAt: string | null = null;
    let disableReason: string | null = null;
    switch (outcome.kind) {
      case 'success':
        status = 'succeeded';
        break;
      case 'gone':
        error = 'the receiver answered 410 Gone: the endpoint is disabled';
        disableReason = 'the receiver answered 410 Gone';
        break;
      case 'refused':
        error = outcome.error;
        break;
      case 'rejected':
      case 'retry': {
        // A refusal is retried a few times (a receiver being redeployed may answer 404 for a while).
        if (outcome.kind === 'rejected' && attempts >= MAX_REFUSED_ATTEMPTS) {
          error = `${outcome.error}; failed: turned down ${attempts} times, not retried`;
          break;
        }
        // The last attempt falls exactly 24 hours after the first; failing then, it is abandoned.
        const deadline = Date.parse(firstAttemptAt) + RETRY_WINDOW_MS;
        const next = Math.min(deadline, now.getTime() + retryDelayMs(attempts, this.settings.random));
        if (now.getTime() >= deadline) {
          status = 'abandoned';
          error = `${outcome.error}; abandoned: still failing 24 hours after the first attempt`;
        } else {
          status = 'pending';
          error = outcome.error;
          nextAttemptAt = new Date(next).toISOString();
          await enqueue(
            r,
            DELIVER_WEBHOOK,
            { deliveryId: d.id },
            { now, runAt: new Date(next), idempotencyKey: `webhook:${d.id}:${attempts + 1}` },
          );
        }
        break;
      }
    }
    await r.notifications.recordAttempt({
      id: d.id,
      status,
      attempts,
      responseStatus: outcome.kind === 'refused' ? null : outcome.status,
      responseBodyExcerpt: outcome.kind === 'refused' ? '' : outcome.excerpt,
      error,
      durationMs,
      nextAttemptAt,
      firstAttemptAt,
      lastAttemptAt: at,
    });
    if (!endpoint) return;

    const succeeded = status === 'succeeded';
    const ended = status === 'failed' || status === 'abandoned';
    const consecutiveFailures = succeeded ? 0 : endpoint.consecutiveFailures + (ended ? 1 : 0);
    const failingSince = succeeded ? null : (endpoint.failingSince ?? at);
    if (disableReason === null && endpoint.enabled) {
      if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
        disableReason = `${consecutiveFailures} deliveries in a row failed`;
      } else if (failingSince !== null && now.getTime() - Date.parse(failingSince) >= RETRY_WINDOW_MS) {
        disableReason = 'every delivery attempt failed for 24 hours';
      }
    }
    const disable = disableReason !== null && endpoint.enabled;
    await r.notifications.updateEndpoint(endpoint.id, {
      consecutiveFailures,
      failingSince,
      lastDeliveryAt: at,
      ...(disable && { enabled: false, disabledReason: disableReason }),
      updatedAt: at,
    });
    if (disable && disableReason !== null) await this.endpointDisabled(r, endpoint, disableReason, now);
  }

  /** Audit, and tell the organization's admins in the inbox and by e-mail. */
  private async endpointDisabled(r: Repositories, endpoint: EndpointRecord, reason: string, now: Date) {
    await recordAudit(
      r,
      system('webhooks'),
      'notifications.webhook_disabled',
      { organizationId: endpoint.orgId, targetType: 'webhook', targetId: endpoint.id, data: { reason } },
      now,
    );
    const message = renderEndpointDisabled({
      endpointName: endpoint.name,
      reason,
      publicUrl: this.settings.publicUrl,
    });
    for (const admin of (await r.notifications.recipients(endpoint.orgId)).filter(
      (m) => m.role === 'admin',
    )) {
      await r.notifications.insertInboxNotice({
        id: newId('notification'),
        userId: admin.userId,
        kind: 'webhook.disabled',
        title: message.title,
        body: `The endpoint was disabled: ${reason}.`,
        link: message.link,
        createdAt: now.toISOString(),
      });
      await enqueue(
        r,
        SEND_MAIL,
        { to: admin.email, subject: message.subject, text: message.text },
        { now, idempotencyKey: `webhook-disabled:${endpoint.id}:${now.toISOString()}:${admin.userId}` },
      );
    }
  }

  private async close(d: DeliveryRecord, status: 'abandoned' | 'failed', error: string) {
    await this.uow.transaction((r) =>
      r.notifications.closeDelivery(d.id, status, error, this.clock.now().toISOString()),
    );
    return this.uow.read.notifications.findDelivery(d.id);
  }
}

/**
 * The subscriptions that decide, plus the DEFAULTS while the organization has no organization-wide
 * subscription: every member gets the inbox, admins get immediate e-mail (the notices the source
 * returns are the alerting ones).
 */
function rulesOf(subscriptions: readonly SubscriptionRecord[]): Rule[] {
  const rules = subscriptions.filter((s) => s.enabled).map(ruleOf);
  if (!subscriptions.some((s) => s.userId === null)) {
    const base = { subscriptionId: null, userId: null, webhookId: null, filters: NO_FILTERS, daily: false };
    rules.push({ ...base, channel: 'inbox' }, { ...base, channel: 'email', onlyAdmins: true });
  }
  return rules;
}

function ruleOf(s: SubscriptionRecord): Rule {
  return {
    subscriptionId: s.id,
    userId: s.userId,
    channel: s.channel,
    webhookId: s.webhookId,
    filters: s.filters,
    daily: s.cadence === 'daily',
  };
}

/** Adds a rule's notices to the plan; people are only the organization's members now. */
function addToPlan(
  plan: Plan,
  rule: Rule,
  recipients: readonly Recipient[],
  notices: readonly ExposureNotice[],
) {
  const add = (map: Map<string, Set<string>>, key: string) => {
    const set = map.get(key) ?? new Set<string>();
    for (const n of notices) set.add(n.exposureId);
    map.set(key, set);
  };
  if (rule.channel === 'webhook') {
    if (rule.webhookId !== null) add(plan.webhooks, rule.webhookId);
    return;
  }
  const people = recipients.filter(
    (m) => (rule.userId === null || m.userId === rule.userId) && (!rule.onlyAdmins || m.role === 'admin'),
  );
  for (const m of people) add(rule.channel === 'email' ? plan.mail : plan.inbox, m.userId);
}
