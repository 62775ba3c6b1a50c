import {
  Advisory,
  AdvisoryContent,
  AdvisoryDraftCreate,
  AdvisoryListQuery,
  AdvisorySummary,
  AdvisoryTransition,
  AdvisoryUpdate,
  AdvisoryValidation,
  EarlyRelease,
  Page,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdvisoriesService } from '../../modules/advisories/advisories.service.js';
import type { CsafProviderService } from '../../modules/advisories/provider.service.js';
import { userOf } from '../context.js';

const Params = z.object({ id: z.string().max(64) });
const tags = ['advisories'];

export function advisoryRoutes(
  app: FastifyInstance,
  deps: { advisories: AdvisoriesService; provider: CsafProviderService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { advisories } = deps;

  r.get(
    '/api/v1/advisories',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary:
          'Advisories: released TLP:CLEAR ones for everyone; drafts and restricted ones for those they concern',
        querystring: AdvisoryListQuery,
        response: { 200: Page(AdvisorySummary) },
      },
    },
    (request) => advisories.list(request.principal, request.query),
  );
  r.post(
    '/api/v1/advisories',
    {
      schema: {
        tags,
        summary: 'Draft an advisory from a case (coordinators)',
        body: AdvisoryDraftCreate,
        response: { 201: Advisory },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await advisories.createDraft(userOf(request), request.body)),
  );
  r.get(
    '/api/v1/advisories/:id',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'One advisory (by id or tracking id)',
        params: Params,
        response: { 200: Advisory },
      },
    },
    (request) => advisories.get(request.principal, request.params.id),
  );
  r.put(
    '/api/v1/advisories/:id',
    {
      schema: {
        tags,
        summary:
          'Save a new revision of the content (coordinators); a shared or approved advisory returns to draft',
        params: Params,
        body: AdvisoryUpdate,
        response: { 200: Advisory },
      },
    },
    (request) => advisories.update(userOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/advisories/:id/validate',
    {
      schema: {
        tags,
        summary:
          'Validate the saved revision, or the content in the body, as it would be released (CSAF basic preset)',
        params: Params,
        body: z.object({ content: AdvisoryContent.optional() }).optional(),
        response: { 200: AdvisoryValidation },
      },
    },
    (request) => advisories.validate(userOf(request), request.params.id, request.body?.content),
  );
  r.post(
    '/api/v1/advisories/:id/transitions',
    {
      schema: {
        tags,
        summary:
          'share (with the case participants), approve (schedules release at the embargo end) or reopen',
        params: Params,
        body: AdvisoryTransition,
        response: { 200: Advisory },
      },
    },
    (request) => advisories.transition(userOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/advisories/:id/release',
    {
      schema: {
        tags,
        summary:
          'Release an approved advisory now; before the embargo ends this needs a reason, which is recorded',
        params: Params,
        body: EarlyRelease.partial(),
        response: { 200: Advisory },
      },
    },
    (request) => advisories.releaseNow(userOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/v1/advisories/:id/csaf',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary:
          'The released CSAF 2.0 document (exact bytes); ?preview=true renders the draft for its editors',
        params: Params,
        querystring: z.object({ preview: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) =>
      reply.type('application/json; charset=utf-8').send(
        await advisories.csafDocument(request.principal, request.params.id, {
          preview: request.query.preview === 'true',
        }),
      ),
  );
  r.get(
    '/api/v1/advisories/:id/osv',
    {
      config: { auth: 'public' },
      schema: { tags, summary: 'The OSV records released with the advisory', params: Params },
    },
    (request) => advisories.osvRecords(request.principal, request.params.id),
  );
  r.get(
    '/api/v1/advisories/:id/cve',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary:
          'CVE JSON 5.1 records of the advisory’s vulnerabilities with CVE ids (editors preview before release)',
        params: Params,
      },
    },
    (request) => advisories.cveRecords(request.principal, request.params.id),
  );
  r.get(
    '/api/v1/kev.json',
    {
      config: { auth: 'public' },
      schema: { tags, summary: 'Released, exploited vulnerabilities in the CISA KEV catalog shape' },
    },
    async (_request, reply) =>
      reply.header('access-control-allow-origin', '*').send(await deps.provider.kev()),
  );
}
