import { z } from 'zod';
import { ExposureNotice } from './exposure.js';
import { Tlp } from './tlp.js';

/**
 * Notifications: who hears about new exposures, how (e-mail, signed webhook, in-app inbox) and
 * when (at once or in a daily digest).
 *
 * DEFAULTS. While an organization has no organization-wide subscription (enabled or not), it still
 * hears: every member gets an inbox notice per exposure, and the organization's admins get an
 * immediate e-mail for alerting exposures. Personal subscriptions add to these defaults. The first
 * organization-wide subscription an admin creates replaces the defaults with what it says.
 *
 * Every message carries its TLP label: the e-mail subject starts `[TLP:…]` and the body repeats
 * it; every webhook notice has its `tlp`. Only exposures the exposure module still returns at the
 * time of sending (released, readable by the organization, still open) are ever sent.
 */

const Timestamp = z.iso.datetime();

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'inbox'] as const;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NOTIFICATION_CADENCES = ['immediate', 'daily'] as const;
export const NotificationCadence = z.enum(NOTIFICATION_CADENCES);
export type NotificationCadence = z.infer<typeof NotificationCadence>;

/** SSVC decisions a subscription may ask for at least (`track*` counts as `track`). */
export const MIN_SSVC_LEVELS = ['track', 'attend', 'act'] as const;

const filterFields = {
  exploitedOnly: z
    .boolean()
    .describe('Only vulnerabilities known to be exploited (KEV or the advisory says so).'),
  minSsvc: z
    .enum(MIN_SSVC_LEVELS)
    .nullable()
    .describe('At least this SSVC decision; a known-exploited vulnerability always passes.'),
  minCvss: z.number().min(0).max(10).nullable().describe('At least this CVSS base score.'),
  inventoryIds: z
    .array(z.string().max(64))
    .max(200)
    .describe('Only exposures in these inventories; empty: all.'),
};

export const SubscriptionFilters = z.object({
  exploitedOnly: filterFields.exploitedOnly.default(false),
  minSsvc: filterFields.minSsvc.default(null),
  minCvss: filterFields.minCvss.default(null),
  inventoryIds: filterFields.inventoryIds.default([]),
});
export type SubscriptionFilters = z.infer<typeof SubscriptionFilters>;

export const Subscription = z
  .object({
    id: z.string(),
    orgId: z.string(),
    userId: z
      .string()
      .nullable()
      .describe('Null: organization-wide (managed by its admins); otherwise the one person it is for.'),
    channel: NotificationChannel,
    webhookId: z.string().nullable().describe('The endpoint, for the webhook channel.'),
    filters: SubscriptionFilters,
    cadence: NotificationCadence.describe(
      'immediate, or daily: one digest a day at the configured UTC hour (default 07:00).',
    ),
    enabled: z.boolean(),
    createdAt: Timestamp,
  })
  .describe(
    'Who hears about new exposures, how and when. While an organization has no organization-wide subscription, every member gets inbox notices and its admins get immediate e-mail for alerting exposures.',
  );
export type Subscription = z.infer<typeof Subscription>;

/**
 * Problems of a subscription's shape. They are checked even when other fields have problems too
 * (`when`), so a client is told everything at once; the value may then be partly invalid.
 */
type Shape = { scope?: unknown; channel?: unknown; webhookId?: unknown };
const shapeCheck = (path: string, message: string) => ({
  path: [path],
  message,
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
});

export const SubscriptionCreate = z
  .object({
    orgId: z
      .string()
      .max(64)
      .optional()
      .describe('The organization; may be left out by someone who belongs to exactly one.'),
    scope: z
      .enum(['organization', 'user'])
      .default('user')
      .describe('organization: for the whole organization (its admins only); user: for yourself.'),
    channel: NotificationChannel,
    webhookId: z.string().max(64).nullable().default(null),
    filters: SubscriptionFilters.default({
      exploitedOnly: false,
      minSsvc: null,
      minCvss: null,
      inventoryIds: [],
    }),
    cadence: NotificationCadence.default('immediate'),
    enabled: z.boolean().default(true),
  })
  .refine(
    (s: Shape) => s.channel !== 'webhook' || Boolean(s.webhookId),
    shapeCheck('webhookId', 'A webhook subscription needs a webhookId.'),
  )
  .refine(
    (s: Shape) => s.channel === 'webhook' || !s.webhookId,
    shapeCheck('webhookId', 'Only a webhook subscription has a webhookId.'),
  )
  .refine(
    (s: Shape) => !(s.scope === 'user' && s.channel === 'webhook'),
    shapeCheck(
      'channel',
      'Personal subscriptions use e-mail or the inbox; webhooks belong to the organization.',
    ),
  );
