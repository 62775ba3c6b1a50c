import type { Readable } from 'node:stream';
import {
  ImportedAdvisory,
  ImportedSummary,
  ImportFromUrl,
  ImportListQuery,
  ImportReport,
  Page,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ImportsService } from '../../modules/advisories/imports.service.js';
import { userOf } from '../context.js';
import { rawUploadRoutes, uploadMediaType } from '../uploads.js';

const tags = ['imports'];
const Params = z.object({ id: z.string().max(64) });

/** Advisories of other publishers: CSAF 2.0 and OSV, by upload or URL (clearinghouse staff). */
export function importRoutes(app: FastifyInstance, deps: { imports: ImportsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { imports } = deps;

  rawUploadRoutes(app, (scope) => {
    scope.post(
      '/api/v1/imports/upload',
      {
        schema: {
          tags,
          summary:
            'Import a CSAF document or OSV record (.json), or a zip of them: the request body is the file',
          querystring: z.object({ filename: z.string().trim().min(1).max(200) }),
          response: { 200: ImportReport },
        },
      },
      (request) =>
        imports.importUpload(userOf(request), {
          filename: request.query.filename,
          mediaType: uploadMediaType(request),
          body: request.body as Readable,
        }),
    );
  });
  r.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary:
          'Import from a URL: a CSAF document (hash and signature checked when published beside it), an OSV record, or a provider-metadata.json (its ROLIE feeds or directories are followed)',
        body: ImportFromUrl,
        response: { 200: ImportReport },
      },
    },
    (request) => imports.importFromUrl(userOf(request), request.body),
  );
  r.get(
    '/api/v1/imports',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Imported advisories you may read',
        querystring: ImportListQuery,
        response: { 200: Page(ImportedSummary) },
      },
    },
    (request) => imports.list(request.principal, request.query),
  );
  r.get(
    '/api/v1/imports/:id',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'One imported advisory, with its validation and integrity results',
        params: Params,
        response: { 200: ImportedAdvisory },
      },
    },
    (request) => imports.get(request.principal, request.params.id),
  );
  r.get(
    '/api/v1/imports/:id/document',
    {
      config: { auth: 'public' },
      schema: { tags, summary: 'The imported document exactly as fetched or uploaded', params: Params },
    },
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(await imports.document(request.principal, request.params.id)),
  );
}
