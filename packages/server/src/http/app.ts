import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { responseSerializerCompiler } from './serializer.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError } from '../lib/errors.js';
import type { AuditService } from '../modules/audit/audit.service.js';
import type { AuthService } from '../modules/identity/auth.service.js';
import type { AccountService } from '../modules/identity/account.service.js';
import type { PasswordResetService } from '../modules/identity/password-reset.service.js';
import type { InvitationsService } from '../modules/identity/invitations.service.js';
import type { OrganizationsService } from '../modules/identity/organizations.service.js';
import type { TokensService } from '../modules/identity/tokens.service.js';
import type { UsersService } from '../modules/identity/users.service.js';
import type { JobsService } from '../modules/system/jobs.service.js';
import type { ReportsService } from '../modules/reports/reports.service.js';
import { reportRoutes } from './routes/reports.routes.js';
import type { CasesService } from '../modules/cases/cases.service.js';
import { caseRoutes } from './routes/cases.routes.js';
import { advisoryRoutes } from './routes/advisories.routes.js';
import type { AdvisoriesService } from '../modules/advisories/advisories.service.js';
import type { CsafProviderService } from '../modules/advisories/provider.service.js';
import type { OsvService } from '../modules/advisories/osv.service.js';
import type { ImportsService } from '../modules/advisories/imports.service.js';
import { importRoutes } from './routes/imports.routes.js';
import { csafProviderRoutes } from './routes/csaf-provider.routes.js';
import { osvRoutes } from './routes/osv.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { exposureRoutes } from './routes/exposure.routes.js';
import type { ExposuresService } from '../modules/exposure/exposures.service.js';
import type { InventoriesService } from '../modules/exposure/inventories.service.js';
import type { NotificationsService } from '../modules/notifications/notifications.service.js';
import { installAuth } from './auth-hook.js';
import { installErrorHandling } from './error-handler.js';
import { cspDirectives, installSecurityHeaders } from './security-headers.js';
import type { Metrics } from './metrics.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { organizationRoutes } from './routes/organizations.routes.js';
import { systemRoutes } from './routes/system.routes.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  version: string;
  services: {
    auth: AuthService;
    account: AccountService;
    passwordReset: PasswordResetService;
    tokens: TokensService;
    organizations: OrganizationsService;
    invitations: InvitationsService;
    users: UsersService;
    audit: AuditService;
    jobs: JobsService;
    reports: ReportsService;
    cases: CasesService;
    advisories: AdvisoriesService;
    provider: CsafProviderService;
    osv: OsvService;
    imports: ImportsService;
    notifications: NotificationsService;
    exposures: ExposuresService;
    inventories: InventoriesService;
  };
  ping: () => Promise<void>;
  metrics: Metrics;
  /** Built web app to serve at `/`, when present. */
  webDist?: string | undefined;
}

/** Hides secrets that travel in URLs (invitation tokens) from request logs. */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/invitations\/)(?!accept\b)[^/?#]+/, '$1[redacted]')
    .replace(/([?&](?:token|secret|code)=)[^&#]*/gi, '$1[redacted]');
}

/** The Clearinghouse mark for the API docs' header (links back to the app). */
const DOCS_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" viewBox="0 0 220 40"><rect width="40" height="40" rx="6" fill="#005ea2"/><path d="M12 20h16M20 12v16" stroke="#fff" stroke-width="4"/><text x="50" y="27" font-family="Source Sans Pro,Helvetica,Arial,sans-serif" font-size="20" fill="#fff">Clearinghouse API</text></svg>';

/** NUL anywhere in parsed JSON. Raw uploads (streams, buffers) are files, not text: not looked into. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).some(([k, v]) => k.includes('\0') || containsNul(v));
  return false;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const requestLinesLogged = deps.logger.isLevelEnabled('info');
  const app: FastifyInstance = Fastify({
    // pino's Logger widened to Fastify's logger interface, so route plugins type-check against it.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A child logger per request only pays when request lines are written (info and below);
    // above that, the few lines a request may write carry its id explicitly (see error-handler).
    childLoggerFactory: (logger, bindings, options) =>
      requestLinesLogged ? logger.child(bindings, options) : logger,
    genReqId: () => `req_${randomUUID()}`,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // false, a hop count, or proxy addresses (string): each is a form Fastify accepts.
    trustProxy: config.trustProxy as string,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  const webDist =
    deps.webDist && fs.existsSync(path.join(deps.webDist, 'index.html')) ? deps.webDist : undefined;
  installErrorHandling(app, { spaShell: webDist !== undefined });

  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.httpDuration.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  installSecurityHeaders(app, { hsts: config.secureCookies });
  // Cookies are parsed only where they matter (the auth hook, on API routes that carry one),
  // not on every request; the plugin still writes Set-Cookie.
  await app.register(cookie, { hook: false });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `rate limit ${context.max}/${context.after}`, {
          publicMessage: `Too many requests; try again in ${context.after}.`,
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        }),
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clearinghouse API',
        version: deps.version,
        description:
          'The AI cybersecurity clearinghouse API. Authenticate with `Authorization: Bearer <token>` (create tokens at /tokens) or the session cookie plus `X-CSRF-Token` on writes. Errors are `{ "error": { "code", "message", "requestId", "details"? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (cht_…).' },
          session: { type: 'apiKey', in: 'cookie', name: 'ch_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI's bundle sets one inline style, so its pages get the app's policy plus that.
  const docsCsp = cspDirectives(config.secureCookies);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: { ...docsCsp, 'style-src': ["'self'", "'unsafe-inline'"] },
    uiConfig: { deepLinking: true, validatorUrl: null },
    theme: { title: 'Clearinghouse API' },
    logo: { type: 'image/svg+xml', content: Buffer.from(DOCS_LOGO), href: '/', target: '_self' },
  });

  installAuth(app, deps.services.auth);
  // NUL is valid JSON but no database should store it (PostgreSQL text refuses it outright).
  // Checked only on routes that take a body, so reads pay nothing for it.
  const refuseNul = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    if (containsNul(request.body)) {
      done(
        new AppError('validation_failed', 'NUL in body', {
          details: [{ path: 'body', message: 'Text must not contain NUL (\\u0000) characters.' }],
        }),
      );
      return;
    }
    done();
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) return;
    const existing = route.preValidation;
    route.preValidation = [
      refuseNul,
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ] as typeof route.preValidation;
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, () => app.swagger());

  systemRoutes(app, { ping: deps.ping, metrics: deps.metrics, config, version: deps.version });
  authRoutes(app, {
    passwordReset: deps.services.passwordReset,
    auth: deps.services.auth,
    account: deps.services.account,
    tokens: deps.services.tokens,
    config,
  });
  organizationRoutes(app, deps.services);
  adminRoutes(app, deps.services);
  reportRoutes(app, { reports: deps.services.reports, uploadLimitBytes: config.uploadLimitBytes });
  caseRoutes(app, { cases: deps.services.cases });
  advisoryRoutes(app, { advisories: deps.services.advisories, provider: deps.services.provider });
  csafProviderRoutes(app, { provider: deps.services.provider });
  importRoutes(app, { imports: deps.services.imports });
  notificationRoutes(app, { notifications: deps.services.notifications });
  exposureRoutes(app, {
    inventories: deps.services.inventories,
    exposures: deps.services.exposures,
    scanBodyLimitBytes: config.uploadLimitBytes,
  });
  await osvRoutes(app, { osv: deps.services.osv });

  if (webDist)
    // Static files are logged only when something goes wrong: one page load fetches dozens.
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      logLevel: 'warn',
    });

  return app;
}
