import {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  LoginRequest,
  PasswordResetConfirm,
  PasswordResetRequest,
  Me,
  PasswordChangeRequest,
  RecoveryCodes,
  TotpCodeRequest,
  TotpDisableRequest,
  TotpEnrollment,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { SESSION_COOKIE, type AuthService } from '../../modules/identity/auth.service.js';
import type { TokensService } from '../../modules/identity/tokens.service.js';
import type { AccountService } from '../../modules/identity/account.service.js';
import type { PasswordResetService } from '../../modules/identity/password-reset.service.js';
import { userOf } from '../context.js';

const mfaExempt = { mfaExempt: true } as const;

export function authRoutes(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    passwordReset: PasswordResetService;
    account: AccountService;
    tokens: TokensService;
    config: Pick<Config, 'secureCookies'>;
  },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { auth, account, tokens } = deps;

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail, password and (when enrolled) a two-factor code',
        description:
          'Sets the HttpOnly `ch_session` cookie. Send the returned csrfToken as `X-CSRF-Token` on writes.',
        body: LoginRequest,
        response: { 200: Me },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await auth.login(request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      void reply.setCookie(SESSION_COOKIE, result.sessionSecret, {
        httpOnly: true,
        secure: deps.config.secureCookies,
        sameSite: 'lax',
        path: '/',
        expires: result.expiresAt,
      });
      return result.me;
    },
  );

  r.post(
    '/api/v1/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Send a password reset link by e-mail (answers 202 whether or not the account exists)',
        body: PasswordResetRequest,
      },
      config: { auth: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await deps.passwordReset.requestPasswordReset(request.body.email, request.ip);
      return reply.status(202).send();
    },
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset link; ends every session',
        body: PasswordResetConfirm,
      },
      config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await deps.passwordReset.confirmPasswordReset(request.body, request.ip);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session' }, config: mfaExempt },
    async (request, reply) => {
      await auth.logout(request.principal);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/me',
    { schema: { tags: ['auth'], summary: 'Who am I', response: { 200: Me } }, config: mfaExempt },
    (request) => auth.me(userOf(request), request.csrfToken),
  );

  r.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChangeRequest,
      },
      config: mfaExempt,
    },
    async (request, reply) => {
      await account.changePassword(userOf(request), request.body);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/auth/totp/enroll',
    {
      schema: { tags: ['auth'], summary: 'Start two-factor enrolment', response: { 200: TotpEnrollment } },
      config: mfaExempt,
    },
    (request) => account.startTotpEnrollment(userOf(request)),
  );

  r.post(
    '/api/v1/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm enrolment with a code; returns recovery codes once',
        body: TotpCodeRequest,
        response: { 200: RecoveryCodes },
      },
      config: mfaExempt,
    },
    (request) => account.confirmTotpEnrollment(userOf(request), request.body.code),
  );

  r.post(
    '/api/v1/auth/totp/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Replace my recovery codes',
        body: TotpCodeRequest,
        response: { 200: RecoveryCodes },
      },
      config: mfaExempt,
    },
    (request) => account.regenerateRecoveryCodes(userOf(request), request.body.code),
  );

  r.post(
    '/api/v1/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor off (not allowed for clearinghouse roles)',
        body: TotpDisableRequest,
      },
    },
    async (request, reply) => {
      await account.disableTotp(userOf(request), request.body.password);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(ApiToken) }) },
      },
    },
    async (request) => ({ items: await tokens.listTokens(userOf(request)) }),
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the secret is shown once)',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await tokens.createToken(userOf(request), request.body)),
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await tokens.revokeToken(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
