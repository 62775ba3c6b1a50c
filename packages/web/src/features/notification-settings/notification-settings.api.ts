import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Page,
  Subscription,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  type SubscriptionCreate,
  type SubscriptionUpdate,
  type WebhookCreate,
} from '@clearinghouse/shared';
import { api, itemsOf, segment, withQuery } from '../../app/api';

const SubscriptionList = itemsOf(Subscription);
const WebhookList = itemsOf(WebhookEndpoint);
const DeliveryPage = Page(WebhookDelivery);

export const notificationSettingsKeys = {
  all: ['notification-settings'] as const,
  subscriptions: (orgId: string) => ['notification-settings', 'subscriptions', orgId] as const,
  webhooks: (orgId: string) => ['notification-settings', 'webhooks', orgId] as const,
  deliveries: (webhookId: string) => ['notification-settings', 'deliveries', webhookId] as const,
};

// ---- subscriptions ------------------------------------------------------------------------------

/** Your own, and the organization-wide ones when you administer the organization. */
export function useSubscriptions(orgId: string) {
  return useQuery({
    queryKey: notificationSettingsKeys.subscriptions(orgId),
    queryFn: () => api.get(withQuery('/api/v1/subscriptions', { orgId }), SubscriptionList),
  });
}

export function useCreateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SubscriptionCreate) => api.post('/api/v1/subscriptions', Subscription, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

export function useUpdateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, update }: { id: string; update: SubscriptionUpdate }) =>
      api.patch(`/api/v1/subscriptions/${segment(id)}`, Subscription, update),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

export function useDeleteSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/subscriptions/${segment(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

// ---- webhooks -----------------------------------------------------------------------------------

export function useWebhooks(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: notificationSettingsKeys.webhooks(orgId),
    queryFn: () => api.get(withQuery('/api/v1/webhooks', { orgId }), WebhookList),
    enabled,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: WebhookCreate) => api.post('/api/v1/webhooks', WebhookEndpointWithSecret, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

/** "Send test": a signed ping now; answers with the delivery and its first attempt. */
export function useTestWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/webhooks/${segment(id)}/test`, WebhookDelivery),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

export function useRotateWebhookSecret() {
  return useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/v1/webhooks/${segment(id)}/rotate-secret`, WebhookEndpointWithSecret),
  });
}

export function useEnableWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/webhooks/${segment(id)}/enable`, WebhookEndpoint),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/webhooks/${segment(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationSettingsKeys.all }),
  });
}

export function useDeliveries(webhookId: string) {
  return useInfiniteQuery({
    queryKey: notificationSettingsKeys.deliveries(webhookId),
    queryFn: ({ pageParam }) =>
      api.get(
        withQuery(`/api/v1/webhooks/${segment(webhookId)}/deliveries`, { cursor: pageParam, limit: 20 }),
        DeliveryPage,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
