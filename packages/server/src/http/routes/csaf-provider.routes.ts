import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../lib/errors.js';
import {
  TLP_FOLDERS,
  type CsafProviderService,
  type ServedFile,
} from '../../modules/advisories/provider.service.js';

const Folder = z
  .enum(TLP_FOLDERS as [string, ...string[]])
  .transform((f) => f as (typeof TLP_FOLDERS)[number]);
const tags = ['csaf'];
/** Credentials are read (a token or session may open restricted folders) but not required. */
const config = { auth: 'public' as const, readsCredentials: true };

function send(reply: FastifyReply, file: ServedFile) {
  void reply.type(file.contentType);
  // CSAF requirement 4/7: public files are open to every site; restricted ones are the caller's alone.
  if (file.public) void reply.header('access-control-allow-origin', '*');
  else void reply.header('cache-control', 'private, no-store').header('vary', 'authorization, cookie');
  if (file.lastModified) void reply.header('last-modified', new Date(file.lastModified).toUTCString());
  return reply.send(file.body);
}

/** The CSAF 2.0 trusted provider's well-known layout. No route redirects (requirement 6). */
export function csafProviderRoutes(app: FastifyInstance, deps: { provider: CsafProviderService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { provider } = deps;

  r.get(
    '/.well-known/csaf/provider-metadata.json',
    { config, schema: { tags, summary: 'CSAF provider metadata (role csaf_trusted_provider)' } },
    async (_request, reply) => send(reply, await provider.providerMetadata()),
  );
  r.get(
    '/.well-known/security.txt',
    { config, schema: { tags, summary: 'RFC 9116 security.txt with the CSAF line' } },
    async (_request, reply) => send(reply, provider.securityTxt()),
  );
  r.get(
    '/.well-known/csaf/service.json',
    { config, schema: { tags, summary: 'ROLIE service document' } },
    async (_request, reply) => send(reply, provider.serviceDocument()),
  );
  r.get(
    '/.well-known/csaf/category-csaf.json',
    { config, schema: { tags, summary: 'ROLIE category document' } },
    async (_request, reply) => send(reply, provider.categoryDocument()),
  );
  r.get(
    '/.well-known/csaf/openpgp/:file',
    {
      config,
      schema: {
        tags,
        summary: 'Public OpenPGP keys (<fingerprint>.asc)',
        params: z.object({ file: z.string().max(100) }),
      },
    },
    async (request, reply) => send(reply, provider.publicKey(request.params.file.replace(/\.asc$/, ''))),
  );
  r.get(
    '/.well-known/csaf/:folder/',
    {
      config,
      schema: {
        tags,
        summary: 'Directory listing of a TLP folder (requirement 14)',
        params: z.object({ folder: Folder }),
      },
    },
    async (request, reply) => send(reply, await provider.listing(request.principal, request.params.folder)),
  );
  r.get(
    '/.well-known/csaf/:folder/index.txt',
    {
      config,
      schema: {
        tags,
        summary: 'Every document of a TLP folder (you may read)',
        params: z.object({ folder: Folder }),
      },
    },
    async (request, reply) => send(reply, await provider.indexTxt(request.principal, request.params.folder)),
  );
  r.get(
    '/.well-known/csaf/:folder/changes.csv',
    {
      config,
      schema: {
        tags,
        summary: 'Documents of a TLP folder by last change',
        params: z.object({ folder: Folder }),
      },
    },
    async (request, reply) =>
      send(reply, await provider.changesCsv(request.principal, request.params.folder)),
  );
  r.get(
    '/.well-known/csaf/:folder/:entry',
    {
      config,
      schema: {
        tags,
        summary:
          'The ROLIE feed of a TLP folder (csaf-feed-tlp-<folder>.json), or the listing of a year folder',
        params: z.object({ folder: Folder, entry: z.string().regex(/^(csaf-feed-tlp-[a-z]+\.json|\d{4})$/) }),
      },
    },
    async (request, reply) => {
      const { folder, entry } = request.params;
      // The app ignores trailing slashes, so `<folder>/2026/` arrives here as the year's listing.
      if (/^\d{4}$/.test(entry)) return send(reply, await provider.listing(request.principal, folder, entry));
      if (entry !== `csaf-feed-tlp-${folder}.json`) throw notFound('Feed');
      return send(reply, await provider.feed(request.principal, folder));
    },
  );
  r.get(
    '/.well-known/csaf/:folder/:year/:file',
    {
      config,
      schema: {
        tags,
        summary: 'A CSAF document, or its .sha256, .sha512 or .asc',
        params: z.object({ folder: Folder, year: z.string().regex(/^\d{4}$/), file: z.string().max(300) }),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await provider.file(
          request.principal,
          request.params.folder,
          request.params.year,
          request.params.file,
        ),
      ),
  );
}
