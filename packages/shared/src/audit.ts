import { z } from 'zod';

export const AuditEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  occurredAt: z.iso.datetime(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z
    .string()
    .nullable()
    .describe('The acting user, when there is one and the account still exists.'),
  actorTokenId: z.string().nullable(),
  actorIp: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.object({
  action: z.string().max(100).optional(),
  actorUserId: z.string().max(64).optional(),
  organizationId: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const Job = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  runAt: z.iso.datetime(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Job = z.infer<typeof Job>;
