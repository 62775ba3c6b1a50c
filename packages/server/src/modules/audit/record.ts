import type { Repositories } from '../../db/unit-of-work.js';
import { newId } from '../../lib/ids.js';
import type { Principal } from '../../policy/principal.js';
import type { AuditRecord } from './audit.repository.js';

export interface AuditFields {
  /** The person acting when the principal cannot say (e.g. accepting an invitation before signing in). */
  actorUserId?: string;
  organizationId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

/** Writes one audit event through the transaction's repositories (never outside one). */
export function recordAudit(
  repos: Repositories,
  principal: Principal,
  action: string,
  fields: AuditFields,
  now: Date,
): Promise<AuditRecord> {
  return repos.audit.append({
    id: newId('auditEvent'),
    occurredAt: now.toISOString(),
    action,
    actorUserId: fields.actorUserId ?? (principal.kind === 'user' ? principal.userId : null),
    actorTokenId:
      principal.kind === 'user' && principal.auth.method === 'token' ? principal.auth.tokenId : null,
    actorIp: principal.kind === 'system' ? null : principal.ip,
    organizationId: fields.organizationId ?? null,
    targetType: fields.targetType ?? null,
    targetId: fields.targetId ?? null,
    data: { ...(principal.kind === 'system' ? { system: principal.name } : {}), ...(fields.data ?? {}) },
  });
}
