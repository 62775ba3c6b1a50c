import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import { safeEqual } from '../lib/secrets.js';
import type { AuthService } from '../modules/identity/auth.service.js';
import { SESSION_COOKIE } from '../modules/identity/auth.service.js';
import { anonymous } from '../policy/principal.js';
import './context.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1])
    throw new AppError('unauthenticated', 'malformed Authorization header', {
      publicMessage: 'Use Authorization: Bearer <token>.',
    });
  return match[1];
}

/**
 * Resolves who is calling — API token, session cookie, or nobody — then enforces the route's
 * requirement, CSRF for cookie-authenticated writes, and two-factor enrolment for staff.
 */
export function installAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('csrfToken', null);

  // Runs at preParsing: after the rate limiter (a route-level onRequest hook), before a body
  // is read or validated for a caller who may not call the route at all.
  // Callback style with a synchronous path: pages, health checks and API calls whose token is
  // already cached are decided without a promise; anything else waits for the database.
  app.addHook('preParsing', (request, reply, payload, done) => {
    let pending: Promise<void> | undefined;
    try {
      pending = decideFast(request) ? undefined : authenticate(request, reply);
    } catch (err) {
      done(err as Error);
      return;
    }
    if (pending === undefined) done(null, payload);
    else
      pending.then(
        () => done(null, payload),
        (err: unknown) => done(err as Error),
      );
  });

  /** True when the request is settled without waiting: not an API route, or a cached token. */
  function decideFast(request: FastifyRequest): boolean {
    request.principal = anonymous(request.ip);
    // The matched route, not the raw URL: /%61pi/… must not dodge the checks.
    // Routes outside /api/ (web app files, OSV API, /metrics) are anonymous, unless they opt in:
    // the CSAF provider's TLP:GREEN/AMBER/RED folders read the caller's credentials.
    if (
      request.routeOptions.url?.startsWith('/api/') !== true &&
      request.routeOptions.config.readsCredentials !== true
    )
      return true;
    const token = bearer(request);
    if (token === undefined) return false;
    const principal = auth.authenticateTokenCached(token, request.ip);
    if (principal === undefined) return false;
    request.principal = principal;
    enforceRoute(request);
    return true;
  }

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearer(request);
    if (token !== undefined) {
      const principal = await auth.authenticateToken(token, request.ip);
      if (!principal)
        throw new AppError('unauthenticated', 'unknown, expired or revoked token', {
          publicMessage: 'The API token is not valid (unknown, expired or revoked).',
        });
      request.principal = principal;
    } else {
      const header = request.headers.cookie;
      const cookie = header ? request.server.parseCookie(header)[SESSION_COOKIE] : undefined;
      if (cookie) {
        const session = await auth.authenticateSession(cookie, request.ip);
        if (session) {
          const sent = request.headers['x-csrf-token'];
          const csrfOk =
            !UNSAFE.has(request.method) || (typeof sent === 'string' && safeEqual(sent, session.csrfToken));
          if (csrfOk) {
            request.principal = session.principal;
            request.csrfToken = session.csrfToken;
          } else if (request.routeOptions.config.auth !== 'public') {
            // A cookie rides along on cross-site requests; without the token we act on nothing.
            throw new AppError('csrf_failed', 'csrf token missing or wrong');
          }
        } else {
          void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }

    enforceRoute(request);
  }

  /** The route's requirement, and two-factor enrolment for staff. */
  function enforceRoute(request: FastifyRequest): void {
    const routeConfig = request.routeOptions.config;
    const required = routeConfig.auth ?? 'user';
    if (required === 'user' && request.principal.kind !== 'user')
      throw new AppError('unauthenticated', 'no credentials');
    if (
      request.principal.kind === 'user' &&
      request.principal.mfaEnrollmentRequired &&
      routeConfig.mfaExempt !== true &&
      required !== 'public'
    ) {
      throw new AppError('mfa_enrollment_required', 'staff without two-factor');
    }
  }
}
