/** Tables of the notifications module (subscriptions, webhooks, deliveries, digests). */
export interface NotificationTables {
  notification_subscriptions: NotificationSubscriptionsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  notification_digest_entries: NotificationDigestEntriesTable;
}

export interface NotificationSubscriptionsTable {
  id: string;
  organization_id: string;
  /** Null: organization-wide. */
  user_id: string | null;
  channel: string;
  webhook_id: string | null;
  filters: unknown;
  cadence: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  name: string;
  url: string;
  /** The signing secret, sealed (lib/sealed-box.ts). */
  secret_sealed: string;
  enabled: number;
  disabled_reason: string | null;
  consecutive_failures: number;
  /** The first failed attempt since the last success: 24 h of nothing but failures disables. */
  failing_since: string | null;
  last_delivery_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  organization_id: string;
  event: string;
  /** Which exposures to announce: the notices themselves are asked for again at every attempt. */
  exposure_ids: unknown;
  status: string;
  attempts: number;
  response_status: number | null;
  response_body_excerpt: string;
  error: string | null;
  duration_ms: number;
  next_attempt_at: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryAttemptsTable {
  delivery_id: string;
  number: number;
  at: string;
  response_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface NotificationDigestEntriesTable {
  id: string;
  subscription_id: string;
  organization_id: string;
  exposure_id: string;
  /** The UTC day (YYYY-MM-DD) of the digest the entry waits for. */
  digest_day: string;
  created_at: string;
}
