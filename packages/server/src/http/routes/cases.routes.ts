import type { Readable } from 'node:stream';
import {
  Attachment,
  Case,
  CaseCreate,
  CaseListQuery,
  CaseSummary,
  CaseThread,
  CaseUpdate,
  CaseVulnerabilityInput,
  CaseVulnerabilityUpdate,
  EmbargoProposal,
  EmbargoResponse,
  Notification,
  Page,
  PageQuery,
  ParticipantAdd,
  ParticipantDecision,
  PostCreate,
  PostRevision,
  PrivateThreadCreate,
  StatementInput,
  TimelineEntry,
  VendorProduct,
  VendorProductCreate,
  VendorSuggestion,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CasesService } from '../../modules/cases/cases.service.js';
import { userOf } from '../context.js';
import { rawUploadRoutes, sendAttachment, uploadMediaType } from '../uploads.js';

const Id = z.string().max(64);
const Params = z.object({ id: Id });
const tags = ['cases'];

export function caseRoutes(app: FastifyInstance, deps: { cases: CasesService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { cases } = deps;

  rawUploadRoutes(app, (scope) => {
    scope.post(
      '/api/v1/cases/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Share a file with the case participants: the request body is the file',
          params: Params,
          querystring: z.object({ filename: z.string().trim().min(1).max(200) }),
          response: { 201: Attachment },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await cases.addAttachment(userOf(request), request.params.id, {
            filename: request.query.filename,
            mediaType: uploadMediaType(request),
            body: request.body as Readable,
          }),
        ),
    );
  });
  r.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download a case file', params: Params.extend({ attachmentId: Id }) } },
    async (request, reply) =>
      sendAttachment(
        reply,
        await cases.openAttachment(userOf(request), request.params.id, request.params.attachmentId),
      ),
  );

  r.post(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary: 'Open a case from valid reports (coordinators)',
        body: CaseCreate,
        response: { 201: Case },
      },
    },
    async (request, reply) => reply.status(201).send(await cases.openCase(userOf(request), request.body)),
  );
  r.get(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary: 'Cases: all for clearinghouse staff, those you take part in for everyone else',
        querystring: CaseListQuery.extend(PageQuery.shape),
        response: { 200: Page(CaseSummary) },
      },
    },
    (request) => cases.listCases(userOf(request), request.query),
  );
  r.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case (by id or CH- reference), as you may see it',
        params: Params,
        response: { 200: Case },
      },
    },
    (request) => cases.getCase(userOf(request), request.params.id),
  );
  r.patch(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'Update title, summary, TLP or status (coordinators)',
        params: Params,
        body: CaseUpdate,
        response: { 200: Case },
      },
    },
    (request) => cases.updateCase(userOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/cases/:id/vulnerabilities',
    {
      schema: {
        tags,
        summary: 'Add a vulnerability (coordinators)',
        params: Params,
        body: CaseVulnerabilityInput,
        response: { 201: Case },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.addVulnerability(userOf(request), request.params.id, request.body)),
  );
  r.patch(
    '/api/v1/cases/:id/vulnerabilities/:vulnerabilityId',
    {
      schema: {
        tags,
        summary: 'Set a vulnerability’s CVE id, CVSS, SSVC or CWE (coordinators)',
        params: Params.extend({ vulnerabilityId: Id }),
        body: CaseVulnerabilityUpdate,
        response: { 200: Case },
      },
    },
    (request) =>
      cases.updateVulnerability(
        userOf(request),
        request.params.id,
        request.params.vulnerabilityId,
        request.body,
      ),
  );
  r.post(
    '/api/v1/cases/:id/participants',
    {
      schema: {
        tags,
        summary: 'Invite an organization (coordinators), or propose one (vendors taking part)',
        params: Params,
        body: ParticipantAdd,
        response: { 201: Case },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.addParticipant(userOf(request), request.params.id, request.body)),
  );
  r.post(
    '/api/v1/cases/:id/participants/:participantId/decision',
    {
      schema: {
        tags,
        summary:
          'Approve or reject a proposed vendor (coordinators); accept or decline an invitation (its members); remove',
        params: Params.extend({ participantId: Id }),
        body: ParticipantDecision,
        response: { 200: Case },
      },
    },
    (request) =>
      cases.decideParticipant(userOf(request), request.params.id, request.params.participantId, request.body),
  );
  r.get(
    '/api/v1/cases/:id/vendor-suggestions',
    {
      schema: {
        tags,
        summary: 'Vendors whose product lists match the case’s purls, CPEs or vendor names (coordinators)',
        params: Params,
        response: { 200: z.object({ items: z.array(VendorSuggestion) }) },
      },
    },
    async (request) => ({ items: await cases.vendorSuggestions(userOf(request), request.params.id) }),
  );
  r.put(
    '/api/v1/cases/:id/statements',
    {
      schema: {
        tags,
        summary: 'State the status of one of your products for one vulnerability (vendors)',
        params: Params,
        body: StatementInput,
        response: { 200: Case },
      },
    },
    (request) => cases.putStatement(userOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/cases/:id/statements/:statementId/approve',
    {
      schema: {
        tags,
        summary: 'Approve a vendor statement (coordinators)',
        params: Params.extend({ statementId: Id }),
        response: { 200: Case },
      },
    },
    (request) => cases.approveStatement(userOf(request), request.params.id, request.params.statementId),
  );
  r.post(
    '/api/v1/cases/:id/embargoes',
    {
      schema: {
        tags,
        summary: 'Propose an embargo end (an exact instant)',
        params: Params,
        body: EmbargoProposal,
        response: { 201: Case },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.proposeEmbargo(userOf(request), request.params.id, request.body)),
  );
  r.post(
    '/api/v1/cases/:id/embargoes/:embargoId/response',
    {
      schema: {
        tags,
        summary: 'Accept, reject or withdraw an embargo proposal',
        params: Params.extend({ embargoId: Id }),
        body: EmbargoResponse,
        response: { 200: Case },
      },
    },
    (request) =>
      cases.answerEmbargo(userOf(request), request.params.id, request.params.embargoId, request.body),
  );
  r.get(
    '/api/v1/cases/:id/threads',
    {
      schema: {
        tags,
        summary: 'The case discussion and your private threads',
        params: Params,
        response: { 200: z.object({ items: z.array(CaseThread) }) },
      },
    },
    async (request) => ({ items: await cases.listThreads(userOf(request), request.params.id) }),
  );
  r.post(
    '/api/v1/cases/:id/threads',
    {
      schema: {
        tags,
        summary: 'Open a private thread with one participant (coordinators)',
        params: Params,
        body: PrivateThreadCreate,
        response: { 201: z.object({ items: z.array(CaseThread) }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ items: await cases.openPrivateThread(userOf(request), request.params.id, request.body) }),
  );
  r.post(
    '/api/v1/cases/:id/threads/:threadId/posts',
    {
      schema: {
        tags,
        summary: 'Post in a thread',
        params: Params.extend({ threadId: Id }),
        body: PostCreate,
        response: { 201: z.object({ items: z.array(CaseThread) }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        items: await cases.addPost(
          userOf(request),
          request.params.id,
          request.params.threadId,
          request.body.body,
        ),
      }),
  );
  r.patch(
    '/api/v1/cases/:id/posts/:postId',
    {
      schema: {
        tags,
        summary: 'Edit your post (the earlier text is kept as a revision)',
        params: Params.extend({ postId: Id }),
        body: PostCreate,
        response: { 200: z.object({ items: z.array(CaseThread) }) },
      },
    },
    async (request) => ({
      items: await cases.editPost(
        userOf(request),
        request.params.id,
        request.params.postId,
        request.body.body,
      ),
    }),
  );
  r.get(
    '/api/v1/cases/:id/posts/:postId/revisions',
    {
      schema: {
        tags,
        summary: 'Earlier texts of a post',
        params: Params.extend({ postId: Id }),
        response: { 200: z.object({ items: z.array(PostRevision) }) },
      },
    },
    async (request) => ({
      items: await cases.postRevisions(userOf(request), request.params.id, request.params.postId),
    }),
  );
  r.get(
    '/api/v1/cases/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Everything that happened in the case, oldest first',
        params: Params,
        response: { 200: z.object({ items: z.array(TimelineEntry) }) },
      },
    },
    async (request) => ({ items: await cases.timeline(userOf(request), request.params.id) }),
  );

  r.get(
    '/api/v1/orgs/:id/products',
    {
      schema: {
        tags: ['organizations'],
        summary: 'The product list a vendor keeps (used to suggest it for cases)',
        params: Params,
        response: { 200: z.object({ items: z.array(VendorProduct) }) },
      },
    },
    async (request) => ({ items: await cases.listVendorProducts(userOf(request), request.params.id) }),
  );
  r.post(
    '/api/v1/orgs/:id/products',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Add a product (name, purl without version, CPE vendor:product)',
        params: Params,
        body: VendorProductCreate,
        response: { 201: VendorProduct },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.addVendorProduct(userOf(request), request.params.id, request.body)),
  );
  r.delete(
    '/api/v1/orgs/:id/products/:productId',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Remove a product',
        params: Params.extend({ productId: Id }),
      },
    },
    async (request, reply) => {
      await cases.removeVendorProduct(userOf(request), request.params.id, request.params.productId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your in-app inbox, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(Notification) }) },
      },
    },
    async (request) => ({ items: await cases.notifications(userOf(request), request.query.limit) }),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: 'Mark a notification read', params: Params } },
    async (request, reply) => {
      await cases.markRead(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
