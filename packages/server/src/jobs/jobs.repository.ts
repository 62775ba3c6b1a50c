import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { fromJson, toJson } from '../db/json.js';
import type { Dialect } from '../db/database.js';

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobRecord = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  payload: z.unknown(),
  status: JobStatus,
  runAt: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  lockedBy: z.string().nullable(),
  lockedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobRecord = z.infer<typeof JobRecord>;

function toRecord(r: Database['jobs']): JobRecord {
  return JobRecord.parse({
    id: r.id,
    queue: r.queue,
    name: r.name,
    payload: fromJson(z.unknown(), r.payload),
    status: r.status,
    runAt: r.run_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    idempotencyKey: r.idempotency_key,
    lockedBy: r.locked_by,
    lockedAt: r.locked_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

export interface NewJob {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  runAt: string;
  maxAttempts: number;
  idempotencyKey: string | null;
  now: string;
}

export class JobsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts the job, or returns the existing one when its idempotency key is already taken. */
  async enqueue(job: NewJob): Promise<{ id: string; created: boolean }> {
    const inserted = await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        queue: job.queue,
        name: job.name,
        payload: toJson(job.payload),
        status: 'queued',
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts,
        last_error: null,
        idempotency_key: job.idempotencyKey,
        locked_by: null,
        locked_at: null,
        finished_at: null,
        created_at: job.now,
        updated_at: job.now,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('idempotency_key', '=', job.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  /**
   * Claims up to `limit` due jobs for one worker. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
   * many workers claim at once without ever taking the same row; on SQLite the single writer
   * makes the statement atomic.
   */
  async claim(opts: {
    queues: readonly string[];
    workerId: string;
    now: string;
    limit: number;
  }): Promise<JobRecord[]> {
    if (opts.limit <= 0 || opts.queues.length === 0) return [];
    // The due rows are picked in a MATERIALIZED CTE: with a plain `IN (subquery LIMIT n)`
    // PostgreSQL may evaluate the subquery more than once and claim more than n rows.
    const rows = await this.db
      .with(
        (cte) => cte('due').materialized(),
        (db) => {
          const due = db
            .selectFrom('jobs')
            .select('id')
            .where('status', '=', 'queued')
            .where('run_at', '<=', opts.now)
            .where('queue', 'in', opts.queues)
            .orderBy('run_at')
            .orderBy('id')
            .limit(opts.limit);
          return this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
        },
      )
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: opts.workerId,
        locked_at: opts.now,
        attempts: eb('attempts', '+', 1),
        updated_at: opts.now,
      }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where('status', '=', 'queued')
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  /** A running job's worker is alive: extend its lease. */
  async heartbeat(id: string, workerId: string, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_at: now })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .execute();
  }

  /** Done: the payload is cleared, since it may carry secrets (an e-mailed link) no one needs now. */
  async succeed(id: string, workerId: string, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'succeeded',
        payload: toJson({}),
        finished_at: now,
        updated_at: now,
        locked_by: null,
        locked_at: null,
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  async fail(
    id: string,
    workerId: string,
    error: string,
    now: string,
    retryAt: string | null,
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set(
        retryAt
          ? {
              status: 'queued',
              run_at: retryAt,
              last_error: error,
              locked_by: null,
              locked_at: null,
              updated_at: now,
            }
          : {
              status: 'failed',
              last_error: error,
              finished_at: now,
              locked_by: null,
              locked_at: null,
              updated_at: now,
            },
      )
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  /** Jobs left running by a worker that died go back to the queue, or fail if out of attempts. */
  async requeueStale(lockedBefore: string, now: string): Promise<number> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'failed',
        locked_by: null,
        locked_at: null,
        last_error: 'worker lease expired; out of attempts',
        finished_at: now,
        updated_at: now,
      })
      .where('status', '=', 'running')
      .where('locked_at', '<', lockedBefore)
      .whereRef('attempts', '>=', 'max_attempts')
      .execute();
    const r = await this.db
      .updateTable('jobs')
      .set({
        status: 'queued',
        locked_by: null,
        locked_at: null,
        last_error: 'worker lease expired',
        updated_at: now,
      })
      .where('status', '=', 'running')
      .where('locked_at', '<', lockedBefore)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Finished jobs older than `before` are deleted; the queue keeps only what is still useful. */
  async pruneFinished(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('jobs')
      .where('status', 'in', ['succeeded', 'failed'])
      .where('finished_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async findById(id: string): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(opts: {
    status?: JobStatus | undefined;
    beforeId?: string | undefined;
    limit: number;
  }): Promise<JobRecord[]> {
    let q = this.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(opts.limit);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
    return (await q.execute()).map(toRecord);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
