import { AuditEvent, AuditQuery, Job, Page, PageQuery, User, UserUpdate } from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditService } from '../../modules/audit/audit.service.js';
import type { UsersService } from '../../modules/identity/users.service.js';
import type { JobsService } from '../../modules/system/jobs.service.js';
import { userOf } from '../context.js';

export function adminRoutes(
  app: FastifyInstance,
  deps: { users: UsersService; audit: AuditService; jobs: JobsService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'All accounts (clearinghouse admins)',
        querystring: PageQuery.extend({ q: z.string().max(200).optional() }),
        response: { 200: Page(User) },
      },
    },
    (request) => deps.users.listUsers(userOf(request), request.query),
  );

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set clearinghouse roles, clearance, compartments, or disable an account',
        params: z.object({ id: z.string().max(64) }),
        body: UserUpdate,
        response: { 200: User },
      },
    },
    (request) => deps.users.updateUser(userOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first (admins: all; org admins: their organization)',
        querystring: AuditQuery.extend(PageQuery.shape),
        response: { 200: Page(AuditEvent) },
      },
    },
    (request) => deps.audit.listAuditEvents(userOf(request), request.query),
  );

  r.get(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Background jobs with attempts and last error (clearinghouse admins)',
        querystring: PageQuery.extend({ status: Job.shape.status.optional() }),
        response: { 200: Page(Job) },
      },
    },
    (request) => deps.jobs.listJobs(userOf(request), request.query),
  );
}
