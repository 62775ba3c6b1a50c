import {
  Page,
  PageQuery,
  Subscription,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionUpdate,
  WebhookCreate,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookListQuery,
  WebhookUpdate,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { NotificationsService } from '../../modules/notifications/notifications.service.js';
import { userOf } from '../context.js';

const Params = z.object({ id: z.string().max(64) });
const tags = ['notifications'];

/** Subscriptions and webhook endpoints; the inbox itself is served with the cases routes. */
export function notificationRoutes(
  app: FastifyInstance,
  deps: { notifications: NotificationsService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { notifications } = deps;

  r.get(
    '/api/v1/subscriptions',
    {
      schema: {
        tags,
        summary: 'Your own subscriptions, and the organization-wide ones of organizations you administer',
        querystring: SubscriptionListQuery,
        response: { 200: z.object({ items: z.array(Subscription) }) },
      },
    },
    (request) => notifications.listSubscriptions(userOf(request), request.query),
  );
  r.post(
    '/api/v1/subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe yourself (e-mail, inbox) or, as an organization admin, the whole organization',
        body: SubscriptionCreate,
        response: { 201: Subscription },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await notifications.createSubscription(userOf(request), request.body)),
  );
  r.patch(
    '/api/v1/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Change filters, cadence, endpoint, or turn a subscription off and on',
        params: Params,
        body: SubscriptionUpdate,
        response: { 200: Subscription },
      },
    },
    (request) => notifications.updateSubscription(userOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/v1/subscriptions/:id',
    { schema: { tags, summary: 'Remove a subscription', params: Params } },
    async (request, reply) => {
      await notifications.deleteSubscription(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints of the organizations you administer',
        querystring: WebhookListQuery,
        response: { 200: z.object({ items: z.array(WebhookEndpoint) }) },
      },
    },
    (request) => notifications.listWebhooks(userOf(request), request.query),
  );
  r.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags,
        summary:
          'Add a webhook endpoint (organization admins); the signing secret is shown only in this answer',
        body: WebhookCreate,
        response: { 201: WebhookEndpointWithSecret },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await notifications.createWebhook(userOf(request), request.body)),
  );
  r.patch(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Rename, change the URL, or disable a webhook endpoint',
        params: Params,
        body: WebhookUpdate,
        response: { 200: WebhookEndpoint },
      },
    },
    (request) => notifications.updateWebhook(userOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/v1/webhooks/:id',
    { schema: { tags, summary: 'Remove a webhook endpoint, its subscriptions and its log', params: Params } },
    async (request, reply) => {
      await notifications.deleteWebhook(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a signed ping now; answers with the delivery and its first attempt',
        params: Params,
        response: { 200: WebhookDelivery },
      },
    },
    (request) => notifications.testWebhook(userOf(request), request.params.id),
  );
  r.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret; the new one is shown only in this answer',
        params: Params,
        response: { 200: WebhookEndpointWithSecret },
      },
    },
    (request) => notifications.rotateSecret(userOf(request), request.params.id),
  );
  r.post(
    '/api/v1/webhooks/:id/enable',
    {
      schema: {
        tags,
        summary: 'Turn an endpoint back on after it was disabled (by hand or after failures)',
        params: Params,
        response: { 200: WebhookEndpoint },
      },
    },
    (request) => notifications.enableWebhook(userOf(request), request.params.id),
  );
  r.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first, with every attempt',
        params: Params,
        querystring: PageQuery,
        response: { 200: Page(WebhookDelivery) },
      },
    },
    (request) => notifications.listDeliveries(userOf(request), request.params.id, request.query),
  );
}
