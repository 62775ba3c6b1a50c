import type { Readable } from 'node:stream';
import {
  Attachment,
  CweEntry,
  DuplicateCandidate,
  Page,
  PageQuery,
  Report,
  ReportListQuery,
  ReportMessageCreate,
  ReportSubmit,
  ReportSubmitted,
  ReportSummary,
  ReportTransition,
  ReportUpdate,
  SarifSubmitted,
  Tlp,
  ValidationInput,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { ReportsService } from '../../modules/reports/reports.service.js';
import { userOf } from '../context.js';
import { rawUploadRoutes, sendAttachment, uploadMediaType } from '../uploads.js';

const Params = z.object({ id: z.string().max(64) });
const AttachmentParams = Params.extend({ attachmentId: z.string().max(64) });
const FollowupHeaders = z.object({
  'x-followup-secret': z.string().min(10).max(200).describe('The follow-up secret shown at submission.'),
});
const UploadQuery = z.object({ filename: z.string().trim().min(1).max(200) });
const SarifQuery = z.object({
  reporterOrgId: z.string().max(64).optional(),
  tlp: Tlp.optional(),
});
const CweQuery = z.object({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const tags = ['reports'];

export function reportRoutes(
  app: FastifyInstance,
  deps: { reports: ReportsService; uploadLimitBytes: number },
): void {
  const { reports } = deps;

  rawUploadRoutes(app, (s) => {
    s.post(
      '/api/v1/reports/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Attach a file (evidence) to a report: the request body is the file',
          params: Params,
          querystring: UploadQuery,
          response: { 201: Attachment },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await reports.addAttachment(userOf(request), request.params.id, {
            filename: request.query.filename,
            mediaType: uploadMediaType(request),
            body: request.body as Readable,
          }),
        ),
    );
    s.post(
      '/api/v1/followup/report/attachments',
      {
        schema: {
          tags,
          summary: 'Anonymous reporter: attach a file to your report',
          headers: FollowupHeaders,
          querystring: UploadQuery,
          response: { 201: Attachment },
        },
        config: { auth: 'public' },
      },
      async (request, reply) =>
        reply.status(201).send(
          await reports.addFollowupAttachment(request.principal, request.headers['x-followup-secret'], {
            filename: request.query.filename,
            mediaType: uploadMediaType(request),
            body: request.body as Readable,
          }),
        ),
    );
  });

  void app.register((scope, _opts, done) => {
    const json = scope.getDefaultJsonParser('error', 'error');
    scope.addContentTypeParser(
      'application/sarif+json',
      { parseAs: 'string', bodyLimit: deps.uploadLimitBytes },
      json,
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/reports/sarif',
      {
        bodyLimit: deps.uploadLimitBytes,
        schema: {
          tags,
          summary: 'Upload SARIF 2.1.0 findings: one report per rule per file',
          description:
            'Content-Type application/sarif+json or application/json. Each group of results (same rule, same file) becomes a report whose provenance names the tool.',
          querystring: SarifQuery,
          body: z.unknown(),
          response: { 201: SarifSubmitted },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await reports.submitSarif(userOf(request), request.body, {
            reporterOrgId: request.query.reporterOrgId ?? null,
            ...(request.query.tlp && { requestedTlp: request.query.tlp }),
          }),
        ),
    );
    done();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary: 'Report a vulnerability (signed in or anonymously)',
        description:
          'Anonymous submissions get a follow-up secret in the answer, shown once: it lets you read and answer your report at /api/v1/followup/report.',
        body: ReportSubmit,
        response: { 201: ReportSubmitted },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      // The web app says so (anonymous visitors have no session); scripts and tokens are the API.
      const source =
        request.csrfToken !== null || request.headers['x-clearinghouse-client'] === 'web' ? 'web' : 'api';
      return reply.status(201).send(await reports.submitReport(request.principal, request.body, source));
    },
  );

  r.get(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary: 'Reports: the triage queue for analysts, your own reports for everyone else',
        querystring: ReportListQuery.extend(PageQuery.shape),
        response: { 200: Page(ReportSummary) },
      },
    },
    (request) => {
      const { overdue, mine, ...rest } = request.query;
      return reports.listReports(userOf(request), {
        ...rest,
        overdue: overdue === 'true',
        mine: mine === 'true',
      });
    },
  );

  r.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags,
        summary: 'One report (by id or VR- reference)',
        params: Params,
        response: { 200: Report },
      },
    },
    (request) => reports.getReport(userOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/reports/:id',
    {
      schema: {
        tags,
        summary: 'Triage: set TLP, assignee and the people named on a TLP:RED report',
        params: Params,
        body: ReportUpdate,
        response: { 200: Report },
      },
    },
    (request) => reports.updateReport(userOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/reports/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Triage: move the report to another state',
        params: Params,
        body: ReportTransition,
        response: { 200: Report },
      },
    },
    (request) => reports.transitionReport(userOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/reports/:id/validation',
    {
      schema: {
        tags,
        summary: 'Triage: record a validation (CVSS 3.1/4.0, SSVC, CWE, reproduction)',
        params: Params,
        body: ValidationInput,
        response: { 200: Report },
      },
    },
    (request) => reports.validateReport(userOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/reports/:id/duplicates',
    {
      schema: {
        tags,
        summary: 'Triage: likely duplicates, ranked by similarity',
        params: Params,
        response: { 200: z.object({ items: z.array(DuplicateCandidate) }) },
      },
    },
    async (request) => ({ items: await reports.duplicateCandidates(userOf(request), request.params.id) }),
  );

  r.post(
    '/api/v1/reports/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write to the reporter (or, as the reporter, answer); internal notes for staff',
        params: Params,
        body: ReportMessageCreate,
        response: { 201: Report },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.addMessage(userOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/reports/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download an attachment', params: AttachmentParams } },
    async (request, reply) =>
      sendAttachment(
        reply,
        await reports.openAttachment(userOf(request), request.params.id, request.params.attachmentId),
      ),
  );

  r.get(
    '/api/v1/followup/report',
    {
      schema: {
        tags,
        summary: 'Anonymous reporter: read your report with its follow-up secret',
        headers: FollowupHeaders,
        response: { 200: Report },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    (request) => reports.getReportByFollowup(request.principal, request.headers['x-followup-secret']),
  );

  r.post(
    '/api/v1/followup/report/messages',
    {
      schema: {
        tags,
        summary: 'Anonymous reporter: answer on your report',
        headers: FollowupHeaders,
        body: ReportMessageCreate.pick({ body: true }),
        response: { 201: Report },
      },
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await reports.addFollowupMessage(
            request.principal,
            request.headers['x-followup-secret'],
            request.body.body,
          ),
        ),
  );

  r.get(
    '/api/v1/followup/report/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Anonymous reporter: download an attachment of your report',
        headers: FollowupHeaders,
        params: z.object({ attachmentId: z.string().max(64) }),
      },
      config: { auth: 'public' },
    },
    async (request, reply) =>
      sendAttachment(
        reply,
        await reports.openFollowupAttachment(
          request.headers['x-followup-secret'],
          request.params.attachmentId,
        ),
      ),
  );

  r.get(
    '/api/v1/cwe',
    {
      schema: {
        tags,
        summary: 'Search the CWE catalog by id or words',
        querystring: CweQuery,
        response: { 200: z.object({ items: z.array(CweEntry) }) },
      },
    },
    (request) => {
      userOf(request);
      if (request.query.q.trim() === '')
        throw new AppError('validation_failed', 'empty q', {
          details: [{ path: 'q', message: 'Type an id or words.' }],
        });
      return { items: reports.searchCwe(request.query.q, request.query.limit) };
    },
  );
}
