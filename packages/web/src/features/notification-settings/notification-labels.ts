import type {
  DeliveryStatus,
  MIN_SSVC_LEVELS,
  NotificationCadence,
  NotificationChannel,
  Subscription,
  WebhookEvent,
} from '@clearinghouse/shared';
import { PRIORITY_TIER_LABELS } from '../exposure/exposure-labels';

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  email: 'E-mail',
  webhook: 'Webhook',
  inbox: 'Notifications inbox',
};

export const CADENCE_LABELS: Record<NotificationCadence, string> = {
  immediate: 'At once',
  daily: 'Once a day (digest)',
};

export const MIN_SSVC_LABELS: Record<(typeof MIN_SSVC_LEVELS)[number], string> = {
  track: 'Track or higher (everything)',
  attend: 'Attend or Act',
  act: 'Act only',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Being retried',
  succeeded: 'Delivered',
  failed: 'Failed (not retried)',
  abandoned: 'Abandoned',
};

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'exposures.opened': 'New exposures',
  ping: 'Test',
  digest: 'Daily digest',
};

/** "Known exploited only, SSVC Act only, CVSS ≥ 7, 2 inventories", or "Everything". */
export function describeFilters(
  filters: Subscription['filters'],
  inventoryName: (id: string) => string,
): string {
  const parts: string[] = [];
  if (filters.exploitedOnly) parts.push(`${PRIORITY_TIER_LABELS.exploited} only`);
  if (filters.minSsvc) parts.push(`SSVC: ${MIN_SSVC_LABELS[filters.minSsvc]}`);
  if (filters.minCvss !== null) parts.push(`CVSS ${filters.minCvss} or higher`);
  if (filters.inventoryIds.length > 0)
    parts.push(`Inventories: ${filters.inventoryIds.map(inventoryName).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'Every new exposure';
}