export type SubscriptionCreate = z.input<typeof SubscriptionCreate>;

export const SubscriptionUpdate = z.object({
  filters: z.object(filterFields).partial().optional().describe('Only the filters given change.'),
  cadence: NotificationCadence.optional(),
  enabled: z.boolean().optional(),
  webhookId: z.string().max(64).optional().describe('Another endpoint, for a webhook subscription.'),
});
export type SubscriptionUpdate = z.infer<typeof SubscriptionUpdate>;

export const SubscriptionListQuery = z.object({
  orgId: z.string().max(64).optional().describe('Only this organization.'),
});

// ---- webhooks ------------------------------------------------------------------------------------

export const WEBHOOK_EVENTS = ['exposures.opened', 'ping', 'digest'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookEndpoint = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  url: z.string().describe('https, or http only to a host the operator allow-listed (CH_OUTBOUND_ALLOW).'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('Why it was disabled, automatically or by hand.'),
  consecutiveFailures: z
    .number()
    .int()
    .describe('Deliveries in a row that ended without success (abandoned or refused).'),
  lastDeliveryAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The endpoint with its signing secret: returned once, on create and on rotate, never again. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z
    .string()
    .describe('whsec_…: the HMAC-SHA256 key for X-Clearinghouse-Signature. Shown only this once.'),
});
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

const WebhookName = z.string().trim().min(1).max(200);
const WebhookUrl = z.string().trim().min(1).max(2000);

export const WebhookCreate = z.object({
  orgId: z.string().max(64).optional().describe('May be left out by someone who belongs to exactly one.'),
  name: WebhookName,
  url: WebhookUrl,
  enabled: z.boolean().default(true),
});
export type WebhookCreate = z.input<typeof WebhookCreate>;

export const WebhookUpdate = z.object({
  name: WebhookName.optional(),
  url: WebhookUrl.optional(),
  enabled: z.boolean().optional().describe('false disables it by hand; use /enable to turn it back on.'),
});
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

export const WebhookListQuery = SubscriptionListQuery;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'abandoned'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryAttempt = z.object({
  number: z.number().int(),
  at: Timestamp,
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

/**
 * One message to one endpoint and its attempts. pending: being tried (nextAttemptAt says when
 * again); succeeded: a 2xx; failed: not retried (410 Gone, refused destination); abandoned: still
 * failing 24 h after the first attempt, or nothing left that may be sent.
 */
export const WebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  event: WebhookEvent,
  status: DeliveryStatus,
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable().describe('Of the last attempt.'),
  responseBodyExcerpt: z
    .string()
    .describe('The first 500 characters of the last response body; never headers.'),
  error: z.string().nullable(),
  durationMs: z.number().int().describe('Of the last attempt.'),
  nextAttemptAt: Timestamp.nullable(),
  createdAt: Timestamp,
  lastAttemptAt: Timestamp.nullable(),
  attemptLog: z.array(DeliveryAttempt).describe('Every attempt, oldest first.'),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** What an endpoint receives (the raw body is what the signature covers). */
export const WebhookPayload = z.object({
  type: WebhookEvent,
  id: z.string().describe('The delivery id, the same on every retry: use it to drop duplicates.'),
  createdAt: Timestamp,
  organization: z.object({ id: z.string(), name: z.string() }),
  tlp: Tlp.nullable().describe('The most restrictive label of the notices (null when there are none).'),
  notices: z.array(ExposureNotice),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
