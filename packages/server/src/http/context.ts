import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import type { Principal, UserPrincipal } from '../policy/principal.js';

export type RouteAuth = 'public' | 'user';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** The session's CSRF token, when the caller is signed in with the session cookie. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; API routes default to 'user'. */
    auth?: RouteAuth;
    /**
     * Outside /api/ requests are anonymous; a route that serves more to signed-in callers (the CSAF
     * provider's restricted folders) opts in to reading their token or session.
     */
    readsCredentials?: boolean;
    /** Reachable while two-factor enrolment is still required (me, logout, the TOTP routes). */
    mfaExempt?: boolean;
  }
}

/** The signed-in user of a route whose config requires one (the auth hook guarantees it). */
export function userOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p.kind !== 'user') throw new AppError('unauthenticated', 'route needs a user');
  return p;
}
