import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ErrorCode } from '@clearinghouse/shared';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_MESSAGE, HTTP_STATUS } from '../error-map.js';
import { OsvBatch, OsvQuery, type OsvService } from '../../modules/advisories/osv.service.js';

const tags = ['osv'];
const config = { auth: 'public' as const };
/** OSV.dev's gRPC status codes for our error codes. */
const GRPC: Partial<Record<ErrorCode, number>> = {
  validation_failed: 3,
  malformed_request: 3,
  payload_too_large: 3,
  not_found: 5,
  unauthenticated: 16,
  rate_limited: 8,
};

/**
 * OSV.dev's API, same paths and shapes (https://google.github.io/osv.dev/api/), so osv-scanner and
 * other OSV clients can point at us. Errors come in OSV.dev's shape too: `{ code, message }` with
 * gRPC codes (3 invalid argument, 5 not found, 13 internal).
 */
export async function osvRoutes(app: FastifyInstance, deps: { osv: OsvService }): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  await app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error))
        return reply.status(400).send({
          code: 3,
          message: error.validation
            .map((v) => `${v.instancePath || 'body'}: ${v.message ?? 'invalid'}`)
            .join('; '),
        });
      if (error instanceof AppError && HTTP_STATUS[error.code] < 500) {
        if (error.headers) void reply.headers(error.headers);
        return reply
          .status(HTTP_STATUS[error.code])
          .send({ code: GRPC[error.code] ?? 3, message: error.publicMessage ?? DEFAULT_MESSAGE[error.code] });
      }
      if (error.statusCode === 429) return reply.status(429).send({ code: 8, message: 'Too many requests.' });
      if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
        return reply.status(400).send({ code: 3, message: 'The body is not valid JSON.' });
      if (error.statusCode !== undefined && error.statusCode < 500)
        return reply.status(error.statusCode).send({ code: 3, message: error.message });
      request.log.error({ err: error }, 'OSV API error');
      return reply.status(500).send({ code: 13, message: 'Internal error.' });
    });
    // OSV.dev reads the body as JSON whatever it is labelled (its own examples use `curl -d`, which
    // sends application/x-www-form-urlencoded), so the same requests work here.
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'text/plain'],
      { parseAs: 'string' },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string) as unknown);
        } catch {
          done(new SyntaxError('not JSON'), undefined);
        }
      },
    );
    // Everything here is public data, for any site to fetch.
    scope.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('access-control-allow-origin', '*');
      done(null, payload);
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const { osv } = deps;

    r.post(
      '/v1/query',
      {
        config,
        schema: {
          tags,
          summary: 'Vulnerabilities of one package version or commit (OSV.dev shape)',
          body: OsvQuery,
        },
      },
      async (request, reply) => {
        const vulns = await osv.query(request.body);
        return reply.send(vulns.length === 0 ? {} : { vulns });
      },
    );
    r.post(
      '/v1/querybatch',
      {
        config,
        schema: {
          tags,
          summary: 'Up to 1,000 queries; ids and modified times only (OSV.dev shape)',
          body: OsvBatch,
        },
      },
      async (request, reply) => reply.send(await osv.queryBatch(request.body.queries)),
    );
    r.get(
      '/v1/vulns/:id',
      { config, schema: { tags, summary: 'One OSV record', params: z.object({ id: z.string().max(200) }) } },
      async (request, reply) => reply.send(await osv.vuln(request.params.id)),
    );
    r.get(
      '/ecosystems.txt',
      { config, schema: { tags, summary: 'Ecosystems with records, one per line' } },
      async (_request, reply) =>
        reply.type('text/plain; charset=utf-8').send((await osv.ecosystems()).map((e) => `${e}\n`).join('')),
    );
    r.get(
      '/all.zip',
      { config, schema: { tags, summary: 'Every OSV record, one JSON file each' } },
      async (_request, reply) => reply.type('application/zip').send(Buffer.from(await osv.allZip(null))),
    );
    r.get(
      '/:ecosystem/all.zip',
      {
        config,
        schema: {
          tags,
          summary: 'The OSV records of one ecosystem',
          params: z.object({ ecosystem: z.string().max(100) }),
        },
      },
      async (request, reply) =>
        reply.type('application/zip').send(Buffer.from(await osv.allZip(request.params.ecosystem))),
    );
    r.get(
      '/:ecosystem/modified_id.csv',
      {
        config,
        schema: {
          tags,
          summary: '<modified>,<id> per record, newest first',
          params: z.object({ ecosystem: z.string().max(100) }),
        },
      },
      async (request, reply) =>
        reply.type('text/csv; charset=utf-8').send(await osv.modifiedCsv(request.params.ecosystem)),
    );
    r.get(
      '/modified_id.csv',
      { config, schema: { tags, summary: '<modified>,<id> of every record, newest first' } },
      async (_request, reply) => reply.type('text/csv; charset=utf-8').send(await osv.modifiedCsv(null)),
    );
  });
}
