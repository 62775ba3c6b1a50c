import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { safeEqual } from '../../lib/secrets.js';
import { sendError } from '../error-handler.js';
import type { Metrics } from '../metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function systemRoutes(
  app: FastifyInstance,
  deps: {
    ping: () => Promise<void>;
    metrics: Metrics;
    config: Pick<Config, 'metricsToken' | 'trustProxy'>;
    version: string;
  },
): void {
  const publicRoute = { auth: 'public' as const, rateLimit: false as const };

  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'The process is up' }, config: publicRoute },
    () => ({
      status: 'ok',
      version: deps.version,
    }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'The database is reachable' }, config: publicRoute },
    async (request, reply) => {
      try {
        await deps.ping();
        return { status: 'ready' };
      } catch (err) {
        request.log.error({ err }, 'readiness check failed');
        return sendError(reply, request, 'service_unavailable', 'The database is not reachable.');
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: false }, config: publicRoute },
    async (request, reply) => {
      const token = deps.config.metricsToken;
      const header = request.headers.authorization ?? '';
      const allowed =
        token === undefined
          ? LOOPBACK.has(request.socket.remoteAddress ?? '')
          : safeEqual(header, `Bearer ${token}`);
      if (!allowed)
        return sendError(
          reply,
          request,
          token === undefined ? 'forbidden' : 'unauthenticated',
          'Metrics need CH_METRICS_TOKEN, or a loopback client.',
        );
      return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    },
  );
}
