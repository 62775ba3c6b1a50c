import type { AuditEvent, AuditQuery } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { AppError } from '../../lib/errors.js';
import { authorize, can } from '../../policy/policy.js';
import type { Principal } from '../../policy/principal.js';
import type { AuditRow } from './audit.repository.js';
import { GENESIS_HASH, verifyChain, type ChainVerdict } from './chain.js';

export function presentAuditEvent(e: AuditRow): AuditEvent {
  return {
    id: e.id,
    seq: e.seq,
    occurredAt: e.occurredAt,
    action: e.action,
    actorUserId: e.actorUserId,
    actorEmail: e.actorEmail,
    actorTokenId: e.actorTokenId,
    actorIp: e.actorIp,
    organizationId: e.organizationId,
    organizationName: e.organizationName,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
    hash: e.hash,
  };
}

/** Reading and verifying the hash-chained audit log. Writing happens in each command's transaction. */
export class AuditService {
  constructor(private readonly uow: UnitOfWork) {}

  async listAuditEvents(
    principal: Principal,
    query: AuditQuery & { cursor?: string | undefined; limit: number },
  ): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    // Clearinghouse admins read everything; an org admin reads only their organization's events.
    const orgScoped = !can(principal, 'audit.read', { orgId: null });
    if (orgScoped) {
      if (query.organizationId === undefined) {
        const adminOrgs =
          principal.kind === 'user' ? [...principal.memberships].filter(([, role]) => role === 'admin') : [];
        if (adminOrgs.length !== 1) {
          authorize(principal, 'audit.read', { orgId: null });
        }
        query = { ...query, organizationId: adminOrgs[0]?.[0] };
      }
      authorize(principal, 'audit.read', { orgId: query.organizationId ?? null });
    }
    const beforeSeq = query.cursor === undefined ? undefined : Number(query.cursor);
    if (beforeSeq !== undefined && !Number.isInteger(beforeSeq)) {
      throw new AppError('validation_failed', 'bad cursor', {
        details: [{ path: 'cursor', message: 'Not a cursor this API issued.' }],
      });
    }
    const rows = await this.uow.read.audit.list({ ...query, beforeSeq, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    // Organization admins see what was done to their organization, not where staff worked from.
    const items = page.map(presentAuditEvent).map((e) => (orgScoped ? { ...e, actorIp: null } : e));
    return { items, nextCursor: rows.length > query.limit && last ? String(last.seq) : null };
  }

  /**
   * Recomputes every hash from the first event; reports the first broken link. A chain cannot
   * tell on its own that its newest events were deleted, so an operator may pass an anchor — a
   * head (`seq` and hash) recorded earlier, outside this database — that must still be there.
   */
  async verify(
    onProgress?: (checked: number) => void,
    anchor?: { seq: number; hash: string },
  ): Promise<ChainVerdict> {
    let head = { seq: 0, hash: GENESIS_HASH };
    let total = 0;
    let anchorSeen = false;
    for await (const page of this.uow.read.audit.walk()) {
      const verdict = verifyChain(page, head);
      if (!verdict.ok) return { ...verdict, checked: total + verdict.checked };
      if (anchor) {
        const e = page.find((x) => x.seq === anchor.seq);
        if (e) {
          if (e.hash !== anchor.hash)
            return { ok: false, checked: total, brokenAt: anchor.seq, reason: 'anchor_mismatch' };
          anchorSeen = true;
        }
      }
      total += verdict.checked;
      const last = page[page.length - 1];
      if (last) head = { seq: last.seq, hash: last.hash };
      onProgress?.(total);
    }
    if (anchor && !anchorSeen)
      return { ok: false, checked: total, brokenAt: anchor.seq, reason: 'truncated' };
    return { ok: true, checked: total, head: head.hash };
  }
}
