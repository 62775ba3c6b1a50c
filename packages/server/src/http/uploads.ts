import type { Readable } from 'node:stream';
import type { Attachment } from '@clearinghouse/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/**
 * Routes whose request body is a file, in a scope of their own so the rest of the API keeps the
 * JSON-only parser and the small body limit. The raw stream goes to the blob store, which
 * hashes it and enforces the upload limit.
 */
const withZod = (instance: FastifyInstance) => instance.withTypeProvider<ZodTypeProvider>();
type ZodScope = ReturnType<typeof withZod>;

export function rawUploadRoutes(app: FastifyInstance, declare: (scope: ZodScope) => void): void {
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, next) => {
      next(null, payload);
    });
    declare(withZod(scope));
    done();
  });
}

/** Media types an attachment may declare; anything else is stored as octet-stream. */
export function uploadMediaType(request: FastifyRequest): string {
  const declared =
    (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim() ?? '';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i.test(declared)
    ? declared.toLowerCase()
    : 'application/octet-stream';
}

/** A stored file, always as a download: evidence may be hostile HTML and is never rendered. */
export function sendAttachment(reply: FastifyReply, file: { attachment: Attachment; body: Readable }) {
  const { attachment } = file;
  return reply
    .header('content-type', 'application/octet-stream')
    .header(
      'content-disposition',
      `attachment; filename="${attachment.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    )
    .header('x-content-sha256', attachment.sha256)
    .send(file.body);
}
