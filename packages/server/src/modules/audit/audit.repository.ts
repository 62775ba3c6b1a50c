import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { fromJson, toJson } from '../../db/json.js';
import type { Dialect } from '../../db/database.js';
import { GENESIS_HASH, hashEvent, type ChainedContent } from './chain.js';

export const AuditRecord = z.object({
  seq: z.number().int(),
  id: z.string(),
  occurredAt: z.string(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  actorIp: z.string().nullable(),
  organizationId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** An event with the names a reader needs (the chain itself stores only ids). */
export type AuditRow = AuditRecord & { actorEmail: string | null; organizationName: string | null };

export type NewAuditEvent = Omit<ChainedContent, 'seq' | 'prevHash'>;

/** An arbitrary constant naming the audit chain's advisory lock on PostgreSQL. */
const CHAIN_LOCK_KEY = 727_001;

function toRecord(r: Database['audit_events']): AuditRecord {
  return AuditRecord.parse({
    seq: r.seq,
    id: r.id,
    occurredAt: r.occurred_at,
    action: r.action,
    actorUserId: r.actor_user_id,
    actorTokenId: r.actor_token_id,
    actorIp: r.actor_ip,
    organizationId: r.organization_id,
    targetType: r.target_type,
    targetId: r.target_id,
    data: fromJson(z.record(z.string(), z.unknown()), r.data),
    prevHash: r.prev_hash,
    hash: r.hash,
  });
}

export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Appends to the chain. Must run inside the caller's transaction: the event commits or rolls
   * back with the change it records. On PostgreSQL a transaction-scoped advisory lock makes
   * concurrent writers take turns; SQLite writers are already serialized.
   */
  async append(event: NewAuditEvent): Promise<AuditRecord> {
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(this.db);
    }
    const last = await this.db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const content: ChainedContent = {
      ...event,
      seq: last ? last.seq + 1 : 1,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = hashEvent(content);
    await this.db
      .insertInto('audit_events')
      .values({
        seq: content.seq,
        id: content.id,
        occurred_at: content.occurredAt,
        action: content.action,
        actor_user_id: content.actorUserId,
        actor_token_id: content.actorTokenId,
        actor_ip: content.actorIp,
        organization_id: content.organizationId,
        target_type: content.targetType,
        target_id: content.targetId,
        data: toJson(content.data),
        prev_hash: content.prevHash,
        hash,
      })
      .execute();
    return { ...content, hash };
  }

  async list(filter: {
    action?: string | undefined;
    actorUserId?: string | undefined;
    organizationId?: string | undefined;
    targetId?: string | undefined;
    beforeSeq?: number | undefined;
    limit: number;
  }): Promise<AuditRow[]> {
    let q = this.db
      .selectFrom('audit_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_user_id')
      .leftJoin('organizations as o', 'o.id', 'e.organization_id')
      .selectAll('e')
      .select(['u.email as actor_email', 'o.name as organization_name'])
      .orderBy('e.seq', 'desc')
      .limit(filter.limit);
    if (filter.action) q = q.where('e.action', '=', filter.action);
    if (filter.actorUserId) q = q.where('e.actor_user_id', '=', filter.actorUserId);
    if (filter.organizationId) q = q.where('e.organization_id', '=', filter.organizationId);
    if (filter.targetId) q = q.where('e.target_id', '=', filter.targetId);
    if (filter.beforeSeq !== undefined) q = q.where('e.seq', '<', filter.beforeSeq);
    return (await q.execute()).map(({ actor_email, organization_name, ...row }) => ({
      ...toRecord(row),
      actorEmail: actor_email,
      organizationName: organization_name,
    }));
  }

  /** Events in chain order, a page at a time, for verification of long chains. */
  async *walk(pageSize = 1000): AsyncGenerator<AuditRecord[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return;
      const page = rows.map(toRecord);
      yield page;
      after = page[page.length - 1]?.seq ?? after;
    }
  }
}
