import type { ErrorBody, ErrorCode, ErrorDetail } from '@clearinghouse/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';
import { DEFAULT_MESSAGE, HTTP_STATUS } from './error-map.js';

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message?: string,
  details?: ErrorDetail[],
): FastifyReply {
  const body: ErrorBody = {
    error: {
      code,
      message: message ?? DEFAULT_MESSAGE[code],
      requestId: request.id,
      ...(details && details.length > 0 ? { details } : {}),
    },
  };
  return reply.status(HTTP_STATUS[code]).type('application/json; charset=utf-8').send(body);
}

function validationDetails(
  error: FastifyError & { validation: { instancePath: string; message?: string; keyword?: string }[] },
): ErrorDetail[] {
  const context = (error as { validationContext?: string }).validationContext;
  return error.validation.map((v) => {
    const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const path =
      context === 'body' || context === undefined
        ? field
        : [context === 'querystring' ? 'query' : context, field].filter(Boolean).join('.');
    return {
      path: path === '' ? (context ?? 'body') : path,
      message: v.message ?? 'Invalid value.',
      ...(v.keyword ? { code: v.keyword } : {}),
    };
  });
}

/** Fastify's own error codes, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_ERR_VALIDATION: 'validation_failed',
};

export function installErrorHandling(app: FastifyInstance, opts: { spaShell: boolean }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) void reply.headers(error.headers);
      const status = HTTP_STATUS[error.code];
      if (status >= 500) request.log.error({ err: error, reqId: request.id }, error.message);
      else request.log.info({ code: error.code, reason: error.message }, 'request refused');
      return sendError(reply, request, error.code, error.publicMessage, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendError(reply, request, 'validation_failed', undefined, validationDetails(error));
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendError(reply, request, 'malformed_request', 'The body is not valid JSON.');
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(reply, request, mapped);
    if (error.statusCode === 429) return sendError(reply, request, 'rate_limited');
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return sendError(reply, request, 'malformed_request', error.message);
    }
    request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    return sendError(reply, request, 'internal_error');
  });

  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the web app (/orgs/…, /invitations/accept?…) get the app's shell.
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (opts.spaShell && wantsPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendError(
      reply,
      request,
      'not_found',
      `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
    );
  });
}
