import {
  Invitation,
  InvitationAccept,
  InvitationAccepted,
  InvitationCreate,
  InvitationPreview,
  Member,
  MemberUpdate,
  Organization,
  OrganizationCreate,
  OrganizationListQuery,
  OrganizationUpdate,
  Page,
  PageQuery,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InvitationsService } from '../../modules/identity/invitations.service.js';
import type { OrganizationsService } from '../../modules/identity/organizations.service.js';
import { userOf } from '../context.js';

const OrgParams = z.object({ id: z.string().max(64) });

export function organizationRoutes(
  app: FastifyInstance,
  deps: { organizations: OrganizationsService; invitations: InvitationsService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { organizations, invitations } = deps;

  r.get(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['organizations'],
        summary: 'The organization directory (or only mine with mine=true)',
        querystring: OrganizationListQuery.extend(PageQuery.shape),
        response: { 200: Page(Organization) },
      },
    },
    (request) => {
      const { mine, ...rest } = request.query;
      return organizations.listOrganizations(userOf(request), { ...rest, mine: mine === 'true' });
    },
  );

  r.post(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Register an organization; you become its admin',
        body: OrganizationCreate,
        response: { 201: Organization },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await organizations.createOrganization(userOf(request), request.body)),
  );

  r.get(
    '/api/v1/orgs/:id',
    { schema: { tags: ['organizations'], params: OrgParams, response: { 200: Organization } } },
    (request) => organizations.getOrganization(userOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Update an organization (its admins)',
        params: OrgParams,
        body: OrganizationUpdate,
        response: { 200: Organization },
      },
    },
    (request) => organizations.updateOrganization(userOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/orgs/:id/members',
    {
      schema: {
        tags: ['organizations'],
        params: OrgParams,
        response: { 200: z.object({ items: z.array(Member) }) },
      },
    },
    async (request) => ({ items: await organizations.listMembers(userOf(request), request.params.id) }),
  );

  r.patch(
    '/api/v1/orgs/:id/members/:userId',
    {
      schema: {
        tags: ['organizations'],
        summary: "Change a member's role",
        params: OrgParams.extend({ userId: z.string().max(64) }),
        body: MemberUpdate,
        response: { 200: Member },
      },
    },
    (request) =>
      organizations.changeMemberRole(
        userOf(request),
        request.params.id,
        request.params.userId,
        request.body.role,
      ),
  );

  r.delete(
    '/api/v1/orgs/:id/members/:userId',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Remove a member (or leave)',
        params: OrgParams.extend({ userId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await organizations.removeMember(userOf(request), request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/orgs/:id/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Pending invitations',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(Invitation) }) },
      },
    },
    async (request) => ({ items: await invitations.listInvitations(userOf(request), request.params.id) }),
  );

  r.post(
    '/api/v1/orgs/:id/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone by e-mail',
        params: OrgParams,
        body: InvitationCreate,
        response: { 201: Invitation },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await invitations.inviteMember(userOf(request), request.params.id, request.body)),
  );

  r.delete(
    '/api/v1/orgs/:id/invitations/:invitationId',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Withdraw an invitation',
        params: OrgParams.extend({ invitationId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await invitations.revokeInvitation(userOf(request), request.params.id, request.params.invitationId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/invitations/:token',
    {
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation link is for',
        params: z.object({ token: z.string().min(10).max(200) }),
        response: { 200: InvitationPreview },
      },
      config: { auth: 'public' },
    },
    (request) => invitations.previewInvitation(request.params.token),
  );

  r.post(
    '/api/v1/invitations/accept',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation (creating the account if needed)',
        body: InvitationAccept,
        response: { 200: InvitationAccepted },
      },
      config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    (request) => invitations.acceptInvitation(request.body, request.ip),
  );
}
