import type { Readable } from 'node:stream';
import {
  Component,
  ComponentInput,
  ComponentListQuery,
  Exposure,
  ExposureDetail,
  ExposureListQuery,
  ExposureMetrics,
  ExposureMetricsQuery,
  ExposureStatusChange,
  ExposureTriage,
  Inventory,
  InventoryCreate,
  InventoryUpdate,
  InventoryUploadReport,
  Page,
  ScanRequest,
  ScanResult,
  Suppression,
  SuppressionCreate,
} from '@clearinghouse/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExposuresService } from '../../modules/exposure/exposures.service.js';
import type { InventoriesService } from '../../modules/exposure/inventories.service.js';
import { userOf } from '../context.js';
import { rawUploadRoutes } from '../uploads.js';

const Params = z.object({ id: z.string().max(64) });
const OrgQuery = z.object({ orgId: z.string().max(64).optional() });
const tags = ['exposure'];

/** Inventories, exposures, suppressions, the VEX export, metrics, and the CLI's scan and feed. */
export function exposureRoutes(
  app: FastifyInstance,
  deps: { inventories: InventoriesService; exposures: ExposuresService; scanBodyLimitBytes: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { inventories, exposures } = deps;

  // ---- inventories ----
  r.get(
    '/api/v1/inventories',
    {
      schema: {
        tags,
        summary: "An organization's inventories (yours when you belong to one organization)",
        querystring: OrgQuery,
        response: { 200: z.object({ items: z.array(Inventory) }) },
      },
    },
    async (request) => ({ items: await inventories.list(userOf(request), request.query.orgId) }),
  );
  r.post(
    '/api/v1/inventories',
    {
      schema: {
        tags,
        summary: 'Create an inventory (a site, a system)',
        body: InventoryCreate,
        response: { 201: Inventory },
      },
    },
    async (request, reply) => reply.status(201).send(await inventories.create(userOf(request), request.body)),
  );
  r.get(
    '/api/v1/inventories/:id',
    { schema: { tags, summary: 'One inventory', params: Params, response: { 200: Inventory } } },
    (request) => inventories.get(userOf(request), request.params.id),
  );
  r.patch(
    '/api/v1/inventories/:id',
    {
      schema: {
        tags,
        summary: 'Rename or describe an inventory',
        params: Params,
        body: InventoryUpdate,
        response: { 200: Inventory },
      },
    },
    (request) => inventories.update(userOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/v1/inventories/:id',
    { schema: { tags, summary: 'Delete an inventory with its components and exposures', params: Params } },
    async (request, reply) => {
      await inventories.remove(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/inventories/:id/components',
    {
      schema: {
        tags,
        summary: "An inventory's components",
        params: Params,
        querystring: ComponentListQuery,
        response: { 200: Page(Component) },
      },
    },
    (request) => inventories.components(userOf(request), request.params.id, request.query),
  );
  r.post(
    '/api/v1/inventories/:id/components',
    {
      schema: {
        tags,
        summary: 'Add a component by hand (matched at once)',
        params: Params,
        body: ComponentInput,
        response: { 201: Component },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await inventories.addComponent(userOf(request), request.params.id, request.body)),
  );
  r.delete(
    '/api/v1/inventories/:id/components/:componentId',
    {
      schema: {
        tags,
        summary: 'Remove a component',
        params: z.object({ id: z.string().max(64), componentId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await inventories.removeComponent(userOf(request), request.params.id, request.params.componentId);
      return reply.status(204).send();
    },
  );
  rawUploadRoutes(app, (scope) => {
    scope.post(
      '/api/v1/inventories/:id/uploads',
      {
        schema: {
          tags,
          summary:
            'Upload the inventory: CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON, CSV or package-lock.json; the request body is the file. A file with any problem is refused whole (422, every problem located).',
          params: Params,
          querystring: z.object({ filename: z.string().trim().min(1).max(200) }),
          response: { 201: InventoryUploadReport },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await inventories.upload(userOf(request), request.params.id, {
            filename: request.query.filename,
            contentType: request.headers['content-type'],
            body: request.body as Readable,
          }),
        ),
    );
  });
  r.get(
    '/api/v1/inventories/:id/uploads',
    {
      schema: {
        tags,
        summary: 'Upload reports, newest first',
        params: Params,
        response: { 200: z.object({ items: z.array(InventoryUploadReport) }) },
      },
    },
    async (request) => ({ items: await inventories.uploads(userOf(request), request.params.id) }),
  );
  r.get(
    '/api/v1/inventories/:id/uploads/:uploadId',
    {
      schema: {
        tags,
        summary: 'One upload report',
        params: z.object({ id: z.string().max(64), uploadId: z.string().max(64) }),
        response: { 200: InventoryUploadReport },
      },
    },
    (request) => inventories.uploadReport(userOf(request), request.params.id, request.params.uploadId),
  );

  // ---- exposures ----
  r.get(
    '/api/v1/exposures',
    {
      schema: {
        tags,
        summary: 'Exposures ranked for action: known exploited first, then SSVC Act/Attend, then CVSS',
        querystring: ExposureListQuery,
        response: { 200: Page(Exposure) },
      },
    },
    (request) => exposures.list(userOf(request), request.query),
  );
  r.get(
    '/api/v1/exposures/vex',
    {
      schema: {
        tags,
        summary: "The organization's statuses as a CycloneDX 1.6 VEX document",
        querystring: OrgQuery,
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'application/vnd.cyclonedx+json; version=1.6')
        .header('content-disposition', 'attachment; filename="vex.cdx.json"')
        .send(JSON.stringify(await exposures.vex(userOf(request), request.query.orgId), null, 2)),
  );
  r.get(
    '/api/v1/exposures/metrics',
    {
      schema: {
        tags,
        summary: 'Time to acknowledge and to remediate, per organization or sector',
        querystring: ExposureMetricsQuery,
        response: { 200: ExposureMetrics },
      },
    },
    (request) => exposures.metrics(userOf(request), request.query.groupBy),
  );
  r.get(
    '/api/v1/exposures/:id',
    {
      schema: {
        tags,
        summary: 'One exposure with its history',
        params: Params,
        response: { 200: ExposureDetail },
      },
    },
    (request) => exposures.get(userOf(request), request.params.id),
  );
  r.post(
    '/api/v1/exposures/:id/status',
    {
      schema: {
        tags,
        summary:
          'Acknowledge, resolve (remediated, mitigated, not_affected with a VEX justification, risk_accepted until a date) or reopen',
        params: Params,
        body: ExposureStatusChange,
        response: { 200: ExposureDetail },
      },
    },
    (request) => exposures.changeStatus(userOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/exposures/:id/triage',
    {
      schema: {
        tags,
        summary: 'Promote a low-confidence match to alert, dismiss it, or undo',
        params: Params,
        body: ExposureTriage,
        response: { 200: ExposureDetail },
      },
    },
    (request) => exposures.triage(userOf(request), request.params.id, request.body.triage),
  );

  // ---- suppressions ----
  r.get(
    '/api/v1/suppressions',
    {
      schema: {
        tags,
        summary: 'Active suppressions',
        querystring: OrgQuery,
        response: { 200: z.object({ items: z.array(Suppression) }) },
      },
    },
    async (request) => ({ items: await exposures.suppressions(userOf(request), request.query.orgId) }),
  );
  r.post(
    '/api/v1/suppressions',
    {
      schema: {
        tags,
        summary: "Suppress a component identity's exposures (all versions) until a date",
        body: SuppressionCreate,
        response: { 201: Suppression },
      },
    },
    async (request, reply) => reply.status(201).send(await exposures.suppress(userOf(request), request.body)),
  );
  r.delete(
    '/api/v1/suppressions/:id',
    { schema: { tags, summary: 'Lift a suppression', params: Params } },
    async (request, reply) => {
      await exposures.unsuppress(userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  // ---- the CLI ----
  r.post(
    '/api/v1/scan',
    {
      config: { auth: 'public' },
      // Up to 100,000 components: more than the JSON body limit of other routes.
      bodyLimit: deps.scanBodyLimitBytes,
      schema: {
        tags,
        summary:
          'Match components without storing them (clearinghouse scan); anonymous callers see TLP:CLEAR only',
        body: ScanRequest,
        response: { 200: ScanResult },
      },
    },
    (request) => exposures.scan(request.principal, request.body),
  );
  r.get(
    '/api/v1/feed/bundle',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'The offline feed for clearinghouse scan --offline: every rule the caller may read',
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'application/json')
        .header('cache-control', 'no-store')
        .send(await exposures.feedBundle(request.principal)),
  );
}
